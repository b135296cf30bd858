"""Arabic contextual shaping with arabic-reshaper, and the map back.

Terminals draw each code point on its own, so the app replaces Arabic letters
with their presentation forms (initial, medial, final, isolated) itself.
Shaping does not change bidi classes (letters and their forms are all AL,
harakat stay NSM), so levels may be resolved on the shaped text directly.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache

from reader.text.bidi_classes import COMBINING_MARK

# Importing arabic-reshaper builds its default reshaper, which reads the file
# named by this variable: a missing file there made the import itself fail,
# and with it the reader. The variable is hidden from that import (Qari's
# reshaper below never reads it).
_CONFIG_VARIABLE = "PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE"
_config_file = os.environ.pop(_CONFIG_VARIABLE, None)
try:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.letters import LETTERS_ARABIC
    from arabic_reshaper.reshaper_config import default_config
finally:
    if _config_file is not None:
        os.environ[_CONFIG_VARIABLE] = _config_file

# Only the lam-alef ligatures are on: every Arabic terminal font has them and
# they are obligatory in Arabic writing. Word ligatures (ﷲ, ﷺ …) are missing
# from most terminal fonts and would be drawn as a box.
_LIGATURE_OFF = (
    "ARABIC LIGATURE ALLAH",
    "ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM",
    "ARABIC LIGATURE JALLAJALALOUHOU",
    "ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM",
)
_PRESENTATION_FORMS = (0xFB50, 0xFEFF)
# The combining marks of the Arabic block (harakat, Quranic marks), and the
# Arabic letters that need shaping: one regex each instead of a Python loop
# over every character of every paragraph. Each is a single character class,
# tried once per position: nothing to backtrack.
_ARABIC_MARK = re.compile(
    "[" + "".join(c for c in map(chr, range(0x0610, 0x06EE)) if COMBINING_MARK.match(c)) + "]"
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u08ff]")
_ZWJ = "\u200d"
_TATWEEL = "\u0640"


class _Settings(dict[str, object]):
    """The reshaper's settings as a plain dict. arabic-reshaper reads them
    with `get` and `getboolean`, as from a configparser section, five times a
    paragraph and once per ligature (~290) when it first shapes: through
    configparser that costs milliseconds at launch and microseconds per
    paragraph, from a dict nothing."""

    def getboolean(self, key: str) -> bool:
        return bool(self[key])


class _Reshaper(ArabicReshaper):  # type: ignore[misc]  # untyped library
    # Deliberately not ArabicReshaper.__init__: it builds a configparser and
    # reads PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE, so a variable in the
    # user's environment could change how every article is shaped, or stop
    # the reader with an error if it names a missing file. Qari's shaping is
    # fixed: the library's defaults, then ours.
    def __init__(self, settings: _Settings) -> None:
        self.configuration = settings
        self.language = "Arabic"
        self.letters = LETTERS_ARABIC


def shape(text: str, *, keep_harakat: bool = True) -> str:
    """Shape the Arabic letters of a whole logical paragraph."""
    if not keep_harakat:
        text = strip_harakat(text)
    if not _has_arabic(text):
        return text
    if _ZWJ not in text:
        return _shaped_words().shape(text)
    # arabic-reshaper drops ZWJ from its output but still finds ligatures in
    # the text with ZWJ, so a ZWJ anywhere before a lam-alef shifts the
    # ligature onto other letters or past the end (IndexError). A tatweel joins
    # exactly as ZWJ does and is kept: shape with it, then take those out.
    shaped = _shaped_words().shape(text.replace(_ZWJ, _TATWEEL))
    was_zwj = iter([char == _ZWJ for char in text if char in (_ZWJ, _TATWEEL)])
    return "".join(char for char in shaped if char != _TATWEEL or not next(was_zwj))


class _ShapedWords:
    """Words already shaped. Letters never join across a space, and a haraka
    after a space is drawn after it either way, so shaping word by word gives
    the same text (a property test checks it against whole paragraphs). News
    repeats its words and arabic-reshaper's per-character loop is most of the
    cost of layout: each distinct word is shaped once, and the new words of a
    paragraph in a single call."""

    def __init__(self, reshaper: ArabicReshaper, limit: int) -> None:
        self._reshaper = reshaper
        self._limit = limit
        self._shaped: dict[str, str] = {}

    def shape(self, text: str) -> str:
        words = text.split(" ")
        shaped = self._shaped
        if len(shaped) > self._limit:
            shaped.clear()  # cheaper than an LRU's bookkeeping on every word
        new = [word for word in dict.fromkeys(words) if word not in shaped]
        if new:
            arabic = [word for word in new if _has_arabic(word)]
            shaped.update((word, word) for word in new)
            forms = self._reshaper.reshape(" ".join(arabic)).split(" ") if arabic else []
            if len(forms) != len(arabic):  # never seen; shape alone rather than misplace
                forms = [self._reshaper.reshape(word) for word in arabic]
            shaped.update(zip(arabic, forms, strict=True))
        return " ".join([shaped[word] for word in words])


@cache
def _shaped_words() -> _ShapedWords:
    # Harakat are stripped (when asked) before shaping, by strip_harakat, so
    # the reshaper itself always keeps them.
    settings = _Settings(default_config)
    settings.update({"delete_harakat": False, "support_ligatures": True, "delete_tatweel": False})
    settings.update(dict.fromkeys(_LIGATURE_OFF, False))
    return _ShapedWords(_Reshaper(settings), limit=16_384)


def strip_harakat(text: str) -> str:
    """Remove Arabic harakat (and other combining marks on Arabic letters)."""
    return _ARABIC_MARK.sub("", text)


def _has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


def _base_letters(char: str) -> str:
    if _PRESENTATION_FORMS[0] <= ord(char) <= _PRESENTATION_FORMS[1]:
        return unicodedata.normalize("NFKC", char) or char
    return char


def source_map(source: str, shaped: str) -> list[int]:
    """For each character of `shaped`, the index in `source` it came from.

    arabic-reshaper gives no map of its own. Shaping keeps order except that
    lam-alef becomes one character (and a haraka between lam and alef moves
    after the ligature), harakat may be stripped and ZWJ dropped; characters
    are matched by their base letters, skipped ones waiting for a later match.
    """
    if len(source) == len(shaped) and not any(0xFEF5 <= ord(c) <= 0xFEFC for c in shaped):
        return list(range(len(source)))
    mapping: list[int] = []
    waiting: list[int] = []
    i = 0
    for char in shaped:
        if 0xFEF5 <= ord(char) <= 0xFEFC:  # a lam-alef ligature
            # A lam-alef the source has as it is, typed as one character
            # (ﻷ from an Arabic keyboard): shaping leaves it alone, and it
            # must not be split into its two letters.
            exact = _kept_ligature(source, char, i, waiting)
            if exact is not None:
                mapping.append(exact)
                i = max(i, exact + 1)
                continue
        first: int | None = None
        for base in _base_letters(char):
            found = next((w for w in waiting if _same(source[w], base)), None)
            if found is not None:
                waiting.remove(found)
            else:
                while i < len(source) and not _same(source[i], base):
                    waiting.append(i)
                    i += 1
                found = min(i, len(source) - 1)
                i += 1
            first = found if first is None else first
        mapping.append(first if first is not None else min(i, len(source) - 1))
    return mapping


def _kept_ligature(source: str, char: str, i: int, waiting: list[int]) -> int | None:
    """Where the source has `char` itself: among the characters waiting for
    a match, or next, past marks that shaping may have stripped (which are
    then left waiting)."""
    for w in waiting:
        if source[w] == char:
            waiting.remove(w)
            return w
    j = i
    while j < len(source) and source[j] != char and COMBINING_MARK.match(source[j]):
        j += 1
    if j < len(source) and source[j] == char:
        waiting.extend(range(i, j))
        return j
    return None


def _same(source_char: str, base: str) -> bool:
    return source_char == base or unicodedata.normalize("NFKC", source_char) == base
