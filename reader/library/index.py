"""The library index: summaries and full text of every article seen, in SQLite.

It is a cache (under $XDG_CACHE_HOME/qari): each file is known by its path,
size and modification time, so a second launch reads only what changed, and
deleting the cache loses nothing. A damaged cache is deleted and started
afresh; one that cannot be used at all (locked, read-only, full disk) is
replaced by an in-memory one for the session; either way with a notice for
the reader, never an exception. Several Qari instances share one cache:
WAL, a busy timeout, and each batch of writes in one transaction.

The full text goes into an FTS5 table (ranked with bm25) as stems, not as
text (see ``passages``); the passages themselves are kept compressed, to
show a hit in its paragraph.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.gc_pause import gc_paused
from reader.library.find import ArticleFile, Library
from reader.library.passages import ArticleText, Passage, unpack_passages
from reader.library.summary import NOT_LISTED, UNDATED, ArticleSummary, listing_order
from reader.state.database import CorruptDatabase, check_header, is_corruption, reason
from reader.state.xdg import cache_dir
from reader.text.sanitise import name_text

INDEX_FILENAME = "library.sqlite3"
# Bumped whenever what is stored changes meaning (the normaliser, the
# stemmer, the parsers' output): an index of another version is rebuilt.
SCHEMA_VERSION = 5
# Long enough to wait out another instance's batch, short enough that a
# stuck lock costs a pause, not a hang.
BUSY_TIMEOUT_SECONDS = 5.0

# The listing index holds every column a listing reads: a listing of
# 30,000 is then read from the index alone, in order, without looking each
# row up in the table (0.22 s -> 0.13 s), for some 20 MB more of cache.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    date TEXT,
    language TEXT,
    direction TEXT,
    key TEXT NOT NULL,
    problem TEXT,
    indexed INTEGER NOT NULL DEFAULT 0,
    listing_order TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_listing ON articles (
    listing_order, path, problem, title, source, date, language, direction, size, key,
    mtime_ns, indexed
);
CREATE TABLE IF NOT EXISTS texts (
    id INTEGER PRIMARY KEY REFERENCES articles (id),
    sections TEXT NOT NULL,
    passages BLOB NOT NULL,
    terms TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, body, alt, content = '', tokenize = 'ascii'
);
"""
# The ascii tokenizer splits at ASCII punctuation and spaces only and keeps
# every other character: it takes the stems exactly as ``passages`` wrote them.

# Cast: SQLite keeps what it is given whatever the column's type, and a
# cache edited by hand must not make a title a number.
_TEXTS = "CAST(title AS TEXT), CAST(source AS TEXT), CAST(date AS TEXT),"
_TEXTS += " CAST(language AS TEXT), CAST(direction AS TEXT)"
# ArticleSummary's fields, in its order, after the path.
_SUMMARY_COLUMNS = f"{_TEXTS}, CAST(size AS INTEGER), CAST(key AS TEXT)"
_KNOWN_COLUMNS = (
    f"path, CAST(mtime_ns AS INTEGER), CAST(problem AS TEXT), indexed, {_SUMMARY_COLUMNS}"
)
# newest_first's order (summary.listing_order, then the path), read from
# its index rather than sorted (see _LISTED_PATH).
_NEWEST_FIRST = "ORDER BY listing_order, path"
# The path in a listing's scope, as "+path": the unary plus keeps the
# planner from taking the path index for the scope and then sorting, so it
# reads the listing index in order. (Naming that index, INDEXED BY, would
# make a cache that lost it fail rather than sort.)
_LISTED_PATH = "+path"
_INSERT = (
    "INSERT INTO articles (path, size, mtime_ns, title, source, date, language, direction,"
    " key, problem, listing_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE articles SET size = ?, mtime_ns = ?, title = ?, source = ?, date = ?,"
    " language = ?, direction = ?, key = ?, problem = ?, listing_order = ? WHERE path = ?"
)
# Bound parameters per statement: far below SQLite's limit of old (999).
_CHUNK = 500
# bm25 weights of the title, body and alt columns: a hit in the title counts
# most, one found only through a second stem least.
_RANK = "bm25(fts, 8.0, 1.0, 0.5)"


