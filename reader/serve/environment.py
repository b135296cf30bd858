"""The environment a session's reader runs in: built from nothing.

Nothing of the server's environment reaches it (no tokens, no paths, no
`PYTHON*` that would change what Python loads), and of the client's only the
locale, which is how the reader's terminal encodes text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from reader.state.served import SERVED_VARIABLE, Served

FALLBACK_TERM = "xterm-256color"

# A terminfo name: letters, digits and a few separators. Anything else (a
# newline, an escape, a path) is not a terminal type.
_TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}")
# A locale name such as `ar_EG.UTF-8`, `C.UTF-8` or `sr_RS@latin`.
_LOCALE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")
_LOCALE_VARIABLE = re.compile(r"LANG|LC_[A-Z]{1,20}")


def terminal_type(requested: str | None) -> str:
    """The client's terminal type if it is a plausible terminfo name, else a
    common one (the reader draws in 16 or 256 colours either way)."""
    if requested and _TERM_NAME.fullmatch(requested):
        return requested
    return FALLBACK_TERM


def client_locale(client: Mapping[str, str]) -> dict[str, str]:
    """The client's LANG and LC_* variables whose values look like
    locale names; nothing else it sent."""
    return {
        name: value
        for name, value in client.items()
        if _LOCALE_VARIABLE.fullmatch(name) and _LOCALE_NAME.fullmatch(value)
    }


def session_environment(
    *, client: Mapping[str, str], term: str | None, home: Path, served: Served
) -> dict[str, str]:
    """Everything the reader of one session sees in its environment. `home`
    is the session's own folder: its settings and positions go under it."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        # A UTF-8 default for clients that send no locale (OpenSSH sends
        # one only when its SendEnv asks for it).
        "LANG": "C.UTF-8",
        "TERM": terminal_type(term),
        SERVED_VARIABLE: served,
        # glibc gives each thread its own malloc arena of reserved address
        # space; two keep a reader well inside its address-space cap.
        "MALLOC_ARENA_MAX": "2",
    }
    env.update(client_locale(client))
    return env
