"""One SSH session: the channel a reader's keys come in on and its frames go
out on, joined to that reader's process, or a one-line refusal."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from reader.bidi_mode import BIDI_IMPLICIT
from reader.serve.capacity import Capacity, Refusal
from reader.serve.environment import session_environment
from reader.serve.homes import anonymous_home, key_home, remove_home
from reader.serve.limits import Limits
from reader.serve.log import ANONYMOUS, log
from reader.serve.reader_pty import ReaderProcess, reader_command

NOT_A_SHELL = Refusal(
    "exec", "qari: this server runs the reader only, not commands: connect with plain ssh"
)
NO_FILES = Refusal(
    "subsystem", "qari: this server runs the reader only; it sends and takes no files"
)
NO_TERMINAL = Refusal("no-pty", "qari: the reader needs a terminal: connect without -T (or add -t)")
SERVER_FULL = Refusal(
    "server-full", "qari: the server has all the readers it can take; try again later"
)
NOT_STARTED = Refusal("no-process", "qari: the reader could not start; try again later")
IDLE = "qari: no key for {}; the session is closed"
STOPPING = "qari: the server is stopping; the session is closed"

# What a reader that was killed could not undo itself: the alternate screen,
# mouse reporting (each mode Textual turns on), bracketed paste, focus
# events, the kitty keyboard protocol, a hidden cursor and explicit bidi.
RESTORE_TERMINAL = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?2004l\x1b[?1004l\x1b[<u\x1b[?1049l\x1b[?25h" + BIDI_IMPLICIT
).encode("ascii")

# How long a reader has to exit after SIGHUP or SIGTERM before SIGKILL.
EXIT_GRACE = 5.0
# At most one resize per this many seconds reaches the reader; the last
# size asked for always does.
RESIZE_INTERVAL = 0.1


@dataclass(frozen=True)
class SessionContext:
    """What a session knows of its server and its connection."""

    library: Path
    limits: Limits
    capacity: Capacity
    server_state: Path
    address: str
    user: str
    """A key fingerprint, or `anonymous`."""
    ended: Callable[[ReaderSession], None]
    """Told once the session is over (its process reaped)."""


class ReaderSession(asyncssh.SSHServerSession[bytes]):
    def __init__(self, context: SessionContext) -> None:
        self._context = context
        self._loop = asyncio.get_running_loop()
        self._channel: asyncssh.SSHServerChannel[bytes] | None = None
        self._refusal: Refusal | None = None
        self._process: ReaderProcess | None = None
        self._home: Path | None = None
        self._started = time.monotonic()
        self._last_key = self._started
        self._sent = 0
        self._end = "quit"
        self._goodbye: str | None = None
        self._size: tuple[int, int] | None = None
        self._resize_waiting = False
        self._timers: list[asyncio.TimerHandle] = []
        self.started = False
        """The client has asked for what it wants (the reader or else)."""

    # -- what the client asks for -------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._channel = chan

    def pty_requested(
        self,
        term_type: str,
        term_size: tuple[int, int, int, int],
        term_modes: Mapping[int, int],
    ) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        # Accepted only to say why in one line: a refused request leaves
        # the client to print something vaguer.
        self._refusal = NOT_A_SHELL
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        # SFTP, and scp over it: refused the same way, in one line.
        self._refusal = NO_FILES
        return True

    def session_started(self) -> None:
        self.started = True
        channel = self._channel
        assert channel is not None
        refusal = self._refusal
        if refusal is None and channel.get_terminal_type() is None:
            refusal = NO_TERMINAL
        if refusal is None and not self._context.capacity.open_session():
            refusal = SERVER_FULL
        if refusal is not None:
            self._refuse(refusal)
            return
        try:
            self._start_reader(channel)
        except OSError:
            self._context.capacity.close_session()
            self._forget_home()
            self._refuse(NOT_STARTED)
            return
        self._check_idle()

    def _refuse(self, refusal: Refusal) -> None:
        channel = self._channel
        if channel is not None:
            channel.write_stderr(refusal.message.encode() + b"\r\n")
            channel.exit(1)
        context = self._context
        log("session-refused", addr=context.address, user=context.user, reason=refusal.reason)
        context.ended(self)

    def _start_reader(self, channel: asyncssh.SSHServerChannel[bytes]) -> None:
        context = self._context
        anonymous = context.user == ANONYMOUS
        self._home = anonymous_home() if anonymous else key_home(context.server_state, context.user)
        env = session_environment(
            client=channel.get_environment(),
            term=channel.get_terminal_type(),
            home=self._home,
            served="anonymous" if anonymous else "key",
        )
        columns, rows, _, _ = channel.get_terminal_size()
        self._size = (columns, rows)
        self._process = ReaderProcess(self)
        self._process.start(reader_command(context.library, context.limits), env, (columns, rows))

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._last_key = time.monotonic()
        if self._process is not None:
            self._process.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        # A flood of window changes would have the reader lay out the
        # article for each: they are coalesced to one per interval.
        self._size = (width, height)
        if not self._resize_waiting:
            self._apply_size()

    def _apply_size(self) -> None:
        if self._process is not None and self._size is not None:
            self._process.resize(*self._size)
            self._size = None
            self._resize_waiting = True
            self._later(RESIZE_INTERVAL, self._resize_pause_over)
        else:
            self._resize_waiting = False

    def _resize_pause_over(self) -> None:
        self._resize_waiting = False
        self._apply_size()

    def eof_received(self) -> bool:
        # No more keys will come: the reader has nothing left to do.
        self.end("client-eof", signal.SIGHUP)
        return True

    def pause_writing(self) -> None:
        if self._process is not None:
            self._process.pause_output()

    def resume_writing(self) -> None:
        if self._process is not None:
            self._process.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel = None
        if self._process is None:
            if not self.started:  # opened, never asked for anything
                self._context.ended(self)
            return
        # Whatever the reader still writes goes nowhere, but it must be read
        # for the reader to finish and be reaped.
        self._process.resume_output()
        self.end("client-gone", signal.SIGHUP)

    # -- what the reader does ----------------------------------------------------

    def output(self, data: bytes) -> None:
        if self._channel is not None:
            self._channel.write(data)
            self._sent += len(data)

    def input_full(self, full: bool) -> None:
        if self._channel is not None:
            if full:
                self._channel.pause_reading()
            else:
                self._channel.resume_reading()

    def exited(self, status: int) -> None:
        for timer in self._timers:
            timer.cancel()
        channel = self._channel
        if channel is not None:
            if status < 0:  # killed: it could not give the terminal back
                self.output(RESTORE_TERMINAL)
            if self._goodbye is not None:
                channel.write_stderr(self._goodbye.encode() + b"\r\n")
            channel.exit(status if status >= 0 else 128 - status)
        context = self._context
        log(
            "session-end",
            addr=context.address,
            user=context.user,
            duration=time.monotonic() - self._started,
            sent=self._sent,
            end=self._end,
            status=status,
        )
        context.capacity.close_session()
        self._forget_home()
        context.ended(self)

    # -- ending it ---------------------------------------------------------------

    def end(self, reason: str, number: int, goodbye: str | None = None) -> None:
        """Ask the reader to quit with signal `number` (it gives the client's
        terminal back first), and kill it if it has not within a grace time."""
        process = self._process
        if process is None:
            if self._channel is not None:
                self._channel.close()
            return
        if not process.running:
            return
        if self._end == "quit":
            self._end, self._goodbye = reason, goodbye
        process.signal(number)
        self._later(EXIT_GRACE, process.signal, signal.SIGKILL)

    def _check_idle(self) -> None:
        idle = self._context.limits.idle_timeout
        left = self._last_key + idle - time.monotonic()
        if left > 0:
            self._later(left, self._check_idle)
            return
        self.end("idle", signal.SIGHUP, IDLE.format(_duration(idle)))

    def _later(self, delay: float, callback: Callable[..., object], *args: object) -> None:
        now = self._loop.time()
        self._timers = [timer for timer in self._timers if timer.when() > now]
        self._timers.append(self._loop.call_later(delay, callback, *args))

    def _forget_home(self) -> None:
        if self._home is not None and self._context.user == ANONYMOUS:
            remove_home(self._home)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{round(seconds)} seconds"
    return f"{round(seconds / 60)} minutes"
