"""One paragraph, from logical text to lines ready to draw.

What does not depend on the width (sanitising, shaping, bidi levels) is done
once, in `prepare`; a resize only re-wraps (`line_spans`) and re-orders
(`line_text`, only for the lines drawn).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len

from reader.text.bidi_classes import X9_REMOVED_SEARCH
from reader.text.cells import char_width
from reader.text.compose import compose
from reader.text.levels import base_direction, first_strong_level, paragraph_levels
from reader.text.options import LayoutOptions
from reader.text.reorder import line_levels, reverse_indices, reverse_run, visual_runs
from reader.text.sanitise import BIDI_CONTROLS, reveal_bidi_controls, sanitise
from reader.text.shape import shape, source_map, strip_harakat
from reader.text.wrap import Span, wrap

# Not drawn in visual mode: what X9 removes (embeddings, overrides, ZWJ …),
# the isolates and the implicit marks, once the levels have been resolved.
# Each expression matches one character: one step per position.
_HIDDEN_VISUAL = re.compile(f"{X9_REMOVED_SEARCH}|[{BIDI_CONTROLS}]")
# In logical mode the terminal shapes, so ZWJ/ZWNJ must reach it; the bidi
# controls never do (a stray RLO would reorder the rest of the screen line).
_HIDDEN_LOGICAL = re.compile(f"[{BIDI_CONTROLS}]")
# The two halves of _HIDDEN_VISUAL, each a class `re` can skip ahead with.
_X9_REMOVED = re.compile(X9_REMOVED_SEARCH)
# What makes Rich measure a drawn line otherwise than as the sum of its
# characters' widths, as wrap counts: VS16 widens the emoji before it, a ZWJ
# joins two (in logical mode ZWJ is drawn), and beyond the BMP emoji may
# form clusters.
_MEASURED_APART_VISUAL = re.compile("[\ufe0f\U00010000-\U0010ffff]")
_MEASURED_APART_LOGICAL = re.compile("[\u200d\ufe0f\U00010000-\U0010ffff]")


class Paragraph:
    """A paragraph prepared for layout; independent of the width.

    A plain class rather than a dataclass: one is made per paragraph, and
    defining a dataclass slows every launch. Treat it as immutable.
    """

    __slots__ = (
        "_as_wrapped",
        "_glyph_sources",
        "_hides",
        "base",
        "glyphs",
        "levels",
        "source",
        "visual",
    )

    def __init__(self, source: str, glyphs: str, levels: bytes, base: int, visual: bool) -> None:
        self.source = source
        """The sanitised logical text: index i is character i of the original."""
        self.glyphs = glyphs
        """What is wrapped and drawn: shaped in visual mode, in logical order."""
        self.levels = levels
        """Bidi level per glyph (visual mode only)."""
        self.base = base
        """Paragraph level: 0 left-to-right, 1 right-to-left."""
        self.visual = visual
        self._glyph_sources: Sequence[int] | None = None
        self._hides: bool | None = None
        self._as_wrapped = False

    def __repr__(self) -> str:
        return f"Paragraph({self.source!r}, base={self.base}, visual={self.visual})"

    @property
    def rtl(self) -> bool:
        return self.base % 2 == 1

    @property
    def glyph_sources(self) -> Sequence[int]:
        """For each glyph, its index in `source` (computed only when asked)."""
        if self._glyph_sources is None:
            mapping = source_map(self.source, self.glyphs)
            # A paragraph read stays in the cache: 4 bytes a glyph, not a
            # list's 36, and nothing when every glyph is its own source.
            identity = len(mapping) == len(self.source) and mapping == list(range(len(mapping)))
            self._glyph_sources = range(len(mapping)) if identity else array("I", mapping)
        return self._glyph_sources

    @property
    def hides(self) -> bool:
        """Whether some glyph is not drawn (see `line_text`)."""
        if self._hides is None:
            self._examine()
        return bool(self._hides)

    @property
    def as_wrapped(self) -> bool:
        """Whether each line is as wide drawn as `wrap` counted: what is not
        drawn takes no cell, and Rich measures the rest as wrap does."""
        if self._hides is None:
            self._examine()
        return self._as_wrapped

    def _examine(self) -> None:
        hidden = _HIDDEN_VISUAL if self.visual else _HIDDEN_LOGICAL
        apart = _MEASURED_APART_VISUAL if self.visual else _MEASURED_APART_LOGICAL
        self._hides = _HIDDEN_LOGICAL.search(self.glyphs) is not None or (
            self.visual and _X9_REMOVED.search(self.glyphs) is not None
        )
        self._as_wrapped = apart.search(self.glyphs) is None and (
            not self._hides or not any(map(char_width, set(hidden.findall(self.glyphs))))
        )


class Line(NamedTuple):
    """One line: its text in drawing order, its width, and the glyph range
    [start, end) of the paragraph it shows."""

    text: str
    cells: int
    start: int
    end: int


def prepare(text: str, options: LayoutOptions) -> Paragraph:
    """Sanitise, shape and resolve the bidi levels of one paragraph."""
    source = sanitise(text)
    if source == text:
        source = text  # one copy of the text, not two, for as long as it is cached
    if options.reveal_controls:
        source = reveal_bidi_controls(source)
    base = base_direction(source, options.direction)
    composed = compose(source)
    if options.bidi == "logical":
        glyphs = strip_harakat(composed) if options.harakat == "strip" else composed
        level = first_strong_level(source) if base is None else int(base == "R")
        return Paragraph(source, glyphs, b"", level, visual=False)
    glyphs = shape(composed, keep_harakat=options.harakat == "keep")
    level, levels = paragraph_levels(glyphs, base)
    return Paragraph(source, glyphs, levels, level, visual=True)


def lay_out(paragraph: Paragraph, width: int, first: int | None = None) -> list[Line]:
    """Wrap in logical order (the first line `first` cells wide, if given),
    then put each line in drawing order."""
    return [
        Line(line_text(paragraph, start, end), cells, start, end)
        for start, end, cells in line_spans(paragraph, width, first)
    ]


def unwrapped(paragraph: Paragraph) -> Line:
    """The whole paragraph as one line, in drawing order, spaces and all: a
    text field, where a space typed last must take its cell."""
    end = len(paragraph.glyphs)
    text = line_text(paragraph, 0, end)
    return Line(text, cell_len(text), 0, end)


def line_spans(paragraph: Paragraph, width: int, first: int | None = None) -> list[Span]:
    """The lines of `paragraph` at `width` (the first `first` wide, if
    given): the glyphs each shows, and the cells it takes as drawn."""
    spans = wrap(paragraph.glyphs, width, first)
    if paragraph.as_wrapped:
        return spans
    # Measured as drawn, the way Textual will: hidden characters (a soft
    # hyphen is a cell to Rich) and ZWJ make it narrower than wrap counted.
    return [(start, end, cell_len(line_text(paragraph, start, end))) for start, end, _ in spans]


def line_text(paragraph: Paragraph, start: int, end: int) -> str:
    """The line of glyphs [start, end) as drawn: in drawing order in visual
    mode, without what is not drawn."""
    if paragraph.visual:
        text, hidden = _visual_text(paragraph, start, end), _HIDDEN_VISUAL
    else:
        text, hidden = paragraph.glyphs[start:end], _HIDDEN_LOGICAL
    return hidden.sub("", text) if paragraph.hides else text


def _line_runs(paragraph: Paragraph, start: int, end: int) -> list[tuple[int, int, int]]:
    levels = line_levels(paragraph.glyphs[start:end], paragraph.levels[start:end], paragraph.base)
    return [(a + start, b + start, level) for a, b, level in visual_runs(levels)]


def _visual_text(paragraph: Paragraph, start: int, end: int) -> str:
    glyphs = paragraph.glyphs
    if paragraph.levels.count(paragraph.base, start, end) == end - start:
        # One run at the paragraph's level, which L1 leaves as it is.
        return reverse_run(glyphs[start:end]) if paragraph.base % 2 else glyphs[start:end]
    return "".join(
        reverse_run(glyphs[a:b]) if level % 2 else glyphs[a:b]
        for a, b, level in _line_runs(paragraph, start, end)
    )


def line_sources(paragraph: Paragraph, line: Line) -> list[int]:
    """For each character of `line.text`, its index in `paragraph.source`:
    where a search hit or a reading position is in the original text."""
    sources = paragraph.glyph_sources
    return [sources[glyph] for glyph, _ in line_glyphs(paragraph, line)]


def line_glyphs(paragraph: Paragraph, line: Line) -> list[tuple[int, int]]:
    """For each character of `line.text`, the glyph it draws and that glyph's
    level after rule L1. In logical mode the line is drawn in logical order
    and the terminal resolves the levels, so every level is 0 here."""
    glyphs = paragraph.glyphs
    if paragraph.visual:
        drawn: list[tuple[int, int]] = []
        for a, b, level in _line_runs(paragraph, line.start, line.end):
            order = reverse_indices(glyphs[a:b], a) if level % 2 else range(a, b)
            drawn.extend((glyph, level) for glyph in order)
        hidden = _HIDDEN_VISUAL
    else:
        drawn = [(glyph, 0) for glyph in range(line.start, line.end)]
        hidden = _HIDDEN_LOGICAL
    return [(glyph, level) for glyph, level in drawn if not hidden.match(glyphs[glyph])]
