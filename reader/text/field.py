"""A one-line text field: what is typed, laid out, and where the caret goes.

The field keeps logical text and a caret between two of its characters, as
Textual's `Input` does. In visual mode the text is drawn shaped and in
drawing order, so that index has to be placed among cells that are no longer
in logical order; in logical mode the terminal reorders, and the text and
caret are drawn in logical order.

In a mixed line one logical index can sit at two places on screen: after
«مرحبا» in «مرحبا CNN» the next Arabic letter appears at the left end of
the Arabic word, the next Latin one at the left of «CNN». A caret remembers
which neighbour it is drawn against (its `affinity`): by default the
character before it, so the caret sits where typing goes on; moving with the
arrows across the other neighbour draws it against that one.

The caret moves visually: `left` goes one cluster left on screen, whatever the
direction of the text there, as in Windows, Firefox and LibreOffice. A
demanding Arabic reader expects the arrow to point where the caret goes; a
logical step jumps across the screen at each change of direction. In logical
mode Qari does not know how the terminal drew the line, so an arrow steps in
the logical order, mirrored in a right-to-left field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

from rich.cells import cell_len, get_character_cell_size

from reader.text.levels import Direction
from reader.text.options import LayoutOptions
from reader.text.paragraph import line_glyphs, prepare, unwrapped

Affinity = Literal["previous", "next"]

_LETTER = re.compile(r"[^\W\d_]")
_ZWJ = "\u200d"


class Caret(NamedTuple):
    """A place between two characters of the field's logical text."""

    position: int
    affinity: Affinity = "previous"
    """Drawn against the character before `position` (at its trailing edge) or
    the one after it (at its leading edge)."""


class Cluster(NamedTuple):
    """What one step of the caret crosses: a glyph with its combining marks;
    a lam-alef ligature is one, though it draws two letters."""

    cell: int
    """Its first cell, counted from the left end of the text."""
    cells: int
    start: int
    end: int
    """The characters of `FieldLine.text` it takes: [start, end)."""
    first: int
    after: int
    """The logical characters it draws: [first, after)."""
    rtl: bool
    """Drawn right to left (an odd level)."""


class FieldLine(NamedTuple):
    """A field's text laid out on one line, independent of the caret."""

    text: str
    """In drawing order (visual mode) or logical order (logical mode)."""
    cells: int
    rtl: bool
    """The paragraph direction: a right-to-left field sits flush right."""
    visual: bool
    clusters: tuple[Cluster, ...]
    """In the order of `text`, left to right in visual mode."""
    owners: tuple[int | None, ...]
    """For each logical character, the cluster that draws it; None for a
    bidi control, which is not drawn."""


class FieldDrawing(NamedTuple):
    """What a field draws: its text with a blank cell on either side (room
    for the caret past either end), and the characters styled as the caret
    and as the selection."""

    text: str
    cells: int
    cursor: tuple[int, int]
    """The characters of `text` drawn as the caret: [start, end)."""
    cursor_cell: int
    """The first cell of the caret in `text`."""
    selected: tuple[tuple[int, int], ...]
    """Runs of characters of `text` drawn as selected."""
    rtl: bool


@lru_cache(maxsize=64)
def lay_out_field(value: str, options: LayoutOptions, fallback_rtl: bool = False) -> FieldLine:
    """Lay out the field's text as the reader's `options` lay out an article
    (visual or logical mode), in its own direction: that of its letters, or
    `fallback_rtl` while it has none. What is typed always shows whole:
    harakat are kept and controls never revealed."""
    direction: Direction = "auto"
    if not _LETTER.search(value):
        direction = "rtl" if fallback_rtl else "ltr"
    paragraph = prepare(
        value,
        options._replace(direction=direction, harakat="keep", reveal_controls=False, measure=0),
    )
    line = unwrapped(paragraph)
    drawn = line_glyphs(paragraph, line)
    bounds = _grapheme_bounds(line.text)
    sources = paragraph.glyph_sources
    owners: list[int | None] = [None] * len(paragraph.source)
    for number, (start, end) in enumerate(bounds):
        for glyph, _ in drawn[start:end]:
            owners[sources[glyph]] = number
    # A letter with no glyph of its own (the alef of a lam-alef, a ZWJ) is
    # drawn by the glyph before it; a glyph not drawn (a bidi control) by none.
    has_glyph = set(sources)
    for index in range(1, len(owners)):
        if owners[index] is None and index not in has_glyph:
            owners[index] = owners[index - 1]
    first: dict[int, int] = {}
    after: dict[int, int] = {}
    for index, owner in enumerate(owners):
        if owner is not None:
            first.setdefault(owner, index)
            after[owner] = index + 1
    clusters = []
    cell = 0
    for number, (start, end) in enumerate(bounds):
        cells = cell_len(line.text[start:end])
        rtl = drawn[start][1] % 2 == 1
        # A cluster whose characters a later glyph claimed too (the source
        # map is a best guess on hostile text) still has its own range.
        own = [sources[glyph] for glyph, _ in drawn[start:end]]
        span = first.get(number, min(own)), after.get(number, max(own) + 1)
        clusters.append(Cluster(cell, cells, start, end, *span, rtl))
        cell += cells
    return FieldLine(
        line.text, cell, paragraph.rtl, paragraph.visual, tuple(clusters), tuple(owners)
    )


