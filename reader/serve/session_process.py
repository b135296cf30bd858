"""What each session's process runs, in its pseudo-terminal:

    python -I -m reader.serve.session_process LIMITS LIBRARY

It caps itself (`LIMITS`, as `reader.serve.limits.limits_argument` writes
them) before it imports anything of the reader, so the caps hold from the
first article it reads, then runs the reader's entry point on `LIBRARY`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from reader.serve.limits import apply_process_limits, parse_limits_argument


def main(argv: Sequence[str]) -> int:
    limits, library = argv
    apply_process_limits(parse_limits_argument(limits))
    # The session's own folder, not wherever the server was started.
    os.chdir(os.environ["HOME"])
    from reader.cli import main as reader_main

    return reader_main([library])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
