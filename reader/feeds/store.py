"""Saving an item or a page as a Markdown article in the user's library.

    ---
    title: …
    source: the feed's (or site's) name
    author: …
    date: 2026-08-30 07:00:00+00:00
    url: the item's link
    feed: the feed's address
    id: the item's id in its feed
    ---
    The content, as Markdown (see reader/article/html.py).

Each file is named from the date and the title, made safe (see `names`), made unique,
and written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from reader.article.html import html_to_markdown
from reader.feeds.names import slug
from reader.state.atomic_file import write_new_file

ARTICLE_SUFFIX = ".md"
# Leaves room in 255 bytes for the date, "-999" and the suffix.
_TITLE_BYTES = 200
_MAX_TRIES = 1000


@dataclass(frozen=True)
class Entry:
    """What is saved: an item of a feed, or a page."""

    title: str
    html: str
    url: str | None
    source: str | None
    author: str | None = None
    published: datetime | date | None = None
    """A time, or just the day a page gives."""
    feed: str | None = None
    id: str | None = None


def article_text(entry: Entry) -> str:
    """The Markdown file for `entry`: front matter, then its content."""
    fields: dict[str, object] = {"title": entry.title}
    optional = {
        "source": entry.source,
        "author": entry.author,
        "date": entry.published,
        "url": entry.url,
        "feed": entry.feed,
        "id": entry.id,
    }
    fields.update((name, value) for name, value in optional.items() if value)
    # libyaml's emitter when PyYAML was built with it: the pure-Python one is most of
    # the time it takes to write an article.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    front = yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    body = html_to_markdown(entry.html, base_url=entry.url or entry.feed, title=entry.title)
    if not body.strip() and entry.url:
        body = f"<{entry.url}>\n"
    return f"---\n{front}---\n\n{body}"


def save_entry(
    folder: Path, entry: Entry, *, now: datetime | None = None, sync_folder: bool = True
) -> Path:
    """Write `entry` as a new article in `folder`; returns its path. Raises `OSError`.

    Saving many, pass `sync_folder=False` and call `sync_directory(folder)` after."""
    when = entry.published or now or datetime.now(UTC)
    day = when.astimezone().date() if isinstance(when, datetime) else when
    stem = f"{day:%Y-%m-%d}-{slug(entry.title, max_bytes=_TITLE_BYTES)}"
    data = article_text(entry).encode("utf-8")
    for attempt in range(1, _MAX_TRIES + 1):
        path = folder / (stem + (f"-{attempt}" if attempt > 1 else "") + ARTICLE_SUFFIX)
        try:
            write_new_file(path, data, sync_folder=sync_folder)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{_MAX_TRIES} articles in {folder} are named {stem}")
