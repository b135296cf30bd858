"""A keyboard list whose rows are drawn from lines the text core laid out.

Textual's OptionList wraps and aligns its prompts itself; titles in Arabic
must be shaped, reordered and placed flush right instead, so the sidebar and
the table of contents draw their rows here, with the Line API.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.labels import fit_label


class Row(NamedTuple):
    """One row of an entry: logical text, the component class suffix that
    styles it, cells of indentation on its starting side, and the address
    its text links to (an OSC 8 hyperlink: a `terminal_url`, and only where
    the terminal takes them)."""

    text: str
    role: str
    indent: int = 0
    link: str | None = None


class LineList(ScrollView, can_focus=True):
    """Entries of one or more rows; a cursor; `enter` picks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--current",
        "line-list--title",
        "line-list--meta",
        "line-list--empty",
    }
    DEFAULT_CSS = """
    LineList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("j,down", "move(1)", "Down"),
        bind("k,up", "move(-1)", "Up"),
        bind("pagedown", "page(1)", "Page down"),
        bind("pageup", "page(-1)", "Page up"),
        bind("g,home", "first", "First"),
        bind("G,end", "last", "Last"),
        bind("enter", "pick", "Open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Picked(Message):
        """An entry was chosen with `enter` or a click."""

        def __init__(self, source: LineList, index: int) -> None:
            super().__init__()
            self.source = source
            self.index = index

        @property
        def control(self) -> LineList:
            return self.source

    def __init__(
        self,
        options: LayoutOptions,
        *,
        empty_text: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._options = options
        self._entries: Sequence[tuple[Row, ...]] = ()
        # The first row of each entry, and the row past the last.
        self._first_rows: list[int] = [0]
        self._empty_text = empty_text
        self._current: int | None = None
        self._strips: dict[int, Strip] = {}
        self._strips_width = 0
        # Textual computes rich_style from every ancestor on each call: once
        # per restyle is enough.
        self._base_style: Style | None = None

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    @property
    def current(self) -> int | None:
        """The marked entry (the open article, the section being read)."""
        return self._current

    @current.setter
    def current(self, index: int | None) -> None:
        if index != self._current:
            self._current = index
            self._redraw()

    def set_empty_text(self, text: str) -> None:
        """What the list says when it has no entries."""
        self._empty_text = text
        self._redraw()

    def set_entries(
        self,
        entries: Sequence[tuple[Row, ...]],
        cursor: int = 0,
        heights: Iterable[int] | None = None,
    ) -> None:
        """Show `entries`, with the cursor on the `cursor`-th. With their
        `heights` (rows each) given, an entry is only looked up to be drawn:
        `entries` may make them as they are asked for."""
        self._entries = entries
        counts = (len(rows) for rows in entries) if heights is None else heights
        self._first_rows = list(accumulate(counts, initial=0))
        self._update_virtual_size()
        self._redraw()
        self.cursor = min(max(cursor, 0), max(len(entries) - 1, 0))

    def redraw_entry(self, index: int) -> None:
        """Draw entry `index` again, as the entries make it now (with as many
        rows as before): only its lines, nothing laid out again."""
        first, end = self._first_rows[index], self._first_rows[index + 1]
        for row in range(first, end):
            self._strips.pop(row, None)
        top = round(self.scroll_y)
        self.refresh(Region(0, first - top, self.size.width, end - first))

    def set_options(self, options: LayoutOptions) -> None:
        if options != self._options:
            self._options = options
            self._redraw()

    def watch_cursor(self, cursor: int) -> None:
        self._redraw()
        if self._entries:
            first = self._first_rows[cursor]
            height = len(self._entries[cursor])
            self.scroll_to_region(Region(0, first, 1, height), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self._entries:
            self.cursor = min(max(self.cursor + step, 0), len(self._entries) - 1)

    def action_page(self, direction: int) -> None:
        if self._entries:
            rows_per_entry = max(self._row_count // len(self._entries), 1)
            step = max(self.scrollable_content_region.height // rows_per_entry - 1, 1)
            self.action_move(direction * step)

    def action_first(self) -> None:
        self.action_move(-len(self._entries))

    def action_last(self) -> None:
        self.action_move(len(self._entries))

    def action_pick(self) -> None:
        if self._entries:
            self.post_message(self.Picked(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < self._row_count:
            self.cursor = self._entry_at(row)
            self.action_pick()

    @property
    def _row_count(self) -> int:
        return self._first_rows[-1]

    def _entry_at(self, row: int) -> int:
        """The entry that screen row `row` (below the last entry's start) shows."""
        return bisect_right(self._first_rows, row) - 1

    def _update_virtual_size(self) -> None:
        # No width: nothing scrolls sideways, and a size that followed the
        # width would change on the first resize, a layout and a repaint of
        # the list after the first frame. A new width redraws by itself
        # (Textual repaints a resized widget; the strips are per width).
        self.virtual_size = Size(0, self._row_count)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._strips.clear()

    def _base(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def on_focus(self) -> None:
        self._redraw()

    def on_blur(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width  # also narrower by a scrollbar
        if self._strips_width != width:
            self._strips.clear()
            self._strips_width = width
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = self._render_row(row)
        return strip

    def _render_row(self, row: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base()
        if not self._entries:
            return self._render_text(row, width, base)
        if row >= self._row_count:
            return Strip.blank(width, base)
        entry = self._entry_at(row)
        line = self._entries[entry][row - self._first_rows[entry]]
        style = base + self.get_component_rich_style(f"line-list--{line.role}")
        if entry == self._current:
            style += self.get_component_rich_style("line-list--current")
        if entry == self.cursor and self.has_focus:
            style += self.get_component_rich_style("line-list--cursor")
        # One cell of air on each side, so titles do not touch the border.
        room = max(width - line.indent - 2, 1)
        label = fit_label(line.text, room, self._options)
        if line.link is None:
            indent = " " * line.indent
            text = label.aligned(room) + indent if label.rtl else indent + label.aligned(room)
            return Strip([Segment(f" {text} ", style)]).crop_extend(0, width, style)
        # Only the text is the link, not the air around it.
        before = " " * (1 + (max(room - label.cells, 0) if label.rtl else line.indent))
        linked = Segment(label.text, style + Style(link=line.link))
        return Strip([Segment(before, style), linked]).crop_extend(0, width, style)

    def _render_text(self, row: int, width: int, style: Style) -> Strip:
        if row != 0 or not self._empty_text:
            return Strip.blank(width, style)
        label = fit_label(self._empty_text, max(width - 2, 1), self._options)
        empty = style + self.get_component_rich_style("line-list--empty")
        return Strip([Segment(" " + label.aligned(width - 2), empty)]).crop_extend(0, width, style)
