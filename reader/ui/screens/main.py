"""The reading screen: library, article, contents, status line and keys.

Mirrored for right-to-left articles: the library docks on the right, the
contents on the left, and the status line reads from the right.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.article.model import Article, ArticleError
from reader.feeds.unread import Unread
from reader.library.summary import ArticleSummary, newest_first
from reader.library.updates import (
    Failed,
    Finished,
    LeftOut,
    Listed,
    Notice,
    Progress,
    Removed,
    Update,
)
from reader.page import ArticleBlocks, article_is_rtl
from reader.text.options import LayoutOptions
from reader.text.sanitise import sanitise_line
from reader.ui.fetching import FetchCount, FetchDone, FetchProgress
from reader.ui.keys import bind
from reader.ui.widgets.article_view import ArticleView, Where
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.article.links import Link
    from reader.article.load_process import ArticleLoader
    from reader.feeds.subscriptions import Feed
    from reader.library.find import Library
    from reader.library.find_in_article import ArticleHit
    from reader.library.process import IndexProcess
    from reader.library.search import SearchHit
    from reader.state.session import Session
    from reader.ui.app import QariApp
    from reader.ui.fetching import Subscriptions
    from reader.ui.screens.library_search import Picked
    from reader.ui.widgets.bidi_input import BidiInput
    from reader.ui.widgets.toc import Toc

# Below this many columns the library hides unless asked for, and the
# contents open as a list over the article instead of beside it.
NARROW = 60
# Below this many columns the text beside both the library and the contents
# would be narrower than about fifty cells, a few Arabic words a line: one
# panel at a time, the one opened last.
BOTH_PANELS = 110
# A reading position is saved once scrolling pauses this long.
_SAVE_DELAY = 1.0
# A notice is read in passing: a few lines at most, whatever it quotes (a
# broken 50 MB settings file once made one of 27 MB).
MAX_NOTICE_CHARS = 400
# While the library fills, the list is sorted and redrawn at most this often.
_LISTING_DELAY = 0.25
# The library is read once the first article is on screen, or after this
# long if that article is slow to come (a huge one, or a busy machine).
_LIBRARY_WAIT = 0.5
# How often the subscriptions file is looked at, for feeds added meanwhile.
_SUBSCRIPTIONS_CHECK = 5.0
# What a hostile or broken file can make a parser raise; shown, never fatal.
_LOAD_ERRORS = (ArticleError, OSError, ValueError, RecursionError, MemoryError)


class MainScreen(Screen[None]):
    AUTO_FOCUS = "ArticleView"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("tab", "app.focus_next", "Library / article / contents", id="focus-next"),
        bind("t", "contents", "Contents", id="contents", help="Table of contents", show=True),
        bind(
            "s",
            "toggle_sidebar",
            "Library",
            id="library",
            help="Show or hide the library",
            show=True,
        ),
        # Everywhere, and shown (in the key bar and the help) with the library's keys.
        bind("ctrl+f", "find_in_library", id="find-in-library"),
        bind(
            "escape",
            "read",
            "Back to the article",
            id="read",
            help="Back to the article; end a search or filter",
        ),
        bind(
            "o",
            "links",
            "Links",
            id="links",
            help="The article's links: its address, those in its text",
        ),
        bind(
            "y",
            "copy_link",
            "Copy link",
            id="copy-link",
            help="Copy the article's address to the clipboard",
        ),
        bind(
            "Y",
            "copy_text",
            "Copy text",
            id="copy-text",
            help="Copy the paragraphs on screen, as text",
        ),
        bind(
            "u",
            "toggle_read",
            "Read/unread",
            id="toggle-read",
            help="Mark the article read or unread (in the library: the one under "
            "the cursor; on a feed's heading, all of it read)",
        ),
        bind(
            "r",
            "fetch",
            "Fetch",
            id="fetch",
            help="Fetch every feed, in the background (needs a subscription: "
            "qari feed add URL; not over qari serve)",
        ),
    ]

    class LibraryUpdated(Message):
        """What the library's worker process reports (posted from its relay thread)."""

        def __init__(self, update: Update) -> None:
            super().__init__()
            self.update = update

    def __init__(self, session: Session, library: Library, article: Article | None) -> None:
        super().__init__()
        self._session = session
        self._library = library
        self._first_article = article
        # The library as reported so far, and in listing order.
        self._summaries: dict[str, ArticleSummary] = {}
        self._listing: list[ArticleSummary] = []
        self._listing_timer: Timer | None = None
        # Paths the worker found gone: a read of the index begun before
        # must not bring them back.
        self._removed: set[str] = set()
        # Whether the summaries changed since the list was last shown.
        self._listing_stale = False
        # Whether the first article is being looked for (_open_first).
        self._first_pending = False
        # Whether the library has begun to be read (_first_shown).
        self._library_begun = False
        self._indexer: IndexProcess | None = None
        self._stage = "summaries"
        """What indexing does now: "summaries", "text", or "" when done."""
        self._activities: dict[str, str] = {}
        self._loader: ArticleLoader | None = None
        """Reads articles in a child process (see `_article_loader`)."""
        self._loader_lock = threading.Lock()
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
        self._filter: BidiInput | None = None
        # Read after the first frame; never for a served reader, which fetches nothing.
        self._subscriptions: Subscriptions | None = None
        self._fetch: FetchCount | None = None
        self._fetch_stop = threading.Event()
        self._unread = Unread.for_reader(library.folder, session.served)
        if article is not None:
            # Placed before mounting: a class changed later restyles every widget.
            self._place_sides(self._rtl(article))

    @property
    def _options(self) -> LayoutOptions:
        return self._session.options

    @property
    def sidebar(self) -> Sidebar:
        return self._sidebar

    @property
    def library(self) -> list[ArticleSummary]:
        return list(self._listing)

    @property
    def library_listed(self) -> bool:
        """Whether every article of the library is listed (the full text may
        still be on its way into the index)."""
        return self._stage != "summaries"

    @property
    def library_searchable(self) -> bool:
        """Whether the full text of the whole library is in the index."""
        return self._stage == ""

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
            self.call_after_refresh(self._first_shown)
        else:
            self.view.show_message("Reading the library…")
            self._first_pending = True
            self._open_first()
            self.set_timer(_LIBRARY_WAIT, self._first_shown)
        self._place_panels()
        self.view.focus()
        self._group_library()
        if self._session.served is None:
            self.call_after_refresh(self._watch_subscriptions)

    def on_resize(self) -> None:
        self._place_panels()

    # -- the library -----------------------------------------------------------

    @work(thread=True, group="first")
    def _open_first(self) -> None:
        """Open the article of this library read last, or else its newest as
        the index knows it: without waiting for the library, whatever its size."""
        from reader.article.load_process import LoadCancelled
        from reader.library.index import LibraryIndex

        path = self._session.last_read(self._library.folder)
        if path is None or not path.is_file():
            index = LibraryIndex.open(read_only=True)
            path = index.newest(self._library)
            index.close()
        article = None
        if path is not None:
            try:
                article = self._article_loader().load(path)
            except LoadCancelled:
                # The reader asked for another article meanwhile.
                self._from_worker(self._first_given_up)
                return
            except _LOAD_ERRORS:
                pass  # gone since: the listing opens the newest
        blocks = ArticleBlocks.of(article) if article is not None else None
        self._from_worker(self._first_done, article, blocks)

    def _first_given_up(self) -> None:
        self._first_pending = False
        self._first_shown()

    def _first_done(self, article: Article | None, blocks: ArticleBlocks | None = None) -> None:
        self._first_pending = False
        if self.view.article is None and article is not None:
            self.show_article(article, None, blocks)
        self.call_after_refresh(self._first_shown)

    def _first_shown(self) -> None:
        """The first article is on screen (or there is none yet): now the
        library. Earlier, reading tens of thousands of rows would hold the
        GIL the first article's layout needs, and the worker walking the
        library would take a core from its loading: a large library would
        open slower than a small one. A timer calls it too, so that the
        library does not wait for a first article slow to come; only the
        first call counts."""
        if self._library_begun:
            return
        self._library_begun = True
        # Once the worker has listed the whole library, the listing read is
        # complete, and opens its newest article if none is open.
        self._read_listing(self._stage != "summaries")
        if self._indexer is None:
            self._start_indexing()

    @work(thread=True, exclusive=True, group="listing")
    def _read_listing(self, complete: bool = False) -> None:
        """The library as the index knows it, read in the reader itself: the
        index is the reader's own cache and no article is parsed for it (that
        is the worker's), so a large library lists at once. `complete`: the
        worker has finished the listing, the index holds all of it."""
        from reader.library.index import LibraryIndex

        index = LibraryIndex.open(read_only=True)
        try:
            ordered = index.summaries(self._library)
        finally:
            index.close()
        self._from_worker(self._listing_read, ordered, complete)

    def _listing_read(self, ordered: list[ArticleSummary], complete: bool) -> None:
        if complete:
            self._summaries = {summary.path: summary for summary in ordered}
        else:
            # What the worker reported meanwhile is newer than this.
            known = len(self._summaries)
            for summary in ordered:
                self._summaries.setdefault(summary.path, summary)
            for path in self._removed:
                self._summaries.pop(path, None)
            if known or self._removed:
                ordered = newest_first(self._summaries.values())
        self._show_listing(ordered)
        if complete:
            self._listing_complete()

    def _start_indexing(self) -> None:
        from reader.library.process import IndexProcess

        first = self._first_article
        opened = first.path if first is not None and not self._library.recursive else None
        self._indexer = IndexProcess(self._library, self._deliver, opened=opened)
        self._indexer.start()

    def _deliver(self, update: Update) -> None:
        # Called in the indexer's relay thread: post_message is thread-safe,
        # and does not wait for the screen, so quitting never waits on it.
        self.post_message(self.LibraryUpdated(update))

    @on(LibraryUpdated)
    def _library_updated(self, message: LibraryUpdated) -> None:
        update = message.update
        if isinstance(update, Listed):
            # An indexer stopped for another library may have sent more.
            held = self._library.holds
            self._summaries.update((s.path, s) for s in update.summaries if held(s.path))
            self._schedule_listing()
        elif isinstance(update, Removed):
            self._removed.update(update.paths)
            for path in update.paths:
                self._summaries.pop(path, None)
            self._schedule_listing()
        elif isinstance(update, Progress):
            label = "Library" if update.stage == "summaries" else "Indexing"
            self._show_activity("library", f"{label} {update.done}/{update.total}")
        elif isinstance(update, LeftOut):
            self._tell_left_out(update)
        elif isinstance(update, Notice):
            self.tell(update.text, "warning", timeout=10)
        elif isinstance(update, Finished):
            self._finished(update.stage, update.articles)
        elif isinstance(update, Failed):
            self._stage = ""
            self._show_activity("library", "")
            self._library_failed(update.message)

    def _schedule_listing(self) -> None:
        self._listing_stale = True
        if not self._listing:
            self._show_listing()  # the first articles at once
        elif self._listing_timer is None:
            self._listing_timer = self.set_timer(_LISTING_DELAY, self._show_listing)

    def _show_listing(self, ordered: list[ArticleSummary] | None = None) -> None:
        if self._listing_timer is not None:
            self._listing_timer.stop()
            self._listing_timer = None
        self._listing = ordered if ordered is not None else newest_first(self._summaries.values())
        self._listing_stale = False
        unread = self._unread.unread(summary.path for summary in self._listing)
        self._sidebar.show_library(self._listing, self._open_path, self._library.folder, unread)
        self.show_notices()

    def _finished(self, stage: str, articles: int) -> None:
        self._show_activity("library", "")
        if stage != "summaries":
            self._stage = ""
            return
        self._stage = "text"
        if articles != len(self._summaries):
            # The first read of the index raced the worker, or failed: the
            # index now holds the whole listing.
            self._read_listing(complete=True)
            return
        if self._listing_stale:
            self._show_listing()
        self._listing_complete()

    def _listing_complete(self) -> None:
        from reader.library.find import no_articles

        if not self._listing:
            self._library_failed(no_articles(self._library.folder))
        elif self.view.article is None and not self._first_pending:
            self.open_article(Path(self._listing[0].path))

    def _show_activity(self, source: str, activity: str) -> None:
        """What `source` ("library", "fetch") is doing meanwhile, in the
        status line beside what the others are doing; "" when done."""
        self._activities[source] = activity
        self._status.show_activity(" · ".join(a for a in self._activities.values() if a))

    def _tell_left_out(self, left_out: LeftOut) -> None:
        files, folders = left_out.files, left_out.folders
        if files:
            # The reason names the file ("… is a binary file, not an article").
            more = f" (and {len(files) - 1} more)" if len(files) > 1 else ""
            self.tell(f"Left out of the library: {files[0][1]}{more}", "warning")
        if folders:
            more = f" (and {len(folders) - 1} more)" if len(folders) > 1 else ""
            self.tell(f"Could not read the folder {folders[0]}{more}", "warning")

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
        loader = self._article_loader()
        # The article asked for before this one is not wanted any more.
        loader.cancel()
        self._load_article(loader, path)

    def _article_loader(self) -> ArticleLoader:
        """The child process that reads articles (any thread may ask)."""
        with self._loader_lock:
            if self._loader is None:
                # Imported and started with the first article read.
                from reader.article.load_process import ArticleLoader

                self._loader = ArticleLoader()
            return self._loader

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
        self._from_worker(self.show_article, article, None, ArticleBlocks.of(article))

    def _from_worker(self, callback: Callable[..., object], *args: object) -> None:
        # A thread cannot be stopped: a load superseded by a newer one (or by
        # quitting) runs to its end, and its result must then be dropped.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(callback, *args)

    def show_article(
        self,
        article: Article,
        position: tuple[int, int] | None = None,
        blocks: ArticleBlocks | None = None,
    ) -> None:
        """Show `article` at `position` (block, offset), or where it was left;
        `blocks` are its blocks, if worked out already (off the UI thread)."""
        self.save_position()
        if position is None and article.path is not None:
            position = self._session.position(article.path)
        self.view.show(article, position, blocks)
        if self._toc is not None:
            self._toc.show_article(article)
        self._sidebar.mark(article.path)
        if article.path is not None and self._unread.mark_read(os.path.abspath(article.path)):
            self._show_unread()
        self._place_panels()
        self._update_status()
        self.refresh_bindings()  # `t` follows whether the article has headings
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
        for field in (self._search, self._filter):
            if field is not None:
                field.set_options(options)
        self._status.set_options(options)
        self._place_panels()

    def show_notices(self) -> None:
        for notice in self._session.take_notices() + self._unread.take_notices():
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
        wanted = self._sidebar_narrow if self.narrow else self._sidebar_wide
        sidebar.display = wanted and not self._contents_push_library
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

    @property
    def _contents_push_library(self) -> bool:
        """Whether the contents beside the text leave no room for the library."""
        toc = self._toc
        return toc is not None and toc.display and self.size.width < BOTH_PANELS

    def action_toggle_sidebar(self) -> None:
        if self._contents_push_library and self._sidebar_wide:
            # The library was pushed aside by the contents: it comes back instead.
            assert self._toc is not None
            self._toc.display = False
        elif self.narrow:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The contents are shown disabled for an article without headings;
        fetching, with no subscription or while a fetch runs, and hidden
        over `qari serve`."""
        if action == "contents":
            article = self.view.article
            return True if article is not None and article.headings else None
        if action == "fetch":
            if self._session.served is not None:
                return False  # a served reader writes no library, and reaches no network
            subscriptions = self._subscriptions
            if self._fetch is not None or (subscriptions is not None and not subscriptions.feeds):
                return None  # shown, but disabled: no subscriptions, or a fetch under way
        return True

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
        self._place_panels()

    def _contents_picked(self, number: int | None) -> None:
        if number is not None:
            self.go_to_section(number)

    def action_read(self) -> None:
        self._close_filter()
        self._close_search()
        self.view.clear_hits()
        self.view.focus()

    # -- searching the article ---------------------------------------------------

    def action_search(self) -> None:
        """Open the search field under the article (`/` in the article)."""
        article = self.view.article
        if article is None:
            return
        placeholder = "Search the article (enter; then n, N)"
        self._search = self._open_field(self._search, placeholder, "search", self._rtl(article))

    def _open_field(
        self, field: BidiInput | None, placeholder: str, id: str, rtl: bool
    ) -> BidiInput:
        """Show a one-line field above the keys (mounted the first time) and type into it."""
        if field is None:
            from reader.ui.widgets.bidi_input import BidiInput

            field = BidiInput(self._options, placeholder=placeholder, compact=True, id=id)
            self.mount(field, before=self._keys)
        # Empty, the caret waits on the side the text will start from.
        field.rtl_when_empty = rtl
        field.display = True
        # At once, not after the keys already on their way (as focus() would).
        self.set_focus(field)
        return field

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

    # -- filtering the library -------------------------------------------------

    def action_filter_library(self) -> None:
        """Open the field that narrows the library by title and source (`/`
        in the library)."""
        placeholder = "Filter the library: title or source (enter: to the list)"
        rtl = self._sidebar.has_class("-right")
        self._filter = self._open_field(self._filter, placeholder, "library-filter", rtl)

    def _close_filter(self) -> None:
        """Clear the filter and hide its field: the whole library again."""
        if self._filter is not None and self._filter.display:
            self._filter.value = ""
            self._filter.display = False
            self._sidebar.set_filter("")

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._sidebar.set_filter(event.value)

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._sidebar.focus()

    # -- searching the library ---------------------------------------------------

    def action_find_in_library(self) -> None:
        """Search the full text of the library (`ctrl+f`)."""
        from reader.ui.screens.library_search import LibrarySearchScreen

        if self._stage:
            note = "The library is still being indexed: some articles may be missing."
        else:
            note = ""
        screen = LibrarySearchScreen(self._library, self._options, note)
        self.app.push_screen(screen, self._library_hit_picked)

    def _library_hit_picked(self, picked: Picked | None) -> None:
        if picked is not None:
            self._article_loader().cancel()  # the article asked for before is not wanted now
            self._open_at_hit(*picked)

    @work(thread=True, exclusive=True, group="article")
    def _open_at_hit(self, hit: SearchHit, query: str) -> None:
        from reader.article.load_process import LoadCancelled
        from reader.library.find_in_article import find_in_article
        from reader.page import paragraph_block

        try:
            article = self._article_loader().load(hit.path)
        except LoadCancelled:
            return
        except _LOAD_ERRORS as error:
            message = str(error) if isinstance(error, ArticleError) else f"{hit.path}: {error!r}"
            self._from_worker(self.tell, message, "error")
            return
        blocks = ArticleBlocks.of(article)
        block = 0 if hit.kind == "title" else paragraph_block(blocks.blocks, hit.paragraph)
        hits = find_in_article([text_block.text for text_block in blocks.blocks], query)
        self._from_worker(self._show_at_hit, article, block, hits, blocks)

    def _show_at_hit(
        self, article: Article, block: int, hits: list[ArticleHit], blocks: ArticleBlocks
    ) -> None:
        self.show_article(article, (block, 0), blocks)
        if hits:
            # The first hit at or after the top line: the one picked.
            self.view.show_hits(hits)

    # -- read and unread -----------------------------------------------------------

    def _group_library(self) -> None:
        """Group the library by feed when it is one of feeds (see Unread)."""
        unread = self._unread
        self._sidebar.set_grouping(unread.feed if unread.holds(self._library.folder) else None)

    def _show_unread(self) -> None:
        self._sidebar.set_unread(self._unread.unread(s.path for s in self._listing))
        self.show_notices()

    def action_toggle_read(self) -> None:
        """Mark read or unread (`u`): the article under the library's cursor
        when the library has the focus, else the open one; on a feed's
        heading, every article of the feed read."""
        sidebar = self._sidebar
        if sidebar.has_focus and sidebar.entry_count:
            heading = sidebar.heading_at(sidebar.cursor)
            if heading is not None:
                self._mark_feed_read(heading.feed)
                return
            path = sidebar.path_at(sidebar.cursor)
        else:
            path = self._open_path
        if path is None:
            return
        unread = self._unread.toggle(os.path.abspath(path))
        self._show_unread()
        self.tell(f"Marked {'unread' if unread else 'read'}: {path.name}", timeout=2)

    def _mark_feed_read(self, feed: str) -> None:
        paths = self._unread.unread(self._sidebar.group_paths(feed))
        for path in paths:
            self._unread.mark_read(path)
        self._show_unread()
        self.tell(f"Marked {len(paths)} read", timeout=2)

    # -- fetching feeds (r) ------------------------------------------------------

    def _watch_subscriptions(self) -> None:
        self._look_at_subscriptions()
        self.set_interval(_SUBSCRIPTIONS_CHECK, self._look_at_subscriptions)

    def _look_at_subscriptions(self) -> Subscriptions:
        """The subscriptions, read again if their file changed."""
        if self._subscriptions is None:
            from reader.feeds.library import Places
            from reader.feeds.subscriptions import FEEDS_FILENAME
            from reader.ui.fetching import Subscriptions

            self._subscriptions = Subscriptions(Places.from_environment().config / FEEDS_FILENAME)
        subscriptions = self._subscriptions
        if subscriptions.refresh():
            if subscriptions.problem:
                self.tell(subscriptions.problem, "warning", timeout=10)
            self.refresh_bindings()
        return subscriptions

    def action_fetch(self) -> None:
        """Fetch every feed (`r`) in a worker thread: the keys go on answering,
        the status line counts, new items join the library as they come."""
        if self._fetch is not None:
            return
        # Read now if `r` came before the first look (a key typed at launch).
        subscriptions = self._look_at_subscriptions()
        if not subscriptions.feeds:
            if not subscriptions.problem:
                self.tell("No feeds to fetch: subscribe with `qari feed add URL`.")
            return
        self._fetch = FetchCount(total=len(subscriptions.feeds))
        self._show_activity("fetch", self._fetch.activity)
        self.refresh_bindings()
        self._fetch_feeds(list(subscriptions.feeds))

    @work(thread=True, exclusive=True, group="fetch")
    def _fetch_feeds(self, feeds: list[Feed]) -> None:
        from reader.ui.fetching import fetch_all

        fetch_all(feeds, self._fetch_stop, self.post_message)

    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        count = self._fetch
        if count is None:
            return
        failed = count.count(message.progress)
        if failed is not None:
            self.tell(failed, "warning", timeout=10)
        if message.summary is not None:
            self._add_fetched(message.summary)
        self._show_activity("fetch", count.activity)

    @on(FetchDone)
    def _fetch_done(self, message: FetchDone) -> None:
        from reader.ui.fetching import fetched

        self._fetch = None
        self._show_activity("fetch", "")
        self.refresh_bindings()
        if message.problem is not None:
            self.tell(message.problem, "error", timeout=10)
            return
        if any(result.new for result in message.results):
            self._reindex()
        self.tell(fetched(message.results), timeout=6)

    def _add_fetched(self, summary: ArticleSummary) -> None:
        """List a new item as it is saved (the listing is redrawn a few times
        a second, however fast the items come)."""
        if not self._library.holds(summary.path):
            if not self._library_is_bundled:
                return  # outside what this reader lists (`qari DIR`)
            self._use_user_library()
        self._summaries[summary.path] = summary
        self._unread.look_again([summary.path])  # saved unread, after the first look
        self._schedule_listing()

    @property
    def _library_is_bundled(self) -> bool:
        from reader.resources import articles_dir

        return self._library.folder == articles_dir()

    def _use_user_library(self) -> None:
        """The first items fetched into an empty library: the reader, which
        showed the bundled articles meanwhile, lists the user's library now."""
        from reader.feeds.library import Places
        from reader.library.find import library_for

        if self._indexer is not None:
            self._indexer.stop()
            self._indexer = None
        self.workers.cancel_group(self, "listing")  # a read of the old library's index
        self._library = library_for(Places.from_environment().library)
        self._summaries = {}
        self._group_library()

    def _reindex(self) -> None:
        """Index the library again, for the full text of what a fetch saved
        (the index's cache makes it quick for the rest)."""
        if self._indexer is not None:
            self._indexer.stop()
        self._stage = "summaries"
        self._start_indexing()

    # -- links and the clipboard ------------------------------------------------

    @property
    def _qari(self) -> QariApp:
        return cast("QariApp", self.app)

    def action_links(self) -> None:
        """List the article's links (`o`): to click, where the terminal has
        hyperlinks, and to copy."""
        if self.view.article is not None:
            self._list_links(self.view.article)

    @work(thread=True, exclusive=True, group="links")
    def _list_links(self, article: Article) -> None:
        # A long article's text is searched through: not on the UI thread.
        from reader.article.links import article_links

        self._from_worker(self._show_links, article, article_links(article))

    def _show_links(self, article: Article, links: list[Link]) -> None:
        if self.view.article is not article:
            return
        if not links:
            self.tell("This article has no web address, and none in its text.")
            return
        from reader.ui.screens.links import LinksScreen

        screen = LinksScreen(links, self._options, hyperlinks=self._qari.hyperlinks)
        self.app.push_screen(screen, self._copy_link)

    def _copy_link(self, link: Link | None) -> None:
        if link is not None:
            self._copy_url(link.url)

    def _copy_url(self, url: str) -> None:
        from reader.hyperlinks import shown_url

        self._qari.copy_text(url)
        self.tell(f"Copied {shown_url(url)}{self._clipboard_hint()}", timeout=4)

    def action_copy_link(self) -> None:
        """Copy the article's own address (`y`)."""
        from reader.hyperlinks import terminal_url

        article = self.view.article
        if article is None:
            return
        url = terminal_url(article.metadata.url or "")
        if url is None:
            self.tell("This article has no web address of its own; o lists those in its text.")
            return
        self._copy_url(url)

    def action_copy_text(self) -> None:
        """Copy the paragraphs on screen (`Y`), whole and in logical order:
        the text the article has, which a search elsewhere finds, not the
        shaped glyphs in drawing order that the screen shows."""
        from reader.page import logical_text

        page, blocks = self.view.page, self.view.visible_blocks
        if page is None or not blocks:
            return
        copy = self._qari.copy_text(logical_text([page.blocks[n] for n in blocks]))
        if copy.cut:
            copied = f"the first {len(copy.text.encode()):,} bytes of the text on screen"
        else:
            copied = "the text on screen" if len(blocks) > 1 else "the paragraph on screen"
        self.tell(f"Copied {copied}{self._clipboard_hint()}", timeout=4)

    def _clipboard_hint(self) -> str:
        # tmux takes a program's OSC 52 only with set-clipboard on; its
        # default (external) drops it.
        if os.environ.get("TMUX"):
            return " (inside tmux this needs: set -g set-clipboard on)"
        return ""

    @on(LineList.Picked, "#sidebar")
    def _article_picked(self, event: LineList.Picked) -> None:
        path = self._sidebar.path_at(event.index)
        if path is not None:
            self.open_article(path)

    @on(LineList.Picked, "#toc")
    def _section_picked(self, event: LineList.Picked) -> None:
        self.go_to_section(event.index)

    def on_unmount(self) -> None:
        self._fetch_stop.set()
        if self._indexer is not None:
            self._indexer.stop()
        self._unread.close()
        self.save_position()
        # A load under way ends now, and its thread with it: quitting must
        # not wait for a parse.
        if self._loader is not None:
            self._loader.close()
