"""The terminal's own size wins over COLUMNS and LINES (issue 9: a huge
COLUMNS made the reader build a screen of a hundred million cells)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import termios

import pytest

from reader.terminal.size import MAX_CELLS, output_columns, trust_the_terminal


@pytest.fixture
def terminal():
    """A pty 50 columns wide: the descriptor of its terminal side."""
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
    yield child
    os.close(child)
    os.close(parent)


def test_the_terminal_wins_over_the_environment(terminal):
    assert output_columns(terminal, {"COLUMNS": "100000000"}) == 50
    environ = {"COLUMNS": "100000000", "LINES": "7", "TERM": "xterm"}
    trust_the_terminal(terminal, environ)
    assert environ == {"TERM": "xterm"}


def test_without_a_terminal_only_sensible_variables_count(tmp_path):
    with open(tmp_path / "file", "w") as not_a_terminal:
        fd = not_a_terminal.fileno()
        assert output_columns(fd, {"COLUMNS": "120"}) == 120
        assert output_columns(fd, {"COLUMNS": str(MAX_CELLS + 1)}) == 80
        assert output_columns(fd, {"COLUMNS": "wide"}) == 80
        assert output_columns(None, {}) == 80
        environ = {"COLUMNS": "100000000", "LINES": "40"}
        trust_the_terminal(fd, environ)
        assert environ == {"LINES": "40"}
