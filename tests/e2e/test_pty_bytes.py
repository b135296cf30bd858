"""Hostile articles in the real `qari`, in a pseudo-terminal: the bytes the
terminal receives hold no escape sequence the articles carried (issue:
untrusted input).

Textual's own model of the screen cannot show this: a control character
passed through it would look harmless there and still act on the terminal.
So the same walk through the reader runs twice, over a benign library and
over a hostile one, and the hostile run may send only the kinds of sequence
the benign run sent (Textual's own).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest

from tests.e2e.pty_terminal import ESCAPE_SEQUENCE, PtyProgram, reader_env

pytestmark = pytest.mark.e2e

PAYLOADS = {
    "title": "\x1b]2;PWNED-TITLE\x07",
    "clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "hyperlink": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "csi": "\x1b[2J\x1b[H\x1b[31m\x1b[?1049l",
    "reset": "\x1bc",
    "csi8": "\x9b2J\x9b31m",
    "c1": "\x85\x90q\x9c\x9d0;t\x9c",
    "c0": "\x07\x08\x0e\x7f",
    "dec": "\x1b(0\x1b7\x1b8\x1b#8",
}
ALL_PAYLOADS = "".join(PAYLOADS.values())
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _plain(title: str, body: str) -> str:
    return (
        f"{title}\n\n"
        f"{body} فقرة أولى تقول شيئا عن الخبر.\n\n"
        "الخلفية\n\n"
        f"فقرة ثانية فيها {body} وكلمات أخرى.\n\n"
        "ما التالي\n\n"
        "فقرة ثالثة.\n"
    )


def _markdown(title: str, field: str, heading: str, body: str) -> str:
    return (
        "---\n"
        f'title: "{title}"\n'
        f'source: "{field}"\n'
        f'author: "{field}"\n'
        f'date: "{field}"\n'
        "lang: ar\n"
        "---\n\n"
        f"مقدمة {body}.\n\n"
        f"## {heading}\n\n"
        "قال \u202eالمسؤول إن الأمر\u202c انتهى، و\u2066abc def\u2069 بقي.\n\n"
        "فقرة بعد التجاوز تبقى كما هي.\n\n"
        f"## عنوان ثان {heading}\n\n"
        f"نص [رابط]({body}) آخر.\n"
    )


def _yaml_escaped(text: str) -> str:
    # YAML forbids raw controls in the stream; its double-quoted escapes
    # write them all.
    return "".join(
        f"\\x{ord(c):02x}"
        if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
        else "\\\\"
        if c == "\\"
        else '\\"'
        if c == '"'
        else c
        for c in text
    )


def write_library(folder: Path, hostile: bool) -> None:
    """Four articles and a file that is not one; the hostile library hides
    every payload in each place a text can come from: titles, front matter,
    headings, paragraphs, link targets, file names (also not UTF-8)."""
    folder.mkdir()
    payload = ALL_PAYLOADS if hostile else "نص عادي"
    escaped = _yaml_escaped(payload)
    (folder / "a-plain.txt").write_text(_plain(f"عنوان {payload} الخبر", payload))
    (folder / "b-front-matter.md").write_text(
        _markdown(f"عنوان {escaped}", escaped, f"قسم {payload}", payload)
    )
    name = "evil\x1b]2;x\x07\x9b2J.md" if hostile else "evil-name.md"
    (folder / name).write_text("فقرة بلا عنوان.\n\n## قسم\n\nنص.\n")
    raw_name = b"raw\x9b\xff\x1b[2J.txt" if hostile else b"raw-name.txt"
    (folder / raw_name.decode("utf-8", "surrogateescape")).write_text(_plain("عنوان بسيط", "نص"))
    binary = "bin\x1b]52;c;eA==\x07[link=mailto:e@evil.example]x.txt" if hostile else "bin.txt"
    (folder / binary).write_bytes(b"PK\x03\x04\x00\x00" * 50)


def escape(program: PtyProgram) -> None:
    # A lone ESC is the escape key only if nothing follows it for a moment
    # (else it starts a sequence, alt+key): sent when the reader is idle,
    # so that it reads the ESC alone.
    program.wait_quiet(0.1)
    program.send("\x1b", 0.25)


def walk(program: PtyProgram, articles: int) -> int:
    """Every article opened, scrolled, its contents shown and its controls
    revealed; help, the palette with typing, a resize to one cell and back;
    then `q`. Returns the exit status. No key in it rings the bell, so
    any BEL that reaches the terminal came from a file."""
    program.wait_for(lambda output: b"%" in output)
    for index in range(articles):
        # `s` twice shows and focuses the library, whatever had focus before;
        # focus moves a moment after the key.
        program.send("ss", 0.15)
        program.send("g" + "j" * index + "\r")
        program.wait_quiet(0.15)  # drawn in full before it scrolls
        program.send("]j t", 0.1)
        escape(program)
        program.send("c")
        program.wait_quiet(0.15)
        program.send("c", 0.1)
    program.send("?", 0.3)
    escape(program)
    program.send("\x10open", 0.4)  # ctrl+p, and a search
    escape(program)
    program.resize(1, 1)
    program.wait_quiet(0.2, seconds=5)
    program.resize(80, 24)
    program.wait_quiet(0.2, seconds=5)
    program.send("q")
    return program.finish()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """All the bytes each run wrote, decoded (they must be UTF-8). The two
    runs go side by side: most of a walk is waiting."""
    programs = {}
    for kind in ("benign", "hostile"):
        tmp_path = tmp_path_factory.mktemp(kind)
        write_library(tmp_path / "library", hostile=kind == "hostile")
        programs[kind] = PtyProgram.qari(str(tmp_path / "library"), env=reader_env(tmp_path))
    try:
        with ThreadPoolExecutor(len(programs)) as pool:
            walks = pool.map(partial(walk, articles=4), programs.values())
            statuses = dict(zip(programs, walks, strict=True))
    finally:
        for program in programs.values():
            program.kill()
    for kind, program in programs.items():
        assert statuses[kind] == 0, (kind, program.output[-2000:])
    return {kind: program.output.decode("utf-8") for kind, program in programs.items()}


def sequence_kind(sequence: str) -> str:
    """What a sequence does, without its numbers where they only place or
    colour: `CSI 5;10 H` and `CSI 1;1 H` are one kind, `CSI 2 J` another."""
    if sequence.startswith("\x1b[") and sequence[-1] in "mHABCDG":
        return re.sub(r"\d+", "#", sequence)
    return sequence


def kinds(output: str) -> set[str]:
    return {sequence_kind(match.group()) for match in ESCAPE_SEQUENCE.finditer(output)}


def text_only(output: str) -> str:
    return ESCAPE_SEQUENCE.sub("", output)


def test_the_hostile_run_sends_no_sequence_textual_does_not_send(outputs):
    benign, hostile = kinds(outputs["benign"]), kinds(outputs["hostile"])
    assert hostile <= benign, hostile - benign
    # OSC: Textual's only one is the mouse pointer's shape (OSC 22), never a
    # title (0, 2), a hyperlink (8) or the clipboard (52).
    oscs = {kind for kind in hostile if kind.startswith("\x1b]")}
    assert all(re.fullmatch(r"\x1b\]22;[a-z-]+\x07", osc) for osc in oscs), oscs
    assert not any(re.match(r"\x1b\[\d*J|\x1bc", kind) for kind in hostile)


def test_no_payload_sequence_reaches_the_terminal_verbatim(outputs):
    # Also those whose kind Textual sends too (`CSI 31 m` is a colour like
    # any other): not one of them, exactly as the files wrote it.
    for sequence in ESCAPE_SEQUENCE.findall(ALL_PAYLOADS):
        assert sequence not in outputs["hostile"] or sequence in outputs["benign"], sequence


def test_no_control_character_reaches_the_terminal_outside_a_sequence(outputs):
    for kind, output in outputs.items():
        controls = set(re.findall(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", text_only(output)))
        assert not controls, (kind, controls)


def test_the_payloads_were_drawn_as_placeholders(outputs):
    # The walk did reach the hostile text: its controls are on screen, visible.
    text = text_only(outputs["hostile"])
    for placeholder in "␛␇␦␡␈":
        assert placeholder in text
    assert "PWNED-TITLE" in text
    assert "evil.example" in text


def test_visual_mode_never_sends_a_bidi_control(outputs):
    for kind, output in outputs.items():
        assert not set(output) & set(BIDI_CONTROLS), kind


def test_the_reveal_key_showed_the_controls_as_tags(outputs):
    # Which tags are in view depends on the scrolling; the Pilot test checks ‹RLO›.
    assert re.search(r"RLO|PDF|LRI|PDI", text_only(outputs["hostile"]))
