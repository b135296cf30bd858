"""What indexing a library reports as it goes (see ``reader.library.indexer``).

Plain tuples of plain values, in a module of their own: they cross from the
worker process to the reader by pickle, and the reader imports them at
launch without the indexing code.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.library.summary import ArticleSummary


class Listed(NamedTuple):
    """Summaries to show: new ones, or new versions of ones already shown."""

    summaries: list[ArticleSummary]


class Removed(NamedTuple):
    """Paths listed before (from the index) whose files are gone."""

    paths: list[str]


class Progress(NamedTuple):
    stage: str
    """"summaries" or "text"."""
    done: int
    total: int


class LeftOut(NamedTuple):
    """What the library could not list, said once the summaries are done."""

    files: list[tuple[str, str]]
    """(path, why) for files that are not readable articles."""
    folders: list[str]
    """Folders that could not be read."""


class Notice(NamedTuple):
    text: str


class Finished(NamedTuple):
    stage: str
    """"summaries": the listing is complete; "text": the search is."""
    articles: int = 0
    """How many articles the library lists, when the listing is complete."""


class Failed(NamedTuple):
    """The library cannot be read at all (its folder is gone…)."""

    message: str


Update = Listed | Removed | Progress | LeftOut | Notice | Finished | Failed
