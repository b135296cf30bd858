"""Line breaking in logical order, by terminal cells, at word boundaries.

Wrapping happens before reordering (UAX #9 section 3.4): the first words of
a right-to-left paragraph must be on its first line, whatever the order in
which a line is later drawn.
"""

from __future__ import annotations

import re

from reader.text.cells import cell_width, char_width, uniform_width

# Break opportunities: ordinary spaces and ZWSP. No-break spaces (U+00A0,
# U+2007, U+202F) deliberately are not in the set.
_SPACES = " \u1680\u2000-\u2006\u2008-\u200b\u205f\u3000"
# A run of spaces (group 1) or of anything else: one expression, as each
# class beyond Latin-1 costs half a millisecond of every launch to compile.
# Linear: the two classes are complements and each repeat has nothing after
# it, so every run is taken whole at its first character.
_TOKEN = re.compile(f"([{_SPACES}]+)|[^{_SPACES}]+")

Span = tuple[int, int, int]
"""A wrapped line: start, end (exclusive) in the text, and its width in cells.
Whitespace at a break belongs to no line: it is neither drawn nor counted."""


def wrap(text: str, width: int) -> list[Span]:
    """Break `text` into lines of at most `width` cells."""
    width = max(width, 1)
    lines: list[Span] = []
    start = end = cells = 0
    gap = 0  # cells of the whitespace seen since `end`
    open_line = False
    measure = len if uniform_width(text) else cell_width
    for match in _TOKEN.finditer(text):
        token = match.group()
        token_cells = measure(token)
        if match.lastindex:  # spaces
            if not open_line and match.start() == 0 and token_cells <= width:
                # Leading whitespace of the paragraph is indentation: keep it
                # (unless it alone is wider than the line).
                open_line, start, end, cells = True, 0, match.end(), token_cells
            else:
                gap += token_cells
            continue
        if open_line and cells + gap + token_cells <= width:
            end, cells, gap = match.end(), cells + gap + token_cells, 0
            continue
        if open_line:
            lines.append((start, end, cells))
        gap = 0
        if token_cells <= width:
            open_line, start, end, cells = True, match.start(), match.end(), token_cells
            continue
        pieces = _break_word(text, match.start(), match.end(), width)
        lines.extend(pieces[:-1])
        open_line = True
        start, end, cells = pieces[-1]
    if open_line:
        lines.append((start, end, cells))
    return lines


def _break_word(text: str, start: int, end: int, width: int) -> list[Span]:
    """Split a word longer than the line by cells, never before a zero-width
    character (a haraka stays with its letter)."""
    pieces: list[Span] = []
    piece_start, cells = start, 0
    for i in range(start, end):
        char_cells = char_width(text[i])
        if char_cells and cells + char_cells > width and i > piece_start:
            pieces.append((piece_start, i, cells))
            piece_start, cells = i, 0
        cells += char_cells
    pieces.append((piece_start, end, cells))
    return pieces
