"""Which articles are read, kept in a small SQLite database.

An article is named by a key (for saved feed items: its path inside the user's library)
and belongs to a folder (its feed), so unread articles can be counted per feed. Items a
fetch saves are recorded unread; an article the store has never heard of counts as read,
so a folder of the user's own files does not light up as new.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.state.database import in_memory, open_database, reason

READMARKS_FILENAME = "readmarks.sqlite3"

# As for the reading positions: ride out another instance's write, never hang.
BUSY_TIMEOUT_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    article TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    read INTEGER NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unread_by_folder ON marks (folder) WHERE read = 0;
"""

_SET = """
INSERT INTO marks (article, folder, read, updated) VALUES (?, ?, ?, ?)
ON CONFLICT (article) DO UPDATE SET read = excluded.read, updated = excluded.updated
"""


class ReadMarks:
    """Read and unread marks by article key. No method raises for a problem on disk:
    writes return a one-line notice instead, reads fall back to "read".

    Each change is its own transaction (WAL), so two sessions marking articles keep
    both marks and a killed process loses at most the change it was making.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._connection = connection
        self.path = path
        # A fetch in a worker thread records new items while the UI marks others read.
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> tuple[ReadMarks, str | None]:
        """Open the marks at `path` (see `open_database` for what can go wrong)."""
        connection, persistent, notice = open_database(
            path, _SCHEMA, timeout=BUSY_TIMEOUT_SECONDS, what="Read marks"
        )
        return cls(connection, path if persistent else None), notice

    @classmethod
    def in_memory(cls) -> ReadMarks:
        """Marks that end with the session (an anonymous reader of `qari serve`)."""
        return cls(in_memory(_SCHEMA), None)

    def add_unread(self, articles: Iterable[tuple[str, str]]) -> str | None:
        """Record new `(key, folder)` articles as unread. An article already marked keeps
        its mark: an item saved again is not new again."""
        now = time.time()
        rows = [(key, folder, now) for key, folder in articles]
        return self._write(
            "INSERT OR IGNORE INTO marks (article, folder, read, updated) VALUES (?, ?, 0, ?)",
            rows,
        )

    def set_read(self, key: str, folder: str, read: bool = True) -> str | None:
        """Mark `key` read (or unread); returns a notice if the mark could not be kept."""
        return self._write(_SET, [(key, folder, int(read), time.time())])

    def toggle(self, key: str, folder: str) -> tuple[bool, str | None]:
        """Flip `key` between read and unread; returns whether it is now read."""
        try:
            with self._transaction() as connection:
                now_read = not self._is_read(key)
                connection.execute(_SET, (key, folder, int(now_read), time.time()))
        except (sqlite3.Error, ValueError) as exc:
            return self.is_read(key), _unsaved(exc)
        return now_read, None

    def is_read(self, key: str) -> bool:
        """Whether `key` is read; unknown articles are read."""
        try:
            with self._lock:
                return self._is_read(key)
        except (sqlite3.Error, ValueError):
            return True

    def unread(self, keys: Iterable[str]) -> set[str]:
        """Those of `keys` that are unread."""
        wanted = list(keys)
        found: set[str] = set()
        try:
            with self._lock:
                # A chunk stays under SQLite's oldest limit on bound parameters (999).
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._connection.execute(
                        f"SELECT article FROM marks WHERE read = 0 AND article IN ({marks})",
                        chunk,
                    )
                    found.update(str(article) for (article,) in rows)
        except (sqlite3.Error, ValueError):
            return set()
        return found

    def all_unread(self) -> set[str]:
        """Every unread article's key: far fewer, in a library read daily,
        than the articles a reader lists, so one query beats asking per key."""
        try:
            with self._lock:
                rows = self._connection.execute("SELECT article FROM marks WHERE read = 0")
                return {str(article) for (article,) in rows}
        except sqlite3.Error:
            return set()

    def unread_counts(self) -> dict[str, int]:
        """How many unread articles each folder holds (folders with none are left out)."""
        try:
            with self._lock:
                rows = self._connection.execute(
                    "SELECT folder, COUNT(*) FROM marks WHERE read = 0 GROUP BY folder"
                ).fetchall()
        except sqlite3.Error:
            return {}
        return {str(folder): int(count) for folder, count in rows}

    def forget(self, keys: Iterable[str]) -> str | None:
        """Drop the marks of articles that are gone (deleted files)."""
        return self._write("DELETE FROM marks WHERE article = ?", [(key,) for key in keys])

    def close(self) -> None:
        """Close the database. Safe to call twice."""
        with self._lock:
            self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so a read-then-write (toggle) cannot
        # interleave with another session's; leaving the `with` commits or rolls back.
        with self._lock, self._connection as connection:
            connection.execute("BEGIN IMMEDIATE")
            yield connection

    def _is_read(self, key: str) -> bool:
        row = self._connection.execute("SELECT read FROM marks WHERE article = ?", (key,))
        found = row.fetchone()
        return found is None or found[0] != 0

    def _write(self, statement: str, rows: Sequence[tuple[object, ...]]) -> str | None:
        try:
            with self._transaction() as connection:
                connection.executemany(statement, rows)
        except (sqlite3.Error, ValueError) as exc:
            return _unsaved(exc)
        return None


def _unsaved(exc: BaseException) -> str:
    return f"Could not save the read marks ({reason(exc)})."
