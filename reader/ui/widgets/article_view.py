"""The article: a Line API scroll view over the lines the text core laid out.

Only the visible lines are turned into strips (cached per line, cleared when
the width, the options or the theme change). Textual never sees the article as
text it could wrap: each line arrives shaped, reordered and indented by
`reader.page.Page`.

Layout is incremental: the first screens are laid out at once and the rest in
short slices on a timer after the first frame, so a 5 MB article opens and
scrolls at once while the scrollable height grows, without repainting. A jump
lays out the place it goes to at once, wherever it is: the lines above it are
estimated until the slices reach them, and as they do the view keeps its top
line (by block, see `Page.anchor`), again without repainting.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.article.model import Article
from reader.page import ArticleBlocks, Page, ParagraphCache, Role, TextBlock
from reader.text.labels import fit_label
from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.textual_seams import grow_quietly, move_quietly

if TYPE_CHECKING:
    from reader.library.find_in_article import ArticleHit

_ROLES: tuple[Role, ...] = (
    "title",
    "byline",
    "credits",
    "heading",
    "paragraph",
    "quote",
    "list_item",
    "code",
)
# Seconds of layout per slice: short enough that a key pressed meanwhile is
# answered within a frame or two. Between slices the app gets a pause.
_SLICE_SECONDS = 0.02
_SLICE_PAUSE = 0.01
_LINES_PER_STEP = 64
# Cells of air between the text and the panes beside it. Drawn as part of
# each line rather than as CSS padding, which Textual sends as a run of its
# own (another style change per line).
_MARGIN = 1


class Where(NamedTuple):
    section: int
    """Index in `Article.sections` (-1: the title and credits)."""
    percent: int


End = Literal["end"]
Goal = tuple[int, int] | End
"""Where to scroll once there is a page: (block, offset) as the top line, or
the end."""


def _component(role: Role) -> str:
    return "article-view--" + role.replace("_", "-")


def _blank_alike(style: Style, base: Style) -> bool:
    """Whether spaces drawn in `style` look like spaces drawn in `base`: the
    same background and nothing drawn across a blank (a line, inversion)."""
    return style.bgcolor == base.bgcolor and not (
        style.underline
        or style.underline2
        or style.overline
        or style.strike
        or style.reverse
        or style.frame
        or style.encircle
        or style.link
    )


class ArticleView(ScrollView, can_focus=True):
    """One article, laid out for the width of the view."""

    ALLOW_SELECT = False  # a selection would copy shaped glyphs in drawing order
    COMPONENT_CLASSES: ClassVar[set[str]] = {_component(role) for role in _ROLES} | {
        "article-view--message",
        "article-view--hit",
        "article-view--current-hit",
    }
    # Search hits stand out as `less` shows them, in reverse video, which
    # reads in every theme and in 16 colours; the current one in the accent.
    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 0;
        height: 1fr;
    }
    ArticleView > .article-view--hit {
        text-style: reverse;
    }
    ArticleView > .article-view--current-hit {
        background: $accent;
        color: $background;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("j,down", "scroll_lines(1)", "Line down", id="down"),
        bind("k,up", "scroll_lines(-1)", "Line up", id="up"),
        bind("space,pagedown", "scroll_pages(1)", "Page down", id="page-down"),
        bind("b,pageup", "scroll_pages(-1)", "Page up", id="page-up"),
        bind("g,home", "top", "Top", id="top"),
        bind("G,end", "bottom", "Bottom", id="bottom"),
        bind("]", "next_section", "Next", id="next-section", help="Next section", show=True),
        bind(
            "[",
            "previous_section",
            "Prev",
            id="previous-section",
            help="Previous section",
            show=True,
        ),
        *(
            bind(
                str(n),
                f"section({n - 1})",
                "Section",
                id=f"section-{n}",
                help="Section 1–9",
                key_display="1–9",
            )
            for n in range(1, 10)
        ),
        # A priority binding, run as `/` arrives: the screen opens and
        # focuses its field before the keys typed after `/` are handed out,
        # so a fast typist's (or a paste's) letters land in the field, not
        # on the shortcuts. Only while the article has focus.
        bind("/", "screen.search", "Search", id="search", help="Search the article", priority=True),
        bind("n", "next_hit(1)", "Next hit", id="next-hit", help="Next search hit"),
        bind("N", "next_hit(-1)", "Previous hit", id="previous-hit", help="Previous search hit"),
    ]

    found: var[tuple[int, int] | None] = var(None)
    """The search hit shown and how many there are, (3, 17); None when
    nothing is searched for."""

    where: var[Where] = var(Where(-1, 0))
    """Where the top line is. A reactive rather than a message: a watcher
    runs at once, so the status line changes in the same frame as the text
    (over SSH a second frame per key costs bytes)."""

    def __init__(self, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._options = options
        self._article: Article | None = None
        self._message = ""
        self._cache = ParagraphCache()
        self._page: Page | None = None
        # The article's blocks (the same at every width and with any options),
        # the blocks that are headings, and where each block starts in the
        # article's text (for the progress).
        self._blocks: list[TextBlock] = []
        self._heading_blocks: list[int] = []
        self._block_starts: list[int] = [0]
        self._goal: Goal | None = None
        # Rows allowed below the text so that a heading near the end can still
        # become the top line after a section jump.
        self._tail = 0
        self._timer: Timer | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        # The widget's style (key None) and each role's, until the CSS changes:
        # Textual computes rich_style from every ancestor on each call.
        self._styles: dict[Role | None, Style] = {}
        # The reading position, kept apart from the scroll offset: when the
        # terminal grows, Textual clamps the offset before `on_resize` runs,
        # and the place read from it then would drift a little each time.
        self._reading: tuple[int, int] = (0, 0)
        self._sized_for = Size(0, 0)
        # Whether `]` and `[` lead anywhere, and how many sections the digits
        # reach: the key bindings are refreshed when it changes.
        self._movable: tuple[bool, bool, int] = (False, False, 0)
        self._hits: list[ArticleHit] = []
        self._current_hit = 0
        # Per block with hits, its lines' highlighted cells (computed when a
        # line of the block is first drawn, until the layout changes).
        self._hits_in_block: dict[int, list[int]] = {}
        self._hit_runs: dict[int, dict[int, list[tuple[int, int, bool]]]] = {}

    # -- what is shown ---------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def page(self) -> Page | None:
        return self._page

    @property
    def options(self) -> LayoutOptions:
        return self._options

    @property
    def top_line(self) -> int:
        return round(self.scroll_y)

    @property
    def position(self) -> tuple[int, int] | None:
        """The reading position of the top line: (block, offset in its text)."""
        if self._article is None:
            return None
        return self._reading

    @property
    def section(self) -> int:
        """The section of the top line (-1 for the title and credits)."""
        return self._page.section_at(self.top_line) if self._page else -1

    @property
    def percent(self) -> int:
        """How far into the article the top line is, by characters."""
        page = self._page
        if page is None or not page.lines:
            return 0
        at_end = self.top_line + self._viewport_height >= len(page.lines)
        if at_end and page.laid_out(len(page.blocks) - 1):
            return 100
        block, offset = page.position_at(self.top_line)
        total = self._block_starts[-1]
        return min(100 * (self._block_starts[block] + offset) // max(total, 1), 100)

    @property
    def visible_blocks(self) -> list[int]:
        """The blocks with a line on screen, whole, in reading order."""
        page = self._page
        if page is None:
            return []
        first = self.top_line
        lines = page.lines[first : first + self._viewport_height]
        # A blank line between blocks belongs to the block after it.
        return list(dict.fromkeys(line.block for line in lines if line.role is not None))

    @property
    def heading_count(self) -> int:
        return len(self._heading_blocks)

    def show(
        self,
        article: Article,
        position: tuple[int, int] | None = None,
        blocks: ArticleBlocks | None = None,
    ) -> None:
        """Show `article`, at `position` (block, offset) or at its top.
        `blocks` are its blocks if they were worked out already (off the UI
        thread: for a huge article they are seconds of work)."""
        self._blocks, self._heading_blocks, self._block_starts = blocks or ArticleBlocks.of(article)
        self._forget_hits()
        self._article = article
        self._message = ""
        self._cache = ParagraphCache()
        self._page = None
        self._reading = position or (0, 0)
        self._rebuild(self._reading)

    def show_message(self, message: str) -> None:
        """Show a one-line message instead of an article."""
        self._forget_hits()
        self._stop_layout()
        self._article = self._page = None
        self._message = message
        self._blocks, self._heading_blocks, self._block_starts = [], [], [0]
        self._goal, self._tail = None, 0
        self._update_virtual_size()
        self._redraw()
        self._report_position()

    def set_options(self, options: LayoutOptions) -> None:
        """Lay out again with other options, keeping the reading position."""
        if options != self._options:
            self._options = options
            self._rebuild(self._goal or self._reading)

    # -- layout ----------------------------------------------------------------

    @property
    def _viewport_height(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    @property
    def _text_width(self) -> int:
        return self.scrollable_content_region.width - 2 * _MARGIN

    def _rebuild(self, goal: Goal) -> None:
        self._stop_layout()
        self._page = None
        self._goal, self._tail = goal, 0
        width = self.scrollable_content_region.width
        if self._article is None or not self.is_mounted or width <= 0:
            return  # on_resize lays out once the view has a size
        self._page = Page(self._article, self._text_width, self._options, self._cache, self._blocks)
        self._sized_for = self.size
        # The screen of the goal before the first frame; the rest follows in
        # slices after it, without a repaint (see `_update_virtual_size`).
        self._redraw()
        self._reach(goal)
        self._schedule_slice()

    def _stop_layout(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _lay_out_slice(self) -> None:
        self._timer = None
        page = self._page
        if page is None:
            return
        top = page.anchor(self.top_line)
        deadline = monotonic() + _SLICE_SECONDS
        while not page.done and monotonic() < deadline:
            page.lay_out_more(_LINES_PER_STEP)
        self._keep_top_line(page.line_of(top))
        self._report_position()
        self._schedule_slice()

    def _schedule_slice(self) -> None:
        if self._page is not None and not self._page.done and self._timer is None:
            self._timer = self.set_timer(_SLICE_PAUSE, self._lay_out_slice)

    def _extend_for_view(self) -> None:
        page = self._page
        if page is not None and not page.done:
            height = self._viewport_height
            self._keep_top_line(page.settle(self.top_line, 0, 2 * height))

    def _keep_top_line(self, line: int) -> None:
        """Show the same lines with `line` (their number now) on top, after
        layout above them moved their numbers: nothing on screen changes,
        so nothing is repainted."""
        if line != self.top_line:
            # Before the size changes: Textual would clamp the old offset
            # (seam 5 of textual_seams.py).
            move_quietly(self, line)
            self._strips.clear()  # they are by line number, as are the hits' runs
            self._hit_runs.clear()
        self._update_virtual_size(line)

    def _update_virtual_size(self, top: int | None = None) -> None:
        """The virtual size for the lines there are, with `top` (the top
        line's number, by default as it is) at the top."""
        top = self.top_line if top is None else top
        lines = len(self._page.lines) if self._page else int(bool(self._message))
        size = Size(self.scrollable_content_region.width, max(lines, self._tail))
        old = self.virtual_size
        height = self._viewport_height
        if size == old:
            return
        if (
            size.width == old.width
            and min(size.height, old.height) > height >= 1
            and top + height <= size.height
        ):
            # Lines laid out (or estimates made good) outside the screen of a
            # view that scrolls already: nothing on screen changes, only how
            # far it scrolls. Textual repaints the whole view for any change
            # of the virtual size (a layout reactive), a screenful of bytes
            # over SSH, so it changes quietly (seam 1 of textual_seams.py).
            grow_quietly(self, size)
        else:
            self.virtual_size = size

    def _reach(self, goal: Goal) -> None:
        """Scroll to `goal`, laying out its screen first; or, if the view has
        no page yet, once it has one."""
        self._goal = goal
        if self._page is not None:
            self._go_to(goal)

    def _go_to(self, goal: Goal) -> None:
        page = self._page
        assert page is not None
        self._goal = None
        height = self._viewport_height
        if goal == "end":
            self._tail = 0
            page.block_line(len(page.blocks) - 1)
            last = page.settle(len(page.lines) - 1, height, 1)
            self._scroll_to_line(last + 1 - height)
        else:
            # A screen and a line, so that the view scrolls already.
            line = page.settle(page.line_at(*goal), 0, height + 1)
            self._tail = max(self._tail, line + height)
            self._scroll_to_line(line)
            # The line may start before the place: keep the place itself, or
            # each resize would move the reading back to a line's start.
            self._reading = goal
        self._report_position()

    def _scroll_by(self, count: int) -> None:
        """Scroll `count` lines from the top line, laying them out first
        (above it, that may move the top line's number)."""
        self._goal = None
        page = self._page
        shown = top = self.top_line
        if page is not None:
            top = page.settle(top, max(-count, 0), self._viewport_height + max(count, 0))
        self._scroll_to_line(top + count)
        if top != shown:
            # Lines laid out above renumbered the page under the view. When
            # the new number of the target is the old scroll offset (lines
            # above `count` more than estimated), Textual sees no scroll, and
            # neither repaints nor sends a frame: the key seemed lost.
            self.refresh()

    def _scroll_to_line(self, line: int) -> None:
        page = self._page
        if page is not None:
            # A key may come before the slices after the first frame have
            # laid out where it goes (the scroll is clamped to what is), and
            # a new layout at the same place gets no scroll event to lay out
            # the screen it shows.
            line = page.settle(max(line, 0), 0, self._viewport_height)
            if self.virtual_size.height != max(len(page.lines), self._tail):
                # Scrolling repaints the view anyway, so the size catches up
                # in the same frame.
                self._update_virtual_size()
        # Forced: right after a resize Textual has not yet decided that the
        # new virtual size needs a scrollbar, and would refuse to scroll.
        self.scroll_to(y=max(line, 0), animate=False, immediate=True, force=True)

    # -- events ----------------------------------------------------------------

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # An article waiting for a size is laid out as soon as the view has
        # one, before the first paint (seam 2 of reader/ui/textual_seams.py).
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed and self._article is not None and self._page is None and self.is_mounted:
            self._rebuild(self._goal or self._reading)
        return changed

    def on_resize(self) -> None:
        width = max(self._text_width, 4)
        if self._page is not None and self._page.width == width and self.size == self._sized_for:
            return  # laid out for this size already, in _size_updated
        if self._article is None:
            self._redraw()
        elif self._page is None or self._page.width != width:
            self._rebuild(self._goal or self._reading)
        else:
            self._sized_for = self.size
            self._redraw()
            self._reach(self._goal or self._reading)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's own watcher, but the right margin, which does not change
        # when the text moves, is not repainted: that spares a cursor move per
        # line, as Textual's partial update moves onto the next pane whenever a
        # repaint reaches the view's right edge (seam 3 of textual_seams.py).
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            width = max(self.size.width - _MARGIN, 1)
            self.refresh(Region(0, 0, width, self.size.height))
        page = self._page
        self._extend_for_view()
        if page is not None and page.lines and self.size == self._sized_for:
            self._reading = page.position_at(self.top_line)
        self._report_position()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def on_unmount(self) -> None:
        self._stop_layout()

    def _report_position(self) -> None:
        if self._page is not None:
            self.where = Where(self.section, self.percent)
        movable = (self._next_heading() is not None, self.top_line > 0, self.heading_count)
        if movable != self._movable:
            # The section keys become available or not: the key bar shows it.
            self._movable = movable
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The section keys that lead nowhere from here are shown disabled
        (None), rather than ringing the bell."""
        if action == "next_section":
            return True if self._next_heading() is not None else None
        if action == "previous_section":
            return True if self.top_line > 0 else None
        if action == "section":
            number = parameters[0] if parameters else -1
            return True if isinstance(number, int) and number < self.heading_count else None
        if action == "next_hit":
            return True if self._hits else None
        return True

    # -- actions ---------------------------------------------------------------

    def action_scroll_lines(self, count: int) -> None:
        self._scroll_by(count)

    def action_scroll_pages(self, count: int) -> None:
        # One line of the page just read stays in view, to keep the thread.
        self._scroll_by(count * max(self._viewport_height - 1, 1))

    def action_top(self) -> None:
        self._reach((0, 0))

    def action_bottom(self) -> None:
        self._reach("end")

    def action_section(self, number: int) -> None:
        """Make the heading of the `number`-th headed section the top line."""
        if 0 <= number < len(self._heading_blocks):
            self._reach((self._heading_blocks[number], 0))

    def _next_heading(self) -> int | None:
        """The number of the first heading below the top line, if any."""
        for number, block in enumerate(self._heading_blocks):
            if self._from_top_line(block) > 0:
                return number
        return None

    def action_next_section(self) -> None:
        number = self._next_heading()
        if number is not None:
            self.action_section(number)

    def action_previous_section(self) -> None:
        earlier = [
            number
            for number, block in enumerate(self._heading_blocks)
            if self._from_top_line(block) < 0
        ]
        if earlier:
            self.action_section(earlier[-1])
        elif self.top_line > 0:
            self.action_top()

    def _from_top_line(self, block: int) -> int:
        """Where the first line of `block` is from the top line: -1 above, 0
        on it, 1 below (by block where the lines between are estimated)."""
        page = self._page
        if page is None or not page.lines:
            return 1
        top = self.top_line
        top_block, _ = page.anchor(top)
        if block != top_block:
            return -1 if block < top_block else 1
        line = page.block_line(block)
        return (line > top) - (line < top)

    # -- search hits -----------------------------------------------------------

    def show_hits(self, hits: list[ArticleHit]) -> None:
        """Highlight `hits` (in reading order) and go to the first one at or
        after the reading position, or to the first of all past the last."""
        self._hits = hits
        self._hits_in_block = {}
        for number, hit in enumerate(hits):
            self._hits_in_block.setdefault(hit.block, []).append(number)
        here = self._reading
        after = (n for n, hit in enumerate(hits) if (hit.block, hit.end) > here)
        self._current_hit = next(after, 0)
        self.refresh_bindings()  # n and N: something to step through, or not
        self._redraw()
        self._go_to_hit(self._current_hit)

    def clear_hits(self) -> None:
        if self._hits:
            self._forget_hits()
            self._redraw()

    def _forget_hits(self) -> None:
        self._hits, self._hits_in_block, self._current_hit = [], {}, 0
        self._hit_runs.clear()
        self.found = None
        self.refresh_bindings()  # n and N: nothing to step through

    def action_next_hit(self, step: int) -> None:
        """The next (`step` 1) or previous (-1) hit, round past either end."""
        if not self._hits:
            return  # shown disabled (check_action)
        self._go_to_hit((self._current_hit + step) % len(self._hits))

    def _go_to_hit(self, number: int) -> None:
        previous, self._current_hit = self._current_hit, number
        self.found = (number + 1, len(self._hits))
        self._redraw_hits(previous, number)
        hit = self._hits[number]
        page = self._page
        if page is not None and page.laid_out(hit.block):
            line = page.line_at(hit.block, hit.start)
            if self.top_line <= line < self.top_line + self._viewport_height:
                return  # in view already: the text stays where the eyes are
        # As `less` does: the line with the hit becomes the top line.
        self._reach((hit.block, hit.start))

    def _redraw_hits(self, *numbers: int) -> None:
        """Draw the lines of these hits again, and only them: `n` changes
        which hit is current, and over SSH each line repainted is bytes."""
        page = self._page
        if page is None:
            return
        for number in numbers:
            hit = self._hits[number]
            if not page.laid_out(hit.block):
                continue  # not drawn yet, nor cached
            self._hit_runs.pop(hit.block, None)
            for line, _, _ in page.hit_cells(hit.block, hit.start, hit.end):
                self._strips.discard(line)
                self.refresh(Region(0, line - self.top_line, self.size.width, 1))

    def _hit_runs_at(self, index: int) -> list[tuple[int, int, bool]]:
        """Cells of line `index` that show a hit: (first, end, current)."""
        page = self._page
        assert page is not None
        block = page.lines[index].block
        numbers = self._hits_in_block.get(block)
        if not numbers:
            return []
        lines = self._hit_runs.get(block)
        if lines is None:
            lines = self._hit_runs[block] = {}
            for number in numbers:
                hit = self._hits[number]
                for line, first, end in page.hit_cells(block, hit.start, hit.end):
                    lines.setdefault(line, []).append((first, end, number == self._current_hit))
        return lines.get(index, [])

    def _highlight(self, strip: Strip, runs: list[tuple[int, int, bool]]) -> Strip:
        hit = self.get_component_rich_style("article-view--hit", partial=True)
        current = self.get_component_rich_style("article-view--current-hit", partial=True)
        edges = {_MARGIN + cell for first, end, _ in runs for cell in (first, end)}
        pieces = []
        at = 0
        for piece in strip.divide(sorted(edges | {strip.cell_length})):
            shown = [is_current for first, end, is_current in runs if first <= at - _MARGIN < end]
            if shown:
                style = current if shown[0] else hit
                piece = Strip(Segment.apply_style(piece, post_style=style))
            pieces.append(piece)
            at += piece.cell_length
        return Strip.join(pieces)

    # -- drawing ---------------------------------------------------------------

    def _redraw(self) -> None:
        self._strips.clear()
        self._hit_runs.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = self.top_line + y
        strip = self._strips.get(index)
        if strip is None:
            page = self._page
            if page is not None and index >= len(page.lines):
                # The layout follows the view, so this is only a safety net:
                # a row drawn blank would stay blank, as the size grows quietly.
                page.settle(index, 0, 1)
            strip = self._strips[index] = self._render_index(index)
        return strip

    def _render_index(self, index: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style(None)
        page = self._page
        if page is None:
            return self._render_message(index, width, base)
        if index >= len(page.lines) or page.lines[index].role is None:
            return Strip.blank(width, base)
        line = page.lines[index]
        role = line.role
        assert role is not None
        style = self._style(role)
        before = " " * (_MARGIN + line.indent)
        after = " " * max(width - len(before) - line.cells, 0)
        if _blank_alike(style, base):
            # One segment, one style change: the terminal is sent the line
            # with a single SGR sequence instead of one per piece.
            segments = [Segment(before + line.text + after, style)]
        else:
            segments = [Segment(before, base), Segment(line.text, style), Segment(after, base)]
        strip = Strip(segments).crop_extend(0, width, base)
        runs = self._hit_runs_at(index)
        return self._highlight(strip, runs) if runs else strip

    def _render_message(self, index: int, width: int, base: Style) -> Strip:
        if index != 0 or not self._message:
            return Strip.blank(width, base)
        label = fit_label(self._message, max(width - 2, 1), self._options)
        style = base + self.get_component_rich_style("article-view--message")
        return Strip([Segment(" " + label.aligned(width - 2), style)]).crop_extend(0, width, base)

    def _style(self, role: Role | None) -> Style:
        style = self._styles.get(role)
        if style is None:
            if role is None:
                style = self.rich_style
            else:
                style = self._style(None) + self.get_component_rich_style(_component(role))
            self._styles[role] = style
        return style
