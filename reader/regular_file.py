"""Reading a file that must be a regular file, and only up to a cap.

Whatever names a file Qari reads (a library folder, the settings path, a
symlink in either) may name a pipe, whose opening blocks until a writer
comes, a terminal, or a device such as /dev/zero that never ends. Each is
refused before it is opened, and again on what was opened (the name may be
swapped in between); a regular file is read up to the caller's cap, so no
file can make Qari read until memory runs out.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MIB = 1024 * 1024
# The most Qari reads of any file: far beyond any article or settings file.
MAX_READ_BYTES = 64 * MIB

# Opening a FIFO for reading blocks until a writer appears, and a tty can
# become the controlling terminal; neither flag changes reading a regular file.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class NotRegularFile(Exception):
    """The path names a directory, a pipe, a socket or a device."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.path = path
        self.kind = kind
        """What it is instead, for a message: "a pipe", "a device"…"""


def read_regular_file(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """At most `limit` bytes of `path`.

    Raises NotRegularFile for anything but a regular file, OSError when it
    cannot be opened or read.
    """
    # Checked before opening: the open itself may hang on a pipe.
    require_regular(path, path.stat().st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as file:
        require_regular(path, os.fstat(file.fileno()).st_mode)
        return file.read(limit)


def require_regular(path: Path, mode: int) -> None:
    """Raise NotRegularFile unless `mode` (from a stat) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a directory"
    elif stat.S_ISFIFO(mode):
        kind = "a pipe"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "a special file"
    raise NotRegularFile(path, kind)
