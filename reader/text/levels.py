"""Bidi embedding levels for one paragraph (UAX #9 rules P through I).

python-bidi's Rust engine (the `unicode-bidi` crate) is conformant for levels,
but its Python API only returns display strings. The levels are exposed in
the `debug=True` dump, one entry per UTF-8 byte, which this module reads.
Levels are resolved once per paragraph, never per line: a line on its own
would lose the context (the first strong letter, an open bracket) that the
paragraph gives it.
"""

from __future__ import annotations

import re
from itertools import compress
from typing import Literal

from bidi import get_base_level, get_display

from reader.text.implicit_levels import resolve

Direction = Literal["auto", "rtl", "ltr"]

_LEVELS_START = "\n    levels: [\n"
_LEVELS_END = "\n    ],\n"
# One entry of the dump when the level has one digit; a paragraph almost never
# nests ten deep, so the fixed stride lets a slice read every level at C speed.
_ENTRY = "        Level(\n            0,\n        ),\n"
_DIGIT_AT = _ENTRY.index("0")
_FIRST_BYTE = bytes(0 if 0x80 <= byte <= 0xBF else 1 for byte in range(256))

# The vote for the paragraph direction counts letters only: a letter of a
# right-to-left script (bidi class R or AL) against any other letter. These
# ranges hold no letter or number of another class, so with the lookahead
# (which rejects marks, digits and punctuation) they match exactly the R and
# AL letters (tests/text/test_levels.py checks it against the pinned data).
# The vote removes all but the letters, then of those the right-to-left
# ones, and compares lengths: runs at a time, where findall made a string
# for each letter.
_RTL_RANGES = (
    "[\u05d0-\u08c9\ufb1d-\ufefc\U00010800-\U00010855\U00010860-\U00010876"
    "\U00010880-\U0001089e\U000108e0-\U000108f5\U00010900-\U00010915\U00010920-\U000109b7"
    "\U000109be-\U000109bf\U00010a00-\U00010a35\U00010a60-\U00010a7c\U00010a80-\U00010a9c"
    "\U00010ac0-\U00010ae4\U00010b00-\U00010b55\U00010b60-\U00010b72\U00010b80-\U00010b91"
    "\U00010c00-\U00010cf2\U00010d00-\U00010d23\U00010e80-\U00010f1c\U00010f27-\U00010f45"
    "\U00010f70-\U00010fc4\U00010fe0-\U00010ff6\U0001e800-\U0001e8c4\U0001e900-\U0001e94b"
    "\U0001ee00-\U0001eebb]"
)
# Each is one class repeated with nothing after it: a run is taken whole.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_RTL_LETTERS_AMONG_LETTERS = re.compile(f"{_RTL_RANGES}+")
_DIGITS = str.maketrans("0123456789", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09")


def base_direction(text: str, direction: Direction = "auto") -> str | None:
    """The paragraph direction to ask the engine for: "R", "L" or None (P2/P3).

    UAX #9 P2/P3 take the first strong letter, so «CNN قالت إن …» would be an
    LTR paragraph. A paragraph whose letters are mostly right-to-left is RTL
    here whatever its first word: that is how an Arabic reader reads it.
    Harakat, Arabic-Indic digits and Arabic punctuation are no letters: they
    do not make a paragraph right-to-left.
    """
    if direction == "rtl":
        return "R"
    if direction == "ltr":
        return "L"
    letters = _NOT_LETTERS.sub("", text)
    rtl = len(letters) - len(_RTL_LETTERS_AMONG_LETTERS.sub("", letters))
    if rtl and rtl * 2 > len(letters):
        return "R"
    return None


def first_strong_level(text: str) -> int:
    """The paragraph level UAX #9 P2/P3 give `text`: 1 when its first strong
    letter (outside isolates) is right-to-left, else 0."""
    return get_base_level(text) if text else 0


def paragraph_levels(text: str, base: str | None = None) -> tuple[int, bytes]:
    """Resolve `text` as one paragraph; return its level and a level per char.

    `base` is "L", "R" or None for UAX #9 P2/P3. Characters that rule X9
    removes keep whatever level the engine left them; callers drop them from
    the output. The text must not contain paragraph separators.
    """
    return resolve(text, base) or engine_levels(text, base)


def engine_levels(text: str, base: str | None) -> tuple[int, bytes]:
    """`paragraph_levels` by python-bidi: every paragraph, the plainly
    correct path (see implicit_levels.py for the fast one)."""
    if not text:
        return (1 if base == "R" else 0), b""
    dump = get_display(text, base_dir=base, debug=True)
    assert isinstance(dump, str)
    start = dump.rindex(_LEVELS_START) + len(_LEVELS_START)
    end = dump.index(_LEVELS_END, start)
    body = dump[start : end + 1]
    per_byte = body[_DIGIT_AT :: len(_ENTRY)]
    if len(per_byte) * len(_ENTRY) == len(body) and per_byte.isdigit():
        level_bytes = per_byte.translate(_DIGITS).encode("latin-1")
    else:
        # Over the engine's dump, not the text; linear: a literal, then
        # spaces and digits, which cannot overlap.
        level_bytes = bytes(int(n) for n in re.findall(r"Level\(\s*+(\d+)", body))
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) == len(text):
        levels = level_bytes
    else:
        # Keep the level of each character's first byte (not a continuation
        # byte 0x80-0xBF), at C speed.
        levels = bytes(compress(level_bytes, encoded.translate(_FIRST_BYTE)))
    return _paragraph_level(dump, base), levels


def _paragraph_level(dump: str, base: str | None) -> int:
    if base is not None:
        return 1 if base == "R" else 0
    marker = "ParagraphInfo {\n            range: "
    at = dump.rindex(marker)
    found = re.search(r"level: Level\(\s*+(\d+)", dump[at:])
    return int(found.group(1)) if found else 0
