"""The real `qari` in a pseudo-terminal that answers as a given terminal
would: the bytes that switch that terminal's bidi off while the reader
draws, and back on when it stops, `m`, suspends or crashes aside."""

from __future__ import annotations

import pytest

from tests.e2e.pty_terminal import TERMINAL_QUERY, PtyProgram, read_then_quit, reader_env
from tests.ui.conftest import SEED

pytestmark = pytest.mark.e2e

EXPLICIT, IMPLICIT = b"\x1b[8l", b"\x1b[8h"
KONSOLE_OFF = EXPLICIT + b"\x1b]50;BidiRenderingEnabled=false\x07"
KONSOLE_ON = IMPLICIT + b"\x1b]50;BidiRenderingEnabled=true\x07"
MLTERM_OFF = EXPLICIT + b"\x1b]5379;use_ctl=false\x07"
MLTERM_ON = IMPLICIT + b"\x1b]5379;use_ctl=true\x07"
# What Konsole 22.12 answers to the query: no DECRQM, DA2, DA1.
KONSOLE_ANSWERS = b"\x1b[>1;115;0c\x1b[?62;1;4c"


def test_konsole_over_ssh_is_asked_and_its_bidi_switched_off_while_the_reader_runs(tmp_path):
    # Over ssh only TERM arrives: the answers say Konsole.
    env = reader_env(tmp_path)
    output = read_then_quit(PtyProgram.qari(str(SEED), env=env, answers=KONSOLE_ANSWERS))
    assert output.startswith(TERMINAL_QUERY)
    # Off before the first frame (the alternate screen), on after the last.
    assert output.index(KONSOLE_OFF) < output.index(b"\x1b[?1049h")
    assert output.endswith(KONSOLE_ON)
    assert output.count(KONSOLE_ON) == 1


def test_mlterm_named_by_the_environment_is_not_asked(tmp_path):
    env = reader_env(tmp_path, term="mlterm") | {"MLTERM": "3.9.0"}
    output = read_then_quit(PtyProgram.qari(str(SEED), env=env, answers=None))
    assert TERMINAL_QUERY not in output
    assert output.index(MLTERM_OFF) < output.index(b"\x1b[?1049h")
    assert output.endswith(MLTERM_ON)


def test_logical_mode_leaves_the_terminal_bidi_on_and_m_switches_it(tmp_path):
    env = reader_env(tmp_path, term="mlterm")
    program = PtyProgram.qari(str(SEED), "--bidi", "logical", env=env)
    try:
        program.wait_for(lambda output: b"0%" in output)
        assert b"use_ctl" not in program.output
        program.send("m")  # visual: the terminal's bidi off
        program.wait_for(lambda output: MLTERM_OFF in output)
        program.send("m")  # logical again: back on
        program.wait_for(lambda output: MLTERM_ON in output)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
    assert program.output.count(MLTERM_OFF) == program.output.count(MLTERM_ON) == 1


def test_a_terminal_that_never_answers_still_gets_the_reader(tmp_path):
    output = read_then_quit(PtyProgram.qari(str(SEED), env=reader_env(tmp_path), answers=None))
    assert output.endswith(IMPLICIT)


def test_qari_render_names_the_setting_where_the_terminal_will_reorder_its_lines(tmp_path):
    env = reader_env(tmp_path) | {"KONSOLE_VERSION": "221203"}
    program = PtyProgram.qari("render", str(SEED), "--width", "60", env=env)
    assert program.finish() == 0
    output = program.output
    # Only BDSM, which does not outlast the command in Konsole: the setting is named.
    assert b"BidiRenderingEnabled" not in output
    assert output.rstrip().endswith(
        "qari: Konsole reorders Qari's text: Settings → Edit Current Profile → Appearance → "
        "Complex Text Layout → uncheck Bi-Directional text rendering".encode()
    )


def calibrate(tmp_path, env, answers: list[str]) -> tuple[int, bytes]:
    program = PtyProgram.qari("calibrate", env=env, answers=KONSOLE_ANSWERS)
    try:
        # Answer the n-th question once it is asked: counted from the start,
        # as the next one may be asked before the count is next looked at.
        for asked, answer in enumerate(answers, 1):
            program.wait_for(lambda output, asked=asked: output.count(b"[y/n]") >= asked)
            program.send(answer)
        return program.finish(), program.output
    finally:
        program.kill()


def settings(tmp_path) -> str:
    return (tmp_path / "config" / "qari" / "settings.toml").read_text()


def test_calibrate_shows_each_mode_with_the_terminal_set_for_it_and_saves_the_choice(tmp_path):
    env = reader_env(tmp_path)  # Konsole over ssh: asked
    status, output = calibrate(tmp_path, env, ["n\r", "y\r"])
    assert status == 0
    assert 'bidi = "logical"' in settings(tmp_path)
    visual, logical = output.split(b"[y/n]")[:2]
    # The visual sample is judged with Konsole's bidi off, the logical one with it on.
    assert KONSOLE_OFF in visual and KONSOLE_ON not in visual
    assert logical.startswith(b" n\r\n" + KONSOLE_ON)
    assert b"1/2: visual" in visual and b"2/2: logical" in logical
    assert b"Saved: bidi = logical" in output


def test_calibrate_stops_at_visual_when_it_reads_right(tmp_path):
    (tmp_path / "config" / "qari").mkdir(parents=True)
    (tmp_path / "config" / "qari" / "settings.toml").write_text('bidi = "logical"\n')
    status, output = calibrate(tmp_path, reader_env(tmp_path), ["y\r"])
    assert status == 0
    assert 'bidi = "visual"' in settings(tmp_path)
    assert b"2/2" not in output


def test_calibrate_saves_nothing_when_neither_reads_right_and_says_what_to_change(tmp_path):
    status, output = calibrate(tmp_path, reader_env(tmp_path), ["n\r", "n\r"])
    assert status == 1
    assert not (tmp_path / "config" / "qari" / "settings.toml").exists()
    assert b"Neither reads right; nothing saved. Konsole: Settings" in output
