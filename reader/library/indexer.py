"""Bringing the index up to date with a library, telling as it goes.

``update_index`` finds the library's files, lists at once what the index
already knows, reads the head of every new or changed file (its summary),
and then, if asked, the whole of every article not yet in the full-text
index. Each step sends updates (summaries, progress, problems) through a
callable: the reader's worker process sends them to the reader, the CLI
ignores them.

Where helper processes read the full texts (see ``readers``), they do all
the work on a text but writing it: this process only writes. They start
once the listing is done. Started with it, on this machine's two cores,
they slowed the listing by half and made the texts ready no sooner
(measured with 30,000 articles: heads 7.0 s then texts at 20.5 s, against
11.2 s and 20.1 s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from time import monotonic
from typing import TypeVar

from reader.gc_pause import gc_paused
from reader.library.find import ArticleFile, Library, article_file, find_articles
from reader.library.index import LibraryIndex
from reader.library.passages import ArticleText, article_text
from reader.library.readers import Reading, readers
from reader.library.summary import ArticleSummary, newest_first, read_article, read_summary
from reader.library.updates import (
    Finished,
    LeftOut,
    Listed,
    Notice,
    Progress,
    Removed,
    Update,
)

# Work is written and reported in batches of at most this long or this
# many, so the list fills visibly and a transaction never holds the lock
# of a shared cache for long.
_BATCH_SECONDS = 0.1
_BATCH_MOST = 500
# What the full-text index reads of an article: far more than any news
# article, and a bound on what a huge file costs to parse.
INDEXED_BYTES = 1024 * 1024


def update_index(
    library: Library,
    index: LibraryIndex,
    send: Callable[[Update], object],
    *,
    opened: Path | None = None,
    full_text: bool = True,
    helpers: int = 1,
    listing: bool = True,
) -> list[ArticleSummary]:
    """Bring ``index`` up to date with ``library``; return its summaries,
    newest first, unless ``listing`` is False (the reader's worker: the
    reader reads its listing from the index, and sorting a whole library's
    summaries was the worker's peak of memory).

    ``opened`` is the file the reader opened: listed even when its name
    would not make it an article. ``helpers`` processes read the full texts
    when there are many (see ``readers``; only from a process with one
    thread).
    """
    with readers(helpers if full_text else 1) as reading:  # helpers read only texts
        summaries, ordered = _update(library, index, send, opened, full_text, reading)
    if not listing:
        return []
    return list(summaries.values()) if ordered else newest_first(summaries.values())


def _update(
    library: Library,
    index: LibraryIndex,
    send: Callable[[Update], object],
    opened: Path | None,
    full_text: bool,
    reading: Reading,
) -> tuple[dict[str, ArticleSummary], bool]:
    """The summaries of ``library`` by path, and whether they are newest first."""
    # What the index knows is not sent: the reader reads it from the index
    # itself, at once; only what changed is.
    with gc_paused():
        known = index.known(library)
        found = find_articles(library)
        files = _with_opened(found.files, opened)
        present = {file.path for file in files}
        stamps = known.stamps
        gone = [path for path in stamps if path not in present]
        changed = [file for file in files if stamps.get(file.path) != (file.size, file.mtime_ns)]
        # Newest first, as the index keeps them: with nothing changed, the
        # listing needs no sorting.
        summaries = known.summaries
        stale = {file.path for file in changed}.union(gone)
        for path in stale:
            summaries.pop(path, None)
        skipped = [(path, why) for path, why in known.problems.items() if path not in stale]
    if gone:
        index.remove(gone)
        send(Removed(gone))
    # Summaries are read here: a head takes too little time to pay for
    # sending it to a helper and back (measured: slower with two helpers).
    heads = zip(changed, map(_summarise, changed), strict=True)
    for read in _batches(heads, len(changed), "summaries", send):
        index.store_summaries(read)
        fresh = [(file.path, outcome) for file, outcome in read]
        summaries.update((path, s) for path, s in fresh if isinstance(s, ArticleSummary))
        skipped += [(path, s) for path, s in fresh if isinstance(s, str)]
        send(Listed([s for _, s in fresh if isinstance(s, ArticleSummary)]))
    send(LeftOut(sorted(skipped), found.unreadable))
    _tell(index, send)
    send(Finished("summaries", len(summaries)))
    if full_text:
        done = known.indexed.difference(stale)
        todo = [file for file in files if file.path in summaries and file.path not in done]
        texts = zip(todo, reading(_read_whole, todo), strict=True)
        for batch in _batches(texts, len(todo), "text", send):
            _store_texts(index, batch, summaries)
        _tell(index, send)
        send(Finished("text"))
    return summaries, not stale


def _with_opened(files: list[ArticleFile], opened: Path | None) -> list[ArticleFile]:
    if opened is None:
        return files
    file = article_file(opened)
    if file is None or any(found.path == file.path for found in files):
        return files
    return sorted([*files, file])


def _summarise(file: ArticleFile) -> ArticleSummary | str:
    return read_summary(file.path, file.size)


def _read_whole(file: ArticleFile) -> ArticleText | str:
    article = read_article(Path(file.path), INDEXED_BYTES)
    return article if isinstance(article, str) else article_text(article)


def _store_texts(
    index: LibraryIndex,
    read: list[tuple[ArticleFile, ArticleText | str]],
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
_Item = TypeVar("_Item")


def _batches(
    outcomes: Iterable[tuple[ArticleFile, _Outcome]],
    total: int,
    stage: str,
    send: Callable[[Update], object],
) -> Iterator[list[tuple[ArticleFile, _Outcome]]]:
    """The files and the outcomes of reading them (``total`` of them) in
    batches, reporting progress."""
    if total:
        send(Progress(stage, 0, total))
    done = 0
    for batch in _timed(outcomes):
        yield batch
        done += len(batch)
        send(Progress(stage, done, total))


def _timed(items: Iterable[_Item]) -> Iterator[list[_Item]]:
    """``items`` in runs of at most _BATCH_MOST, cut when _BATCH_SECONDS have passed.

    The time is measured while the items are made (the files read) and the
    runs written, so the runs follow the speed of the work, whatever the
    files are like.
    """
    batch: list[_Item] = []
    started = monotonic()
    size = 16  # a first small run: the list starts filling at once
    for item in items:
        batch.append(item)
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
