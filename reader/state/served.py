"""Served mode: the reader as `qari serve` runs it for a reader over SSH.

The server starts each session's reader with `QARI_SERVED` in its environment;
the reader reads it once (`reader/ui/session.py`) and from then on writes
nothing but that session's own reading state and opens nothing outside the
library:

- `key`: a reader who logged in with a public key. The server points the XDG
  directories at that key's own folder, so settings and positions persist per
  key and never touch the shared ones.
- `anonymous`: a reader of an `--open` server. Settings and positions live in
  memory and end with the session.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

SERVED_VARIABLE = "QARI_SERVED"

Served = Literal["key", "anonymous"]


def served_mode(env: Mapping[str, str] | None = None) -> Served | None:
    """How this reader is served, or None when it is not.

    Any other non-empty value counts as `anonymous`: a mistyped switch must
    make the reader stricter, never let it write to shared files.
    """
    value = (os.environ if env is None else env).get(SERVED_VARIABLE, "")
    if not value:
        return None
    return "key" if value == "key" else "anonymous"


def inside_library(path: Path, library: Path) -> bool:
    """Whether `path`, with every symlink followed, is inside `library`: a
    served reader opens nothing a link in the library points out of it to."""
    try:
        return path.resolve().is_relative_to(library.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return False
