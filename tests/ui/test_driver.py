"""The one seam into Textual's driver (reader/ui/driver.py), and what it
relies on: if a Textual upgrade changes any of it, these fail loudly."""

from __future__ import annotations

import asyncio
import errno
import inspect
import io
import signal
import threading

import pytest
from textual.drivers import _writer_thread
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from reader.ui.driver import QariDriver, TerminalStream


class DeadTerminal(io.StringIO):
    """A terminal that has hung up: every write fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")


# -- what the driver relies on in Textual ------------------------------------


def test_textuals_writer_thread_writes_every_frame_to_the_drivers_file():
    start = inspect.getsource(LinuxDriver.start_application_mode)
    assert "WriterThread(self._file)" in start
    run = inspect.getsource(WriterThread.run)
    assert "self._file.write" in run and "self._file.flush" in run


def test_textuals_writer_queue_is_bounded_so_a_blocked_writer_blocks_the_app():
    # Why a failing terminal must keep the queue moving (TerminalStream).
    assert _writer_thread.MAX_QUEUED_WRITES > 0


def test_a_suspend_goes_through_the_drivers_suspend_and_resume_methods():
    assert "self.suspend_application_mode()" in inspect.getsource(LinuxDriver._sigtstp_application)
    assert "self.resume_application_mode()" in inspect.getsource(LinuxDriver._sigcont_application)


def test_the_input_thread_runs_run_input_thread():
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)


@pytest.fixture
def driver():
    # LinuxDriver installs SIGTSTP and SIGCONT handlers: put them back after.
    saved = {number: signal.getsignal(number) for number in (signal.SIGTSTP, signal.SIGCONT)}
    lost = threading.Event()

    class App:
        bidi_switch = None

        def terminal_lost(self):
            lost.set()

    async def build() -> QariDriver:
        return QariDriver(App())  # type: ignore[arg-type]  # a driver needs a running loop

    made = asyncio.run(build())
    made.lost = lost  # type: ignore[attr-defined]
    yield made
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_the_driver_writes_through_a_terminal_stream(driver):
    assert isinstance(driver._file, TerminalStream)


def test_a_failing_read_of_the_terminal_reports_it_lost(driver, monkeypatch):
    def read_fails(self):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(LinuxDriver, "run_input_thread", read_fails)
    driver.run_input_thread()
    assert driver.lost.is_set()


# -- the terminal stream -------------------------------------------------------


def test_a_failed_write_reports_the_terminal_lost_once_and_swallows_the_rest():
    lost = []
    stream = TerminalStream(DeadTerminal(), lambda: lost.append(True))
    assert stream.write("frame") == 5
    stream.write("another frame")
    stream.flush()
    assert lost == [True]
    assert stream.lost


def test_a_working_terminal_gets_every_write():
    terminal = io.StringIO()
    stream = TerminalStream(terminal, lambda: pytest.fail("not lost"))
    stream.write("a")
    stream.write("b")
    stream.flush()
    assert terminal.getvalue() == "ab"
    assert not stream.lost


def test_textuals_writer_never_blocks_the_app_once_the_terminal_is_gone():
    # Without TerminalStream the thread dies on the first EIO, and the
    # (MAX_QUEUED_WRITES + 1)th write blocks for ever.
    writer = WriterThread(TerminalStream(DeadTerminal(), lambda: None))  # type: ignore[arg-type]
    writer.start()
    done = threading.Event()

    def frames():
        for _ in range(10 * _writer_thread.MAX_QUEUED_WRITES):
            writer.write("frame")
        writer.stop()
        done.set()

    threading.Thread(target=frames, daemon=True).start()
    assert done.wait(30)
