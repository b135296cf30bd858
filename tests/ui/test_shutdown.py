"""Ending the reader on a signal or a lost terminal (reader/ui/shutdown.py):
the app is asked to quit, and if it cannot, the watchman saves and exits."""

from __future__ import annotations

import asyncio
import signal
import threading

import pytest

from reader.ui import shutdown as shutdown_module
from reader.ui.shutdown import Shutdown


class Recorder:
    def __init__(self) -> None:
        self.exits: list[int] = []
        self.saves: list[float] = []
        self.exited = threading.Event()

    def exit_app(self, status: int) -> None:
        self.exits.append(status)

    def save_now(self, seconds: float) -> None:
        self.saves.append(seconds)


@pytest.fixture
def hard_exits(monkeypatch):
    """os._exit recorded instead of done."""
    statuses: list[int] = []
    done = threading.Event()

    def record(status: int) -> None:
        statuses.append(status)
        done.set()

    monkeypatch.setattr(shutdown_module.os, "_exit", record)
    monkeypatch.setattr(shutdown_module, "GRACE_SECONDS", 0.05)
    return statuses, done


def run_loop_briefly(loop: asyncio.AbstractEventLoop) -> None:
    loop.run_until_complete(asyncio.sleep(0.05))


def test_a_signal_asks_the_app_to_quit_with_128_plus_its_number(hard_exits):
    recorder, loop = Recorder(), asyncio.new_event_loop()
    shutdown = Shutdown(recorder.exit_app, recorder.save_now)
    shutdown.install(loop)
    try:
        signal.raise_signal(signal.SIGTERM)
        run_loop_briefly(loop)
        shutdown.finished()
    finally:
        shutdown.uninstall()
        loop.close()
    assert recorder.exits == [128 + signal.SIGTERM]
    assert shutdown.status == 143 and not shutdown.terminal_lost


def test_an_app_that_does_not_end_in_time_is_saved_and_ended(hard_exits):
    statuses, done = hard_exits
    recorder, loop = Recorder(), asyncio.new_event_loop()
    shutdown = Shutdown(recorder.exit_app, recorder.save_now)
    shutdown.install(loop)
    try:
        shutdown.lose_terminal()  # and the app never finishes
        assert done.wait(10)
    finally:
        shutdown.uninstall()
        loop.close()
    assert statuses == [128 + signal.SIGHUP]
    assert recorder.saves == [shutdown_module.SAVE_SECONDS]
    assert shutdown.terminal_lost


def test_an_app_that_ends_in_time_is_left_to_end(hard_exits):
    statuses, done = hard_exits
    recorder, loop = Recorder(), asyncio.new_event_loop()
    shutdown = Shutdown(recorder.exit_app, recorder.save_now)
    shutdown.install(loop)
    try:
        shutdown.end(143)
        shutdown.end(129)  # the first ending wins
        shutdown.finished()
        assert not done.wait(0.3)
    finally:
        shutdown.uninstall()
        loop.close()
    assert statuses == [] and recorder.saves == []
    assert shutdown.status == 143


def test_uninstall_puts_the_previous_handlers_back():
    before = {number: signal.getsignal(number) for number in shutdown_module.ENDING_SIGNALS}
    loop = asyncio.new_event_loop()
    shutdown = Shutdown(lambda status: None, lambda seconds: None)
    shutdown.install(loop)
    shutdown.uninstall()
    shutdown.finished()
    loop.close()
    assert {number: signal.getsignal(number) for number in before} == before
