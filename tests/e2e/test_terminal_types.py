"""The real `qari` under terminals it cannot or may not know: `TERM=dumb`
is refused in one line, an unknown or missing `TERM` falls back to plain
xterm sequences and 16 colours, and no terminal at all is refused too."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.pty_terminal import PtyProgram, read_then_quit, reader_env
from tests.ui.conftest import SEED

pytestmark = pytest.mark.e2e


def test_a_dumb_terminal_gets_one_line_and_no_escape_sequence(tmp_path):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path, term="dumb"))
    assert program.finish() == 1
    output = program.output.decode()
    assert "\x1b" not in output
    assert output.strip().splitlines() == [
        "qari: this terminal (TERM=dumb) cannot show the reader; "
        "use `qari render FILE`, or run qari in a full terminal"
    ]


@pytest.mark.parametrize("term", ["nonexistent-term", None], ids=["unknown", "unset"])
def test_an_unknown_or_missing_term_falls_back_to_16_colours(tmp_path, term):
    output = read_then_quit(PtyProgram.qari(str(SEED), env=reader_env(tmp_path, term=term)))
    # Neither 256 nor 24-bit colours: a terminal we know nothing of may lack them.
    assert b"38;5;" not in output and b"38;2;" not in output
    assert output.endswith(b"\x1b[8h")  # and the terminal is given back as it was


def test_without_a_terminal_qari_says_so_instead_of_waiting(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", str(SEED)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        env=reader_env(tmp_path),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("qari: the reader needs a terminal")
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_a_locale_that_is_not_utf8_still_draws_arabic_and_says_why(tmp_path):
    # PYTHONIOENCODING stands for a server locale such as en_US.ISO-8859-1.
    env = dict(reader_env(tmp_path), PYTHONIOENCODING="iso-8859-1")
    program = PtyProgram.qari(str(SEED), env=env)
    try:
        program.wait_for(lambda output: b"0%" in output)
        program.wait_for(lambda output: b"not UTF-8" in output)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
    output = program.output
    assert "ﺳ".encode() in output or "ﻝ".encode() in output  # shaped Arabic, in UTF-8
    assert b"\\u" not in output and b"\\x" not in output  # no escapes drawn as text


def test_a_huge_columns_does_not_override_the_terminals_size(tmp_path):
    # COLUMNS=100000000 once made a screen of a hundred million cells.
    env = {**reader_env(tmp_path), "COLUMNS": "1000000", "LINES": "1000000"}
    output = read_then_quit(PtyProgram.qari(str(SEED), env=env, size=(80, 24)))
    # Drawn for 80x24: a few screenfuls of bytes, and no cursor beyond them.
    assert len(output) < 200_000
    rows_and_columns = re.findall(rb"\x1b\[(\d+);(\d+)H", output)
    assert rows_and_columns
    assert max(int(row) for row, _ in rows_and_columns) <= 24
    assert max(int(column) for _, column in rows_and_columns) <= 80
