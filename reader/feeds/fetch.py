"""Fetching feeds: download them concurrently, save their new items, report each feed.

    results = fetch_feeds(feeds, Places.from_environment(), on_progress=show)

`on_progress` hears when a feed starts, each item saved and each feed finished, from
the fetch's own threads (never the caller's UI thread: the reader runs `fetch_feeds` in
a worker and hands these on with `call_from_thread`). One feed failing (a 404, a
timeout, HTML where a feed was expected) is that feed's result; the others go on. An
item is saved whole before it is remembered as seen, and a feed's validators are kept
only once all its new items are saved, so a failure part way costs a download next
time, never an item.

A fetch can be stopped (`stop`, set from any thread: the reader quitting): downloads
under way are dropped at once, a feed being saved stops after the item it is saving
and keeps its validators for next time, so what it did not save is downloaded again.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.feeds.download import Download, Downloader, Limits
from reader.feeds.errors import FeedError
from reader.feeds.history import FeedHistory
from reader.feeds.library import Places, article_key
from reader.feeds.parse import Item, one_line, parse_feed
from reader.feeds.store import Entry, save_entry
from reader.feeds.subscriptions import Feed
from reader.state.atomic_file import sync_directory
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks

FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
# The first items of a feed, newest first in nearly every feed, are what a fetch saves:
# a feed listing a hundred thousand items must not fill the disk in one go.
MAX_ITEMS_PER_FETCH = 200
# How often a download looks whether the fetch was stopped.
_STOP_POLL_SECONDS = 0.05
STOPPED = "stopped before it was done"


@dataclass(frozen=True)
class FeedResult:
    feed: Feed
    new: tuple[Path, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class FeedStarted:
    feed: Feed


@dataclass(frozen=True)
class ItemSaved:
    feed: Feed
    path: Path
    title: str


@dataclass(frozen=True)
class FeedFinished:
    result: FeedResult


Progress = FeedStarted | ItemSaved | FeedFinished


def fetch_feeds(
    feeds: Sequence[Feed],
    places: Places,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    limits: Limits | None = None,
    stop: threading.Event | None = None,
) -> list[FeedResult]:
    """Fetch `feeds` and save their new items; one result per feed, in order (a feed
    listed twice is fetched once). Runs its own event loop: call it from a thread that
    has none (the command line's, or a UI's worker thread). Setting `stop` ends it soon
    after, each feed not done having the error `STOPPED`.

    Raises `FeedError` only when nothing can be fetched (another fetch holds the lock,
    the feed history cannot be opened).
    """
    # A feed named twice would be saved twice at once, racing its own seen items.
    unique: dict[str, Feed] = {}
    for feed in feeds:
        unique.setdefault(feed.url, feed)
    saver = _Saver(places.library, on_progress or _ignore, stop or threading.Event())
    return asyncio.run(_fetch_all(list(unique.values()), places, saver, limits or Limits()))


async def _fetch_all(
    feeds: list[Feed], places: Places, saver: _Saver, limits: Limits
) -> list[FeedResult]:
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    try:
        with FeedHistory.open(places.state) as history:
            async with Downloader(limits) as downloader:
                saver.open(history, marks)
                return list(await asyncio.gather(*(saver.fetch(downloader, f) for f in feeds)))
    finally:
        marks.close()


def _ignore(progress: Progress) -> None:
    return None


_Result = TypeVar("_Result")


@dataclass
class _Saver:
    library: Path
    tell: Callable[[Progress], None]
    stop: threading.Event
    history: FeedHistory = field(init=False)
    marks: ReadMarks = field(init=False)

    def open(self, history: FeedHistory, marks: ReadMarks) -> None:
        self.history, self.marks = history, marks

    async def fetch(self, downloader: Downloader, feed: Feed) -> FeedResult:
        self.tell(FeedStarted(feed))
        saved: list[Path] = []
        try:
            download = await self._unless_stopped(
                downloader.get(feed.url, self.history.validators(feed.url), accept=FEED_TYPES)
            )
            if not download.unchanged:
                # In a thread: while one feed waits for its disk flushes another is parsed
                # and the downloads go on.
                await asyncio.to_thread(self._store, feed, download, saved)
            result = FeedResult(feed, tuple(saved))
        except FeedError as error:
            result = FeedResult(feed, tuple(saved), one_line(str(error)))
        except OSError as error:
            reason = error.strerror or str(error)
            result = FeedResult(feed, tuple(saved), one_line(f"cannot save: {reason}"))
        except sqlite3.Error as error:
            problem = f"cannot keep the feed history: {error}"
            result = FeedResult(feed, tuple(saved), one_line(problem))
        self.tell(FeedFinished(result))
        return result

    async def _unless_stopped(self, work: Awaitable[_Result]) -> _Result:
        """`work`'s result, unless the fetch is stopped first (then FeedError)."""
        task = asyncio.ensure_future(work)
        while not task.done():
            if self.stop.is_set():
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
                raise FeedError(STOPPED)
            await asyncio.wait({task}, timeout=_STOP_POLL_SECONDS)
        return task.result()

    def _store(self, feed: Feed, download: Download, saved: list[Path]) -> None:
        parsed = parse_feed(download.body, download.content_type, download.url)
        try:
            for item in parsed.items[:MAX_ITEMS_PER_FETCH]:
                if self.stop.is_set():
                    # Without the validators: the next fetch downloads the rest.
                    raise FeedError(STOPPED)
                self._save(feed, item, saved)
        finally:
            if saved:
                # Once per feed rather than per file: each costs a disk flush.
                sync_directory(self.library / feed.name)
        self.history.set_validators(feed.url, download.validators)

    def _save(self, feed: Feed, item: Item, saved: list[Path]) -> None:
        if self.history.seen(feed.url, item.key, item.link):
            return
        entry = Entry(
            title=item.title or feed.name,
            html=item.html,
            url=item.link,
            source=feed.name,
            author=item.author,
            published=item.published,
            feed=feed.url,
            id=item.key,
        )
        path = save_entry(self.library / feed.name, entry, sync_folder=False)
        # Remembered once the file is whole: a crash in between saves it again next
        # time rather than losing it. An item that cannot be remembered is taken back,
        # or the next fetch would save it a second time.
        try:
            self.history.remember(feed.url, item.key, item.link)
        except sqlite3.Error:
            path.unlink(missing_ok=True)
            raise
        key = article_key(self.library, path)
        if key is not None:
            self.marks.add_unread([key])
        saved.append(path)
        self.tell(ItemSaved(feed, path, entry.title))
