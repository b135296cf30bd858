"""A library with a hostile file in it, in the real `qari` in a pty: the
reader draws, answers keys and quits at once while its worker process is
still busy with the library, and leaves no process behind."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env

pytestmark = pytest.mark.e2e


def _descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and theirs, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    waiting = [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_busy_worker_neither_stalls_nor_outlives_the_reader(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    # A bullet followed by a long run of spaces: the plain parser's bullet
    # expression was quadratic on it (issue 9), seconds of one regex match.
    (library / "000-hostile.txt").write_text("Title\n\n- " + " " * 30000 + "!\n")
    for number in range(1500):
        (library / f"{number:04}.txt").write_text(
            f"عنوان المقالة رقم {number}\n\nالمصدر\n\nنص المقالة {number} عن المدرسة.\n",
            encoding="utf-8",
        )
    program = PtyProgram.qari(str(library), env=reader_env(tmp_path), size=(100, 30))
    try:
        program.wait_for(lambda output: b"palette" in output, seconds=20)
        # The status line counts what the worker has done.
        program.wait_for(lambda output: re.search(rb"Library \d+/1501", output) is not None)
        helpers = _descendants(program.pid)
        assert helpers, "the library is indexed in a process of the reader's"
        # Keys are answered meanwhile: the help opens and closes.
        before = len(program.output)
        program.send("?")
        program.wait_for(lambda output: b"Reading" in output[before:], seconds=5)
        program.send("\x1b")
        program.wait_quiet(0.3)
        asked = time.monotonic()
        program.send("q")
        assert program.finish(seconds=5) == 0
        assert time.monotonic() - asked < 2.5
    finally:
        program.kill()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in helpers if _alive(pid)]
