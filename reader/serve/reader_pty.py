"""One session's reader: a process of its own in a pseudo-terminal of its own,
driven from the server's event loop without threads."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import sys
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from reader.serve.limits import Limits, limits_argument

# A client may ask for any size; the reader lays out every cell of it.
MAX_COLUMNS = 500
MAX_ROWS = 200
# Keys the reader has not read yet, held before the client is slowed down.
_INPUT_BUFFER = 64 * 1024
_READ_SIZE = 64 * 1024
# Signals the server handles or ignores that the reader must get back to
# their defaults (an ignored signal stays ignored across exec).
_DEFAULT_SIGNALS = (
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGTERM,
    signal.SIGPIPE,
    signal.SIGWINCH,
    signal.SIGCHLD,
    signal.SIGXCPU,
    signal.SIGXFSZ,
)


class ProcessEvents(Protocol):
    """What a `ReaderProcess` tells the session that owns it."""

    def output(self, data: bytes) -> None: ...

    def input_full(self, full: bool) -> None:
        """The reader is not reading its keys (True) or is again (False)."""

    def exited(self, status: int) -> None:
        """The process has been reaped and its terminal read to the end:
        `status` as subprocess reports it (negative: killed by a signal)."""


def reader_command(library: Path, limits: Limits) -> list[str]:
    """The session process's command line: isolated Python (no `PYTHON*`
    variables, no user site, nothing from the working directory)."""
    return [
        sys.executable,
        "-I",
        "-m",
        "reader.serve.session_process",
        limits_argument(limits),
        str(library),
    ]


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    return max(1, min(columns, MAX_COLUMNS)), max(1, min(rows, MAX_ROWS))


class ReaderProcess:
    """Start it with `start`; it reports through `events` until `exited`."""

    def __init__(self, events: ProcessEvents) -> None:
        self._events = events
        self._loop = asyncio.get_running_loop()
        self.pid = 0
        self._master = -1
        self._pidfd = -1
        self._pending = bytearray()
        self._writing = False
        self._full = False
        self._reading = False
        self._at_end = False
        self._status: int | None = None

    @property
    def running(self) -> bool:
        return self.pid > 0 and self._status is None

    def start(self, argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> None:
        """Spawn `argv` as the leader of a new session whose controlling
        terminal is a new pseudo-terminal of `size` (columns, rows).
        Raises OSError if it cannot."""
        master, slave = os.openpty()
        try:
            _set_size(master, *clamp_size(*size))
            os.set_blocking(master, False)
            # posix_spawn, not fork: nothing of the server's Python runs in
            # the child. After setsid the child has no terminal, so opening
            # the pty's name makes it the controlling one (and the child the
            # pty's foreground group, which the kernel sends SIGWINCH and
            # SIGHUP to). Every other descriptor of the server is
            # close-on-exec.
            self.pid = os.posix_spawn(
                argv[0],
                list(argv),
                dict(env),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0),
                    (os.POSIX_SPAWN_DUP2, 0, 1),
                    (os.POSIX_SPAWN_DUP2, 0, 2),
                ],
                setsid=True,
                setsigmask=(),
                setsigdef=_DEFAULT_SIGNALS,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._master = master
        self._watch_exit()
        self._read(True)

    def write(self, data: bytes) -> None:
        """Keys for the reader. When it falls behind, they wait here and
        `input_full(True)` asks the session to stop reading the client."""
        if self._status is not None or self._master < 0:
            return
        self._pending += data
        self._flush()

    def resize(self, columns: int, rows: int) -> None:
        """A new window size: TIOCSWINSZ on the pty, which makes the kernel
        send SIGWINCH to the reader (its terminal's foreground group)."""
        if self._master >= 0:
            with contextlib.suppress(OSError):
                _set_size(self._master, *clamp_size(columns, rows))

    def pause_output(self) -> None:
        self._read(False)

    def resume_output(self) -> None:
        self._read(True)

    def signal(self, number: int) -> None:
        """Send `number` to the reader's whole process group."""
        if self.running:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, number)

    # -- reading, writing, reaping ------------------------------------------------

    def _read(self, on: bool) -> None:
        if on == self._reading or self._at_end or self._master < 0:
            return
        self._reading = on
        if on:
            self._loop.add_reader(self._master, self._readable)
        else:
            self._loop.remove_reader(self._master)

    def _readable(self) -> None:
        try:
            data = os.read(self._master, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: every process holding the terminal has gone
            data = b""
        if data:
            self._events.output(data)
            return
        self._read(False)
        self._at_end = True
        self._finish()

    def _flush(self) -> None:
        while self._pending:
            try:
                written = os.write(self._master, self._pending)
            except BlockingIOError:
                break
            except OSError:  # the reader has gone: its keys go nowhere
                self._pending.clear()
                break
            del self._pending[:written]
        waiting = bool(self._pending)
        if waiting != self._writing:
            self._writing = waiting
            if waiting:
                self._loop.add_writer(self._master, self._flush)
            else:
                self._loop.remove_writer(self._master)
        full = len(self._pending) >= _INPUT_BUFFER
        if full != self._full:
            self._full = full
            self._events.input_full(full)

    def _watch_exit(self) -> None:
        # A pidfd becomes readable when the process exits: each session
        # reaps its own child, with no SIGCHLD handler shared by all.
        try:
            self._pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            self._poll_exit()
            return
        self._loop.add_reader(self._pidfd, self._reap)

    def _poll_exit(self) -> None:
        if not self._reap():
            self._loop.call_later(0.2, self._poll_exit)

    def _reap(self) -> bool:
        try:
            if os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
                return False
            # Anything the reader started dies with it, so nothing outlives
            # the session holding its terminal open. Before the wait: until
            # the leader is reaped its group's id cannot pass to another.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            _, wait_status = os.waitpid(self.pid, 0)
            self._status = os.waitstatus_to_exitcode(wait_status)
        except ChildProcessError:  # not ours to wait for any more
            self._status = -signal.SIGKILL
        if self._pidfd >= 0:
            self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = -1
        self._finish()
        return True

    def _finish(self) -> None:
        # Done once the process is reaped and its last frame read, in
        # either order; a paused reader keeps the terminal's last output
        # waiting until the session resumes it.
        if self._status is None or not self._at_end or self._master < 0:
            return
        if self._writing:
            self._loop.remove_writer(self._master)
            self._writing = False
        os.close(self._master)
        self._master = -1
        self._events.exited(self._status)


def _set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
