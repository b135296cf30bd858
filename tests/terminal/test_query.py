"""The terminal query on a real pseudo-terminal: what is sent, what the
answers give, and the terminal's settings given back whatever comes."""

from __future__ import annotations

import os
import pty
import select
import termios
import threading
import time
import tty
from collections.abc import Iterator

import pytest

from reader.terminal import query as query_module
from reader.terminal.identify import KONSOLE, QUERY, UNKNOWN, VTE
from reader.terminal.query import PendingTerminal, TerminalQuery

KONSOLE_ANSWERS = b"\x1b[>1;115;0c\x1b[?62;1;4c"


class FakeTerminal:
    """The terminal's side of a pseudo-terminal: it records what the program
    wrote and, if given `answers`, sends them once the query is complete."""

    def __init__(self, answers: bytes | None, late: bytes = b"", after: float = 0.0) -> None:
        self.master, self.slave = pty.openpty()
        self.written = b""
        self._answers = answers
        self._late, self._after = late, after
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                self.written += os.read(self.master, 1024)
            except OSError:
                return
            if self._answers is not None and self.written.endswith(QUERY.encode()):
                os.write(self.master, self._answers)
                if self._late:
                    time.sleep(self._after)
                    os.write(self.master, self._late)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def konsole() -> Iterator[FakeTerminal]:
    terminal = FakeTerminal(KONSOLE_ANSWERS)
    yield terminal
    terminal.close()


@pytest.fixture
def silent() -> Iterator[FakeTerminal]:
    terminal = FakeTerminal(None)
    yield terminal
    terminal.close()


def test_over_ssh_the_terminal_is_asked_and_its_answers_name_it(konsole):
    before = termios.tcgetattr(konsole.slave)
    pending = PendingTerminal.start({"TERM": "xterm-256color"}, konsole.slave, konsole.slave)
    # While the answers are awaited, they are not echoed onto the screen.
    assert not termios.tcgetattr(konsole.slave)[3] & termios.ECHO
    assert pending.terminal() == KONSOLE
    assert konsole.written == QUERY.encode()
    assert termios.tcgetattr(konsole.slave) == before


def test_where_the_environment_tells_nothing_is_asked(konsole):
    pending = PendingTerminal.start({"VTE_VERSION": "7006"}, konsole.slave, konsole.slave)
    assert pending.terminal() == VTE
    time.sleep(0.1)
    assert konsole.written == b""


def test_a_terminal_that_never_answers_costs_the_deadline_and_no_more(silent, monkeypatch):
    monkeypatch.setattr(query_module, "ANSWER_SECONDS", 0.3)
    before = termios.tcgetattr(silent.slave)
    started = time.monotonic()
    pending = PendingTerminal.start({"TERM": "xterm"}, silent.slave, silent.slave)
    assert pending.terminal() == UNKNOWN
    assert 0.25 < time.monotonic() - started < 2
    assert termios.tcgetattr(silent.slave) == before


def test_once_a_first_answer_is_in_the_rest_are_waited_for_past_the_first_deadline(monkeypatch):
    # A slow link: DA2's answer, and DA1's only after the first deadline.
    monkeypatch.setattr(query_module, "ANSWER_SECONDS", 0.2)
    slow = FakeTerminal(b"\x1b[>1;115;0c", late=b"\x1b[?62;1;4c", after=0.5)
    try:
        pending = PendingTerminal.start({"TERM": "xterm"}, slow.slave, slow.slave)
        assert pending.terminal() == KONSOLE
        # Nothing is left over for Textual, in raw mode, to take as keys.
        time.sleep(0.6)
        tty.setraw(slow.slave, termios.TCSANOW)
        assert select.select([slow.slave], [], [], 0)[0] == []
    finally:
        slow.close()


def test_the_terminal_gets_its_settings_back_when_the_answers_are_never_read(silent):
    before = termios.tcgetattr(silent.slave)
    with PendingTerminal.start({"TERM": "xterm"}, silent.slave, silent.slave):
        assert termios.tcgetattr(silent.slave) != before
    assert termios.tcgetattr(silent.slave) == before


def test_without_a_terminal_nothing_is_asked(tmp_path):
    with open(tmp_path / "keys", "w+b") as file:
        assert TerminalQuery.send(file.fileno(), file.fileno()) is None
        assert PendingTerminal.start({}, file.fileno(), file.fileno()).terminal() == UNKNOWN
        assert file.read() == b""
