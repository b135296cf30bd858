"""What Qari remembers of each feed between fetches: the server's validators (ETag,
Last-Modified) for a conditional GET, and the ids and links of the items already saved,
so an item is saved once however often it comes back.

One SQLite file under the XDG state dir, and a lock file beside it: one fetch (or `qari
add`) writes at a time, across sessions, so two of them cannot save the same new item.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

from reader.feeds.download import Validators
from reader.feeds.errors import FeedError
from reader.state.database import open_database

HISTORY_FILENAME = "feeds.sqlite3"
_LOCK_FILENAME = "fetch.lock"
BUSY_TIMEOUT_SECONDS = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (
    feed TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS seen (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (feed, key)
) WITHOUT ROWID;
"""


class FeedHistory:
    """Validators and seen items per feed URL. Use as a context manager; opening takes the
    fetch lock. Raises `FeedError` when the history cannot be kept on disk: fetching
    without it would save every item again next time."""

    def __init__(self, connection: sqlite3.Connection, lock_fd: int) -> None:
        self._connection = connection
        self._lock_fd = lock_fd
        # Saved from the fetch's event loop, possibly in a worker thread of the UI.
        self._lock = threading.Lock()

    @classmethod
    def open(cls, state: Path) -> FeedHistory:
        lock_fd = _take_lock(state / _LOCK_FILENAME)
        connection, persistent, notice = open_database(
            state / HISTORY_FILENAME, _SCHEMA, timeout=BUSY_TIMEOUT_SECONDS, what="Feed history"
        )
        if not persistent:
            connection.close()
            os.close(lock_fd)
            raise FeedError(notice or f"cannot keep the feed history in {state}")
        return cls(connection, lock_fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def validators(self, feed: str) -> Validators:
        with self._lock:
            row = self._connection.execute(
                "SELECT etag, last_modified FROM validators WHERE feed = ?", (feed,)
            ).fetchone()
        if row is None:
            return Validators()
        etag, modified = row
        return Validators(
            etag if isinstance(etag, str) else None, modified if isinstance(modified, str) else None
        )

    def set_validators(self, feed: str, validators: Validators) -> None:
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO validators (feed, etag, last_modified) VALUES (?, ?, ?)",
                (feed, validators.etag, validators.last_modified),
            )

    def seen(self, feed: str, key: str, link: str | None) -> bool:
        """Whether an item with the same id, or the same link, was saved before."""
        keys = _keys(key, link)
        marks = ",".join("?" * len(keys))
        with self._lock:
            row = self._connection.execute(
                f"SELECT 1 FROM seen WHERE feed = ? AND key IN ({marks})", (feed, *keys)
            ).fetchone()
        return row is not None

    def remember(self, feed: str, key: str, link: str | None) -> None:
        with self._lock, self._connection as connection:
            connection.executemany(
                "INSERT OR IGNORE INTO seen (feed, key) VALUES (?, ?)",
                [(feed, seen) for seen in _keys(key, link)],
            )

    def close(self) -> None:
        with self._lock:
            self._connection.close()
            if self._lock_fd >= 0:
                os.close(self._lock_fd)
                self._lock_fd = -1


def _keys(key: str, link: str | None) -> tuple[str, ...]:
    return (f"id:{key}", f"link:{link}") if link else (f"id:{key}",)


def _take_lock(path: Path) -> int:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # Released by the kernel when the process dies, so a crash never leaves it held.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise FeedError("another fetch is running (qari fetch or the reader's)") from None
    return fd
