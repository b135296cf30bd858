"""Bringing the index up to date with a library, telling as it goes.

``update_index`` finds the library's files, lists at once what the index
already knows, reads the head of every new or changed file (its summary),
and then, if asked, the whole of every article not yet in the full-text
index. Each step sends updates (summaries, progress, problems) through a
callable: the reader's worker process sends them to the reader, the CLI
ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from time import monotonic
from typing import NamedTuple, TypeVar

from reader.library.find import ArticleFile, Library, article_file, find_articles
from reader.library.index import IndexedFile, LibraryIndex
from reader.library.passages import Passage, article_passages
from reader.library.summary import ArticleSummary, newest_first, read_article, read_summary

# Work is written and reported in batches of at most this long or this
# many, so the list fills visibly and a transaction never holds the lock
# of a shared cache for long.
_BATCH_SECONDS = 0.1
_BATCH_MOST = 500
# What the full-text index reads of an article: far more than any news
# article, and a bound on what a huge file costs to parse.
INDEXED_BYTES = 1024 * 1024


class Listed(NamedTuple):
    """Summaries to show: new ones, or new versions of ones already shown."""

    summaries: list[ArticleSummary]


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


class Failed(NamedTuple):
    """The library cannot be read at all (its folder is gone…)."""

    message: str


Update = Listed | Progress | LeftOut | Notice | Finished | Failed


def update_index(
    library: Library,
    index: LibraryIndex,
    send: Callable[[Update], object],
    *,
    opened: Path | None = None,
    full_text: bool = True,
) -> list[ArticleSummary]:
    """Bring ``index`` up to date with ``library``; return its summaries.

    ``opened`` is the file the reader opened: listed even when its name
    would not make it an article.
    """
    found = find_articles(library)
    files = _with_opened(found.files, opened)
    known = index.files(library)
    present = {file.path for file in files}
    index.remove(path for path in known if path not in present)
    unchanged = {
        file.path: known[file.path]
        for file in files
        if file.path in known and known[file.path].file == file
    }
    summaries = {
        path: entry.summary for path, entry in unchanged.items() if entry.summary is not None
    }
    send(Listed(newest_first(summaries.values())))
    skipped = [(path, entry.problem) for path, entry in unchanged.items() if entry.problem]
    changed = [file for file in files if file.path not in unchanged]
    for read in _batches(changed, _summarise, "summaries", send):
        index.store_summaries(read)
        fresh = [(file.path, outcome) for file, outcome in read]
        summaries.update((path, s) for path, s in fresh if isinstance(s, ArticleSummary))
        skipped += [(path, s) for path, s in fresh if isinstance(s, str)]
        send(Listed([s for _, s in fresh if isinstance(s, ArticleSummary)]))
    send(LeftOut(sorted(skipped), found.unreadable))
    _tell(index, send)
    send(Finished("summaries"))
    if full_text:
        todo = [file for file in files if file.path in summaries and not _indexed(unchanged, file)]
        for texts in _batches(todo, _read_whole, "text", send):
            _store_texts(index, texts, summaries)
        _tell(index, send)
        send(Finished("text"))
    return newest_first(summaries.values())


def _with_opened(files: list[ArticleFile], opened: Path | None) -> list[ArticleFile]:
    if opened is None:
        return files
    file = article_file(opened)
    if file is None or any(found.path == file.path for found in files):
        return files
    return sorted([*files, file])


def _indexed(unchanged: dict[str, IndexedFile], file: ArticleFile) -> bool:
    entry = unchanged.get(file.path)
    return entry is not None and entry.indexed


def _summarise(file: ArticleFile) -> ArticleSummary | str:
    return read_summary(Path(file.path), file.size)


def _read_whole(file: ArticleFile) -> list[Passage] | str:
    article = read_article(Path(file.path), INDEXED_BYTES)
    return article if isinstance(article, str) else article_passages(article)


def _store_texts(
    index: LibraryIndex,
    read: list[tuple[ArticleFile, list[Passage] | str]],
    summaries: dict[str, ArticleSummary],
) -> None:
    # A file whose head was an article may still not be one (a NUL byte
    # further on): it is left out from the next launch on.
    index.store_summaries((file, outcome) for file, outcome in read if isinstance(outcome, str))
    index.store_texts(
        (file, summaries[file.path], outcome)
        for file, outcome in read
        if not isinstance(outcome, str)
    )


def _tell(index: LibraryIndex, send: Callable[[Update], object]) -> None:
    for notice in index.take_notices():
        send(Notice(notice))


_Outcome = TypeVar("_Outcome")


def _batches(
    files: list[ArticleFile],
    read: Callable[[ArticleFile], _Outcome],
    stage: str,
    send: Callable[[Update], object],
) -> Iterator[list[tuple[ArticleFile, _Outcome]]]:
    """``read`` each file, yielding the outcomes in batches and reporting progress."""
    total = len(files)
    if total:
        send(Progress(stage, 0, total))
    done = 0
    for batch in _timed(files):
        outcomes = [(file, read(file)) for file in batch]
        yield outcomes
        done += len(batch)
        send(Progress(stage, done, total))


def _timed(files: Iterable[ArticleFile]) -> Iterator[list[ArticleFile]]:
    """``files`` in runs of at most _BATCH_MOST, cut when _BATCH_SECONDS have passed.

    The time is measured while the consumer works on each run, so the
    runs follow the speed of the reading, whatever the files are like.
    """
    batch: list[ArticleFile] = []
    started = monotonic()
    size = 16  # a first small run: the list starts filling at once
    for file in files:
        batch.append(file)
        if len(batch) >= size:
            yield batch
            elapsed = monotonic() - started
            # Aim the next run at _BATCH_SECONDS from this run's pace.
            pace = elapsed / len(batch) if elapsed > 0 else 0.0
            size = max(1, min(_BATCH_MOST, int(_BATCH_SECONDS / pace) if pace else _BATCH_MOST))
            batch = []
            started = monotonic()
    if batch:
        yield batch
