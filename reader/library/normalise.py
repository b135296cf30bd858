"""Arabic-aware search normalisation and light stemming: pure functions.

The text of an article and the words of a query are both brought to one
search form before they are compared, as Arabic search engines do (Lucene's
ArabicNormalizer and PersianNormalizer are the reference):

- harakat, Quranic annotation marks, the superscript alef, tatweel and the
  invisible format characters (bidi marks, ZWNJ/ZWJ, soft hyphen) are dropped;
- the alef forms أ إ آ ٱ become ا, ى becomes ي, ة becomes ه, and the Persian
  ی ک ۀ ہ ە become ي ك ه;
- Arabic-Indic and Persian digits become ASCII digits;
- presentation forms (shaped text, lam-alef ligatures, ﷲ) are decomposed by
  NFKC, so text copied from a shaping terminal normalises too;
- everything is case-folded (Latin "COVID" is "covid").

Interface:

- ``normalise(text) -> str``: the search form of ``text``.
- ``normalise_with_map(text) -> (str, list[int])``: the same string, and for
  each of its characters the index in ``text`` it came from (a ligature's two
  letters share one index), to highlight a hit in the original text.
- ``stem(word) -> str``: the light stem of a *normalised* word, in the spirit
  of Larkey's light10: the article ال (also after و ف ب ك, and لل) and the
  common suffixes (ها ان ات ون ين يه ه ي) are stripped, but only while at
  least three letters remain, so short words are never over-stemmed.
- ``stems(word) -> tuple[str, ...]``: what a document word is indexed as: its
  stem, and for a word starting with the conjunction و also the stem without
  it («ومدرسة» is found by «مدرسة», «وزير» still by «وزير»).
- ``words(text) -> list[Word]``: the normalised words of ``text`` with the
  span each covers in ``text`` (marks on the last letter included).
- ``word_list(text) -> list[str]``: the normalised words only, faster.

Queries are parsed and matched in ``reader.library.query``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple


def _ranges(*spans: tuple[int, int]) -> Iterator[int]:
    for first, last in spans:
        yield from range(first, last + 1)


# Dropped before composition. U+0653..U+0655 (madda, hamza above and below)
# are not here: NFKC composes them with their letter (ا + ٔ → أ) first.
_DROPPED = frozenset(
    _ranges(
        (0x0591, 0x05BD),  # Hebrew points and cantillation
        (0x05BF, 0x05BF),
        (0x05C1, 0x05C2),
        (0x05C4, 0x05C5),
        (0x05C7, 0x05C7),
        (0x0610, 0x061A),  # Arabic honorifics and small Quranic signs
        (0x064B, 0x0652),  # harakat: tanwin, fatha, damma, kasra, shadda, sukun
        (0x0656, 0x065F),
        (0x0670, 0x0670),  # superscript (dagger) alef
        (0x06D6, 0x06DC),  # Quranic annotation marks
        (0x06DF, 0x06E4),
        (0x06E7, 0x06E8),
        (0x06EA, 0x06ED),
        (0x0898, 0x089F),
        (0x08CA, 0x08E1),
        (0x08E3, 0x08FF),
        (0x0640, 0x0640),  # tatweel
        (0x00AD, 0x00AD),  # soft hyphen
        (0x061C, 0x061C),  # Arabic letter mark
        (0x180E, 0x180E),
        (0x200B, 0x200F),  # zero-width space, ZWNJ, ZWJ, LRM, RLM
        (0x202A, 0x202E),  # bidi embeddings and overrides
        (0x2060, 0x2064),
        (0x2066, 0x206F),  # bidi isolates and deprecated format characters
        (0xFEFF, 0xFEFF),
    )
)
_DROP: dict[int, str | None] = dict.fromkeys(_DROPPED)

_LETTERS = {
    "آ": "ا",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ە": "ه",
    "ک": "ك",
}
# After composition: everything dropped above (NFKC can produce harakat: the
# isolated presentation forms of U+FE70.. become a space and the mark), the
# leftover hamza and madda marks, and the letter and digit foldings.
_FOLD: dict[int, str | None] = {
    **_DROP,
    **dict.fromkeys(range(0x0653, 0x0656)),
    **{ord(letter): folded for letter, folded in _LETTERS.items()},
    **{0x0660 + digit: str(digit) for digit in range(10)},
    **{0x06F0 + digit: str(digit) for digit in range(10)},
}


def _character_class(codes: Iterable[int]) -> str:
    """A regular-expression class of ``codes``, as ranges."""
    ordered = sorted(codes)
    spans: list[list[int]] = []
    for code in ordered:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "[" + "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in spans) + "]"


# The fast form of translating with _FOLD: str.translate looks every
# character up in a dict; a character class and a few str.replace scans
# (each mapping is one character to one, and no result is another's key)
# do the same four times faster.
_FOLDED_AWAY = re.compile(
    _character_class(code for code, folded in _FOLD.items() if folded is None) + "+"
)
_REPLACEMENTS = tuple((chr(code), folded) for code, folded in _FOLD.items() if folded)


def _fold(text: str) -> str:
    text = _FOLDED_AWAY.sub("", text)
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text.casefold()


# A word is a run of letters and digits. A plain character class repeated:
# the engine scans each character once, it cannot backtrack.
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """The search form of ``text`` (see the module's description)."""
    # News text is nearly always in NFKC already (no presentation forms, no
    # marks out of canonical order): then one pass of translate does it all.
    if not unicodedata.is_normalized("NFKC", text):
        kept = text.translate(_DROP)
        text = "".join(unicodedata.normalize("NFKC", kept[a:b]) for a, b in _segments(kept))
    return _fold(text)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and where in ``text`` each of its characters came from."""
    out: list[str] = []
    where: list[int] = []
    if unicodedata.is_normalized("NFKC", text):
        pieces: Iterable[tuple[int, str]] = enumerate(text)
    else:
        kept_index = [n for n, char in enumerate(text) if ord(char) not in _DROPPED]
        kept = "".join(text[n] for n in kept_index)
        pieces = (
            (kept_index[a], unicodedata.normalize("NFKC", kept[a:b])) for a, b in _segments(kept)
        )
    for origin, piece in pieces:
        # translate and casefold work character by character, so folding a
        # piece at a time gives what folding the whole text does.
        folded = piece.translate(_FOLD).casefold()
        out.append(folded)
        where.extend([origin] * len(folded))
    return "".join(out), where


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` that each start at a starter (canonical combining
    class 0) and run to the next: composition never crosses them."""
    start = 0
    for index in range(1, len(text)):
        if unicodedata.combining(text[index]) == 0:
            yield start, index
            start = index
    if text:
        yield start, len(text)


class Word(NamedTuple):
    """A normalised word and the span ``text[start:end]`` it was read from."""

    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The normalised words of ``text``, with their spans in ``text``.

    A span runs from the word's first letter to the next character that is
    kept, so harakat and tatweel on its last letter are inside it.
    """
    folded, where = normalise_with_map(text)
    found = []
    for match in _WORD.finditer(folded):
        last = where[match.end() - 1]
        after = where[match.end()] if match.end() < len(where) else len(text)
        # Inside one expansion (ﷺ is four words) the next character has the
        # same origin: the span is then that one source character.
        found.append(Word(match.group(), where[match.start()], max(after, last + 1)))
    return found


def word_list(text: str) -> list[str]:
    """The normalised words of ``text``, without their places."""
    return _WORD.findall(normalise(text))


# Light10's articles: ال alone or after و ف ب ك, and لل (ل + ال).
_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
# Light10's suffixes in its order, after normalisation (ة is ه, ية is يه).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# Light10 stops at two letters; three keeps «الله» from becoming «له» and
# «بيان» from becoming «بي».
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The light stem of a normalised word; words of any other script unchanged."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The stems a document word is found by: its own, and without a leading و.

    Light10 strips و before the article, so «وزير» (minister) became «زير»
    while «الوزير» became «وزير». Indexing both forms finds «ومدرسة» for
    «مدرسة» without that loss.
    """
    own = stem(word)
    if word.startswith("و") and len(word) > _MIN_STEM:
        bare = stem(word[1:])
        if bare != own:
            return own, bare
    return (own,)
