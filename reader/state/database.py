"""The small SQLite databases Qari keeps its state in, opened whatever is on disk.

Shared by the reading positions and the read marks: WAL mode so several Qari instances
read and write at once, a damaged file moved aside rather than overwritten, and an
in-memory database for the session when nothing can be opened at all.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from reader.regular_file import NotRegularFile, read_regular_file, require_regular

_SQLITE_HEADER = b"SQLite format 3\x00"


class CorruptDatabase(Exception):
    """The file at a database path is not a usable SQLite database."""


def open_database(
    path: Path, schema: str, *, timeout: float, what: str
) -> tuple[sqlite3.Connection, bool, str | None]:
    """Open (creating) the database at `path` with `schema`; never raises.

    Returns the connection, whether it is the file (False: in memory, for this session
    only) and a one-line notice when something was wrong. `what` names the contents for
    that notice ("Reading positions", "Read marks").
    """
    try:
        return _connect(path, schema, timeout), True, None
    except CorruptDatabase as exc:
        return _open_after_corruption(path, schema, timeout, what, str(exc))
    except NotRegularFile as exc:
        return (
            in_memory(schema),
            False,
            _unsaved_notice(what, exc.path, f"it is {exc.kind}, not a file"),
        )
    except (sqlite3.Error, OSError) as exc:
        return in_memory(schema), False, _unsaved_notice(what, path, reason(exc))


def in_memory(schema: str) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    connection.executescript(schema)
    return connection


def _open_after_corruption(
    path: Path, schema: str, timeout: float, what: str, problem: str
) -> tuple[sqlite3.Connection, bool, str | None]:
    try:
        aside = _move_aside(path)
    except OSError as exc:
        return (
            in_memory(schema),
            False,
            _unsaved_notice(
                what,
                path,
                f"it is damaged ({problem}) and could not be moved aside ({reason(exc)})",
            ),
        )
    notice = f"{what} in {path} were damaged ({problem}); moved to {aside.name}."
    try:
        return _connect(path, schema, timeout), True, notice + " Starting afresh."
    except (CorruptDatabase, sqlite3.Error, OSError) as exc:
        return in_memory(schema), False, notice + " " + _unsaved_notice(what, path, reason(exc))


def _connect(path: Path, schema: str, timeout: float) -> sqlite3.Connection:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    check_header(path)
    connection = sqlite3.connect(
        path, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        _check_integrity(connection)
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL still survives a killed process; only a power cut can lose the
        # last few commits, which is a fair price for not fsyncing on every scroll.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.executescript(schema)
    except sqlite3.DatabaseError as exc:
        connection.close()
        if is_corruption(exc):
            raise CorruptDatabase(str(exc)) from exc
        raise
    except BaseException:
        connection.close()
        raise
    return connection


def check_header(path: Path) -> None:
    """Raise CorruptDatabase if the file at `path` is there but not SQLite's."""
    # Caught before SQLite opens the file: closing a connection deletes or checkpoints a
    # WAL file beside it, and a damaged file should be moved aside exactly as it was found.
    # A pipe in the database's place (or its WAL's) would block the open, or SQLite's
    # reads, for ever: only regular files are let through.
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            require_regular(companion, companion.stat().st_mode)
    try:
        header = read_regular_file(path, len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    if header and header != _SQLITE_HEADER:
        raise CorruptDatabase("file is not a database")


def _check_integrity(connection: sqlite3.Connection) -> None:
    # quick_check finds damaged pages and records without the full index cross-check of
    # integrity_check, which matters because this runs on every start.
    rows = connection.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise CorruptDatabase(f"integrity check: {rows[0][0]}")


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether `exc` says the file is damaged (not locked, read-only or full)."""
    # OperationalError (locked, read-only, disk full) is a DatabaseError too, but the file
    # is fine then. Extended result codes keep the primary code in the low byte.
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) to an unused `.corrupt-<time>` name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    attempt = 1
    # os.rename replaces an existing file on POSIX, so pick a name nobody holds yet.
    while aside.exists():
        attempt += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{attempt}")
    os.rename(path, aside)
    # A stale WAL next to a fresh database would be replayed into it, so the WAL files
    # travel with the damaged file, under the names SQLite expects beside it.
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.rename(companion, aside.with_name(aside.name + suffix))
    return aside


def _unsaved_notice(what: str, path: Path, problem: str) -> str:
    return f"{what} will not be kept after this session: {path}: {problem}."


def reason(exc: BaseException) -> str:
    """An exception's message for a notice: the OS's words where it has them."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
