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

    def take_notice(self) -> str | None:
        """The notice from the last failed `get` (which can only return None), once."""
        notice, self._notice = self._notice, None
        return notice

    def close(self) -> None:
        """Close the database. Safe to call twice."""
        with self._lock:
            self._connection.close()
