"""How the reader ends when it is told to, or when its terminal goes away.

SIGTERM, SIGHUP and SIGQUIT end the reader as `q` does (the position saved,
the terminal given back), with the status a shell expects after a signal:
128 + its number. A terminal that goes away (SIGHUP, or EIO and EPIPE on it,
which the driver reports) ends it the same way.

Textual's own shutdown writes to the terminal, and a terminal that has
stopped reading can make that wait for ever: its writer thread blocks on
the full pty, then the app on the writer's full queue. So a watchman waits
beside it: if the reader has not finished within GRACE_SECONDS, it saves the
position itself and leaves at once, whatever Textual is doing.

The handlers are plain `signal.signal` handlers, not the event loop's:
Python runs them on the main thread even while it waits on a lock (that
queue), where a callback of the blocked loop would never run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# How long Textual may take to end before the watchman ends the process, and
# how much of the rest a last save may use: within a second in all.
GRACE_SECONDS = 0.5
SAVE_SECONDS = 0.3


class Shutdown:
    """Ends the app on a signal or a lost terminal, and makes sure it ends.

    `exit_app(status)` is called on the event loop's thread to end the app
    as `q` would; `save_now(seconds)` is called from the watchman's thread
    if that has not finished in time, and must return within `seconds`.
    """

    def __init__(
        self, exit_app: Callable[[int], object], save_now: Callable[[float], object]
    ) -> None:
        self._exit_app = exit_app
        self._save_now = save_now
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, object] = {}
        # A lock taken once and never released: the first ending wins, and
        # taking it without blocking is safe inside a signal handler.
        self._first = threading.Lock()
        self._ending = threading.Event()
        self._finished = threading.Event()
        self.status: int | None = None
        """The exit status, once the reader is ending."""
        self.terminal_lost = False
        """Whether the terminal has gone: nothing more can be written to it."""

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Handle the ending signals from now on (call on the main thread)."""
        self._loop = loop
        for number in ENDING_SIGNALS:
            self._previous[number] = signal.signal(number, self._signalled)
        # Started now, not from a handler: starting a thread takes locks
        # that the code a signal interrupted may hold.
        threading.Thread(target=self._watch, name="qari-shutdown", daemon=True).start()

    def uninstall(self) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)  # type: ignore[arg-type]  # as signal.signal returned it
        self._previous.clear()

    def lose_terminal(self) -> None:
        """The terminal has gone (from any thread): end as on SIGHUP."""
        self.terminal_lost = True
        self.end(128 + signal.SIGHUP)

    def end(self, status: int) -> None:
        """End the app with `status` (from any thread, or a signal handler)."""
        if not self._first.acquire(blocking=False):
            return
        self.status = status
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._exit_app, status)
        self._ending.set()

    def finished(self) -> None:
        """The reader has ended on its own: the watchman stands down."""
        self._finished.set()
        self._ending.set()

    def _signalled(self, number: int, frame: FrameType | None) -> None:
        if number == signal.SIGHUP:
            self.terminal_lost = True
        self.end(128 + number)

    def _watch(self) -> None:
        self._ending.wait()
        if self._finished.wait(GRACE_SECONDS):
            return
        try:
            self._save_now(SAVE_SECONDS)
        finally:
            os._exit(self.status if self.status is not None else 1)
