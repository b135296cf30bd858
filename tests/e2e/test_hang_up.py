"""A terminal that goes away: the reader saves its place and exits, even
when the terminal had stopped reading first (issue 9: a closed GNOME
Terminal window left a `qari` that only SIGKILL ended)."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env
from tests.ui.conftest import SEED

pytestmark = pytest.mark.e2e


def stall(program: PtyProgram) -> None:
    """Stop reading, scroll until the program's output no longer fits in the
    pty (from then on its writes block), then send G g T: frames that pile
    up in Textual's queue until the app itself waits on it."""
    program.stop_reading()
    waiting = -1
    for key in "GgGgGgGgGgGgGgGgGgGg":
        program.send(key, 0.3)
        if program.unread() == waiting:
            break  # full: nothing more came since the last key
        waiting = program.unread()
    else:
        raise AssertionError(f"the pty never filled ({waiting} bytes waiting)")
    for key in "GgT":
        program.send(key, 0.3)


def saved_positions(tmp_path: Path) -> list[tuple[str, int, int]]:
    database = tmp_path / "state" / "qari" / "positions.sqlite3"
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT article, block, char_offset FROM positions").fetchall()


def test_the_reader_exits_when_a_stalled_terminal_is_closed(tmp_path):
    # As the issue reproduced it: 200x50, output not read until the pty
    # buffer is full, G g T sent, then the terminal closed.
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path), size=(200, 50))
    try:
        program.wait_for(lambda output: b"%" in output)
        stall(program)
        closed = time.monotonic()
        program.hang_up()
        status = program.finish(seconds=10)
        took = time.monotonic() - closed
    finally:
        program.kill()
    assert status == 128 + signal.SIGHUP
    print(f"exited {took:.2f} s after the terminal closed")
    [(article, _, _)] = saved_positions(tmp_path)
    assert article.endswith(SEED.name)


def test_sigterm_ends_the_reader_while_its_terminal_is_stalled(tmp_path):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path), size=(200, 50))
    try:
        program.wait_for(lambda output: b"%" in output)
        stall(program)
        os.kill(program.pid, signal.SIGTERM)
        status = program.finish(seconds=10)
    finally:
        program.kill()
    assert status == 128 + signal.SIGTERM
    [(article, _, _)] = saved_positions(tmp_path)
    assert article.endswith(SEED.name)
