"""Terminal cell widths, measured the way Rich and Textual measure them.

The article view hands Textual strips whose width Textual computes with
`rich.cells`; measuring with anything else would let a line overflow or
leave a gap. Rich measures one character at a time in Python, which is the
slow part of wrapping; here its own table is turned into two regular
expressions (zero-width, double-width) so a word is measured at C speed.
"""

from __future__ import annotations

import re
from functools import cache

from rich.cells import get_character_cell_size


def _char_class(ranges: list[tuple[int, int]]) -> str:
    parts = []
    for start, end in ranges:
        parts.append(re.escape(chr(start)))
        if end > start:
            parts.append("-" + re.escape(chr(end)))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


@cache
def _width_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from rich._unicode_data import load  # Rich's own table: same answer as Textual

    table = load("auto").widths
    zero = [(start, end) for start, end, width in table if width == 0]
    wide = [(start, end) for start, end, width in table if width == 2]
    return re.compile(_char_class(zero)), re.compile(_char_class(wide))


# Rich widens a narrow character followed by VS16 (emoji presentation, ❤️) to
# two cells. VS16 is given that cell itself, whatever precedes it: widths stay
# a sum over characters, and never less than Rich's.
_VS16 = "\ufe0f"


def cell_width(text: str) -> int:
    """Cells `text` takes in a terminal (harakat 0, lam-alef 1, CJK 2)."""
    if text.isascii():
        return len(text)
    zero, wide = _width_patterns()
    return len(text) - len(zero.findall(text)) + len(wide.findall(text)) + text.count(_VS16)


def uniform_width(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell, so that a
    slice's width is its length (the common case, checked once a paragraph)."""
    zero, wide = _width_patterns()
    return text.isascii() or not (zero.search(text) or wide.search(text))


def char_width(char: str) -> int:
    """Cells one character takes."""
    return 1 if char == _VS16 else get_character_cell_size(char)
