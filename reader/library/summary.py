"""What a library listing shows for each article, newest first."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, TypeVar

from reader.article.model import Article, ArticleError, Metadata
from reader.library.normalise import normalise

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

# What a hostile or broken file can make a parser raise: the file is left
# out, with the reason, and the rest of the library is read.
READ_ERRORS = (ArticleError, OSError, ValueError, RecursionError, MemoryError)


class ArticleSummary(NamedTuple):
    path: str
    """Absolute, as the library found it (a string: a library lists tens of
    thousands, and a Path costs several times a string to make and move)."""
    title: str
    source: str | None
    date: str | None
    language: str | None = None
    direction: str | None = None
    """"rtl" or "ltr" when the article says; None: its text decides."""
    size: int = 0
    key: str = ""
    """The shown title and the source, normalised: what the library filter matches."""

    @property
    def shown_title(self) -> str:
        """The title to show: the file's name when the article has none."""
        return self.title or os.path.basename(self.path)


def summary_of(path: str, size: int, metadata: Metadata) -> ArticleSummary:
    key = normalise(f"{metadata.title or os.path.basename(path)}\n{metadata.source or ''}")
    return ArticleSummary(
        path,
        metadata.title,
        metadata.source,
        metadata.date,
        metadata.language,
        metadata.direction,
        size,
        key,
    )


def read_summary(path: str, size: int) -> ArticleSummary | str:
    """The summary of the article at ``path``, or why it cannot be read."""
    from reader.article.load import load_metadata

    return _guarded(Path(path), lambda: summary_of(path, size, load_metadata(Path(path))))


def read_article(path: Path, max_bytes: int) -> Article | str:
    """The article at ``path`` (its first ``max_bytes``), or why it cannot be read."""
    from reader.article.load import load_article

    return _guarded(path, lambda: load_article(path, max_bytes=max_bytes))


_Read = TypeVar("_Read")


def _guarded(path: Path, read: Callable[[], _Read]) -> _Read | str:
    try:
        return read()
    except ArticleError as error:
        return str(error)  # it names the file
    except READ_ERRORS as error:
        # A parser bug or an exhausted machine on one file skips that
        # file; it must not empty the whole library.
        return f"{path.name} could not be read ({type(error).__name__})"


def newest_first(articles: Iterable[ArticleSummary]) -> list[ArticleSummary]:
    """Dated articles first, newest first, then undated ones; same-day and
    undated articles by title, then by path."""
    return sorted(articles, key=lambda s: (listing_order(s.date, s.title), s.path))


# An ISO date with its digits inverted sorts ascending as the date sorts
# descending: one string, compared as a whole, holds the whole order.
_INVERTED_DIGITS = str.maketrans("0123456789", "9876543210")
# How listing_order begins: dated articles, then undated ones; a listing
# order of NOT_LISTED (a file that is no article) sorts after both.
_DATED, UNDATED, NOT_LISTED = "0", "1", "2"


def listing_order(date: str | None, title: str) -> str:
    """Where an article goes in the listing, as a string that sorts there.

    The index keeps it (in an indexed column), so that a listing of tens of
    thousands is read from SQLite already in order; this function is the one
    definition of that order, in Python and in SQL alike.
    """
    # Only ISO dates sort correctly as text; a date the parser could not
    # read is shown but not ordered. NUL sorts before every character a
    # title can have, so a shorter title goes before the longer it begins.
    if date is not None and _ISO_DATE.fullmatch(date) is not None:
        return f"{_DATED}{date.translate(_INVERTED_DIGITS)}\x00{title.casefold()}"
    return f"{UNDATED}\x00{title.casefold()}"
