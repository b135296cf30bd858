"""What `o`, `y` and `Y` send a real terminal, byte for byte: OSC 8 around
the address where hyperlinks are on, OSC 52 with the address made safe and
with the article's logical text, nothing of a hostile address raw."""

from __future__ import annotations

import base64
import re

import pytest

from tests.e2e.pty_terminal import PtyProgram, reader_env

pytestmark = pytest.mark.e2e

HOSTILE_URL = "https://e.example/\\e]2;PWNED\\a\\u202e?q=مدرسة"
SAFE_URL = "https://e.example/%1B]2;PWNED%07%E2%80%AE?q=%D9%85%D8%AF%D8%B1%D8%B3%D8%A9"
ARTICLE = f"""---
title: "عنوان \\e]52;c;ZXZpbA==\\a الخبر"
url: "{HOSTILE_URL}"
lang: ar
---

ذَهَبَ الطالب إلى المدرسة (صباحًا) في 2024.
"""


def osc52(text: str) -> bytes:
    return b"\x1b]52;c;" + base64.b64encode(text.encode()) + b"\x07"


def run_keys(tmp_path, env_extra: dict[str, str], **answers: bytes | None) -> bytes:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "article.md").write_text(ARTICLE)
    env = {**reader_env(tmp_path), **env_extra}
    program = PtyProgram.qari(str(folder / "article.md"), env=env, **answers)
    try:
        program.wait_for(lambda output: b"%" in output)
        program.wait_quiet(0.2)
        program.send("o")
        program.wait_for(lambda output: b"Links" in output)
        program.wait_quiet(0.2)
        program.send("y")  # the article's own address, first in the list
        # Each key once the last is done: a q while the list is still open
        # would close it rather than quit.
        program.wait_for(lambda output: output.count(b"\x1b]52;") == 1)
        program.wait_quiet(0.2)
        program.send("Y")  # the paragraphs on screen
        program.wait_for(lambda output: output.count(b"\x1b]52;") == 2)
        program.wait_quiet(0.2)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
    return program.output


def test_o_y_and_Y_send_exactly_these_sequences(tmp_path):
    output = run_keys(tmp_path, {"FORCE_HYPERLINK": "1"})
    assert_sent(output)


def test_over_ssh_gnome_terminal_known_by_its_answers_gets_the_hyperlink(tmp_path):
    # Only TERM crosses ssh; the answers (as VTE 0.70 gives them) say VTE.
    output = run_keys(tmp_path, {}, answers=b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?62;22c")
    assert_sent(output)


def assert_sent(output: bytes) -> None:
    links = re.findall(rb"\x1b\]8;(?:id=\d+)?;([^\x1b\x07]*)\x1b\\", output)
    assert set(links) == {SAFE_URL.encode(), b""}, links
    assert output.count(osc52(SAFE_URL)) == 1
    text = "عنوان \x1b]52;c;ZXZpbA==\x07 الخبر\n\nذَهَبَ الطالب إلى المدرسة (صباحًا) في 2024."
    # The clipboard gets the text without the controls a paste would act on.
    assert output.count(osc52(text.replace("\x1b", "").replace("\x07", ""))) == 1
    # Nothing of the hostile address or title reaches the terminal raw.
    assert b"\x1b]2;PWNED" not in output
    assert b"\x1b]52;c;ZXZpbA==" not in output
    assert "\u202e".encode() not in output


def test_without_hyperlinks_the_address_is_plain_text(tmp_path):
    output = run_keys(tmp_path, {"TERM": "xterm-256color"})
    assert b"\x1b]8;" not in output
    assert output.count(osc52(SAFE_URL)) == 1
