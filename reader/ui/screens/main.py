"""The reading screen: library, article, contents, status line and keys.

Mirrored for right-to-left articles: the library docks on the right, the
contents on the left, and the status line reads from the right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.article.model import Article, ArticleError
from reader.page import ArticleBlocks, article_is_rtl
from reader.text.options import LayoutOptions
from reader.text.sanitise import sanitise_line
from reader.ui.keys import bind
from reader.ui.widgets.article_view import ArticleView, Where
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.article.load_process import ArticleLoader
    from reader.library.find import Library
    from reader.library.find_in_article import ArticleHit
    from reader.library.summary import ArticleSummary
    from reader.ui.session import Session
    from reader.ui.widgets.bidi_input import BidiInput
    from reader.ui.widgets.toc import Toc

# Below this many columns the library hides unless asked for, and the
# contents open as a list over the article instead of beside it.
NARROW = 60
# A reading position is saved once scrolling pauses this long.
_SAVE_DELAY = 1.0
# A notice is read in passing: a few lines at most, whatever it quotes (a
# broken 50 MB settings file once made one of 27 MB).
MAX_NOTICE_CHARS = 400
# What a hostile or broken file can make a parser raise; shown, never fatal.
_LOAD_ERRORS = (ArticleError, OSError, ValueError, RecursionError, MemoryError)


class MainScreen(Screen[None]):
    AUTO_FOCUS = "ArticleView"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("tab", "app.focus_next", "Library / article / contents"),
        bind("t", "contents", "Contents", help="Table of contents", show=True),
        bind("s", "toggle_sidebar", "Library", help="Show or hide the library", show=True),
        bind("escape", "read", "Back to the article", help="Back to the article; end a search"),
    ]

    def __init__(self, session: Session, library: Library, article: Article | None) -> None:
        super().__init__()
        self._session = session
        self._library = library
        self._first_article = article
        self._summaries: list[ArticleSummary] = []
        self._loader: ArticleLoader | None = None
        self._save_timer: Timer | None = None
        # Whether the library shows on wide and on narrow terminals; only the
        # wide choice is a setting, a narrow terminal starts with it hidden.
        self._sidebar_wide = session.settings.settings.sidebar != "hidden"
        self._sidebar_narrow = False
        # Kept, not queried: the position is saved after the widgets are gone.
        self.view = ArticleView(session.options)
        self._status = StatusLine(session.options)
        self._sidebar = Sidebar(session.options, id="sidebar", empty_text="Reading the library…")
        # Mounted when first asked for: a hidden widget still costs Textual
        # a styling pass (its and its component classes') per restyle.
        self._toc: Toc | None = None
        self._keys = KeyBar()
        # Mounted on the first `/`, like the contents.
        self._search: BidiInput | None = None
        if article is not None:
            # Placed before mounting: a class changed later restyles every widget.
            self._place_sides(self._rtl(article))

    @property
    def _options(self) -> LayoutOptions:
        return self._session.options

    @property
    def library(self) -> list[ArticleSummary]:
        return list(self._summaries)

    def compose(self) -> ComposeResult:
        yield self._status
        # The panes sit in their own box so that the docked library and
        # contents take the height below the status line, not beside it.
        with Horizontal(id="panes"):
            yield self._sidebar
            yield self.view
        yield self._keys

    def on_mount(self) -> None:
        self.watch(self.view, "where", self._moved, init=False)
        self.watch(self.view, "found", self._status.show_hits, init=False)
        if self._first_article is not None:
            self.show_article(self._first_article)
        else:
            self.view.show_message("Reading the library…")
        self._place_panels()
        self.view.focus()
        self.call_after_refresh(self._scan_library)

    def on_resize(self) -> None:
        self._place_panels()

    # -- the library -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="library")
    def _scan_library(self) -> None:
        # Finding and summarising a big folder reads every file: not on the UI thread.
        from reader.library.find import find_articles, no_articles
        from reader.library.summary import newest_first, read_summary

        try:
            found = find_articles(self._library)
            if not found.files:
                raise ArticleError(no_articles(self._library.folder))
            read = [(Path(f.path), read_summary(Path(f.path), f.size)) for f in found.files]
            summaries = newest_first(s for _, s in read if not isinstance(s, str))
            failures = [(path, s) for path, s in read if isinstance(s, str)]
        except _LOAD_ERRORS as error:
            message = str(error) if isinstance(error, ArticleError | OSError) else repr(error)
            self._from_worker(self._library_failed, message)
            return
        self._from_worker(self._library_ready, list(summaries), list(failures))

    def _library_ready(
        self, summaries: list[ArticleSummary], failures: list[tuple[Path, str]]
    ) -> None:
        self._summaries = summaries
        self._sidebar.show_library(summaries, self._open_path)
        self._sidebar.set_empty_text(f"No articles in {self._library.folder}")
        if failures:
            # The message names the file ("… is a binary file, not an article").
            _, message = failures[0]
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            self.tell(f"Left out of the library: {message}{more}", "warning")
        if self.view.article is None:
            if summaries:
                self.open_article(summaries[0].path)
            else:
                self.view.show_message(f"No articles in {self._library.folder}")

    def _library_failed(self, message: str) -> None:
        self._sidebar.set_empty_text(message)
        if self.view.article is None:
            self.view.show_message(message)

    # -- the article -----------------------------------------------------------

    @property
    def _open_path(self) -> Path | None:
        article = self.view.article
        return article.path if article is not None else None

    def open_article(self, path: Path) -> None:
        """Open the article at `path` (read in the background)."""
        if not self._session.may_open(path, self._library.folder):
            self.tell(f"{path.name}: outside the library, not opened", "error")
            return
        if self._open_path is not None and self._open_path.resolve() == path.resolve():
            self.view.focus()
            return
        if self._loader is None:
            # Imported and started with the first article read in the background.
            from reader.article.load_process import ArticleLoader

            self._loader = ArticleLoader()
        # The article asked for before this one is not wanted any more.
        self._loader.cancel()
        self._load_article(self._loader, path)

    @work(thread=True, exclusive=True, group="article")
    def _load_article(self, loader: ArticleLoader, path: Path) -> None:
        # Read and parsed in a process of its own (see ArticleLoader): not
        # even a 64 MiB hostile file can hold up the keys, and `q` or the
        # next article stops it at once. What stays here is pure Python,
        # which gives the UI thread its turn every few milliseconds.
        from reader.article.load_process import LoadCancelled

        try:
            article = loader.load(path)
        except LoadCancelled:
            return
        except _LOAD_ERRORS as error:
            # An ArticleError names the file itself ("no such file: …").
            message = str(error) if isinstance(error, ArticleError) else f"{path}: {error!r}"
            self._from_worker(self.tell, message, "error")
            return
        self._from_worker(self.show_article, article, ArticleBlocks.of(article))

    def _from_worker(self, callback: Callable[..., object], *args: object) -> None:
        # A thread cannot be stopped: a load superseded by a newer one (or by
        # quitting) runs to its end, and its result must then be dropped.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(callback, *args)

    def show_article(self, article: Article, blocks: ArticleBlocks | None = None) -> None:
        """Show `article`; `blocks` are its blocks, if worked out already."""
        self.save_position()
        position = self._session.position(article.path) if article.path else None
        self.view.show(article, position, blocks)
        if self._toc is not None:
            self._toc.show_article(article)
        self._sidebar.mark(article.path)
        self._place_panels()
        self._update_status()
        for notice in article.notices:
            self.tell(notice)
        self.show_notices()
        self.view.focus()

    def save_position(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        place = self.reading_place()
        if place is not None:
            self._session.save_position(*place)
            self.show_notices()

    def reading_place(self) -> tuple[Path, int, int] | None:
        """The open article and the position in it, read without touching
        the widgets, so that any thread may ask."""
        article, position = self.view.article, self.view.position
        if article is None or article.path is None or position is None:
            return None
        return (article.path, *position)

    def go_to_section(self, number: int) -> None:
        """Make the heading of the `number`-th headed section the top line."""
        self.view.action_section(number)
        self.view.focus()

    def apply_options(self, options: LayoutOptions) -> None:
        """Lay everything out again (bidi mode or harakat changed)."""
        self.view.set_options(options)
        self._sidebar.set_options(options)
        if self._toc is not None:
            self._toc.set_options(options)
        if self._search is not None:
            self._search.set_options(options)
        self._status.set_options(options)
        self._place_panels()

    def show_notices(self) -> None:
        for notice in self._session.take_notices():
            self.tell(notice, "warning", timeout=10)

    def tell(
        self, message: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Show a notice. Notices quote file names and file contents, so they
        are made safe for the terminal first (bidi controls shown as tags, see
        `sanitise_line`), cut to a few lines, and never read as markup (a file
        called `[link=…]` or `[@click=…]` must not become a link or an action,
        nor a `[/]` a crash)."""
        text = sanitise_line(message)
        if len(text) > MAX_NOTICE_CHARS:
            text = text[: MAX_NOTICE_CHARS - 1] + "…"
        self.app.notify(text, severity=severity, timeout=timeout, markup=False)

    def _moved(self, where: Where) -> None:
        self._update_status()
        if self._toc is not None:
            self._toc.mark_section(where.section)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(_SAVE_DELAY, self.save_position)

    def _update_status(self) -> None:
        view, status = self.view, self._status
        article = view.article
        if article is None:
            status.show("", None, None, rtl=False)
            return
        section = view.section
        in_range = 0 <= section < len(article.sections)
        heading = article.sections[section].heading if in_range else None
        status.show(article.title, heading, view.percent, rtl=self._rtl(article))

    def _rtl(self, article: Article) -> bool:
        page = self.view.page
        if page is not None:
            return page.rtl
        direction = self._options.direction
        return article_is_rtl(article) if direction == "auto" else direction == "rtl"

    # -- panels ----------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    def _place_panels(self) -> None:
        """Show or hide the library for the width, on the article's side."""
        sidebar, toc = self._sidebar, self._toc
        article = self.view.article
        self._place_sides(article is not None and self._rtl(article))
        sidebar.display = self._sidebar_narrow if self.narrow else self._sidebar_wide
        # The palette's key is in the help; on a narrow key bar the keys come first.
        self._keys.show_command_palette = not self.narrow
        if self.narrow and toc is not None and toc.display:
            toc.display = False
        if not sidebar.display and sidebar.has_focus:
            self.view.focus()

    def _place_sides(self, rtl: bool) -> None:
        """The library on the article's side, the contents on the other."""
        place = self._session.settings.settings.sidebar
        right = place == "right" or (place in ("auto", "hidden") and rtl)
        self.set_class(rtl, "-rtl")
        self._sidebar.set_class(right, "-right")
        if self._toc is not None:
            self._toc.set_class(right, "-left")

    def action_toggle_sidebar(self) -> None:
        if self.narrow:
            self._sidebar_narrow = not self._sidebar_narrow
        else:
            self._sidebar_wide = not self._sidebar_wide
            self._session.change(sidebar=self._sidebar_setting())
            self.show_notices()
        self._place_panels()
        if self._sidebar.display:
            self._sidebar.focus()

    def _sidebar_setting(self) -> str:
        current = self._session.settings.settings.sidebar
        if not self._sidebar_wide:
            return "hidden"
        return "auto" if current == "hidden" else current

    def action_contents(self) -> None:
        article = self.view.article
        if article is None:
            return
        if self.narrow:
            from reader.ui.screens.contents import ContentsScreen

            self.app.push_screen(
                ContentsScreen(article, self.view.section, self._options), self._contents_picked
            )
        elif self._toc is None:
            from reader.ui.widgets.toc import Toc

            self._toc = Toc(self._options, id="toc", empty_text="No headings.")
            self._toc.show_article(article)
            self._toc.mark_section(self.view.section)
            self._place_sides(self._rtl(article))  # before mounting, as in __init__
            self.query_one("#panes").mount(self._toc, before=self.view)
            self._toc.focus()
        elif self._toc.display:
            self._toc.display = False
            self.view.focus()
        else:
            self._toc.display = True
            self._toc.focus()

    def _contents_picked(self, number: int | None) -> None:
        if number is not None:
            self.go_to_section(number)

    def action_read(self) -> None:
        self._close_search()
        self.view.clear_hits()
        self.view.focus()

    # -- searching the article ---------------------------------------------------

    def action_search(self) -> None:
        """Open the search field under the article (`/` in the article)."""
        article = self.view.article
        if article is None:
            return
        if self._search is None:
            from reader.ui.widgets.bidi_input import BidiInput

            self._search = BidiInput(
                self._options,
                placeholder="Search the article (enter; then n, N)",
                compact=True,
                id="search",
            )
            self.mount(self._search, before=self._keys)
        # Empty, the caret waits on the article's side.
        self._search.rtl_when_empty = self._rtl(article)
        self._search.display = True
        # At once, not after the keys already on their way (as focus() would).
        self.set_focus(self._search)

    def _close_search(self) -> None:
        if self._search is not None and self._search.display:
            self._search.display = False

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        article, page = self.view.article, self.view.page
        if article is None or page is None or not event.value.strip():
            self.action_read()
            return
        self._find(article, [block.text for block in page.blocks], event.value)

    @work(thread=True, exclusive=True, group="search")
    def _find(self, article: Article, texts: list[str], query: str) -> None:
        # Normalising a whole long article takes a moment: not on the UI thread.
        from reader.library.find_in_article import find_in_article

        self._from_worker(self._found, article, query, find_in_article(texts, query))

    def _found(self, article: Article, query: str, hits: list[ArticleHit]) -> None:
        if self.view.article is not article:
            return  # another article was opened meanwhile
        if not hits:
            self.app.bell()
            self.tell(f"Not found: {query}")
            return
        self._close_search()
        self.view.show_hits(hits)
        self.view.focus()

    @on(LineList.Picked, "#sidebar")
    def _article_picked(self, event: LineList.Picked) -> None:
        self.open_article(self._sidebar.path_at(event.index))

    @on(LineList.Picked, "#toc")
    def _section_picked(self, event: LineList.Picked) -> None:
        self.go_to_section(event.index)

    def on_unmount(self) -> None:
        self.save_position()
        # A load under way ends now, and its thread with it: quitting must
        # not wait for a parse.
        if self._loader is not None:
            self._loader.close()
