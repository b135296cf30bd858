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
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from reader.library.find import ArticleFile, Library
from reader.library.passages import Passage, passage_terms
from reader.library.summary import ArticleSummary
from reader.state.xdg import cache_dir

INDEX_FILENAME = "library.sqlite3"
# Bumped whenever what is stored changes meaning (the normaliser, the
# stemmer, the parsers' output): an index of another version is rebuilt.
SCHEMA_VERSION = 1
# Long enough to wait out another instance's batch, short enough that a
# stuck lock costs a pause, not a hang.
BUSY_TIMEOUT_SECONDS = 5.0

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
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles (date);
CREATE TABLE IF NOT EXISTS texts (
    id INTEGER PRIMARY KEY REFERENCES articles (id),
    sections TEXT NOT NULL,
    passages BLOB NOT NULL,
    terms BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, body, alt, content = '', tokenize = 'ascii'
);
"""
# The ascii tokenizer splits at ASCII punctuation and spaces only and keeps
# every other character: it takes the stems exactly as ``passages`` wrote them.

_COLUMNS = "path, size, mtime_ns, title, source, date, language, direction, key, problem, indexed"
# bm25 weights of the title, body and alt columns: a hit in the title counts
# most, one found only through a second stem least.
_RANK = "bm25(fts, 8.0, 1.0, 0.5)"


class IndexedFile(NamedTuple):
    """What the index knows of one file."""

    file: ArticleFile
    summary: ArticleSummary | None
    problem: str | None
    """Why it is not an article (a binary file…), when it is not."""
    indexed: bool
    """Whether its full text is in the index."""


class Found(NamedTuple):
    """One article that matches a search, and where."""

    path: Path
    title: str
    passages: list[Passage]


class CacheError(Exception):
    """The cache file cannot be used; raised only inside this module."""


Row = tuple[Any, ...]


class LibraryIndex:
    """The index, on disk or (when the cache cannot be used) in memory.

    No method raises for a problem with the cache: it recovers (see the
    module's description) and leaves a notice for ``take_notice``.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._notices: list[str] = []
        self._lock = threading.Lock()
        self._connection = self._connect()

    @classmethod
    def open(cls, path: Path | None = None) -> LibraryIndex:
        """The index at ``path`` (default: the cache directory's)."""
        return cls(cache_dir() / INDEX_FILENAME if path is None else path)

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    # -- reading ---------------------------------------------------------------

    def files(self, library: Library) -> dict[str, IndexedFile]:
        """Every file of ``library`` the index knows, by path."""
        where, arguments = _scope(library)
        rows = self._run(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE {where}", arguments
            ).fetchall()
        )
        known: dict[str, IndexedFile] = {}
        for row in rows:
            indexed = _indexed_file(row)
            known[indexed.file.path] = indexed
        return known

    def newest(self, library: Library) -> Path | None:
        """The newest dated article of ``library`` the index knows, if any."""
        where, arguments = _scope(library)
        rows = self._run(
            lambda db: db.execute(
                f"SELECT path FROM articles WHERE {where} AND problem IS NULL"
                " AND date IS NOT NULL ORDER BY date DESC LIMIT 1",
                arguments,
            ).fetchall()
        )
        return Path(os.fsdecode(rows[0][0])) if rows else None

    def search(self, expression: str, library: Library) -> Iterator[Found]:
        """The articles of ``library`` matching an FTS5 ``expression``, best first."""
        where, arguments = _scope(library, "articles.")
        rows = self._run(
            lambda db: db.execute(
                "SELECT articles.path, articles.title, texts.passages FROM fts"
                " JOIN articles ON articles.id = fts.rowid"
                " JOIN texts ON texts.id = fts.rowid"
                f" WHERE fts MATCH ? AND {where} ORDER BY {_RANK}",
                (expression, *arguments),
            ).fetchall()
        )
        for path, title, passages in rows:
            yield Found(Path(os.fsdecode(path)), title, _unpack_passages(passages))

    # -- writing ---------------------------------------------------------------

    def store_summaries(self, read: Iterable[tuple[ArticleFile, ArticleSummary | str]]) -> None:
        """Keep what reading the heads of files found: a summary, or a problem."""
        rows = [_summary_row(file, outcome) for file, outcome in read]
        self._write(lambda db: self._upsert(db, rows, drop_text=True))

    def store_texts(
        self, read: Iterable[tuple[ArticleFile, ArticleSummary, list[Passage]]]
    ) -> None:
        """Keep the full text of articles, with the summary their full parse gave."""
        entries = list(read)

        def write(db: sqlite3.Connection) -> None:
            ids = self._upsert(db, [_summary_row(file, summary) for file, summary, _ in entries])
            for (_, _, passages), article_id in zip(entries, ids, strict=True):
                _put_text(db, article_id, passages)
            db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", [(id_,) for id_ in ids])

        self._write(write)

    def remove(self, paths: Iterable[str]) -> None:
        """Forget ``paths`` (files gone, or no longer in their library)."""
        keys = [(os.fsencode(path),) for path in paths]

        def write(db: sqlite3.Connection) -> None:
            for (key,) in keys:
                row = db.execute("SELECT id FROM articles WHERE path = ?", (key,)).fetchone()
                if row is not None:
                    _drop_text(db, row[0])
            db.executemany("DELETE FROM articles WHERE path = ?", keys)

        if keys:
            self._write(write)

    def _upsert(
        self, db: sqlite3.Connection, rows: list[Row], drop_text: bool = False
    ) -> list[int]:
        ids = []
        for row in rows:
            (article_id,) = db.execute(
                f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
                " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, title = excluded.title,"
                " source = excluded.source, date = excluded.date,"
                " language = excluded.language, direction = excluded.direction,"
                " key = excluded.key, problem = excluded.problem RETURNING id",
                row,
            ).fetchone()
            if drop_text:
                _drop_text(db, article_id)
            ids.append(article_id)
        return ids

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
                self._notices.append(f"The library index failed again ({_reason(error)}).")
                return []

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._connect_file()
        except CacheError as error:
            return self._start_afresh(str(error))
        except (sqlite3.Error, OSError) as error:
            return self._in_memory(_reason(error))

    def _connect_file(self) -> sqlite3.Connection:
        if self.path is None:
            return _prepared(sqlite3.connect(":memory:", check_same_thread=False))
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _check_header(self.path)
        connection = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            return _prepared(connection)
        except BaseException:
            connection.close()
            raise

    def _recover(self, error: sqlite3.Error) -> None:
        try:
            self._connection.close()
        except sqlite3.Error:
            pass
        if _is_corruption(error):
            self._connection = self._start_afresh(_reason(error))
        else:
            self._connection = self._in_memory(_reason(error))

    def _start_afresh(self, reason: str) -> sqlite3.Connection:
        assert self.path is not None
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            connection = self._connect_file()
        except (CacheError, sqlite3.Error, OSError) as error:
            return self._in_memory(f"{reason}; then {_reason(error)}")
        self._notices.append(f"The library index is rebuilt ({reason}).")
        return connection

    def _in_memory(self, reason: str) -> sqlite3.Connection:
        self._notices.append(
            f"The library index cannot be kept in {self.path} ({reason});"
            " it is rebuilt for this session only."
        )
        self.path = None
        return _prepared(sqlite3.connect(":memory:", check_same_thread=False))


