"""State files of the wrong kind do not hold the reader's start up (issue 9:
a FIFO as settings.toml or as the positions database hung it, and a
settings.toml linked to /dev/zero read until MemoryError)."""

from __future__ import annotations

import os

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env
from tests.ui.conftest import SEED

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("settings", ["fifo", "dev-zero"])
def test_the_reader_starts_with_a_pipe_or_a_device_for_its_state(tmp_path, settings):
    env = reader_env(tmp_path)
    config, state = tmp_path / "config" / "qari", tmp_path / "state" / "qari"
    config.mkdir(parents=True)
    state.mkdir(parents=True)
    if settings == "fifo":
        os.mkfifo(config / "settings.toml")
    else:
        (config / "settings.toml").symlink_to("/dev/zero")
    os.mkfifo(state / "positions.sqlite3")
    program = PtyProgram.qari(str(SEED), env=env)
    try:
        program.wait_for(lambda output: b"%" in output)
        # The notices say why ("… is a pipe, not a file"), wrapped wherever
        # the temporary folder's length puts the line ends: one word each.
        program.wait_for(lambda output: b"pipe," in output)
        if settings == "dev-zero":
            program.wait_for(lambda output: b"device," in output)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
