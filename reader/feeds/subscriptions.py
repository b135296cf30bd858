"""The feeds the user subscribes to: a small TOML file beside the settings.

    [[feed]]
    name = "الجزيرة"
    url = "https://www.aljazeera.net/feed"
    folder = "أخبار"        # optional: an OPML category, kept for export

A feed's name is also the folder its articles are saved in, so it is a safe file name.
A file Qari cannot read is reported and never overwritten.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader.feeds.errors import FeedError
from reader.feeds.names import safe_name
from reader.state.atomic_file import write_atomically
from reader.state.settings import toml_value

FEEDS_FILENAME = "feeds.toml"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Feed names are shown in a sidebar: a generous bound, well under a file name's.
MAX_FEED_NAME_BYTES = 100
_HEADER = "# Qari feeds. `qari feed add|remove|import` rewrite this file; comments are not kept.\n"


@dataclass(frozen=True)
class Feed:
    name: str
    url: str
    folder: str | None = None


def checked_url(text: str) -> str:
    """`text` as an http or https URL (https assumed when it names no scheme)."""
    url = text.strip()
    scheme = _SCHEME.match(url)
    # "wadi.example/rss" or "wadi.example:8080/rss" name a host; "javascript:…" a scheme.
    if "://" not in url and (scheme is None or "." in scheme[1]):
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FeedError(f"not a web address: {text!r}") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FeedError(f"only http and https feeds are fetched, not {parts.scheme}: {text!r}")
    if not parts.hostname or not url.isprintable() or " " in url:
        raise FeedError(f"not a web address: {text!r}")
    return url


def feed_name(text: str, fallback: str) -> str:
    return safe_name(text, max_bytes=MAX_FEED_NAME_BYTES, fallback=fallback)


def load_feeds(path: Path) -> list[Feed]:
    """The subscriptions in `path` ([] when there is no file). Raises `FeedError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise FeedError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FeedError(f"{path} is not valid TOML ({error}); fix it or remove it") from error
    entries = table.get("feed", [])
    if not isinstance(entries, list):
        raise FeedError(f"{path}: `feed` must be a list of [[feed]] tables")
    return [_feed(path, number, entry) for number, entry in enumerate(entries, 1)]


def _feed(path: Path, number: int, entry: object) -> Feed:
    if not isinstance(entry, dict):
        raise FeedError(f"{path}: feed {number} is not a table")
    name, url, folder = entry.get("name"), entry.get("url"), entry.get("folder")
    if not isinstance(url, str):
        raise FeedError(f"{path}: feed {number} has no url")
    url = checked_url(url)
    if not isinstance(name, str) or feed_name(name, "") != name:
        raise FeedError(f"{path}: feed {number} needs a name usable as a folder name")
    if folder is not None and not (isinstance(folder, str) and folder.isprintable()):
        raise FeedError(f"{path}: feed {number} has a folder that is not one line of text")
    return Feed(name, url, folder)


def save_feeds(path: Path, feeds: Iterable[Feed]) -> None:
    """Write the subscriptions atomically. Raises `OSError`."""
    tables = []
    for feed in feeds:
        lines = [f"name = {toml_value(feed.name)}", f"url = {toml_value(feed.url)}"]
        if feed.folder:
            lines.append(f"folder = {toml_value(feed.folder)}")
        tables.append("[[feed]]\n" + "\n".join(lines) + "\n")
    write_atomically(path, (_HEADER + "\n" + "\n".join(tables)).encode("utf-8"))


def find_feed(feeds: Iterable[Feed], name_or_url: str) -> Feed:
    """The feed called `name_or_url`, or with that address. Raises `FeedError`."""
    wanted = name_or_url.strip()
    for feed in feeds:
        if feed.name.casefold() == wanted.casefold() or feed.url == wanted:
            return feed
    raise FeedError(f"no feed called {wanted!r} (see qari feed list)")


def free_name(feeds: Iterable[Feed], name: str) -> str:
    """`name`, or `name (2)`, `name (3)`… whichever no feed has (case aside, since
    names are folders and some filesystems ignore case)."""
    taken = {feed.name.casefold() for feed in feeds}
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def subscribed(feeds: Iterable[Feed], url: str) -> Feed | None:
    return next((feed for feed in feeds if feed.url == url), None)
