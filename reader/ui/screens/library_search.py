"""`ctrl+f`: search the full text of the library, and open an article at a hit.

The field shows what is typed shaped and in drawing order (BidiInput); the
articles that match come ranked (bm25), each with its title and the passage
around its best hit, laid out like the library's entries. The search runs in
a thread over the index (it reads only the stored passages of the articles
shown), and as the typing pauses.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.widgets.bidi_input import BidiInput
from reader.ui.widgets.line_list import LineList, Row

if TYPE_CHECKING:
    from reader.library.find import Library
    from reader.library.index import LibraryIndex
    from reader.library.search import SearchHit

# Articles listed at most: the best are first, and a screenful is all anyone reads.
_SHOWN = 200
# Seconds of pause in the typing before the search runs.
_TYPING_PAUSE = 0.15

Picked = tuple["SearchHit", str]
"""A hit to open, and the query that found it (to highlight in the article)."""


class LibrarySearchScreen(ModalScreen[Picked | None]):
    DEFAULT_CSS = """
    LibrarySearchScreen {
        align: center middle;
    }
    LibrarySearchScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $primary;
    }
    LibrarySearchScreen #library-hits {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "app.pop_screen", "Close"),
        bind("down", "hits", "Results"),
    ]

    def __init__(self, library: Library, options: LayoutOptions, note: str = "") -> None:
        super().__init__()
        self._library = library
        self._note = note
        self._field = BidiInput(
            options,
            placeholder="Search the library: words, or a phrase in quotes",
            rtl_when_empty=True,
            compact=True,
            id="library-query",
        )
        self._hits_list = LineList(options, id="library-hits", empty_text=note)
        self._hits: list[SearchHit] = []
        self._query = ""
        self._timer: Timer | None = None
        self._index: LibraryIndex | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self._field
            yield self._hits_list

    def on_mount(self) -> None:
        self.set_focus(self._field)

    def action_hits(self) -> None:
        if self._hits:
            self._hits_list.focus()

    @on(Input.Changed, "#library-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(_TYPING_PAUSE, self._search_now)

    @on(Input.Submitted, "#library-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._query == event.value and self._hits:
            self._hits_list.focus()
        else:
            self._search_now()

    def _search_now(self) -> None:
        self._timer = None
        self._search(self._field.value)

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, typed: str) -> None:
        from reader.library.index import LibraryIndex
        from reader.library.query import parse_query
        from reader.library.search import search

        if self._index is None:
            self._index = LibraryIndex.open(read_only=True)
        hits = list(islice(search(self._index, parse_query(typed), self._library), _SHOWN))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, typed, hits)

    def _show(self, typed: str, hits: list[SearchHit]) -> None:
        self._query, self._hits = typed, hits
        if not typed.strip():
            empty = self._note
        else:
            empty = f"Nothing found. {self._note}".strip()
        self._hits_list.set_empty_text(empty)
        self._hits_list.set_entries([_entry(hit) for hit in hits])

    @on(LineList.Picked, "#library-hits")
    def _picked(self, event: LineList.Picked) -> None:
        self.dismiss((self._hits[event.index], self._query))

    def on_unmount(self) -> None:
        if self._index is not None:
            self._index.close()


def _entry(hit: SearchHit) -> tuple[Row, ...]:
    where = f"{hit.title} · {hit.section}" if hit.section else hit.title
    return (Row(where, "title"), Row(hit.snippet, "meta"))
