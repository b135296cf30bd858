"""What `qari serve` costs as readers pile on: N = 1, 8, 32 at once.

    python bench/serve.py [--clients 1,8,32] [--pages 20] [--think 1.0]

Starts `qari serve --open` on a free port of 127.0.0.1 with the bundled
long article (`articles/nile-delta-long.txt`) as its library, then for each
N connects N asyncssh clients at once, each in an 80x24 xterm-256color pty.
Each client waits for the reader's first frame, jumps to its own section
(client i to section i mod 9 + 1, so the clients read different text),
and pages through: `--pages` keys, half `space` down and half `b` up, one
every `--think` seconds (±50%, seeded), as a quick reader would.

The clients answer Textual's query for synchronized output, so each frame
arrives between `CSI ? 2026 h` and `CSI ? 2026 l`: key-to-frame latency is
the time from a key to the end of the first frame after it.

Prints one row per N: launch (connect to first frame) and key-to-frame
p50/p95; CPU per session of its reader process (launch, then per page)
and of the server process; memory per session (RSS and PSS of the reader
process, after paging); bytes per page. Goal: at N = 32 on two cores, p95
key-to-frame under 250 ms and under 80 MB per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import asyncssh

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "nile-delta-long.txt"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # supported, currently off
SYNC_END = b"\x1b[?2026l"
TICK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024


class Terminal(asyncssh.SSHClientSession[bytes]):
    """The client's side of one session: bytes in, and the moments frames end."""

    def __init__(self) -> None:
        self.received = 0
        self._frames = 0
        self._frame = asyncio.Event()
        self._tail = b""
        self.channel: asyncssh.SSHClientChannel[bytes] | None = None
        self.article_shown = asyncio.Event()

    def connection_made(self, chan: asyncssh.SSHClientChannel[bytes]) -> None:
        self.channel = chan

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.received += len(data)
        seen = self._tail + data
        if b"%" in seen:
            self.article_shown.set()  # the status line's reading position
        if SYNC_QUERY in seen and self.channel is not None:
            self.channel.write(SYNC_REPLY)
        ends = seen.count(SYNC_END) - self._tail.count(SYNC_END)
        self._tail = seen[-16:]
        if ends:
            self._frames += ends
            self._frame.set()

    async def next_frame(self, timeout: float = 60) -> None:
        """Wait for the end of the first frame from now on."""
        self._frame.clear()
        await asyncio.wait_for(self._frame.wait(), timeout)

    async def first_frame(self, timeout: float = 120) -> None:
        while not self._frames:
            await self.next_frame(timeout)

    async def settled(self, quiet: float = 0.5) -> None:
        """Wait until no frame has come for `quiet` seconds (the reader
        opens the library's article after its first frame)."""
        while True:
            try:
                await self.next_frame(quiet)
            except TimeoutError:
                return

    def press(self, key: bytes) -> None:
        assert self.channel is not None
        self.channel.write(key)


