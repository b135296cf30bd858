"""Signals to the real `qari` in a pty: each ends it as `q` does, with the
status a shell expects, and the terminal given back; ctrl+z gives back the
terminal's bidi mode while the reader is suspended (issue 9)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env
from tests.ui.conftest import SEED

pytestmark = pytest.mark.e2e

EXPLICIT, IMPLICIT = b"\x1b[8l", b"\x1b[8h"
ALT_SCREEN_OFF = b"\x1b[?1049l"


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT])
def test_an_ending_signal_exits_with_its_status_and_gives_the_terminal_back(tmp_path, number):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path))
    try:
        program.wait_for(lambda output: b"%" in output)
        os.kill(program.pid, number)
        status = program.finish()
    finally:
        program.kill()
    assert status == 128 + number
    tail = program.output[program.output.rindex(ALT_SCREEN_OFF) :]
    assert tail.endswith(IMPLICIT)


@pytest.mark.parametrize("how", ["ctrl+z", "SIGTSTP"])
def test_a_suspend_gives_the_bidi_mode_back_until_the_reader_resumes(tmp_path, how):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path))
    try:
        program.wait_for(lambda output: b"%" in output)
        before = len(program.output)
        if how == "ctrl+z":
            program.send("\x1a")
        else:
            os.kill(program.pid, signal.SIGTSTP)
        program.wait_for(lambda output: ALT_SCREEN_OFF in output[before:])
        program.wait_quiet(0.3)
        suspended = program.output[before:]
        assert IMPLICIT in suspended and EXPLICIT not in suspended
        assert os.waitpid(program.pid, os.WNOHANG | os.WUNTRACED)[0] == program.pid  # stopped
        before = len(program.output)
        os.kill(program.pid, signal.SIGCONT)
        program.wait_for(lambda output: EXPLICIT in output[before:])
        time.sleep(0.2)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
    assert program.output.endswith(IMPLICIT)
