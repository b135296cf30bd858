"""Where the reader stopped in every article, kept in a small SQLite database."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from reader.state.database import in_memory, open_database, reason

POSITIONS_FILENAME = "positions.sqlite3"

# Long enough to ride out another instance's write or checkpoint (milliseconds), short
# enough that a stuck lock costs the reader a pause rather than a hang.
BUSY_TIMEOUT_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS positions (
    article TEXT PRIMARY KEY,
    block INTEGER NOT NULL,
    char_offset INTEGER NOT NULL,
    updated REAL NOT NULL
)
"""

_UPSERT = """
INSERT INTO positions (article, block, char_offset, updated) VALUES (?, ?, ?, ?)
ON CONFLICT (article) DO UPDATE SET
    block = excluded.block, char_offset = excluded.char_offset, updated = excluded.updated
"""


@dataclass(frozen=True)
class Position:
    """A place in an article: a logical block and a character offset within it.

    Not a screen row, so the place survives a resize, a new measure or a change of bidi mode.
    """

    block: int
    offset: int

    def __post_init__(self) -> None:
        if self.block < 0 or self.offset < 0:
            raise ValueError(f"a position cannot be negative: {self}")


class PositionStore:
    """Reading positions by article key. No method raises for a problem on disk.

    One connection per store. WAL mode lets several Qari instances read and write at once:
    each `put` is its own transaction, so two instances keep both articles' positions and
    a killed process loses at most the save it was in the middle of.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._connection = connection
        self.path = path
        # Textual workers may save from another thread; one connection serves them in turn.
        self._lock = threading.Lock()
        self._notice: str | None = None

    @classmethod
    def open(cls, path: Path) -> tuple[PositionStore, str | None]:
        """Open the database at `path`, with a one-line notice if something was wrong.

        A corrupt file is moved aside (never overwritten) and a fresh one started. If no
        database can be opened at all, positions are kept in memory for this session.
        """
        connection, persistent, notice = open_database(
            path, _SCHEMA, timeout=BUSY_TIMEOUT_SECONDS, what="Reading positions"
        )
        return cls(connection, path if persistent else None), notice

    @classmethod
    def in_memory(cls) -> PositionStore:
        """A store that forgets everything when it closes."""
        return cls(in_memory(_SCHEMA), None)

    def get(self, key: str) -> Position | None:
        """The saved position for `key`, or None. A failure is kept for `take_notice`."""
        try:
            with self._lock:
                row = self._connection.execute(
                    "SELECT block, char_offset FROM positions WHERE article = ?", (key,)
                ).fetchone()
        except (sqlite3.Error, ValueError) as exc:
            # ValueError: a key SQLite cannot encode (a lone surrogate from a
            # non-UTF-8 file name) must cost the position, not the reader.
            self._notice = f"Could not read the saved position ({reason(exc)})."
            return None
        if row is None:
            return None
        block, offset = row
        # SQLite does not enforce column types; a hand-edited row must not crash the reader.
        if not (isinstance(block, int) and isinstance(offset, int)) or block < 0 or offset < 0:
            return None
        return Position(block, offset)

    def put(self, key: str, position: Position) -> str | None:
        """Save `position` for `key`; returns a notice if it could not be saved."""
        try:
            with self._lock:
                self._connection.execute(
                    _UPSERT, (key, position.block, position.offset, time.time())
                )
        except (sqlite3.Error, ValueError) as exc:
            return f"Could not save the reading position ({reason(exc)})."
        return None

    def last_read(self, prefix: str) -> str | None:
        """The key starting with `prefix` saved most recently, or None."""
        try:
            with self._lock:
                row = self._connection.execute(
                    "SELECT article FROM positions WHERE article >= ? AND article < ?"
                    " ORDER BY updated DESC LIMIT 1",
                    (prefix, prefix + "\U0010ffff"),
                ).fetchone()
        except (sqlite3.Error, ValueError) as exc:
            self._notice = f"Could not read the saved positions ({reason(exc)})."
            return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def take_notice(self) -> str | None:
        """The notice from the last failed `get` (which can only return None), once."""
        notice, self._notice = self._notice, None
        return notice

    def close(self) -> None:
        """Close the database. Safe to call twice."""
        with self._lock:
            self._connection.close()


class PositionSaver:
    """Saves positions to a store on a thread of its own.

    A save waits up to BUSY_TIMEOUT_SECONDS while another Qari holds the database, and
    that wait must not be the UI's. Only the newest position per article waits to be
    saved (a burst of scrolling is one save); `flush` waits for what is waiting, so the
    last position is not lost at quit.
    """

    def __init__(self, store: PositionStore) -> None:
        self._store = store
        self._waiting: dict[str, Position] = {}
        self._saving: tuple[str, Position] | None = None
        self._notices: list[str] = []
        self._closed = False
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def put(self, key: str, position: Position) -> None:
        """Save `position` for `key` soon; a failure becomes one of `take_notices`."""
        with self._condition:
            self._waiting[key] = position
            if self._thread is None and not self._closed:
                # A daemon: a save stuck on a lock must never keep the process alive.
                self._thread = threading.Thread(
                    target=self._run, name="qari-positions", daemon=True
                )
                self._thread.start()
            self._condition.notify_all()

    def latest(self, key: str) -> Position | None:
        """The position for `key` that is waiting or being saved, if any."""
        with self._condition:
            if key in self._waiting:
                return self._waiting[key]
            if self._saving is not None and self._saving[0] == key:
                return self._saving[1]
            return None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything put is saved; False if `timeout` came first."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._waiting and self._saving is None, timeout
            )

    def take_notices(self) -> list[str]:
        with self._condition:
            notices, self._notices = self._notices, []
        return notices

    def close(self, timeout: float | None = None) -> None:
        """Save what is waiting, then stop the thread. Safe to call twice."""
        self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting or self._closed)
                if not self._waiting:
                    return
                key = next(iter(self._waiting))
                self._saving = (key, self._waiting.pop(key))
            notice = self._store.put(*self._saving)
            with self._condition:
                self._saving = None
                if notice:
                    self._notices.append(notice)
                self._condition.notify_all()
