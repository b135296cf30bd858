"""The work of `qari list` and `qari search`: the index brought up to date
in this process (there is no screen to keep answering), then read."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from reader.article.model import ArticleError
from reader.library.find import Library, library_for, no_articles
from reader.library.index import LibraryIndex
from reader.library.indexer import update_index
from reader.library.query import parse_query
from reader.library.readers import helpers_to_use
from reader.library.search import SearchHit, search
from reader.library.summary import ArticleSummary
from reader.library.updates import LeftOut, Notice, Update


class Listing(NamedTuple):
    summaries: list[ArticleSummary]
    """Newest first."""
    messages: list[str]
    """What was left out and why, and notices about the cache: one line each."""


class Searched(NamedTuple):
    hits: list[SearchHit]
    """Best first."""
    messages: list[str]


def list_library(path: Path) -> Listing:
    """The articles of the library `qari PATH` lists (see ``library_for``)."""
    library = library_for(path)
    index = LibraryIndex.open()
    try:
        return _update(library, index, path, full_text=False)
    finally:
        index.close()


def search_library(text: str, path: Path) -> Searched:
    """The articles of the library at ``path`` that match the query ``text``."""
    library = library_for(path)
    index = LibraryIndex.open()
    try:
        listing = _update(library, index, path, full_text=True)
        hits = list(search(index, parse_query(text), library))
        return Searched(hits, listing.messages + index.take_notices())
    finally:
        index.close()


def _update(library: Library, index: LibraryIndex, path: Path, *, full_text: bool) -> Listing:
    messages: list[str] = []
    left_out: list[LeftOut] = []

    def hear(update: Update) -> None:
        if isinstance(update, LeftOut):
            left_out.append(update)
            messages.extend(left_out_lines(update))
        elif isinstance(update, Notice):
            messages.append(update.text)

    opened = None if library.recursive else path
    summaries = update_index(
        library, index, hear, opened=opened, full_text=full_text, helpers=helpers_to_use()
    )
    if not summaries and not any(update.files for update in left_out):
        raise ArticleError(no_articles(library.folder))
    return Listing(summaries, messages)


def left_out_lines(left_out: LeftOut) -> list[str]:
    """What was left out, one line for each file (its reason names it) and
    one for all the folders that could not be read."""
    lines = [reason for _, reason in left_out.files]
    folders = left_out.folders
    if folders:
        more = f" (and {len(folders) - 1} more)" if len(folders) > 1 else ""
        lines.append(f"could not read the folder {folders[0]}{more}")
    return lines
