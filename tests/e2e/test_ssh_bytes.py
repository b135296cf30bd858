"""What reading costs over SSH, in the real `qari` in a pseudo-terminal: a
key repaints the article and the percentage and nothing else, each line of
text in a single style, and an idle reader sends nothing (`bench/ssh.py`
measures the bytes against `less`)."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.pty_terminal import REPO, PtyProgram, reader_env

pytestmark = pytest.mark.e2e

SEED = REPO / "articles" / "000_be68ca890cbf5680.txt"
SGR = re.compile(rb"\x1b\[[0-9;]*m")
MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")
ROWS = 24


def _written_after(program: PtyProgram, key: str) -> bytes:
    before = len(program.output)
    program.send(key)
    program.wait_quiet(0.5)
    return program.output[before:]


def _styles_by_row(written: bytes) -> dict[int, int]:
    """How many SGR sequences follow each cursor move to a row."""
    parts = MOVE.split(written)
    counts: dict[int, int] = {}
    for index in range(1, len(parts) - 2, 3):
        row = int(parts[index])
        counts[row] = counts.get(row, 0) + len(SGR.findall(parts[index + 2]))
    return counts


def test_a_key_repaints_only_the_article_in_one_style_per_line(tmp_path):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path), size=(80, ROWS))
    try:
        program.wait_for(lambda output: b"palette" in output)
        program.wait_quiet(0.5)
        # The first line down leaves the top, where `[` is shown disabled: the
        # key bar is repainted with it, that once.
        leaving = {int(row) for row, _ in MOVE.findall(_written_after(program, "j"))}
        assert leaving - {1} == set(range(2, ROWS + 1))
        for key in ["j", " "]:
            written = _written_after(program, key)
            moves = [(int(row), int(column)) for row, column in MOVE.findall(written)]
            rows = {row for row, _ in moves}
            # The text (and the status line, if the percentage changed): not
            # the key bar, and every move is to a line's start, so nothing of
            # the library beside the text either.
            assert rows - {1} == set(range(2, ROWS)), key
            assert {column for _, column in moves} == {1}, key
            # A style and its reset per line of text.
            styles = _styles_by_row(written)
            assert all(count <= 2 for row, count in styles.items() if row != 1), key
            if key == "j":
                # Two more for the percentage, the only change in the status line.
                assert len(SGR.findall(written)) <= 2 * len(rows) + 2, key
            else:
                # A page down goes into the first section (the masthead is
                # short): the status line shows its heading, in a few styles.
                assert styles[1] <= 16, key
    finally:
        program.kill()


def test_an_idle_reader_sends_nothing(tmp_path):
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path), size=(80, ROWS))
    try:
        program.wait_for(lambda output: b"palette" in output)
        program.wait_quiet(0.5)
        program.send("j")
        program.wait_quiet(0.5)
        written = len(program.output)
        # Longer than the pause after which the reading position is saved.
        time.sleep(1.5)
        assert len(program.output) == written
    finally:
        program.kill()


def test_the_first_frame_already_shows_the_article(tmp_path):
    # Textual delivers Resize after its first paint; an article laid out only
    # then came in a second frame, after an empty one. The key bar is the
    # last row Textual draws in a frame: the text must come before it.
    from reader.text.options import LayoutOptions
    from reader.text.paragraph import lay_out, prepare

    word = lay_out(prepare("فلاديمير", LayoutOptions()), 80)[0].text.encode()
    program = PtyProgram.qari(str(SEED), env=reader_env(tmp_path), size=(80, ROWS))
    try:
        program.wait_for(lambda output: b"palette" in output and word in output)
        assert program.output.index(word) < program.output.index(b"palette")
    finally:
        program.kill()
