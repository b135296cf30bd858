"""Qari's terminal driver: Textual's Linux driver, told about the terminal's
bidi mode and about a terminal that goes away.

This is the one place Qari reaches into Textual's driver. It relies on:

- `LinuxDriver.__init__` setting `_file`, the stream its writer thread writes
  every frame to (with `write` and `flush`) and whose `fileno` it asks for;
- `suspend_application_mode` and `resume_application_mode` running around a
  suspend (ctrl+z, SIGTSTP and SIGCONT, `App.suspend`);
- `run_input_thread` being what the input thread runs, raising OSError when
  standard input fails.

tests/ui/test_driver.py checks each of these against the installed Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO, cast

from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App

    from reader.ui.terminal import BidiModeSwitch


class TerminalStream:
    """The terminal as Textual's writer thread sees it.

    When a write fails (EIO once the terminal has hung up, EPIPE, EBADF), it
    says so once, through `on_lost`, and takes every later write without
    writing: the writer thread keeps emptying its queue, so the app, which
    waits whenever that queue is full, can never wait for ever.
    """

    def __init__(self, stream: TextIO, on_lost: Callable[[], object]) -> None:
        self._stream = stream
        self._on_lost = on_lost
        self._lost = threading.Event()

    @property
    def lost(self) -> bool:
        return self._lost.is_set()

    def write(self, text: str) -> int:
        if not self._lost.is_set():
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self._lost.is_set():
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._lose()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def _lose(self) -> None:
        if not self._lost.is_set():
            self._lost.set()
            self._on_lost()


class QariDriver(LinuxDriver):
    """The Linux driver, which gives the terminal its bidi mode back while
    the reader is suspended and reports a terminal that has gone away.

    It asks its app for `bidi_switch` (the mode to leave and re-enter) and
    calls its `terminal_lost()`, from any thread, when the terminal is gone.
    """

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        stream = self._file
        assert stream is not None, "the reader runs with standard error open"
        # Any: Textual declares the attribute as the text file it started with.
        self._file = cast(Any, TerminalStream(stream, self._terminal_lost))

    def suspend_application_mode(self) -> None:
        # Written before Textual stops its writer thread, in order with its
        # own output: the shell the user returns to must not get the
        # reader's explicit mode.
        switch = self._bidi_switch()
        if switch is not None:
            switch.suspend(self.write)
        super().suspend_application_mode()

    def resume_application_mode(self) -> None:
        super().resume_application_mode()
        switch = self._bidi_switch()
        if switch is not None:
            switch.resume(self.write)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:
            # EIO: the terminal hung up under the read. Textual would show a
            # traceback on the terminal that is gone, and carry on.
            self._terminal_lost()

    def _bidi_switch(self) -> BidiModeSwitch | None:
        switch: BidiModeSwitch | None = getattr(self._app, "bidi_switch", None)
        return switch

    def _terminal_lost(self) -> None:
        lost: Callable[[], object] | None = getattr(self._app, "terminal_lost", None)
        if lost is not None:
            lost()
