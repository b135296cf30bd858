"""Instructions from launch to the first painted article: qari against a
minimal Textual app, counted by valgrind's callgrind.

    python bench/launch_instructions.py [FILE] [--cols 80] [--rows 24]

Wall and CPU time on a shared machine move with its load by more than the
margin of the launch target (see bench/ssh.py); the number of instructions
a program executes does not. Each program runs once under callgrind in a
pseudo-terminal, with the same hook: Textual's driver ends the process as
soon as it has written a frame with the marker (a word of the article's
first paragraph as drawn, or 'hello').
Slow (about a minute): callgrind runs a program some fifty times slower.
"""

from __future__ import annotations

import os
import select
import shutil
import sys
import tempfile
from pathlib import Path

from ssh import MINIMAL_APP, QARI_SCRIPT, Terminal, arguments, body_marker, terminal_env

# Patches LinuxDriver.write as Textual's linux driver is imported (not before:
# importing it early would change what is imported with the collector on):
# after writing a frame with the marker, on the main thread, the process ends.
# Watching the terminal stream instead would stop later, in the writer thread,
# while the main thread goes on with what follows the first frame.
STOP_AT_MARKER = """
import os, sys

class _StopOnceDrawn:
    name = "textual.drivers.linux_driver"

    def find_spec(self, name, path=None, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            write = module.LinuxDriver.write
            marker = os.environ["BENCH_MARKER"]

            def write_and_stop(driver, data):
                write(driver, data)
                if marker in data:
                    os._exit(0)  # the frame is the driver's: drawn

            module.LinuxDriver.write = write_and_stop

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _StopOnceDrawn())
"""


def instructions(argv: list[str], marker: bytes, cols: int, rows: int, tmp: Path) -> int:
    """Instructions `python -c HOOK+code ARGS` executes until `marker` is drawn;
    `argv` is the code and its arguments."""
    out = tmp / f"callgrind.{len(list(tmp.glob('callgrind.*')))}"
    env = terminal_env(tmp, BENCH_MARKER=marker.decode())
    code, *code_args = argv
    terminal = Terminal(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            STOP_AT_MARKER + code,
            *code_args,
        ],
        cols,
        rows,
        env,
    )
    status = _drain_until_exit(terminal)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the program did not reach its first frame (wait status {status})")
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    sys.exit(f"no total in {out}")


def _drain_until_exit(terminal: Terminal) -> int:
    """Read (and drop) what the child writes, so that it never blocks on a
    full pseudo-terminal, until it exits; return its wait status."""
    try:
        while True:
            ready, _, _ = select.select([terminal.fd], [], [], 1.0)
            if not ready:
                pid, status = os.waitpid(terminal.pid, os.WNOHANG)
                if pid:
                    return status
                continue
            try:
                if not terminal.read_chunk():
                    break
            except OSError:  # EIO: the child has gone
                break
        return os.waitpid(terminal.pid, 0)[1]
    finally:
        os.close(terminal.fd)


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        minimal_script = tmp / "minimal.py"
        minimal_script.write_text(MINIMAL_APP)
        qari = instructions(
            [QARI_SCRIPT, str(args.file)], body_marker(args.file), args.cols, args.rows, tmp
        )
        minimal = instructions(
            [f"exec(compile(open({str(minimal_script)!r}).read(), 'minimal.py', 'exec'))"],
            b"hello",
            args.cols,
            args.rows,
            tmp,
        )
    print(
        f"instructions to the first painted article ({args.file.name}, {args.cols}x{args.rows}): "
        f"qari {qari / 1e6:,.0f} M, minimal Textual app {minimal / 1e6:,.0f} M, "
        f"ratio {qari / minimal:.3f}"
    )


if __name__ == "__main__":
    main()