class Known(NamedTuple):
    """What the index knows of the files of a library."""

    stamps: dict[str, tuple[int, int]]
    """The size and modification time of every file it knows, by path."""
    summaries: dict[str, ArticleSummary]
    """The articles' summaries by path, newest first."""
    problems: dict[str, str]
    """Why each file that is not an article (a binary file…) is not."""
    indexed: set[str]
    """The articles whose full text it holds."""


class Found(NamedTuple):
    """One article that matches a search, and where."""

    path: Path
    title: str
    passages: list[Passage]


def default_index_path() -> Path:
    """Where the index is kept: the cache directory."""
    return cache_dir() / INDEX_FILENAME


class CacheError(Exception):
    """The cache file cannot be used; raised only inside this module."""


Row = tuple[Any, ...]


class LibraryIndex:
    """The index, on disk or (when the cache cannot be used) in memory.

    No method raises for a problem with the cache: it recovers (see the
    module's description) and leaves a notice for ``take_notices``.
    """

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        """Only read: a cache missing or damaged is then left as it is (its
        writer deals with it) and the index reads as empty."""
        self._notices: list[str] = []
        self._lock = threading.Lock()
        self._connection = self._connect()

    @classmethod
    def open(cls, path: Path | None = None, *, read_only: bool = False) -> LibraryIndex:
        """The index at ``path`` (default: ``default_index_path()``)."""
        return cls(default_index_path() if path is None else path, read_only=read_only)

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    # -- reading ---------------------------------------------------------------

    def known(self, library: Library) -> Known:
        """Everything the index knows of the files of ``library``."""
        where, arguments = _scope(library, _LISTED_PATH)
        known = Known({}, {}, {}, set())
        stamps, summaries, problems = known.stamps, known.summaries, known.problems
        make, decode = ArticleSummary._make, os.fsdecode
        with gc_paused():
            rows = self._select(
                f"SELECT {_KNOWN_COLUMNS} FROM articles WHERE {where} {_NEWEST_FIRST}", arguments
            )
            for raw, mtime_ns, problem, indexed, *summary in rows:
                path = decode(raw)
                stamps[path] = (summary[5], mtime_ns)  # [5]: the size (_SUMMARY_COLUMNS)
                if problem is not None:
                    problems[path] = problem
                    continue
                summaries[path] = make((path, *summary))
                if indexed:
                    known.indexed.add(path)
        return known

    def summaries(self, library: Library) -> list[ArticleSummary]:
        """The summaries of the articles of ``library`` the index knows,
        newest first (see ``summary.newest_first``)."""
        where, arguments = _scope(library, _LISTED_PATH)
        make, decode = ArticleSummary._make, os.fsdecode
        with gc_paused():
            rows = self._select(
                f"SELECT path, {_SUMMARY_COLUMNS} FROM articles"
                f" WHERE {where} AND problem IS NULL {_NEWEST_FIRST}",
                arguments,
            )
            return [make((decode(path), *fields)) for path, *fields in rows]

    def newest(self, library: Library) -> Path | None:
        """The newest dated article of ``library`` the index knows, if any."""
        where, arguments = _scope(library, _LISTED_PATH)
        rows = self._select(
            f"SELECT path FROM articles WHERE {where} AND problem IS NULL"
            f" AND listing_order < ? {_NEWEST_FIRST} LIMIT 1",
            (*arguments, UNDATED),
        )
        return Path(os.fsdecode(rows[0][0])) if rows else None

    def search(self, expression: str, library: Library) -> Iterator[Found]:
        """The articles of ``library`` matching an FTS5 ``expression``, best first."""
        where, arguments = _scope(library, "articles.path")
        ranked = self._select(
            "SELECT articles.id, articles.path, articles.title FROM fts"
            " JOIN articles ON articles.id = fts.rowid"
            f" WHERE fts MATCH ? AND {where} ORDER BY {_RANK}",
            (expression, *arguments),
        )
        # The passages one article at a time, as the hits are taken: a word
        # found in every article must not load every text at once.
        for article_id, path, title in ranked:
            rows = self._select("SELECT passages FROM texts WHERE id = ?", (article_id,))
            if rows:
                yield Found(Path(os.fsdecode(path)), title, unpack_passages(rows[0][0]))

    # -- writing ---------------------------------------------------------------

    def store_summaries(self, read: Iterable[tuple[ArticleFile, ArticleSummary | str]]) -> None:
        """Keep what reading the heads of files found: a summary, or a problem."""
        rows = [_summary_row(file, outcome) for file, outcome in read]
        self._write(lambda db: self._upsert(db, rows, drop_text=True))

    def store_texts(self, read: Iterable[tuple[ArticleFile, ArticleSummary, ArticleText]]) -> None:
        """Keep the full text of articles, with their summaries."""
        entries = list(read)

        def write(db: sqlite3.Connection) -> None:
            ids = self._upsert(db, [_summary_row(file, summary) for file, summary, _ in entries])
            # Another instance may have indexed some of them meanwhile.
            _drop_texts(db, ids)
            texts, terms = [], []
            for (_, _, text), article_id in zip(entries, ids, strict=True):
                headings = json.dumps(text.sections, ensure_ascii=False)
                texts.append((article_id, headings, text.passages, "\n".join(text.terms)))
                terms.append((article_id, *text.terms))
            db.executemany(
                "INSERT INTO texts (id, sections, passages, terms) VALUES (?, ?, ?, ?)", texts
            )
            db.executemany("INSERT INTO fts (rowid, title, body, alt) VALUES (?, ?, ?, ?)", terms)
            db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", [(id_,) for id_ in ids])

        self._write(write)

    def remove(self, paths: Iterable[str]) -> None:
        """Forget ``paths`` (files gone, or no longer in their library)."""
        keys = [os.fsencode(path) for path in paths]

        def write(db: sqlite3.Connection) -> None:
            _drop_texts(db, [id_ for id_, _, _ in _stored(db, keys).values()])
            db.executemany("DELETE FROM articles WHERE path = ?", [(key,) for key in keys])

        if keys:
            self._write(write)

    def _upsert(
        self, db: sqlite3.Connection, rows: list[Row], drop_text: bool = False
    ) -> list[int]:
        """Insert or update ``rows`` by path (inside a write transaction, so
        no one else writes between the look-up and the change); their ids.

        ``drop_text``: forget the full text of the files whose size or time
        changed; the text of the very version described is kept (a helper,
        or another instance, may have indexed it first).
        """
        keys = [row[0] for row in rows]
        known = _stored(db, keys)
        db.executemany(_INSERT, [row for row in rows if row[0] not in known])
        db.executemany(_UPDATE, [(*row[1:], row[0]) for row in rows if row[0] in known])
        if drop_text:
            outdated = []
            for key, size, mtime_ns, *_ in rows:
                before = known.get(key)
                if before is not None and before[1:] != (size, mtime_ns):
                    outdated.append(before[0])
            _drop_texts(db, outdated)
        stored = _stored(db, keys)
        return [stored[key][0] for key in keys]

    # -- the connection and its troubles -----------------------------------------

    def _write(self, write: Callable[[sqlite3.Connection], object]) -> None:
        def transaction(db: sqlite3.Connection) -> list[Row]:
            # IMMEDIATE takes the write lock first: two instances queue
            # for it (busy timeout) instead of failing halfway.
            db.execute("BEGIN IMMEDIATE")
            try:
                write(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return []

        self._run(transaction)

    def _select(self, sql: str, arguments: Sequence[object]) -> list[Row]:
        return self._run(lambda db: db.execute(sql, arguments).fetchall())

    def _run(self, work: Callable[[sqlite3.Connection], list[Row]]) -> list[Row]:
        """``work`` on the connection, recovering once from a broken cache."""
        with self._lock:
            try:
                return work(self._connection)
            except sqlite3.Error as error:
                self._recover(error)
            try:
                return work(self._connection)
            except sqlite3.Error as error:
                self._notices.append(f"The library index failed again ({reason(error)}).")
                return []

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._connect_file()
        except (CacheError, CorruptDatabase) as error:
            return self._start_afresh(str(error))
        except (sqlite3.Error, OSError) as error:
            return self._in_memory(reason(error))

    def _connect_file(self) -> sqlite3.Connection:
        if self.path is None:
            return _prepared(sqlite3.connect(":memory:", check_same_thread=False))
        if self.read_only and not self.path.exists():
            raise CacheError("not made yet")  # connecting would make it
        if not self.read_only:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _check_regular(self.path)
        check_header(self.path)
        connection = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            return _prepared(connection, create=not self.read_only)
        except BaseException:
            connection.close()
            raise

    def _recover(self, error: sqlite3.Error) -> None:
        try:
            self._connection.close()
        except sqlite3.Error:
            pass
        if is_corruption(error):
            self._connection = self._start_afresh(reason(error))
        else:
            self._connection = self._in_memory(reason(error))

    def _start_afresh(self, why: str) -> sqlite3.Connection:
        assert self.path is not None
        if self.read_only:
            return self._in_memory(why)
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            connection = self._connect_file()
        except (CacheError, CorruptDatabase, sqlite3.Error, OSError) as error:
            return self._in_memory(f"{why}; then {reason(error)}")
        self._notices.append(f"The library index is rebuilt ({why}).")
        return connection

    def _in_memory(self, why: str) -> sqlite3.Connection:
        if not self.read_only:
            self._notices.append(
                f"The library index cannot be kept in {self.path} ({why});"
                " it is rebuilt for this session only."
            )
        self.path = None
        return _prepared(sqlite3.connect(":memory:", check_same_thread=False))


def _prepared(connection: sqlite3.Connection, *, create: bool = True) -> sqlite3.Connection:
    connection.isolation_level = None
    # A cache, so never synced to the disk: a crash of Qari loses nothing
    # (SQLite has handed each commit to the system), one of the system may
    # lose the last batches, which the next launch redoes, or damage the
    # file, which is then rebuilt. Syncing at every checkpoint cost a fifth
    # of the time of indexing 10,000 heads.
    connection.execute("PRAGMA synchronous = OFF")
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version == SCHEMA_VERSION:
        return connection
    if version or not create:
        raise CacheError(f"made by another version ({version})" if version else "not made yet")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.executescript(_SCHEMA)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return connection


def _check_regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise CacheError("not a regular file")  # a FIFO would block the open


def _scope(library: Library, path: str = "path") -> tuple[str, tuple[object, ...]]:
    """An SQL condition on the column ``path`` for the paths of ``library``,
    and its arguments.

    Paths are compared as bytes: everything under ``folder/`` sorts between
    ``folder/`` and ``folder0`` ('0' follows '/').
    """
    prefix = os.fsencode(os.path.join(library.folder, ""))
    condition = f"{path} >= ? AND {path} < ?"
    if library.recursive:
        return condition, (prefix, prefix[:-1] + b"0")
    # Directly in the folder: no '/' after the prefix.
    flat = f"{condition} AND instr(substr({path}, ?), x'2f') = 0"
    return flat, (prefix, prefix[:-1] + b"0", len(prefix) + 1)


def _summary_row(file: ArticleFile, outcome: ArticleSummary | str) -> Row:
    key = os.fsencode(file.path)
    if isinstance(outcome, str):
        # The reason names the file, whose name may hold bytes that are not UTF-8.
        problem = name_text(outcome)
        return (key, file.size, file.mtime_ns, "", None, None, None, None, "", problem, NOT_LISTED)
    summary = outcome
    return (
        key,
        file.size,
        file.mtime_ns,
        summary.title,
        summary.source,
        summary.date,
        summary.language,
        summary.direction,
        summary.key,
        None,
        listing_order(summary.date, summary.title),
    )


def _stored(db: sqlite3.Connection, keys: list[bytes]) -> dict[bytes, tuple[int, int, int]]:
    """The id, size and modification time of each article at ``keys``
    (encoded paths) that the index holds."""
    found: dict[bytes, tuple[int, int, int]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT path, id, size, mtime_ns FROM articles WHERE path IN ({marks})", chunk
        )
        found.update((path, (id_, size, mtime_ns)) for path, id_, size, mtime_ns in rows)
    return found


def _drop_texts(db: sqlite3.Connection, ids: list[int]) -> None:
    """Forget the full text of the articles ``ids`` (those that have one)."""
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT id, terms FROM texts WHERE id IN ({marks})", chunk).fetchall()
        # A contentless FTS5 table forgets a row only when told the very
        # terms it was given, which is why they are kept.
        db.executemany(
            "INSERT INTO fts (fts, rowid, title, body, alt) VALUES ('delete', ?, ?, ?, ?)",
            [(article_id, *terms.split("\n")) for article_id, terms in rows],
        )
        db.executemany("DELETE FROM texts WHERE id = ?", [(article_id,) for article_id, _ in rows])
        db.executemany(
            "UPDATE articles SET indexed = 0 WHERE id = ?",
            [(article_id,) for article_id, _ in rows],
        )
