"""The table of contents as a list to pick from, over the article (used
when the terminal is too narrow for the contents beside the text)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen

from reader.article.model import Article
from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.toc import Toc


class ContentsScreen(ModalScreen[int | None]):
    """Dismissed with the number of the chosen heading, or None."""

    DEFAULT_CSS = """
    ContentsScreen {
        align: center middle;
    }
    ContentsScreen > Toc {
        dock: none;
        width: 100%;
        max-width: 60;
        height: auto;
        max-height: 100%;
        border: round $primary;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape,t", "dismiss", "Close"),
    ]

    def __init__(self, article: Article, section: int, options: LayoutOptions) -> None:
        super().__init__()
        self._article = article
        self._section = section
        self._options = options

    def compose(self) -> ComposeResult:
        yield Toc(self._options, empty_text="This article has no headings.")

    def on_mount(self) -> None:
        toc = self.query_one(Toc)
        toc.show_article(self._article)
        toc.mark_section(self._section)
        toc.focus()

    @on(LineList.Picked)
    def _picked(self, event: LineList.Picked) -> None:
        event.stop()
        # Two enters queued pick twice: the second finds the screen gone.
        if self.is_current:
            self.dismiss(event.index)
