"""The terminal's size, as the terminal itself gives it.

`shutil.get_terminal_size`, which Textual and Rich use, believes the COLUMNS
and LINES variables before the terminal: a stale or hostile COLUMNS=100000000
made the reader build a screen of a hundred million cells (4.6 GB in 10 s),
and a set COLUMNS hides every later resize. The terminal's own answer (the
TIOCGWINSZ ioctl) wins; the variables count only where there is none, and
then only within reason.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

# Wider or taller than any real terminal; a variable beyond it is a mistake.
MAX_CELLS = 4096
_FALLBACK_COLUMNS = 80


def terminal_columns(fd: int | None) -> int | None:
    """The width of the terminal on `fd`, or None if `fd` is not one."""
    if fd is None:
        return None
    try:
        columns = os.get_terminal_size(fd).columns
    except (OSError, ValueError):
        return None
    return columns or None


def output_columns(fd: int | None, environ: MutableMapping[str, str] | None = None) -> int:
    """The width to lay out for on `fd`: its terminal's, else COLUMNS if it
    is sensible, else 80."""
    columns = terminal_columns(fd)
    if columns is not None:
        return columns
    environ = os.environ if environ is None else environ
    return _sensible(environ.get("COLUMNS")) or _FALLBACK_COLUMNS


def trust_the_terminal(fd: int | None, environ: MutableMapping[str, str] | None = None) -> None:
    """Make whoever reads COLUMNS and LINES later (Textual, through shutil)
    take the size from the terminal on `fd`: drop the variables when it has
    one, and drop any that is not sensible when it has not."""
    environ = os.environ if environ is None else environ
    has_size = terminal_columns(fd) is not None
    for name in ("COLUMNS", "LINES"):
        if name in environ and (has_size or _sensible(environ[name]) is None):
            del environ[name]


def _sensible(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number <= MAX_CELLS else None
