"""What reading over SSH costs: bytes on the wire and time to first paint.

    python bench/ssh.py [FILE] [--cols 80] [--rows 24] [--answer-ms MS]

Runs the real `qari FILE` in a pseudo-terminal of the given size and counts
the bytes it writes for the first paint, one line down (`j`) and one page
down (space), side by side with `less` showing the same laid-out text
(`qari render`) at the same size; then times launch to first painted
article against a minimal Textual app. Prints ratios; targets: a page down
at most 1.5x the bytes of less, launch at most 1.3x the minimal app.
The pseudo-terminal answers Qari's terminal query as xterm does, after
--answer-ms (a round trip over ssh, where the environment names no terminal).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "articles" / "000_be68ca890cbf5680.txt"
QUIET = 0.6  # seconds without output that mean "the frame is done"

QARI_SCRIPT = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); from reader.cli import main; sys.exit(main())"
)
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("hello")

Minimal().run()
"""


# What xterm 379 answers to DECRQM 8, DA2 and DA1 (Qari's terminal query,
# reader/terminal/identify.py), which Qari writes in one piece.
XTERM_ANSWERS = b"\x1b[8;0$y\x1b[>41;379;0c\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"
QUERY = b"\x1b[8$p\x1b[>c\x1b[c"


class Terminal:
    """A child process on a pseudo-terminal, with its output counted. It
    answers a terminal query as xterm does, `answer_after` seconds later
    (a round trip over ssh)."""

    def __init__(
        self,
        argv: list[str],
        cols: int,
        rows: int,
        env: dict[str, str],
        answer_after: float = 0.0,
    ) -> None:
        self.started = time.perf_counter()
        self.answer_after = answer_after
        self.asked = 0
        """Bytes of queries written so far (they are no frame)."""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read_chunk(self) -> bytes:
        """What the child wrote (at most 64 KiB), a query answered."""
        chunk = os.read(self.fd, 65536)
        if QUERY in chunk:
            self.asked += len(QUERY)
            answer = threading.Timer(self.answer_after, self._answer)
            answer.daemon = True
            answer.start()
        return chunk

    def _answer(self) -> None:
        try:
            os.write(self.fd, XTERM_ANSWERS)
        except OSError:
            pass  # the child has gone

    def read_frame(self, timeout: float = 20.0) -> tuple[int, float]:
        """Bytes until the output goes quiet, and when the last byte came."""
        total, last = 0, time.perf_counter()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], QUIET)
            if not ready:
                if total > self.asked:
                    break
                continue
            try:
                chunk = self.read_chunk()
            except OSError:
                break
            if not chunk:
                break
            total += len(chunk)
            last = time.perf_counter()
        return total, last

    def cpu_seconds(self) -> float:
        """CPU time the child's threads have run so far, in nanoseconds from
        the scheduler (/proc/PID/task/*/schedstat): less at the mercy of other
        loads on a shared machine than wall time, and finer than clock ticks."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
        return total / 1e9

    def read_until(self, marker: bytes, timeout: float = 20.0) -> float:
        """Seconds from launch until `marker` has been written."""
        seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = self.read_chunk()
            except OSError:
                break
            seen += chunk
            if marker in seen:
                return time.perf_counter() - self.started
        raise RuntimeError(f"{marker!r} never appeared")

    def press(self, key: bytes) -> int:
        os.write(self.fd, key)
        return self.read_frame()[0]

    def close(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def measure(argv: list[str], cols: int, rows: int, env: dict[str, str]) -> dict[str, float]:
    terminal = Terminal(argv, cols, rows, env)
    try:
        first, painted = terminal.read_frame()
        launch = painted - terminal.started
        line = terminal.press(b"j")
        page = terminal.press(b" ")
    finally:
        terminal.close()
    return {"first": first, "line": line, "page": page, "launch": launch}


def launch_time(
    argv: list[str],
    cols: int,
    rows: int,
    env: dict[str, str],
    marker: bytes,
    answer_after: float = 0.0,
) -> tuple[float, float, float]:
    """Seconds to the first painted article (its marker on the screen), to
    the first frame settling (the library beside it included), and the CPU
    seconds spent up to the first painted article."""
    terminal = Terminal(argv, cols, rows, env, answer_after)
    try:
        shown = terminal.read_until(marker)
        cpu = terminal.cpu_seconds()
        settled = terminal.read_frame()[1] - terminal.started
        return shown, settled, cpu
    finally:
        terminal.close()


def body_marker(path: Path) -> bytes:
    """A word of the article's first paragraph as the reader draws it
    (shaped, and reversed when right-to-left), to see the moment the text
    itself is on the screen. Not the title: the status line shows that
    before the article view has drawn anything."""
    sys.path.insert(0, str(ROOT))
    from reader.article.load import load_article
    from reader.text.options import LayoutOptions
    from reader.text.paragraph import lay_out, prepare

    article = load_article(path)
    first = next(block.text for block in article.blocks if block.kind == "paragraph")
    title_words = set(re.findall(r"[^\W\d_]+", article.title))
    word = max((w for w in re.findall(r"[^\W\d_]+", first) if w not in title_words), key=len)
    return lay_out(prepare(word, LayoutOptions()), 80)[0].text.encode("utf-8")


def arguments(description: str) -> argparse.ArgumentParser:
    """What every terminal bench takes: an article and a terminal size."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("file", nargs="?", type=Path, default=SEED)
    parser.add_argument("--cols", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument(
        "--answer-ms",
        type=float,
        default=0.0,
        help="how long the terminal takes to answer a query: a round trip over ssh (0)",
    )
    return parser


def terminal_env(tmp: Path, **extra: str) -> dict[str, str]:
    """A 256-colour terminal, and XDG directories of the bench's own."""
    return dict(
        os.environ,
        TERM="xterm-256color",
        COLORTERM="",
        LANG="C.UTF-8",
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_STATE_HOME=str(tmp / "state"),
        **extra,
    )


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    # Fewer pairs move the medians by 0.1 from one run to the next on a
    # shared machine (15 pairs: 1.13 to 1.34; 60 pairs: 1.17 and 1.20).
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if shutil.which("less") is None:
        sys.exit("less is not installed")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = terminal_env(tmp, LESS="", LESSHISTFILE="-")
        rendered = tmp / "rendered.txt"
        with rendered.open("w", encoding="utf-8") as out:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "reader",
                    "render",
                    str(args.file),
                    "--width",
                    str(args.cols),
                ],
                stdout=out,
                check=True,
                cwd=ROOT,
            )
        qari = measure([sys.executable, "-m", "reader", str(args.file)], args.cols, args.rows, env)
        less = measure(["less", str(rendered)], args.cols, args.rows, env)
        minimal_script = tmp / "minimal.py"
        minimal_script.write_text(MINIMAL_APP)
        marker = body_marker(args.file)
        # As the installed `qari` script starts it (pip's console-script
        # wrapper imports reader.cli and calls main); `python -m reader`
        # would also import runpy, which the command people run never does.
        qari_argv = [sys.executable, "-c", QARI_SCRIPT, str(args.file)]
        minimal_argv = [sys.executable, str(minimal_script)]
        # Interleaved, so that a load on this shared machine falls on both.
        pairs = [
            (
                launch_time(qari_argv, args.cols, args.rows, env, marker, args.answer_ms / 1000),
                launch_time(minimal_argv, args.cols, args.rows, env, b"hello"),
            )
            for _ in range(args.runs)
        ]
    qari_shown, qari_settled = (min(q[n] for q, _ in pairs) for n in (0, 1))
    minimal_shown, minimal_settled = (min(m[n] for _, m in pairs) for n in (0, 1))
    median_ratio = statistics.median(q[0] / m[0] for q, m in pairs)
    qari_cpu = statistics.median(q[2] for q, _ in pairs)
    minimal_cpu = statistics.median(m[2] for _, m in pairs)
    print(f"{args.file.name} at {args.cols}x{args.rows}, bytes written to the terminal:")
    print(f"{'':12}{'qari':>10}{'less':>10}{'ratio':>8}")
    for key, label in (("first", "first paint"), ("line", "line down"), ("page", "page down")):
        ratio = qari[key] / less[key] if less[key] else float("inf")
        print(f"{label:12}{qari[key]:>10.0f}{less[key]:>10.0f}{ratio:>8.2f}")
    print(
        f"launch to first painted article: qari {qari_shown * 1000:.0f} ms, minimal Textual "
        f"app {minimal_shown * 1000:.0f} ms, ratio {qari_shown / minimal_shown:.2f} "
        f"(best of {args.runs}; until a word of the first paragraph / 'hello' is "
        f"written); median of the {args.runs} interleaved pairs' ratios {median_ratio:.2f}"
    )
    print(
        f"CPU time to the first painted article (median): qari {qari_cpu * 1000:.0f} ms, "
        f"minimal {minimal_cpu * 1000:.0f} ms, ratio {qari_cpu / minimal_cpu:.2f}"
    )
    print(
        f"launch to a settled screen (library included): qari {qari_settled * 1000:.0f} ms, "
        f"minimal {minimal_settled * 1000:.0f} ms, ratio {qari_settled / minimal_settled:.2f} "
        f"(last byte before {QUIET * 1000:.0f} ms of quiet)"
    )


if __name__ == "__main__":
    main()
