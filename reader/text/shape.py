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
from collections import deque
from functools import cache

from reader.text.bidi_classes import COMBINING_MARK
from reader.text.joining import ArabicJoining

# Importing arabic-reshaper builds its default reshaper, which reads the file
# named by this variable: a missing file there made the import itself fail,
# and with it the reader. The variable is hidden from that import (Qari's
# reshaper below never reads it).
_CONFIG_VARIABLE = "PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE"
_config_file = os.environ.pop(_CONFIG_VARIABLE, None)
try:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.arabic_reshaper import HARAKAT_RE
    from arabic_reshaper.letters import LETTERS_ARABIC
    from arabic_reshaper.ligatures import LIGATURES
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
# Hamza and madda written as marks (U+0653-U+0655) are part of the letter,
# not harakat: أ without its hamza is another letter, and another word.
_HAMZA_AND_MADDA = "\u0653\u0654\u0655"
# The combining marks of the Arabic block (harakat, Quranic marks) but
# those, and the Arabic letters that need shaping: one regex each instead of
# a Python loop over every character of every paragraph.
# Each is a single character class, tried once per position: nothing to
# backtrack.
_ARABIC_MARK = re.compile(
    "["
    + "".join(
        c
        for c in map(chr, range(0x0610, 0x06EE))
        if COMBINING_MARK.match(c) and c not in _HAMZA_AND_MADDA
    )
    + "]"
)
# Small waw and small yeh are letters that join neither way (ArabicShaping.txt:
# U), but arabic-reshaper takes them for harakat and joins the letters around
# them: the text on either side is shaped apart.
_NON_JOINING = "\u06e5\u06e6"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u08ff]")
_ZWJ = "\u200d"
_TATWEEL = "\u0640"


class _Settings(dict[str, object]):
    """The reshaper's settings as a plain dict. arabic-reshaper reads them
    with `get` and `getboolean`, as from a configparser section, five times a
    paragraph and once per ligature (~290) when it first shapes: through
    configparser that slows the launch and every paragraph, from a dict not."""

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
    if _NON_JOINING[0] in text or _NON_JOINING[1] in text:
        return "".join(
            piece if n % 2 else _shape_joining(piece)
            for n, piece in enumerate(_non_joining().split(text))
        )
    return _shape_joining(text)


@cache
def _non_joining() -> re.Pattern[str]:
    return re.compile(f"([{_NON_JOINING}])")


def _shape_joining(text: str) -> str:
    if _ZWJ not in text:
        return _shaped_words().shape(text)
    # arabic-reshaper drops ZWJ from its output but still finds ligatures in
    # the text with ZWJ, so a ZWJ anywhere before a lam-alef shifts the
    # ligature onto other letters or past the end (IndexError). A tatweel joins
    # exactly as ZWJ does and is kept: shape with it, then put the ZWJ back.
    # It stays in the glyphs (visual mode does not draw it) so that an emoji
    # ZWJ sequence is still one grapheme cluster when a line is reordered.
    shaped = _shaped_words().shape(text.replace(_ZWJ, _TATWEEL))
    was_zwj = iter([char == _ZWJ for char in text if char in (_ZWJ, _TATWEEL)])
    return "".join(_ZWJ if char == _TATWEEL and next(was_zwj) else char for char in shaped)


class _ShapedWords:
    """Words already shaped. Letters never join across a space, and a haraka
    after a space is drawn after it either way, so shaping word by word gives
    the same text (a property test checks it against whole paragraphs). News
    repeats its words and arabic-reshaper's per-character loop is most of the
    cost of layout: each distinct word is shaped once, and the new words of a
    paragraph in a single call. `ArabicJoining` makes the reshaper's choices
    from its tables at C speed and shapes most paragraphs whole; the words
    are for what it leaves."""

    def __init__(self, reshaper: ArabicReshaper, joining: ArabicJoining, limit: int) -> None:
        self._reshaper = reshaper
        self._joining = joining
        self._limit = limit
        self._shaped: dict[str, str] = {}

    def shape(self, text: str) -> str:
        joined = self._joining.shape(text)
        if joined is not None:
            return joined
        return self.shape_words(text)

    def shape_words(self, text: str) -> str:
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
    reshaper = _Reshaper(settings)
    ligatures = [pair for name, pair in LIGATURES if settings.getboolean(name)]
    joining = ArabicJoining(reshaper.letters, HARAKAT_RE, ligatures)
    return _ShapedWords(reshaper, joining, limit=16_384)