@dataclass
class Round:
    clients: int
    launches: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    page_bytes: list[int] = field(default_factory=list)
    launch_cpu: list[float] = field(default_factory=list)
    paging_cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    pss: list[int] = field(default_factory=list)
    server_cpu: float = 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def memory(pid: int) -> tuple[int, int]:
    rss = next(
        int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    pss = next(
        int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        if line.startswith("Pss:")
    )
    return rss, pss


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


async def reader(
    port: int, number: int, args: argparse.Namespace, result: Round, launched: Barrier
) -> None:
    rng = random.Random(number)
    start = time.monotonic()
    async with asyncssh.connect(
        "127.0.0.1", port, known_hosts=None, client_keys=[], agent_path=None, config=None
    ) as conn:
        _, terminal = await conn.create_session(
            Terminal, term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await terminal.first_frame()
        result.launches.append(time.monotonic() - start)
        # The article is loaded in a process of its own, and under load may
        # come a while after the first frame: a key before it lands on
        # nothing, and the frames that follow are not that key's answer.
        await asyncio.wait_for(terminal.article_shown.wait(), 120)
        await terminal.settled()
        terminal.press(str(number % 9 + 1).encode())
        await terminal.next_frame()
        await launched.wait()  # every reader is up: the paging starts
        half = args.pages // 2
        for key in [b" "] * half + [b"b"] * (args.pages - half):
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
            before = terminal.received
            sent = time.monotonic()
            terminal.press(key)
            await terminal.next_frame()
            result.latencies.append(time.monotonic() - sent)
            await asyncio.sleep(0.05)  # the rest of the page, if it comes in pieces
            result.page_bytes.append(terminal.received - before)
        await launched.wait()  # measured below, before anyone quits
        terminal.press(b"q")
        assert terminal.channel is not None
        await asyncio.wait_for(terminal.channel.wait_closed(), 30)


class Barrier:
    """Every client waits here until all have arrived; the host may act at
    each meeting before letting them go."""

    def __init__(self, parties: int) -> None:
        self._parties = parties
        self._arrived = 0
        self._open = asyncio.Event()
        self.all_here = asyncio.Event()

    async def wait(self) -> None:
        self._arrived += 1
        if self._arrived == self._parties:
            self.all_here.set()
        await self._open.wait()

    def release(self) -> None:
        self._arrived = 0
        self.all_here.clear()
        self._open.set()
        self._open = asyncio.Event()


async def run_round(port: int, server_pid: int, clients: int, args: argparse.Namespace) -> Round:
    result = Round(clients)
    meeting = Barrier(clients)
    server_before = cpu_seconds(server_pid)
    tasks = [asyncio.create_task(reader(port, n, args, result, meeting)) for n in range(clients)]
    await asyncio.wait_for(meeting.all_here.wait(), 600)
    sessions = children(server_pid)
    launched_cpu = {pid: cpu_seconds(pid) for pid in sessions}
    result.launch_cpu = list(launched_cpu.values())
    meeting.release()
    await asyncio.wait_for(meeting.all_here.wait(), 600)
    for pid in sessions:
        result.paging_cpu.append((cpu_seconds(pid) - launched_cpu[pid]) / args.pages)
        rss, pss = memory(pid)
        result.rss.append(rss)
        result.pss.append(pss)
    meeting.release()
    await asyncio.gather(*tasks)
    result.server_cpu = (cpu_seconds(server_pid) - server_before) / clients
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(result: Round) -> str:
    ms = 1000
    cells = [
        f"{result.clients:>3}",
        f"{percentile(result.launches, 0.5):6.2f} {percentile(result.launches, 0.95):6.2f}",
        f"{percentile(result.latencies, 0.5) * ms:5.0f} "
        f"{percentile(result.latencies, 0.95) * ms:5.0f}",
        f"{statistics.mean(result.launch_cpu):6.2f}",
        f"{statistics.mean(result.paging_cpu) * ms:6.1f}",
        f"{result.server_cpu * ms:6.0f}",
        f"{statistics.mean(result.rss) / MIB:5.1f} {max(result.rss) / MIB:5.1f}",
        f"{statistics.mean(result.pss) / MIB:5.1f}",
        f"{statistics.median(result.page_bytes):7.0f}",
    ]
    return " | ".join(cells)


HEADER = (
    "  N | launch s p50    p95 | key→frame ms p50 p95 | launch CPU s | CPU/page ms "
    "| server CPU ms/session | RSS MB mean max | PSS MB | bytes/page"
)


def start_server(folder: Path) -> tuple[subprocess.Popen[str], int]:
    library = folder / "library"
    library.mkdir()
    shutil.copy(ARTICLE, library / ARTICLE.name)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_STATE_HOME": str(folder / "state"),
        "LANG": "C.UTF-8",
    }
    command = [sys.executable, "-m", "reader", "serve", str(library), "--open", "--port", "0"]
    command += ["--max-sessions", "64", "--max-per-address", "64"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert server.stderr is not None
    first = server.stderr.readline()
    port = int(first.split(" addr=127.0.0.1:")[1].split()[0])
    # The server logs a line per connection and per session end: read on,
    # or a full pipe would stall it, and keep the lines for the end.
    threading.Thread(target=_keep_log, args=(server.stderr,), daemon=True).start()
    return server, port


SERVER_LOG: list[str] = []


def _keep_log(stream: IO[str]) -> None:
    for line in stream:
        SERVER_LOG.append(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between keys")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server, port = start_server(Path(folder))
        try:
            print(f"{os.cpu_count()} cores; {args.pages} pages each, a key every ~{args.think} s")
            print(HEADER)
            for clients in (int(n) for n in args.clients.split(",")):
                print(row(asyncio.run(run_round(port, server.pid, clients, args))), flush=True)
        except BaseException:
            print("the server's last log lines:", *SERVER_LOG[-10:], sep="\n", file=sys.stderr)
            raise
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)


if __name__ == "__main__":
    main()