def _grapheme_bounds(text: str) -> list[tuple[int, int]]:
    """`text` cut where a character takes cells of its own: a glyph keeps
    the zero-width characters after it (harakat, VS16) and, past a ZWJ, the
    emoji it joins. Each piece is then measured as Rich measures it, which
    is how Textual draws it."""
    bounds: list[tuple[int, int]] = []
    joined = False
    for at, char in enumerate(text):
        if bounds and (joined or not get_character_cell_size(char)):
            bounds[-1] = (bounds[-1][0], at + 1)
        else:
            bounds.append((at, at + 1))
        joined = char == _ZWJ
    return bounds


def _slot(line: FieldLine, caret: Caret) -> int:
    """Where `caret` is drawn: 0 before the first cluster, k before cluster
    k, len(clusters) after the last."""
    owners, clusters = line.owners, line.clusters
    if caret.affinity == "previous":
        around = range(min(caret.position, len(owners)) - 1, -1, -1)
    else:
        around = range(max(caret.position, 0), len(owners))
    owner = next((owners[i] for i in around if owners[i] is not None), None)
    if owner is None:
        # Past either end of the text: the paragraph's start or end edge.
        at_start = caret.affinity == "previous"
        return len(clusters) if at_start == _drawn_rtl(line) else 0
    # The trailing edge of the cluster before the caret, or the leading edge
    # of the one after it: right-to-left, trailing is left.
    left_edge = clusters[owner].rtl == (caret.affinity == "previous")
    return owner if left_edge else owner + 1


def _drawn_rtl(line: FieldLine) -> bool:
    """Whether the field is drawn right to left (visual mode, RTL text)."""
    return line.visual and line.rtl


def _caret_crossing(line: FieldLine, number: int, leftwards: bool) -> Caret:
    """The caret just past cluster `number`, crossed going left or right: it
    stays against that cluster."""
    cluster = line.clusters[number]
    if cluster.rtl != leftwards:
        return Caret(cluster.first, "next")
    return Caret(cluster.after, "previous")


def move_caret(line: FieldLine, caret: Caret, step: int) -> Caret:
    """The caret one cluster to the left (`step` -1) or right (+1) on screen;
    unchanged at the end of the text."""
    if not line.visual and line.rtl:
        step = -step  # logical order, mirrored in a right-to-left field
    slot = _slot(line, caret)
    target = slot + step
    if not 0 <= target <= len(line.clusters):
        return caret
    moved = _caret_crossing(line, min(slot, target), leftwards=step < 0)
    return _canonical(line, moved)


def _canonical(line: FieldLine, caret: Caret) -> Caret:
    """`caret` drawn against the character before it if that draws it at
    the same place: the affinity Textual's own editing gives back."""
    plain = caret._replace(affinity="previous")
    return plain if _slot(line, plain) == _slot(line, caret) else caret


def caret_at_cell(line: FieldLine, cell: int) -> Caret:
    """The caret a click on `cell` (from the left end of the text) puts on
    the cluster drawn there (see `draw_field`), or past either end."""
    clusters = line.clusters
    if not clusters:
        return Caret(0)
    if cell < 0:
        return _canonical(line, _caret_crossing(line, 0, leftwards=True))
    # The caret drawn on a cluster is on its right in a right-to-left field.
    leftwards = not _drawn_rtl(line)
    for number, cluster in enumerate(clusters):
        if cell < cluster.cell + cluster.cells:
            return _canonical(line, _caret_crossing(line, number, leftwards))
    return _canonical(line, _caret_crossing(line, len(clusters) - 1, leftwards=False))


def draw_field(
    line: FieldLine, caret: Caret, selection: tuple[int, int] | None = None
) -> FieldDrawing:
    """The field as drawn: its text between two blank cells, the caret as a
    cell and the selected logical range [start, end) as runs of drawn
    characters.

    A terminal draws the caret as a block on a cell. In a left-to-right
    field the block is on the cluster right of the caret, as in any
    terminal; in a right-to-left one on the cluster left of it, as
    bidi-aware terminals draw it: after «مرحبا» the block is on the blank
    cell left of the alef. Either way each place of the caret has a cell of
    its own, so every arrow key visibly moves it."""
    slot = _slot(line, caret)
    visible = [n for n, cluster in enumerate(line.clusters) if cluster.cells]
    if _drawn_rtl(line):
        # Zero-width clusters (a stray mark) are stepped over: the caret
        # is always seen.
        left = [n for n in visible if n < slot]
        number = left[-1] if left else None
        past_end = (0, 1, 0)
    else:
        right = [n for n in visible if n >= slot]
        number = right[0] if right else None
        past_end = (len(line.text) + 1, len(line.text) + 2, line.cells + 1)
    if number is None:
        start, end, cell = past_end
    else:
        cursor = line.clusters[number]
        start, end, cell = cursor.start + 1, cursor.end + 1, cursor.cell + 1
    selected = _selected(line, selection)
    return FieldDrawing(f" {line.text} ", line.cells + 2, (start, end), cell, selected, line.rtl)


def _selected(line: FieldLine, selection: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    if selection is None or selection[0] == selection[1]:
        return ()
    low, high = sorted(selection)
    runs: list[tuple[int, int]] = []
    for cluster in line.clusters:
        if cluster.first < high and low < cluster.after:
            start, end = cluster.start + 1, cluster.end + 1
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
    return tuple(runs)
