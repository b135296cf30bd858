"""The real `qari` in a pseudo-terminal: every byte it writes, as a terminal
would receive it, and keys and resizes sent the way a terminal sends them."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# How a terminal parses what it receives (ECMA-48): CSI, OSC (ended by BEL or
# ST), then any other ESC sequence, then a lone ESC.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x1b"
)


def reader_env(tmp_path: Path, term: str | None = "xterm-256color") -> dict[str, str]:
    """A small environment: our XDG directories, a UTF-8 locale, `term`
    (None: no TERM at all), and nothing of the terminal the tests run in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
    }
    if term is not None:
        env["TERM"] = term
    return env


# What xterm 379 answers to Qari's terminal query (DECRQM 8, DA2, DA1; see
# reader/terminal/identify.py), measured.
XTERM_ANSWERS = b"\x1b[8;0$y\x1b[>41;379;0c\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"
TERMINAL_QUERY = b"\x1b[8$p\x1b[>c\x1b[c"


class PtyProgram:
    """A program with a pseudo-terminal of its own as its controlling
    terminal, so that a resize reaches it as SIGWINCH, as in a real one. The
    terminal answers Qari's query with `answers` (None: it never answers)."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        answers: bytes | None = XTERM_ANSWERS,
    ):
        self._answers = answers
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reading = threading.Event()
        self._reading.set()
        self.pid, self._fd = pty.fork()
        if self.pid == 0:  # the child: nothing but exec
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.resize(*size)
        self._status: int | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def qari(
        cls,
        *args: str,
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        answers: bytes | None = XTERM_ANSWERS,
    ) -> PtyProgram:
        return cls([sys.executable, "-m", "reader", *args], env, size, answers)

    def _read(self) -> None:
        while True:
            self._reading.wait()
            try:
                ready, _, _ = select.select([self._fd], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(self._fd, 65536)
            except (OSError, ValueError):
                # EIO: the program has gone and the terminal with it; or the
                # test hung up (the descriptor is closed).
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk
            if self._answers is not None and TERMINAL_QUERY in chunk:
                self.send(self._answers)

    def stop_reading(self) -> None:
        """Read nothing more the program writes, as a terminal that has
        stalled: once the pty's buffer is full, its writes block."""
        self._reading.clear()

    def unread(self) -> int:
        """How many bytes the program wrote that are waiting to be read."""
        buffer = struct.pack("i", 0)
        return int(struct.unpack("i", fcntl.ioctl(self._fd, termios.FIONREAD, buffer))[0])

    def hang_up(self) -> None:
        """Close the terminal's side, as a terminal window closed or a
        dropped SSH link does: the program's terminal is gone."""
        os.close(self._fd)
        self._fd = -1
        self._reading.set()  # the reading thread finds no terminal, and ends
        self._reader.join(timeout=2)

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def send(self, keys: str | bytes, pause: float = 0.0) -> None:
        """Send `keys` as typed (the terminal's input side never fills here)."""
        os.write(self._fd, keys.encode() if isinstance(keys, str) else keys)
        if pause:
            time.sleep(pause)

    def resize(self, columns: int, rows: int) -> None:
        # The kernel sends SIGWINCH to the terminal's foreground process group.
        fcntl.ioctl(self._fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def wait_for(self, predicate: Callable[[bytes], bool], seconds: float = 15) -> bytes:
        deadline = time.monotonic() + seconds
        while not predicate(self.output):
            if time.monotonic() > deadline or not self.running:
                raise AssertionError(f"never came; last output: {self.output[-400:]!r}")
            time.sleep(0.05)
        return self.output

    def wait_quiet(self, quiet: float = 0.3, seconds: float = 10) -> None:
        """Wait until nothing has been written for `quiet` seconds."""
        deadline = time.monotonic() + seconds
        size, since = len(self.output), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.output)
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    @property
    def running(self) -> bool:
        return self._poll() is None

    def _poll(self) -> int | None:
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._status = os.waitstatus_to_exitcode(status)
        return self._status

    def finish(self, seconds: float = 10) -> int:
        """The exit status, once the program has exited; killed (and the
        test failed) if it has not within `seconds`."""
        deadline = time.monotonic() + seconds
        while self._poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"did not exit; last output: {self.output[-400:]!r}")
            time.sleep(0.05)
        self._close()
        assert self._status is not None
        return self._status

    def kill(self) -> None:
        """Make sure the program is gone (a no-op once it has exited)."""
        if self._poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self._status = -signal.SIGKILL
        self._close()

    def _close(self) -> None:
        self._reader.join(timeout=2)
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def read_then_quit(program: PtyProgram) -> bytes:
    """Wait until the reader shows its status line (it reads), press `q`,
    and return all it wrote; the test fails if it does not exit with 0."""
    try:
        program.wait_for(lambda output: b"0%" in output)
        program.send("q")
        assert program.finish() == 0
    finally:
        program.kill()
    return program.output