def strip_harakat(text: str) -> str:
    """Remove Arabic harakat (and the other combining marks of the Arabic
    block but hamza and madda)."""
    return _ARABIC_MARK.sub("", text)


def _has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


@cache
def _letters(char: str) -> str:
    """What `char` writes, as canonically decomposed letters and marks: a
    presentation form (FB50-FEFF) stands for its letters (lam-alef for two),
    a composed letter for its letter and marks (أ for alef and hamza)."""
    if _PRESENTATION_FORMS[0] <= ord(char) <= _PRESENTATION_FORMS[1]:
        char = unicodedata.normalize("NFKC", char) or char
    return unicodedata.normalize("NFD", char)


def source_map(source: str, shaped: str) -> list[int]:
    """For each character of `shaped`, the index in `source` it came from.

    arabic-reshaper gives no map of its own. Composing and shaping keep the
    order of letters: presentation forms replace letters, lam-alef becomes
    one glyph and a letter with its hamza or madda one letter (the marks
    between them moving after it), and harakat may be stripped.
    So both texts are read as decomposed letters (`_letters`), those of each
    glyph found in order in the source. Marks passed over inside a
    glyph wait for the glyphs right after it; those passed over before a
    glyph are gone. Each letter of either text is compared a bounded number
    of times: the map is linear in the lengths, whatever the text.
    """
    if len(source) == len(shaped) and not any(0xFEF5 <= ord(c) <= 0xFEFC for c in shaped):
        return list(range(len(source)))
    units = [(letter, index) for index, char in enumerate(source) for letter in _letters(char)]
    reader = _SourceReader(units)
    mapping: list[int] = []
    for glyph in shaped:
        letters = _letters(glyph)
        first = reader.take_first(letters[0]) if letters else -1
        for letter in letters[1:]:
            reader.take_within(letter)
        mapping.append(first if first >= 0 else reader.next_index(len(source)))
    return mapping


class _SourceReader:
    """The source's letters, read once from the start, and the marks waiting
    for the glyphs after a ligature or composed letter."""

    def __init__(self, units: list[tuple[str, int]]) -> None:
        self._units = units
        self._at = 0
        self._waiting: deque[tuple[str, int]] = deque()

    def take_first(self, letter: str) -> int:
        """The index of the first letter of a glyph: a waiting mark, or the
        next match in the source (what is passed over is gone)."""
        waiting = self._waiting
        while waiting:
            mark, index = waiting.popleft()
            if mark == letter:
                return index
        return self._take(letter, None)

    def take_within(self, letter: str) -> None:
        """Consume a later letter of a glyph; what is passed over waits."""
        self._take(letter, self._waiting)

    def next_index(self, length: int) -> int:
        units = self._units
        return units[self._at][1] if self._at < len(units) else max(length - 1, 0)

    def _take(self, letter: str, keep: deque[tuple[str, int]] | None) -> int:
        units, at = self._units, self._at
        # Only marks are ever dropped or moved, never letters: the search
        # stops at the first other character that does not match.
        while at < len(units) and units[at][0] != letter and COMBINING_MARK.match(units[at][0]):
            if keep is not None:
                keep.append(units[at])
            at += 1
        if at < len(units) and units[at][0] == letter:
            self._at = at + 1
            return units[at][1]
        self._at = at
        return -1
