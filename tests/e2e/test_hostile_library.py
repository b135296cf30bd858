"""Hostile files in the library do not hold the reader up (issue 9: a 65 KB
file of spaces in a library gave no first frame in 10 s, and `q` took 143 s;
`q` during a large Markdown load ran 75 s more)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env

pytestmark = pytest.mark.e2e


def hostile_library(folder: Path) -> Path:
    folder.mkdir()
    # The file: a bullet, 65,000 spaces, no word.
    (folder / "bullet.txt").write_text("Title\n\n- " + " " * 65_000 + "!\n")
    # Opened first (its title sorts first): seconds of parsing, in any parser.
    (folder / "a.md").write_text(
        "# a\n\n" + "[" * 2_000_000 + "\n" + "".join(f"p{n}\n\n" for n in range(1_000_000))
    )
    (folder / "marks.txt").write_text("ب" + "\u064e" * 1_000_000)
    (folder / "zwj.txt").write_text("عنوان\n\n" + "ب\u200d" * 500_000)
    return folder


def test_the_first_frame_comes_and_q_quits_at_once_while_hostile_files_load(tmp_path):
    library = hostile_library(tmp_path / "library")
    program = PtyProgram.qari(str(library), env=reader_env(tmp_path))
    try:
        started = time.monotonic()
        program.wait_for(lambda output: b"Title" in output)  # the library is listed
        first_frame = time.monotonic() - started
        program.send("q")
        asked = time.monotonic()
        status = program.finish(seconds=10)
        took = time.monotonic() - asked
    finally:
        program.kill()
    print(f"library listed after {first_frame:.2f} s; exited {took:.2f} s after q")
    assert status == 0
