"""Fetching every feed from inside the reader (`r`), while it goes on.

The fetch runs its own event loop (reader/feeds/fetch.py) in a thread of
Textual's, and reports from its own threads. What it reports reaches the
screen as messages: `post_message` is safe from any thread and never waits,
so quitting never waits on a screen that is going away. Quitting sets `stop`,
which ends the fetch within moments.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.feeds.fetch import FeedResult, Progress
    from reader.feeds.subscriptions import Feed
    from reader.library.summary import ArticleSummary


class Subscriptions:
    """The user's feeds, read again whenever their file changes (a `qari feed
    add` in another terminal while the reader runs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.feeds: list[Feed] = []
        self.problem: str | None = None
        """Why the file could not be read, in one line."""
        # (mtime, size) as last read; None: no file. Read at the first refresh.
        self._stamp: tuple[int, int] | None = (-1, -1)

    def refresh(self) -> bool:
        """Read the file again if it changed since; whether it did."""
        try:
            info = self.path.stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        from reader.feeds.errors import FeedError
        from reader.feeds.subscriptions import load_feeds

        try:
            self.feeds, self.problem = load_feeds(self.path), None
        except FeedError as error:
            self.feeds, self.problem = [], str(error)
        return True


@dataclass
class FetchCount:
    """How far a fetch has come, for the status line (in ASCII)."""

    total: int
    done: int = 0
    new: int = 0

    def count(self, progress: Progress) -> str | None:
        """Count `progress`; the one-line notice of a feed that failed, if it did."""
        from reader.feeds.fetch import FeedFinished, ItemSaved

        if isinstance(progress, ItemSaved):
            self.new += 1
        elif isinstance(progress, FeedFinished):
            self.done += 1
            result = progress.result
            if result.error is not None:
                return f"{result.feed.name}: {result.error}"
        return None

    @property
    def activity(self) -> str:
        return f"Feeds {self.done}/{self.total} · {self.new} new"


def fetched(results: list[FeedResult]) -> str:
    """What a fetch did, in one line: "Fetched 3 feeds: 12 new, 1 failed"."""
    new = sum(len(result.new) for result in results)
    failed = sum(not result.ok for result in results)
    feeds = f"{len(results)} feed" + ("" if len(results) == 1 else "s")
    return f"Fetched {feeds}: {new} new" + (f", {failed} failed" if failed else "")


class FetchProgress(Message):
    """A feed started or finished, or an item was saved (with its summary,
    read in the fetch's thread, for the library)."""

    def __init__(self, progress: Progress, summary: ArticleSummary | None) -> None:
        super().__init__()
        self.progress = progress
        self.summary = summary


class FetchDone(Message):
    """The fetch has ended: a result per feed, or why none could start."""

    def __init__(self, results: list[FeedResult], problem: str | None) -> None:
        super().__init__()
        self.results = results
        self.problem = problem


def fetch_all(feeds: list[Feed], stop: threading.Event, post: Callable[[Message], object]) -> None:
    """Fetch `feeds` into the user's library, posting each step and the end.
    Runs in a worker thread, for as long as the fetch takes."""
    from reader.feeds.errors import FeedError
    from reader.feeds.fetch import ItemSaved, fetch_feeds
    from reader.feeds.library import Places

    def tell(progress: Progress) -> None:
        summary = _summary(progress.path) if isinstance(progress, ItemSaved) else None
        post(FetchProgress(progress, summary))

    try:
        results = fetch_feeds(feeds, Places.from_environment(), on_progress=tell, stop=stop)
    except (FeedError, OSError) as error:
        post(FetchDone([], str(error)))
        return
    post(FetchDone(results, None))


def _summary(path: Path) -> ArticleSummary | None:
    from reader.library.summary import read_summary

    try:
        size = path.stat().st_size
    except OSError:
        return None
    summary = read_summary(str(path), size)
    return None if isinstance(summary, str) else summary
