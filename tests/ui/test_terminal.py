"""The terminal's bidi mode: explicit while Qari draws reordered text, and
always given back, even when the app crashes."""

from __future__ import annotations

import io

import pytest

from reader.text.options import LayoutOptions
from reader.ui import app as app_module
from reader.ui.terminal import BidiModeSwitch, unusable_terminal
from tests.ui.conftest import SEED

EXPLICIT, IMPLICIT = "\x1b[8l", "\x1b[8h"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def usable_terminal(monkeypatch):
    # The tests may run without a terminal, where run_tui would refuse.
    monkeypatch.setattr(app_module, "unusable_terminal", lambda *streams: None)


def test_visual_mode_is_explicit_and_restore_gives_implicit_back():
    terminal = FakeTerminal()
    switch = BidiModeSwitch(terminal)
    switch.apply("visual")
    assert terminal.getvalue() == EXPLICIT
    switch.restore()
    switch.restore()
    assert terminal.getvalue() == EXPLICIT + IMPLICIT


def test_logical_mode_leaves_the_terminal_alone():
    terminal = FakeTerminal()
    switch = BidiModeSwitch(terminal)
    switch.apply("logical")
    switch.restore()
    assert terminal.getvalue() == ""


def test_switching_modes_while_running_goes_through_the_given_writer():
    terminal, written = FakeTerminal(), []
    switch = BidiModeSwitch(terminal)
    switch.apply("visual")
    switch.apply("logical", write=written.append)
    switch.apply("visual", write=written.append)
    assert written == [IMPLICIT, EXPLICIT]
    switch.restore()
    assert terminal.getvalue() == EXPLICIT + IMPLICIT


def test_a_suspend_gives_implicit_mode_back_until_the_reader_resumes():
    terminal, written = FakeTerminal(), []
    switch = BidiModeSwitch(terminal)
    switch.apply("visual")
    switch.suspend(written.append)
    switch.suspend(written.append)
    assert written == [IMPLICIT]
    switch.resume(written.append)
    switch.resume(written.append)
    assert written == [IMPLICIT, EXPLICIT]
    switch.restore()
    assert terminal.getvalue() == EXPLICIT + IMPLICIT


def test_quitting_while_suspended_does_not_restore_twice():
    terminal, written = FakeTerminal(), []
    switch = BidiModeSwitch(terminal)
    switch.apply("visual")
    switch.suspend(written.append)
    switch.restore()
    assert terminal.getvalue() == EXPLICIT and written == [IMPLICIT]


def test_logical_mode_has_nothing_to_give_back_on_a_suspend():
    written = []
    switch = BidiModeSwitch(FakeTerminal())
    switch.apply("logical")
    switch.suspend(written.append)
    switch.resume(written.append)
    assert written == []


def test_a_pipe_gets_no_escape_sequences():
    pipe = io.StringIO()
    switch = BidiModeSwitch(pipe)
    switch.apply("visual")
    switch.restore()
    assert pipe.getvalue() == ""


def test_run_tui_restores_the_terminal_when_the_app_crashes(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.__stdout__", terminal)
    registered = []
    monkeypatch.setattr(app_module.atexit, "register", registered.append)
    monkeypatch.setattr(app_module.atexit, "unregister", registered.remove)

    def crash(self, **kwargs):
        assert terminal.getvalue() == EXPLICIT  # set before the app starts
        assert registered  # and an exit hook is in place should all else fail
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module.QariApp, "run", crash)
    with pytest.raises(RuntimeError):
        app_module.run_tui(SEED, options=LayoutOptions())
    assert terminal.getvalue() == EXPLICIT + IMPLICIT
    assert registered == []


def test_run_tui_in_logical_mode_writes_nothing(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.__stdout__", terminal)
    monkeypatch.setattr(app_module.QariApp, "run", lambda self, **kwargs: None)
    assert app_module.run_tui(SEED, options=LayoutOptions(bidi="logical")) == 0
    assert terminal.getvalue() == ""


def test_run_tui_refuses_a_missing_path(tmp_path):
    from reader.article.model import ArticleError

    with pytest.raises(ArticleError, match="no such file"):
        app_module.run_tui(tmp_path / "missing.txt", options=LayoutOptions())


def test_only_a_dumb_terminal_or_none_at_all_is_refused():
    terminal = FakeTerminal()
    for term in ("xterm-256color", "nonexistent-term", "", None):
        assert unusable_terminal(term, terminal, terminal) is None
    assert "(TERM=dumb)" in unusable_terminal("dumb", terminal, terminal)
    assert "needs a terminal" in unusable_terminal("xterm", io.StringIO(), terminal)
    assert "needs a terminal" in unusable_terminal("xterm", terminal, None)


def test_a_crash_report_cannot_carry_escape_sequences():
    # Textual prints a traceback with locals after a crash; file text in it
    # must not reach the terminal raw.
    import io

    from rich.traceback import Traceback

    from reader.ui.terminal import sanitised_error_console

    out = io.StringIO()
    console = sanitised_error_console(out)
    hostile = "title \x1b]2;pwned\x07 clear \x1b[2J csi \x9b31m"
    try:
        raise ValueError(hostile)
    except ValueError:
        console.print(Traceback(show_locals=True))
    console.print("line one\nline two \x1b[31m")
    printed = out.getvalue()
    assert "\x1b" not in printed and "\x07" not in printed and "\x9b" not in printed
    assert "␛]2;pwned" in printed  # (Rich itself drops the BEL)
    assert "line one\nline two ␛[31m" in printed


def test_the_switch_writes_the_terminals_own_sequences_and_gives_its_bidi_back():
    from reader.terminal.identify import KONSOLE

    terminal, written = FakeTerminal(), []
    switch = BidiModeSwitch(terminal, KONSOLE)
    switch.apply("visual")
    switch.apply("logical", write=written.append)
    switch.apply("visual", write=written.append)
    switch.restore()
    off = EXPLICIT + "\x1b]50;BidiRenderingEnabled=false\x07"
    on = IMPLICIT + "\x1b]50;BidiRenderingEnabled=true\x07"
    assert written == [on, off]
    assert terminal.getvalue() == off + on


def test_run_tui_tells_the_reader_once_where_the_terminal_cannot_be_switched(monkeypatch):
    from reader.terminal.query import PendingTerminal

    terminal = FakeTerminal()
    monkeypatch.setattr("sys.__stdout__", terminal)
    told = []
    monkeypatch.setattr(
        app_module.QariApp, "run", lambda self, **kwargs: told.extend(self.session.notices)
    )
    behind_tmux = PendingTerminal.start({"TMUX": "/tmp/t,1,0", "KONSOLE_VERSION": "221203"})
    assert app_module.run_tui(SEED, options=LayoutOptions(), terminal=behind_tmux) == 0
    assert told == [
        "Konsole (through tmux) reorders Qari's text, and Qari cannot switch that off: "
        "Settings → Edit Current Profile → Appearance → Complex Text Layout → "
        "uncheck Bi-Directional text rendering"
    ]
    # Only BDSM, which tmux swallows harmlessly: never Konsole's own sequence.
    assert terminal.getvalue() == EXPLICIT + IMPLICIT
