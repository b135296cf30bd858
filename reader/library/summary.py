"""What a library listing shows for each article, newest first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from reader.article.load import load_article
from reader.article.model import ArticleError

# A listing needs only the headline, source and date, which sit at the top
# of an article, so only its start is read: a large library lists quickly.
SUMMARY_BYTES = 64 * 1024

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class ArticleSummary(NamedTuple):
    path: Path
    title: str
    source: str | None
    date: str | None


class Summaries(NamedTuple):
    """The articles that could be read, and why the others could not."""

    articles: list[ArticleSummary]
    skipped: list[tuple[Path, str]]


def summarise(paths: Iterable[Path]) -> Summaries:
    """Summaries of ``paths``, newest first; unreadable files are set aside.

    Dated articles come first, newest first, then undated ones by title.
    """
    articles: list[ArticleSummary] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        try:
            article = load_article(path, max_bytes=SUMMARY_BYTES)
        except ArticleError as error:
            skipped.append((path, str(error)))
            continue
        except (OSError, ValueError, RecursionError, MemoryError) as error:
            # A parser bug or an exhausted machine on one file skips that
            # file; it must not empty the whole library.
            skipped.append((path, f"{path.name} could not be read ({type(error).__name__})"))
            continue
        metadata = article.metadata
        articles.append(ArticleSummary(path, metadata.title, metadata.source, metadata.date))
    return Summaries(_newest_first(articles), skipped)


def _newest_first(articles: list[ArticleSummary]) -> list[ArticleSummary]:
    by_title = sorted(articles, key=lambda summary: (summary.title.casefold(), summary.path))
    dated = [summary for summary in by_title if _is_dated(summary)]
    undated = [summary for summary in by_title if not _is_dated(summary)]
    # A stable sort keeps same-day articles in title order.
    dated.sort(key=lambda summary: summary.date or "", reverse=True)
    return dated + undated


def _is_dated(summary: ArticleSummary) -> bool:
    # Only ISO dates sort correctly as text; a date the parser could not
    # read is shown but not ordered.
    return summary.date is not None and _ISO_DATE.fullmatch(summary.date) is not None
