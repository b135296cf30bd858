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
    return _wrap_by_line(text, width, first) or _wrap_by_word(text, width, first)


def _wrap_by_word(text: str, width: int, first: int) -> list[Span]:
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


# Break opportunities other than the plain space, no-break spaces (not drawn
# at the start of a line), what starts a line (indentation kept), and the
# characters the width mask below uses.
_OTHER_BREAKS = re.compile(f"[{_SPACES.replace(' ', '')}{_NO_BREAK_SPACES}\x00\x01]|^ ")
_WORD = re.compile("[^ ]")
_ZERO, _WIDE = "\x00", "\x01"
_MASK_LIMIT = 1 << 16


class _WidthMask(dict[int, str]):
    """Code point → NUL if it takes no cell, \x01 if it takes more than one,
    else itself: one `str.translate` tells a paragraph's zero-width
    characters and whether it has wide ones. Filled in as characters are
    first met, up to a bound (text may hold every character of Unicode)."""

    def __missing__(self, code: int) -> str:
        cells = char_width(chr(code))
        found = _ZERO if cells == 0 else _WIDE if cells > 1 else chr(code)
        if len(self) < _MASK_LIMIT:
            self[code] = found
        return found


_WIDTH_MASK = _WidthMask()


def _wrap_by_line(text: str, width: int, first: int) -> list[Span] | None:
    """`wrap` a line at a time for the common paragraph: plain spaces, and
    characters one cell wide or zero (harakat). Each line is the longest
    run of whole words that fits, found with `rfind` from where the line
    would end, instead of a step per word. None for any other paragraph."""
    if not text or _OTHER_BREAKS.search(text):
        return None
    zero = ""
    if not text.isascii():
        # Zero-width characters as NUL: a slice's cells are its length
        # less the NULs it has, counted at C speed.
        zero = text.translate(_WIDTH_MASK)
        if _WIDE in zero:
            return None
        if _ZERO not in zero:
            zero = ""
    lines: list[Span] = []
    size = len(text)
    start = 0
    while True:
        line_width = width if lines else first
        limit = min(start + line_width, size)
        if zero:
            limit = _widest(zero, start, limit, line_width)
        if limit >= size:
            end = len(text.rstrip(" "))
            if end > start:
                lines.append((start, end, _cells(zero, start, end)))
            return lines
        if text[limit] == " ":
            end = limit
        else:
            end = text.rfind(" ", start, limit)
            if end <= start:  # a word longer than the line
                word_end = text.find(" ", start)
                word_end = size if word_end < 0 else word_end
                pieces = _break_word(text, start, word_end, line_width, width)
                if len(pieces) == 1:
                    return None  # it fits after all: no progress here, the word path decides
                lines.extend(pieces[:-1])
                start = pieces[-1][0]  # the rest of the word opens the next line
                continue
        while text[end - 1] == " ":
            end -= 1
        lines.append((start, end, _cells(zero, start, end)))
        next_word = _WORD.search(text, end)
        if next_word is None:
            return lines
        start = next_word.start()


def _widest(zero: str, start: int, limit: int, width: int) -> int:
    """The end of the longest slice from `start` that fits in `width` cells,
    the zero-width characters after it included."""
    size = len(zero)
    while True:
        wider = min(start + width + zero.count(_ZERO, start, limit), size)
        if wider == limit:
            break
        limit = wider
    while limit < size and zero[limit] == _ZERO:
        limit += 1
    return limit


def _cells(zero: str, start: int, end: int) -> int:
    return end - start - (zero.count(_ZERO, start, end) if zero else 0)
