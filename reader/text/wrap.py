"""Line breaking in logical order, by terminal cells, at word boundaries.

Wrapping happens before reordering (UAX #9 section 3.4): the first words of
a right-to-left paragraph must be on its first line, whatever the order in
which a line is later drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.text.cells import cell_width, char_width, uniform_width
from reader.text.graphemes import cluster_pattern

# Break opportunities: ordinary spaces and ZWSP. No-break spaces (U+00A0,
# U+2007, U+202F) deliberately are not in the set.
_SPACES = " \u1680\u2000-\u2006\u2008-\u200b\u205f\u3000"
# A run of spaces (group 1) or of anything else: one expression, as each
# class beyond Latin-1 costs half a millisecond of every launch to compile.
# Linear: the two classes are complements and each repeat has nothing after
# it, so every run is taken whole at its first character.
_TOKEN = re.compile(f"([{_SPACES}]+)|[^{_SPACES}]+")
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"

Span = tuple[int, int, int]
"""A wrapped line: start, end (exclusive) in the text, and its width in cells.
Whitespace at a break belongs to no line: it is neither drawn nor counted;
nor are no-break spaces at the start of a line after the first (they keep a
word from being broken after them, but would indent the line by a cell: at
the right edge, in a right-to-left paragraph)."""


def wrap(text: str, width: int, first: int | None = None) -> list[Span]:
    """Break `text` into lines of at most `width` cells; the first line of
    at most `first` cells if it is given (a list item's first line, which
    holds its marker, is wider than the lines that hang under it)."""
    width = max(width, 1)
    first = width if first is None else max(first, 1)
    lines: list[Span] = []
    start = end = cells = 0
    gap = 0  # cells of the whitespace seen since `end`
    open_line = False
    measure = len if uniform_width(text) else cell_width
    for match in _TOKEN.finditer(text):
        token = match.group()
        token_cells = measure(token)
        limit = width if lines else first
        if match.lastindex:  # spaces
            if not open_line and match.start() == 0 and token_cells <= limit:
                # Leading whitespace of the paragraph is indentation: keep it
                # (unless it alone is wider than the line).
                open_line, start, end, cells = True, 0, match.end(), token_cells
            else:
                gap += token_cells
            continue
        if open_line and cells + gap + token_cells <= limit:
            end, cells, gap = match.end(), cells + gap + token_cells, 0
            continue
        token_start = match.start()
        if open_line:
            lines.append((start, end, cells))
        if lines and token[0] in _NO_BREAK_SPACES:
            token = token.lstrip(_NO_BREAK_SPACES)
            token_start, token_cells = match.end() - len(token), measure(token)
            if not token:
                open_line = False
                continue
        gap = 0
        limit = width if lines else first
        if token_cells <= limit:
            open_line, start, end, cells = True, token_start, match.end(), token_cells
            continue
        pieces = _break_word(text, token_start, match.end(), limit, width)
        lines.extend(pieces[:-1])
        open_line = True
        start, end, cells = pieces[-1]
    if open_line:
        lines.append((start, end, cells))
    return lines


def _break_word(text: str, start: int, end: int, first: int, width: int) -> list[Span]:
    """Split a word longer than the line by cells (the first piece `first`
    cells at most, the others `width`), between grapheme clusters (a haraka
    stays with its letter, an emoji sequence or a flag whole) and never
    before a zero-width one; a cluster wider than the line (a ZWJ sequence,
    drawn as its emoji one by one) between its characters."""
    pieces: list[Span] = []
    piece_start = at = start
    cells = 0
    for bound in _cluster_ends(text, start, end, min(first, width)):
        part_cells = char_width(text[at]) if bound == at + 1 else cell_width(text[at:bound])
        limit = width if pieces else first
        if part_cells and cells + part_cells > limit and at > piece_start:
            pieces.append((piece_start, at, cells))
            piece_start, cells = at, 0
        if at == piece_start and pieces and bound == at + 1 and text[at] in _NO_BREAK_SPACES:
            piece_start = bound  # at the start of a line after a break: not drawn
        else:
            cells += part_cells
        at = bound
    if piece_start < end or not pieces:
        pieces.append((piece_start, end, cells))
    return pieces


def _cluster_ends(text: str, start: int, end: int, width: int) -> Iterator[int]:
    """Where each grapheme cluster of text[start:end] ends, or each character
    of one wider than `width`."""
    clusters = cluster_pattern(text[start:end])
    if clusters is None:
        yield from range(start + 1, end + 1)
        return
    for match in clusters.finditer(text, start, end):
        if match.end() - match.start() > 1 and cell_width(match.group()) > width:
            yield from range(match.start() + 1, match.end() + 1)
        else:
            yield match.end()
