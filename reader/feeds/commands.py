"""`qari feed add|list|remove|import|export`, `qari fetch` and `qari add`.

The command line (reader/cli.py) parses the arguments and hands an `Output`; the work is
here. These are the only places Qari touches the network, and only because the user
asked. Every problem is one line; the exit status is 0, or 1 when something failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from reader.feeds.charset import decode_document
from reader.feeds.discover import feed_links
from reader.feeds.download import Downloader, Limits
from reader.feeds.errors import FeedError
from reader.feeds.fetch import FEED_TYPES, FeedFinished, FeedResult, Progress, fetch_feeds
from reader.feeds.history import FeedHistory
from reader.feeds.library import Places, article_key
from reader.feeds.opml import read_opml, write_opml
from reader.feeds.page import PAGE_TYPES, page_entry
from reader.feeds.parse import parse_feed
from reader.feeds.store import Entry, save_entry
from reader.feeds.subscriptions import (
    FEEDS_FILENAME,
    Feed,
    checked_url,
    feed_name,
    find_feed,
    free_name,
    load_feeds,
    save_feeds,
    subscribed,
)
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks

# Pages added with `qari add` are saved in this folder of the library.
SAVED_FOLDER = "saved"
# The feed history keeps added pages under this pseudo-feed, so a page is saved once.
_SAVED_PAGES = "qari:saved"
# A local OPML or HTML file is read up to the same cap as a download.
_MAX_FILE_BYTES = Limits().max_bytes


class Output(Protocol):
    def lines(self, texts: Iterable[str]) -> None:
        """Short texts (names, titles, one-line results) laid out for the terminal."""

    def json(self, document: object) -> None: ...

    def text(self, text: str) -> None:
        """Text as it is (OPML)."""

    def error(self, message: str) -> None:
        """One `qari: …` line on stderr."""


def run(args: argparse.Namespace, output: Output, limits: Limits | None = None) -> int:
    """Run the command `args` names; returns the exit status."""
    places = Places.from_environment()
    limits = limits or Limits()
    try:
        if args.command == "fetch":
            return _fetch(args, output, places, limits)
        if args.command == "add":
            return _add_page(args.source, output, places, limits)
        return _FEED_COMMANDS[args.feed_command](args, output, places, limits)
    except FeedError as error:
        output.error(str(error))
        return 1
    except OSError as error:
        output.error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        return 1


# -- qari feed ---------------------------------------------------------------------------


def _feeds_file(places: Places) -> Path:
    return places.config / FEEDS_FILENAME


def _feed_add(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:
    feeds = load_feeds(_feeds_file(places))
    url = checked_url(args.url)
    _not_yet(feeds, url)
    found, title = asyncio.run(_find_feed(url, limits))
    _not_yet(feeds, found)
    if args.name is not None:
        name = feed_name(args.name, "")
        if not name or free_name(feeds, name) != name:
            raise FeedError(f"cannot call the feed {args.name!r}: that name is taken or empty")
    else:
        name = free_name(feeds, feed_name(title, _host(found)))
    save_feeds(_feeds_file(places), [*feeds, Feed(name, found)])
    output.lines([f"Added {name}: {found}", "Fetch its articles with: qari fetch"])
    return 0


def _not_yet(feeds: list[Feed], url: str) -> None:
    known = subscribed(feeds, url)
    if known is not None:
        raise FeedError(f"already subscribed to {url} as {known.name}")


async def _find_feed(url: str, limits: Limits) -> tuple[str, str]:
    """The address and title of the feed at `url`, or of the feed a page there names."""

    async with Downloader(limits) as downloader:
        download = await downloader.get(url, accept=f"{FEED_TYPES}, text/html;q=0.5")
        try:
            return url, parse_feed(download.body, download.content_type, download.url).title
        except FeedError as not_a_feed:
            if "HTML page" not in str(not_a_feed):
                raise
        page = decode_document(download.body, download.content_type)
        links = feed_links(page, download.url)
        if not links:
            raise FeedError(f"{url} is a web page that names no RSS or Atom feed")
        found = await downloader.get(links[0], accept=FEED_TYPES)
        try:
            return links[0], parse_feed(found.body, found.content_type, found.url).title
        except FeedError as error:
            raise FeedError(f"the page's feed {links[0]}: {error}") from None


def _host(url: str) -> str:
    host = urlsplit(url).hostname or "feed"
    return host.removeprefix("www.")


def _feed_list(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:
    feeds = load_feeds(_feeds_file(places))
    if args.json:
        output.json([{"name": f.name, "url": f.url, "folder": f.folder} for f in feeds])
    elif feeds:
        output.lines(f"{feed.name} · {feed.url}" for feed in feeds)
    else:
        output.lines(["No feeds yet: add one with qari feed add URL"])
    return 0


def _feed_remove(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:
    feeds = load_feeds(_feeds_file(places))
    feed = find_feed(feeds, args.feed)
    save_feeds(_feeds_file(places), [other for other in feeds if other != feed])
    output.lines([f"Removed {feed.name}; its saved articles stay in {places.library / feed.name}"])
    return 0


def _feed_import(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:

    feeds = load_feeds(_feeds_file(places))
    outlines = read_opml(_read_file(Path(args.file)), name=str(args.file))
    added, known, skipped = 0, 0, 0
    for outline in outlines:
        try:
            url = checked_url(outline.url)
        except FeedError as error:
            output.error(f"skipped {outline.title or outline.url}: {error}")
            skipped += 1
            continue
        if subscribed(feeds, url):
            known += 1
            continue
        name = free_name(feeds, feed_name(outline.title, _host(url)))
        folder = feed_name(outline.folder, "") if outline.folder else ""
        feeds.append(Feed(name, url, folder or None))
        added += 1
    if added:
        save_feeds(_feeds_file(places), feeds)
    output.lines([f"Imported {added} feeds ({known} already there, {skipped} skipped)"])
    return 1 if skipped else 0


def _feed_export(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:

    output.text(write_opml(load_feeds(_feeds_file(places))))
    return 0


_FEED_COMMANDS = {
    "add": _feed_add,
    "list": _feed_list,
    "remove": _feed_remove,
    "import": _feed_import,
    "export": _feed_export,
}


# -- qari fetch ----------------------------------------------------------------------


def _fetch(args: argparse.Namespace, output: Output, places: Places, limits: Limits) -> int:

    feeds = load_feeds(_feeds_file(places))
    if not feeds:
        raise FeedError("no feeds to fetch: add one with qari feed add URL")
    chosen = [find_feed(feeds, name) for name in args.feeds] or feeds

    def tell(progress: Progress) -> None:
        if isinstance(progress, FeedFinished) and not args.json:
            output.lines([_fetch_line(progress.result)])

    results: list[FeedResult] = fetch_feeds(chosen, places, on_progress=tell, limits=limits)
    if args.json:
        output.json(
            [
                {"feed": r.feed.name, "url": r.feed.url, "new": len(r.new), "error": r.error}
                for r in results
            ]
        )
    return 0 if all(result.ok for result in results) else 1


def _fetch_line(result: FeedResult) -> str:
    name = result.feed.name
    if result.error is not None:
        saved = f" (after {len(result.new)} new)" if result.new else ""
        return f"{name}: {result.error}{saved}"
    return f"{name}: {len(result.new)} new" if result.new else f"{name}: unchanged"


# -- qari add ------------------------------------------------------------------------


def _add_page(source: str, output: Output, places: Places, limits: Limits) -> int:

    local = Path(source)
    with FeedHistory.open(places.state) as history:
        if local.exists():
            entry = _local_page(local)
        else:
            url = checked_url(source)
            if history.seen(_SAVED_PAGES, url, None):
                output.lines([f"Already in the library: {url}"])
                return 0
            entry = asyncio.run(_download_page(url, limits))
        path = save_entry(places.library / SAVED_FOLDER, entry)
        if entry.url is not None:
            history.remember(_SAVED_PAGES, checked_url(source), entry.url)
    key = article_key(places.library, path)
    if key is not None:
        marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
        marks.add_unread([key])
        marks.close()
    output.lines([f"Saved {entry.title}", str(path)])
    return 0


async def _download_page(url: str, limits: Limits) -> Entry:

    async with Downloader(limits) as downloader:
        download = await downloader.get(url, accept=PAGE_TYPES)
    kind = download.content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind:
        raise FeedError(f"not a web page: {url} is {kind}")
    return page_entry(decode_document(download.body, download.content_type), download.url)


def _local_page(path: Path) -> Entry:

    return page_entry(decode_document(_read_file(path), name=str(path)), None)


def _read_file(path: Path) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise FeedError(f"{path} is not a regular file")
        with path.open("rb") as file:
            data = file.read(_MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FeedError(f"no such file: {path}") from None
    if len(data) > _MAX_FILE_BYTES:
        raise FeedError(f"{path} is larger than {_MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data
