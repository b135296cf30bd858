"""A one-line text field that shows Arabic as the article does: shaped, in
drawing order, with the caret where the reader expects it.

Textual's `Input` keeps the text and edits it (typing, paste, Home/End,
backspace, delete, word keys, selection): all of that is kept, on the
logical text. What changes is how the text is drawn and where the caret is
(`reader.text.field` works both out), and the arrow keys, which move the
caret on screen rather than through the logical text.

Typed and pasted text goes through the one sanitiser. While the field has
focus every printable key is typed into it: `Input.check_consume_key` keeps
the screen's and the app's letter shortcuts (and their Arabic-layout
aliases, `ة` for `m`) from firing.
"""

from __future__ import annotations

from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input

from reader.text.field import (
    Caret,
    FieldDrawing,
    FieldLine,
    caret_at_cell,
    draw_field,
    lay_out_field,
    move_caret,
)
from reader.text.options import LayoutOptions
from reader.text.sanitise import sanitise


class BidiInput(Input):
    """A text field for Arabic, Latin and both; `value` is logical text.

    `options` are the reader's (visual or logical mode); `rtl_when_empty`
    gives a field with no letters yet the right-to-left side (the caret
    waits at the right edge). Right-to-left text sits flush right, unless
    `flush_left` (a field in a left-to-right list, like the palette's).
    Suggestions, passwords and highlighters of `Input` are not drawn.
    """

    def __init__(
        self,
        options: LayoutOptions,
        value: str | None = None,
        placeholder: str = "",
        *,
        rtl_when_empty: bool = False,
        flush_left: bool = False,
        select_on_focus: bool = True,
        compact: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._options = options
        self.rtl_when_empty = rtl_when_empty
        """Whether the field, while it has no letters, is right to left."""
        self._flush_left = flush_left
        self._caret: Caret | None = None
        """The caret as the arrows left it, with its affinity; stale (and
        ignored) once Textual's editing has moved the cursor elsewhere."""
        super().__init__(
            value,
            placeholder,
            select_on_focus=select_on_focus,
            compact=compact,
            id=id,
            classes=classes,
        )
        # A blinking caret repaints the field twice a second, for ever: over
        # SSH that is a stream of bytes while the reader only thinks.
        self.cursor_blink = False

    def validate_value(self, value: str) -> str:
        # Every change of the value passes here (typing, paste, code): one
        # character for one, so Textual's cursor indices stay right.
        return sanitise(value)

    def set_options(self, options: LayoutOptions) -> None:
        """Draw with other layout options (the reader's bidi mode changed)."""
        self._options = options
        self.virtual_size = self.virtual_size.with_width(self.content_width)
        self.refresh()

    @property
    def caret(self) -> Caret:
        """The caret: the cursor position and which neighbour it is drawn against."""
        kept = self._caret
        if kept is not None and kept.position == self.cursor_position:
            return kept
        return Caret(self.cursor_position)

    @property
    def line(self) -> FieldLine:
        """The value laid out as it is drawn."""
        return lay_out_field(self.value, self._options, self.rtl_when_empty)

    def _drawing(self) -> FieldDrawing:
        if not self.value:
            return draw_field(
                lay_out_field(self.placeholder, self._options, self.rtl_when_empty), Caret(0)
            )
        start, end = self.selection
        return draw_field(self.line, self.caret, (start, end))

    def _lead(self, drawing: FieldDrawing) -> int:
        """Blank cells before the text: a right-to-left field sits flush right."""
        if not drawing.rtl or self._flush_left:
            return 0
        return max(self.scrollable_content_region.width - drawing.cells, 0)

    # -- drawing, in place of Input's ----------------------------------------

    @property
    def content_width(self) -> int:
        return self._drawing().cells

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        drawing = self._drawing()
        styles: list[Style | None] = [None] * len(drawing.text)
        if not self.value:
            placeholder = self.get_component_rich_style("input--placeholder")
            styles = [placeholder] * len(drawing.text)
        elif self.has_focus:
            selected = self.get_component_rich_style("input--selection")
            for start, end in drawing.selected:
                styles[start:end] = [selected] * (end - start)
        if self.has_focus:
            start, end = drawing.cursor
            styles[start:end] = [self.get_component_rich_style("input--cursor")] * (end - start)
        segments = [Segment(" " * self._lead(drawing))]
        # The blank cells on either side are segments of their own: Rich
        # measures a segment as a whole, and a ZWJ last in the text would
        # join the blank after it.
        last = len(drawing.text) - 1
        runs = groupby(range(len(drawing.text)), lambda at: (styles[at], min(at, 1, last - at)))
        for (style, _), run in runs:
            at = list(run)
            segments.append(Segment(drawing.text[at[0] : at[-1] + 1], style))
        scroll_x = int(self.scroll_offset.x)
        strip = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
        return strip.apply_style(self.rich_style)

    # -- caret movement --------------------------------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        self._step(-1, select)

    def action_cursor_right(self, select: bool = False) -> None:
        self._step(1, select)

    def _step(self, step: int, select: bool) -> None:
        if select or not self.selection.is_empty:
            # A selection is a logical range: it grows (or collapses) in the
            # logical order, mirrored in a right-to-left field so that
            # shift+left still grows it leftwards there.
            if (step > 0) != self.line.rtl:
                super().action_cursor_right(select)
            else:
                super().action_cursor_left(select)
            return
        caret = move_caret(self.line, self.caret, step)
        self._caret = caret
        if caret.position != self.cursor_position:
            self.cursor_position = caret.position
        else:  # only the affinity changed: Textual sees no move
            self.refresh()
            self.scroll_to_region(Region(self._cursor_offset, 0, 1, 1), force=True, animate=False)

    def action_cursor_left_word(self, select: bool = False) -> None:
        # Words step in the logical order, mirrored in a right-to-left field.
        if self.line.rtl:
            super().action_cursor_right_word(select)
        else:
            super().action_cursor_left_word(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        if self.line.rtl:
            super().action_cursor_left_word(select)
        else:
            super().action_cursor_right_word(select)

    # -- the seam into Input's internals ----------------------------------------
    # Input places the terminal's cursor and scrolls the field to the cell
    # `_cursor_offset` names, and maps a click with `_cell_offset_to_index`:
    # both count cells of the logical text. Given here in drawing order.
    # tests/ui/test_bidi_input.py fails if Textual renames or stops using them.

    @property
    def _cursor_offset(self) -> int:
        drawing = self._drawing()
        return self._lead(drawing) + drawing.cursor_cell

    def _cell_offset_to_index(self, offset: int) -> int:
        cell = offset + int(self.scroll_offset.x) - self._lead(self._drawing()) - 1
        caret = caret_at_cell(self.line, cell)
        self._caret = caret
        return caret.position
