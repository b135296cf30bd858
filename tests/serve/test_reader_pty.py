"""A session's process in its own pseudo-terminal, driven from the event
loop: output, keys, resizes, signals and reaping, with a small stand-in
program instead of the reader."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from reader.serve.limits import Limits
from reader.serve.reader_pty import ReaderProcess, clamp_size, reader_command

# Tells what a terminal program sees, then answers keys and resizes.
PROGRAM = r"""
import os, signal, sys, termios, tty, fcntl, struct
def size():
    rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))
    return f"{cols}x{rows}"
# os.write, not print: a signal handler that prints while the main code is
# inside print raises "reentrant call" (buffered streams are not reentrant).
def say(*words, end="\n"):
    os.write(1, (" ".join(map(str, words)) + end).encode())
signal.signal(signal.SIGWINCH, lambda *_: say("winch", size()))
tty.setraw(0)  # before saying it is ready: setraw flushes what was typed
say("tty", os.isatty(0), "leader", os.getsid(0) == os.getpid(),
    "foreground", os.tcgetpgrp(0) == os.getpgrp(), "size", size(), end="\r\n")
while True:
    key = os.read(0, 1)
    if key == b"q":
        os._exit(3)
    if key == b"f":  # leave a grandchild holding the terminal
        if os.fork() == 0:
            import time; time.sleep(60)
    say("key", key.decode(), end="\r\n")
"""


class Recorder:
    def __init__(self) -> None:
        self.data = bytearray()
        self.full: list[bool] = []
        self.status: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def output(self, data: bytes) -> None:
        self.data += data

    def input_full(self, full: bool) -> None:
        self.full.append(full)

    def exited(self, status: int) -> None:
        self.status.set_result(status)

    async def wait_for(self, text: str) -> None:
        # A hang guard, not a speed claim: a busy machine starts Pythons slowly.
        for _ in range(1200):
            if text.encode() in self.data:
                return
            await asyncio.sleep(0.025)
        pytest.fail(f"never saw {text!r} in {bytes(self.data)!r}")


def start(size=(80, 24), program=PROGRAM) -> tuple[ReaderProcess, Recorder]:
    recorder = Recorder()
    process = ReaderProcess(recorder)
    process.start([sys.executable, "-c", program], {"PATH": "/usr/bin:/bin"}, size)
    return process, recorder


def test_the_program_has_its_own_terminal_and_session():
    async def scenario() -> None:
        process, seen = start((100, 30))
        await seen.wait_for("tty True leader True foreground True size 100x30")
        process.write(b"x")
        await seen.wait_for("key x")
        process.write(b"q")
        assert await asyncio.wait_for(seen.status, 10) == 3
        assert not process.running

    asyncio.run(scenario())


def test_a_resize_reaches_the_program_as_sigwinch():
    async def scenario() -> None:
        process, seen = start()
        await seen.wait_for("size 80x24")
        process.resize(50, 20)
        await seen.wait_for("winch 50x20")
        process.resize(10_000, 0)  # a client may ask for anything
        await seen.wait_for("winch 500x1")
        process.signal(signal.SIGKILL)
        assert await asyncio.wait_for(seen.status, 10) == -signal.SIGKILL

    asyncio.run(scenario())


def test_clamped_sizes():
    assert clamp_size(80, 24) == (80, 24)
    assert clamp_size(0, 0) == (1, 1)
    assert clamp_size(99999, 99999) == (500, 200)


def test_a_hangup_ends_it_and_nothing_it_started_survives():
    async def scenario() -> None:
        process, seen = start()
        await seen.wait_for("size")
        process.write(b"f")
        await seen.wait_for("key f")
        pid = process.pid
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()
        assert len(children) == 1
        process.signal(signal.SIGHUP)
        assert await asyncio.wait_for(seen.status, 10) == -signal.SIGHUP
        # Reaped (no zombie), and the grandchild killed with its group.
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        await asyncio.sleep(0.2)
        assert not os.path.exists(f"/proc/{children[0]}") or _state(children[0]) == "Z"

    asyncio.run(scenario())


def _state(pid: str) -> str:
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]


def test_keys_the_program_does_not_read_slow_the_client_down():
    never_reads = "import time\nprint('ready', flush=True)\ntime.sleep(60)\n"

    async def scenario() -> None:
        process, seen = start(program=never_reads)
        await seen.wait_for("ready")
        for _ in range(40):
            process.write(b"k" * 4096)
        assert seen.full == [True]
        process.signal(signal.SIGKILL)
        await asyncio.wait_for(seen.status, 10)

    asyncio.run(scenario())


def test_the_last_output_is_read_before_the_exit_is_told():
    last_words = "import sys\nsys.stdout.write('x' * 200000 + 'END')\nsys.stdout.flush()\n"

    async def scenario() -> None:
        process, seen = start(program=last_words)
        process.pause_output()
        await asyncio.sleep(0.5)
        assert not seen.status.done()  # its output is waiting: not finished
        process.resume_output()
        assert await asyncio.wait_for(seen.status, 10) == 0
        assert seen.data.endswith(b"END")

    asyncio.run(scenario())


def test_the_reader_runs_isolated_with_its_limits(tmp_path):
    command = reader_command(tmp_path, Limits())
    assert command[:4] == [sys.executable, "-I", "-m", "reader.serve.session_process"]
    assert command[-1] == str(tmp_path)
