"""`qari serve` as a reader meets it: the real server process, the real
OpenSSH client (`ssh`, `sftp`) in tmux, throwaway keys, no user config."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncssh
import pytest

from reader.serve.homes import READERS_FOLDER
from reader.serve.ssh_session import IDLE, NO_FILES, NOT_A_SHELL, SERVER_FULL, STOPPING
from reader.text.cells import cell_width
from tests.e2e.test_tmux import Tmux, shown
from tests.ui.conftest import SEED, SEED_SECTIONS

REPO = Path(__file__).resolve().parents[2]
TITLE = shown("سيول تحذر روسيا من أي تعاون عسكري مع كوريا الشمالية")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (shutil.which("ssh") and shutil.which("tmux")), reason="needs ssh and tmux"
    ),
]


class Served:
    """A `qari serve` process of our own, on a free port of 127.0.0.1."""

    def __init__(self, tmp_path: Path, library: Path, *args: str) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "LANG": "C.UTF-8",
            # Must never reach a reader.
            "SECRET_TOKEN": "hunter2",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", str(library), "--port", "0", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=REPO,
        )
        self.readers_state = tmp_path / "state" / "qari" / READERS_FOLDER
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        started = self.wait_for_log(lambda line: line.startswith("qari serve: listening"))
        self.port = int(started.split(" addr=127.0.0.1:")[1].split()[0])

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.rstrip("\n"))

    def wait_for_log(self, predicate: Callable[[str], bool], seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in list(self.log):
                if predicate(line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail("the server never logged it:\n" + "\n".join(self.log))

    def children(self) -> list[int]:
        """The server's child processes, zombies included."""
        pid = self.process.pid
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]

    def wait_for_no_children(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while self.children():
            if time.monotonic() > deadline:
                pytest.fail(f"children left: {self.children()}")
            time.sleep(0.05)

    def stop(self, seconds: float = 20) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(seconds)
        finally:
            self._reader.join(timeout=2)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A reader's private key, a stranger's, and the authorized_keys file
    that lists the reader's."""
    folder = tmp_path / "keys"
    folder.mkdir()
    paths = []
    for name in ("reader", "stranger"):
        key = asyncssh.generate_private_key("ssh-ed25519")
        path = folder / name
        key.write_private_key(str(path))
        os.chmod(path, 0o600)  # ssh will not use a key others can read
        paths.append(path)
        if name == "reader":
            (folder / "authorized_keys").write_bytes(key.export_public_key())
    return paths[0], paths[1], folder / "authorized_keys"


@pytest.fixture
def serve(tmp_path: Path, library: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        server = Served(tmp_path, library, *args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path / "tmux.sock")
    yield server
    subprocess.run(
        ["tmux", "-S", str(server.socket), "kill-server"], capture_output=True, timeout=10
    )


def ssh(port: int, key: Path | None, *args: str, program: str = "ssh") -> list[str]:
    """The OpenSSH client with no user config, no agent, no known hosts."""
    port_flag = "-P" if program in ("sftp", "scp") else "-p"
    identity = ["-i", str(key), "-o", "IdentitiesOnly=yes"] if key is not None else []
    return [
        program,
        "-F",
        "/dev/null",
        *identity,
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        "LogLevel=ERROR",
        port_flag,
        str(port),
        *args,
    ]


def run_ssh(port: int, key: Path | None, *args: str, program: str = "ssh"):
    return subprocess.run(
        ssh(port, key, *args, program=program),
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def read_in_tmux(tmux: Tmux, session: str, port: int, key: Path, size=(80, 24)) -> None:
    """Open the reader over ssh in a tmux session; the shell reports the
    client's exit status on the screen when it ends."""
    command = shlex.join(ssh(port, key, "127.0.0.1"))
    new = ["new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1])]
    tmux("-f", "/dev/null", *new, f'{command}; echo "ssh exited with $?"; sleep 60')


def test_a_reader_reads_over_ssh(serve, keys, tmux):
    reader, _, listed = keys
    server = serve("--authorized-keys", str(listed))
    read_in_tmux(tmux, "qari", server.port, reader)
    # The status line, mirrored: the title on the right, the place on the left.
    tmux.wait_for(
        lambda lines: bool(lines) and lines[0].rstrip().endswith(TITLE) and "0%" in lines[0],
        seconds=30,
    )

    first_heading = shown(SEED_SECTIONS[0])
    tmux("send-keys", "-t", "qari", "]")
    tmux.wait_for(lambda lines: first_heading in lines[1] and first_heading in lines[0])

    # The window shrinks: the ssh client sends a window change, the reader
    # lays the article out again for 50 columns: the status line cuts the
    # title short, the text wraps within the new width.
    tmux("resize-window", "-t", "qari", "-x", "50", "-y", "20")
    resized = tmux.wait_for(
        lambda lines: len(lines) == 20 and "…" in lines[0] and first_heading in lines[1]
    )
    assert all(cell_width(line.rstrip()) <= 50 for line in resized)

    tmux("send-keys", "-t", "qari", "q")
    tmux.wait_for(lambda lines: "ssh exited with 0" in lines)
    end = server.wait_for_log(lambda line: "session-end" in line)
    assert " end=quit status=0" in end and "sent=" in end and "duration=" in end
    server.wait_for_no_children()
    # The position was kept in the key's own folder.
    [folder] = server.readers_state.iterdir()
    assert folder.name.startswith("SHA256-")
    assert (folder / "state" / "qari" / "positions.sqlite3").exists()
    assert server.stop() == 0


def test_refusals_leave_the_server_serving(serve, keys, tmp_path):
    reader, stranger, listed = keys
    server = serve("--authorized-keys", str(listed))
    host = "127.0.0.1"

    done = run_ssh(server.port, reader, host, "ls", "/")
    assert (done.returncode, done.stderr.strip()) == (1, NOT_A_SHELL.message)
    assert done.stdout == ""

    if shutil.which("sftp"):
        done = run_ssh(server.port, reader, "-b", "-", host, program="sftp")
        assert done.returncode != 0
        assert NO_FILES.message in done.stderr

    for key in (stranger, None):  # a key not listed; no key (the server is not --open)
        done = run_ssh(server.port, key, host, "ls")
        assert done.returncode == 255
        assert "Permission denied" in done.stderr

    # -R: the server will not listen for the client.
    done = run_ssh(
        server.port, reader, "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", "-N", host
    )
    assert done.returncode == 255 and "forwarding failed" in done.stderr

    # -L: the client listens, but the server opens nothing for it.
    target = socket.create_server(("127.0.0.1", 0))
    target.settimeout(1.0)
    local = socket.create_server(("127.0.0.1", 0))
    local_port = local.getsockname()[1]
    local.close()
    forward = f"{local_port}:127.0.0.1:{target.getsockname()[1]}"
    client = subprocess.Popen(
        ssh(server.port, reader, "-N", "-L", forward, host),
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        conn = _connect_when_listening(local_port)
        with contextlib.suppress(OSError):
            assert conn.recv(1) == b""  # closed by the client: the server said no
        conn.close()
        with pytest.raises(TimeoutError):
            target.accept()
    finally:
        client.terminate()
        client.communicate(timeout=10)
        target.close()

    done = run_ssh(server.port, reader, host, "ls")  # still serving
    assert (done.returncode, done.stderr.strip()) == (1, NOT_A_SHELL.message)
    assert server.process.poll() is None
    assert server.stop() == 0


def _connect_when_listening(port: int) -> socket.socket:
    deadline = time.monotonic() + 15
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_client_killed_mid_session_leaves_nothing_behind(serve, keys, tmux):
    reader, _, listed = keys
    server = serve("--authorized-keys", str(listed))
    read_in_tmux(tmux, "qari", server.port, reader)
    tmux.wait_for(lambda lines: any(TITLE in line for line in lines), seconds=30)
    assert len(server.children()) == 1
    client = int(tmux("display", "-p", "-t", "qari", "#{pane_pid}").strip())
    shell_children = Path(f"/proc/{client}/task/{client}/children").read_text().split()
    tmux("send-keys", "-t", "qari", *(["space", "j", "b"] * 30))
    for pid in shell_children:  # the ssh client, while frames are in flight
        os.kill(int(pid), signal.SIGKILL)
    end = server.wait_for_log(lambda line: "session-end" in line)
    assert " end=client-gone" in end
    # The reader quit on the hangup rather than being killed after the grace time.
    assert " status=-9" not in end
    server.wait_for_no_children()
    assert server.stop() == 0


async def _crowd(port: int, count: int) -> tuple[list[str], int]:
    """`count` clients at once, each asking for the reader: what each was
    told (or the error it got), and how many got a reader. Those that get
    one keep it until every client has its answer."""
    answered: list[str] = []
    everyone = asyncio.Event()

    def answer(result: str) -> str:
        answered.append(result)
        if len(answered) == count:
            everyone.set()
        return result

    async def one() -> str:
        try:
            async with asyncssh.connect(
                "127.0.0.1", port, known_hosts=None, client_keys=[], agent_path=None, config=None
            ) as conn:
                process = await conn.create_process(term_type="xterm", encoding=None)
                first = await asyncio.wait_for(process.stdout.read(200), 30)
                if first.startswith(b"\x1b"):  # the reader's first frame
                    answer("reader")
                    await asyncio.wait_for(everyone.wait(), 60)
                    process.close()
                    return "reader"
                return answer((await asyncio.wait_for(process.stderr.read(), 10)).decode())
        except (OSError, asyncssh.Error) as error:
            return answer(type(error).__name__)

    results = await asyncio.gather(*(one() for _ in range(count)))
    return list(results), results.count("reader")


def test_two_hundred_at_once_beyond_the_caps_are_refused(serve):
    server = serve("--open", "--max-sessions", "3", "--max-per-address", "500")
    results, readers = asyncio.run(_crowd(server.port, 200))
    assert readers == 3
    full = SERVER_FULL.message + "\r\n"
    refused = [r for r in results if r not in ("reader", full)]
    # Past the 64 logins in progress, connections are cut off at once.
    assert all(r in ("ConnectionLost", "ConnectionResetError", "DisconnectError") for r in refused)
    assert results.count(full) >= 1
    server.wait_for_no_children()
    # Alive, and serving.
    done = run_ssh(server.port, None, "127.0.0.1", "ls")
    assert (done.returncode, done.stderr.strip()) == (1, NOT_A_SHELL.message)
    assert server.stop() == 0


def test_garbage_on_the_port_does_not_stop_the_server(serve):
    server = serve("--open")
    for garbage in (os.urandom(5000), b"SSH-2.0-x\r\n" + os.urandom(40000), b"\r\n" * 3000):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(garbage)
            with contextlib.suppress(ConnectionError):
                while sock.recv(65536):
                    pass
    done = run_ssh(server.port, None, "127.0.0.1", "ls")
    assert (done.returncode, done.stderr.strip()) == (1, NOT_A_SHELL.message)
    assert server.stop() == 0


def _terminal_size(pid: int) -> tuple[int, int]:
    with open(f"/proc/{pid}/fd/0", "rb", buffering=0) as tty:
        rows, columns, _, _ = struct.unpack(
            "HHHH", fcntl.ioctl(tty.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
        )
    return columns, rows


def _environment(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(entry.split("=", 1) for entry in entries if entry)


def test_a_clean_environment_and_a_flood_of_window_changes(serve):
    server = serve("--open")

    async def scenario() -> int | None:
        async with asyncssh.connect(
            "127.0.0.1", server.port, known_hosts=None, client_keys=[], agent_path=None, config=None
        ) as conn:
            process = await conn.create_process(
                term_type="screen-256color",
                term_size=(80, 24),
                env={"LC_TIME": "ar_EG.UTF-8", "LD_PRELOAD": "/tmp/x.so", "PATH": "/tmp"},
                encoding=None,
            )
            await asyncio.wait_for(process.stdout.read(1000), 30)
            # The reader's environment: the client's terminal and locale,
            # nothing else of the client's, nothing of the server's.
            [reader] = server.children()
            env = _environment(reader)
            assert env["TERM"] == "screen-256color" and env["LC_TIME"] == "ar_EG.UTF-8"
            assert env["PATH"] == "/usr/bin:/bin" and "LD_PRELOAD" not in env
            assert env["QARI_SERVED"] == "anonymous"
            assert "SECRET_TOKEN" not in env and "hunter2" not in str(env)
            # A flood of window changes: the reader ends at the last size.
            for n in range(3000):
                process.change_terminal_size(20 + n % 200, 5 + n % 60)
            process.change_terminal_size(66, 22)
            deadline = time.monotonic() + 10
            while _terminal_size(reader) != (66, 22):
                assert time.monotonic() < deadline, _terminal_size(reader)
                await asyncio.sleep(0.05)
            process.stdin.write(b"q")
            done = await asyncio.wait_for(process.wait(), 30)
            return done.exit_status

    assert asyncio.run(scenario()) == 0
    assert server.process.poll() is None
    assert server.stop() == 0


def test_sigterm_gives_every_reader_its_terminal_back_then_exits_0(serve, keys, tmux):
    reader, _, listed = keys
    server = serve("--authorized-keys", str(listed))
    for session in ("one", "two"):
        read_in_tmux(tmux, session, server.port, reader)
    for session in ("one", "two"):
        tmux.wait_for(
            lambda lines: any(TITLE in line for line in lines), seconds=30, target=session
        )
    assert server.stop() == 0
    for session in ("one", "two"):
        lines = tmux.wait_for(
            lambda lines: any("ssh exited with" in line for line in lines), target=session
        )
        assert STOPPING in lines
        assert tmux("display", "-p", "-t", session, "#{alternate_on}").strip() == "0"
    stopping = [line for line in server.log if "session-end" in line]
    assert len(stopping) == 2
    assert all(" end=server-stopping" in line for line in stopping)


def test_an_idle_reader_is_let_go(serve):
    server = serve("--open", "--idle-timeout", "2")

    async def scenario() -> tuple[str, float]:
        async with asyncssh.connect(
            "127.0.0.1", server.port, known_hosts=None, client_keys=[], agent_path=None, config=None
        ) as conn:
            process = await conn.create_process(term_type="xterm", encoding=None)
            await asyncio.wait_for(process.stdout.read(1000), 30)
            start = time.monotonic()
            process.stdin.write(b"j")  # a key: the idle time starts again
            await asyncio.sleep(1.5)
            said = await asyncio.wait_for(process.stderr.read(), 30)
            return said.decode(), time.monotonic() - start

    said, waited = asyncio.run(scenario())
    assert said == IDLE.format("2 seconds") + "\r\n"
    assert waited >= 2
    assert " end=idle" in server.wait_for_log(lambda line: "session-end" in line)
    server.wait_for_no_children()
    assert not server.readers_state.exists()  # anonymous: nothing kept
    assert server.stop() == 0
