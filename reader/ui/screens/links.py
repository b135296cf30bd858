"""The article's links (`o`): its own address and those in its text, to
click where the terminal shows hyperlinks and to copy everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.article.links import Link
from reader.hyperlinks import MAX_HYPERLINK_BYTES, shown_url
from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.widgets.line_list import LineList, Row


class LinksScreen(ModalScreen[Link | None]):
    """Dismissed with the link to copy (`y` or `enter`), or None."""

    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
    }
    LinksScreen > Vertical {
        width: 100%;
        max-width: 76;
        height: auto;
        max-height: 100%;
        border: round $primary;
    }
    LinksScreen LineList {
        height: auto;
        max-height: 18;
    }
    LinksScreen Static {
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # enter is the list's own: it picks, and picking copies.
        bind("y", "copy", "Copy", help="Copy the link under the cursor"),
        bind("escape,o,q", "dismiss", "Close"),
    ]

    def __init__(self, links: list[Link], options: LayoutOptions, *, hyperlinks: bool) -> None:
        super().__init__()
        self._links = links
        self._options = options
        self._hyperlinks = hyperlinks

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Links"
            yield LineList(self._options, id="links")
            if self._hyperlinks:
                hint = "y or enter: copy · click (with ctrl or shift): open · escape: close"
            else:
                hint = "y or enter: copy · escape: close"
            yield Static(hint, markup=False)

    def on_mount(self) -> None:
        links = self.query_one(LineList)
        links.set_entries([self._entry(link) for link in self._links])
        links.focus()

    def _entry(self, link: Link) -> tuple[Row, ...]:
        linked = link.url if self._hyperlinks and len(link.url) <= MAX_HYPERLINK_BYTES else None
        address = Row(shown_url(link.url), "meta" if link.label else "title", link=linked)
        return (Row(link.label, "title"), address) if link.label else (address,)

    def action_copy(self) -> None:
        self._pick(self.query_one(LineList).cursor)

    @on(LineList.Picked)
    def _picked(self, event: LineList.Picked) -> None:
        event.stop()
        self._pick(event.index)

    def _pick(self, index: int) -> None:
        # Two keys queued pick twice: the second finds the screen gone.
        if self.is_current and 0 <= index < len(self._links):
            self.dismiss(self._links[index])
