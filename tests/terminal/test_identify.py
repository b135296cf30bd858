"""Which terminal Qari draws on, and what it does about the terminal's bidi:
the environment first, the terminal's answers where it does not tell."""

from __future__ import annotations

import pytest

from reader.terminal.identify import (
    KONSOLE,
    MINTTY,
    MLTERM,
    UNKNOWN,
    VTE,
    XTERM,
    Terminal,
    answers_complete,
    from_answers,
    from_environment,
    reader_notice,
    render_notice,
)

EXPLICIT, IMPLICIT = "\x1b[8l", "\x1b[8h"

# What each terminal set in the environment of the programs it ran, measured
# under Xvfb (see reader/terminal/identify.py), and the usual others.
ENVIRONMENTS = [
    ({"TERM": "xterm", "XTERM_VERSION": "XTerm(379)"}, XTERM),
    ({"TERM": "xterm-256color", "VTE_VERSION": "7006", "COLORTERM": "truecolor"}, VTE),
    ({"TERM": "mlterm", "MLTERM": "3.9.0"}, MLTERM),
    ({"TERM": "xterm-256color", "KONSOLE_VERSION": "221203"}, KONSOLE),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "mintty"}, MINTTY),
    # TERM alone crosses ssh, and some name their terminal.
    ({"TERM": "mlterm"}, MLTERM),
    ({"TERM": "mlterm-256color"}, MLTERM),
    ({"TERM": "xterm-kitty"}, Terminal("kitty")),
    ({"TERM": "foot-extra"}, Terminal("foot")),
    ({"TERM": "linux"}, Terminal("the Linux console")),
    ({"TERM": "eterm-color"}, Terminal("Emacs term")),
    ({"TERM": "xterm-256color", "WT_SESSION": "0c7d"}, Terminal("Windows Terminal")),
]


@pytest.mark.parametrize(("environ", "terminal"), ENVIRONMENTS)
def test_the_environment_names_the_terminal(environ, terminal):
    assert from_environment(environ) == terminal


@pytest.mark.parametrize(
    "environ",
    [
        {"TERM": "xterm-256color"},  # over ssh: the variables stayed behind
        {},
        # Konsole started from GNOME Terminal inherits VTE_VERSION: which is it?
        {"TERM": "xterm-256color", "KONSOLE_VERSION": "221203", "VTE_VERSION": "7006"},
        {"TERM": "xterm", "XTERM_VERSION": "XTerm(379)", "VTE_VERSION": "7006"},
    ],
)
def test_where_the_environment_is_silent_or_contradicts_itself_the_terminal_is_asked(environ):
    assert from_environment(environ) is None


def test_through_a_multiplexer_the_terminal_cannot_be_reached_and_the_reader_says_where_to_look():
    terminal = from_environment({"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0", "MLTERM": "3.9"})
    assert terminal is not None
    assert (terminal.off, terminal.on, terminal.obeys) == (EXPLICIT, IMPLICIT, False)
    assert reader_notice(terminal) == (
        "mlterm (through tmux) reorders Qari's text, and Qari cannot switch that off: "
        "start mlterm with --ctl=false (or put use_ctl = false in ~/.mlterm/main)"
    )
    vte = from_environment({"TERM": "screen", "STY": "1.pts", "VTE_VERSION": "7006"})
    assert vte is not None and reader_notice(vte) == (
        "VTE (GNOME Terminal, Tilix…) (through screen) reorders Qari's text, and Qari cannot "
        "switch that off: run Qari outside screen"
    )
    # A multiplexer in a terminal without bidi, or over ssh: nothing to say.
    assert reader_notice(from_environment({"TERM": "tmux", "TMUX": "x"}) or VTE) is None
    assert from_environment({"TERM": "screen.xterm-256color"}) == Terminal("screen")


# The answers to `QUERY` (DECRQM 8, DA2, DA1) measured under Xvfb.
ANSWERS = [
    (b"\x1b[8;0$y\x1b[>41;379;0c\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c", XTERM),
    (b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?65;1;9c", VTE),
    (b"\x1b[8;0$y\x1b[>24;279;0c\x1b[?63;1;2;3;4;6;7;15;18;22;29c", MLTERM),
    (b"\x1b[>1;115;0c\x1b[?62;1;4c", KONSOLE),  # Konsole does not answer DECRQM
    (b"\x1b[>77;30105;0c\x1b[?65;1;2;3;4;6;9;11;15;21;22;28;29;52c", MINTTY),  # its wiki
    # A terminal not in the table that implements BDSM obeys it.
    (b"\x1b[8;2$y\x1b[>1;10;0c\x1b[?62c", Terminal(reorders=True, lasting=True)),
    (b"\x1b[8;0$y\x1b[>0;10;1c\x1b[?61c", UNKNOWN),
    (b"\x1b[?6c", UNKNOWN),  # the Linux console: DA1 only
    (b"", UNKNOWN),  # no answer at all
]


@pytest.mark.parametrize(("answers", "terminal"), ANSWERS)
def test_the_answers_name_the_terminal(answers, terminal):
    assert from_answers(answers) == terminal


def test_the_answers_are_complete_once_the_da1_answer_is_in():
    assert answers_complete(b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?65;1;9c")
    assert not answers_complete(b"\x1b[8;1$y\x1b[>65;7006;1c")  # DA2 is not DA1
    assert not answers_complete(b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?65;1")


def test_a_terminal_that_always_reorders_is_named_in_a_notice():
    terminal = from_answers(b"\x1b[8;3$y\x1b[?62c")
    assert terminal.reorders and not terminal.obeys
    assert reader_notice(terminal) == (
        "This terminal reorders Qari's text, and Qari cannot switch that off: "
        "switch off its bidi (right-to-left) rendering, or try `qari calibrate`"
    )


# What Qari writes to stop each terminal's own bidi, and to give it back.
SWITCHES = [
    (XTERM, EXPLICIT, IMPLICIT),
    (VTE, EXPLICIT, IMPLICIT),
    (
        MLTERM,
        EXPLICIT + "\x1b]5379;use_ctl=false\x07",
        IMPLICIT + "\x1b]5379;use_ctl=true\x07",
    ),
    (
        KONSOLE,
        EXPLICIT + "\x1b]50;BidiRenderingEnabled=false\x07",
        IMPLICIT + "\x1b]50;BidiRenderingEnabled=true\x07",
    ),
    (MINTTY, EXPLICIT + "\x1b[?77096h", IMPLICIT + "\x1b[?77096l"),
    (UNKNOWN, EXPLICIT, IMPLICIT),
]


@pytest.mark.parametrize(("terminal", "off", "on"), SWITCHES, ids=lambda t: getattr(t, "name", ""))
def test_each_terminal_is_switched_off_and_back_by_its_own_sequence(terminal, off, on):
    assert (terminal.off, terminal.on) == (off, on)
    # The reader can switch them all: it says nothing.
    assert reader_notice(terminal) is None


def test_render_names_the_setting_where_the_switch_cannot_outlast_qari():
    # mlterm and Konsole redraw every row with their bidi once it is back,
    # so printed lines need the setting; VTE keeps them as written.
    assert render_notice(KONSOLE) == (
        "Konsole reorders Qari's text: Settings → Edit Current Profile → Appearance → "
        "Complex Text Layout → uncheck Bi-Directional text rendering"
    )
    assert render_notice(MLTERM) == (
        "mlterm reorders Qari's text: "
        "start mlterm with --ctl=false (or put use_ctl = false in ~/.mlterm/main)"
    )
    assert [render_notice(t) for t in (VTE, XTERM, UNKNOWN)] == [None, None, None]