def _prepared(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.isolation_level = None
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version != SCHEMA_VERSION:
        if version:
            raise CacheError(f"made by another version ({version})")
        connection.execute("PRAGMA journal_mode = WAL")
    # A cache: a crash may lose the last batch, which the next launch redoes.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.executescript(_SCHEMA)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return connection


_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise CacheError("not a regular file")  # a FIFO would block the open
    with path.open("rb") as database:
        header = database.read(len(_SQLITE_HEADER))
    if header and header != _SQLITE_HEADER:
        raise CacheError("not a database")


def _is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _scope(library: Library, table: str = "") -> tuple[str, tuple[object, ...]]:
    """An SQL condition for the paths of ``library``, and its arguments.

    Paths are compared as bytes: everything under ``folder/`` sorts between
    ``folder/`` and ``folder0`` ('0' follows '/').
    """
    prefix = os.fsencode(os.path.join(library.folder, ""))
    condition = f"{table}path >= ? AND {table}path < ?"
    if library.recursive:
        return condition, (prefix, prefix[:-1] + b"0")
    # Directly in the folder: no '/' after the prefix.
    flat = f"{condition} AND instr(substr({table}path, ?), x'2f') = 0"
    return flat, (prefix, prefix[:-1] + b"0", len(prefix) + 1)


def _indexed_file(row: Row) -> IndexedFile:
    raw, size, mtime_ns, title, source, date, language, direction, key, problem, indexed = row
    path = os.fsdecode(raw)
    file = ArticleFile(path, size, mtime_ns)
    if problem is not None:
        return IndexedFile(file, None, str(problem), False)
    summary = ArticleSummary(
        Path(path),
        str(title),
        _text(source),
        _text(date),
        _text(language),
        _text(direction),
        size,
        str(key),
    )
    return IndexedFile(file, summary, None, bool(indexed))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _summary_row(file: ArticleFile, outcome: ArticleSummary | str) -> Row:
    key = os.fsencode(file.path)
    if isinstance(outcome, str):
        return (key, file.size, file.mtime_ns, "", None, None, None, None, "", outcome)
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
    )


def _put_text(db: sqlite3.Connection, article_id: int, passages: list[Passage]) -> None:
    _drop_text(db, article_id)
    terms = passage_terms(passages)
    sections = [passage.text for passage in passages if passage.kind == "heading"]
    db.execute(
        "INSERT INTO texts (id, sections, passages, terms) VALUES (?, ?, ?, ?)",
        (article_id, json.dumps(sections, ensure_ascii=False), _pack(passages), _pack(terms)),
    )
    db.execute(
        "INSERT INTO fts (rowid, title, body, alt) VALUES (?, ?, ?, ?)", (article_id, *terms)
    )


def _drop_text(db: sqlite3.Connection, article_id: int) -> None:
    row = db.execute("SELECT terms FROM texts WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    # A contentless FTS5 table forgets a row only when told the very terms it
    # was given, which is why they are kept.
    title, body, alt = json.loads(zlib.decompress(row[0]))
    db.execute(
        "INSERT INTO fts (fts, rowid, title, body, alt) VALUES ('delete', ?, ?, ?, ?)",
        (article_id, title, body, alt),
    )
    db.execute("DELETE FROM texts WHERE id = ?", (article_id,))
    db.execute("UPDATE articles SET indexed = 0 WHERE id = ?", (article_id,))


def _pack(value: object) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode(), 1)


def _unpack_passages(blob: bytes) -> list[Passage]:
    return [Passage(*fields) for fields in json.loads(zlib.decompress(blob))]
