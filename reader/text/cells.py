"""Terminal cell widths, measured the way Rich and Textual measure them.

The article view hands Textual strips whose width Textual computes with
`rich.cells`; measuring with anything else would let a line overflow or
leave a gap. Widths come from Rich's own per-character table (cached per
character by Rich); a paragraph whose characters all take one cell is found
once and then measured by its length, so the per-character sum only runs on
the words of paragraphs with harakat or wide characters. The text is
sanitised first: the characters whose width terminals dispute (and VS16,
which makes Rich widen the emoji before it) are no longer in it.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size


def cell_width(text: str) -> int:
    """Cells `text` takes in a terminal (harakat 0, lam-alef 1, CJK 2).

    A sum over characters: Rich's `cell_len` instead joins the character
    after a ZWJ to the one before, but visual mode does not draw ZWJ."""
    if text.isascii():
        return len(text)
    return sum(map(get_character_cell_size, text))


def uniform_width(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell, so that a
    slice's width is its length (the common case, checked once a paragraph)."""
    # Not Rich's table turned into a regex: compiling it costs ~10 ms at
    # launch, and a paragraph has only a few dozen distinct characters.
    return text.isascii() or all(char_width(char) == 1 for char in set(text))


def char_width(char: str) -> int:
    """Cells one character takes."""
    return get_character_cell_size(char)
