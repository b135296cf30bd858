"""What `qari serve` was asked to do, and whether it can."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.serve.limits import Limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2222


def user_library() -> Path:
    """The library `qari serve` serves when it is given none: the user's own
    (`$XDG_DATA_HOME/qari/library/`), or the bundled articles while it is empty,
    as `qari` opens with no argument."""
    from reader.feeds.library import default_library

    return default_library()[0]


@dataclass(frozen=True)
class ServeOptions:
    library: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    authorized_keys: Path | None = None
    """Readers with these public keys may read; None with `open`."""
    open: bool = False
    """Anyone may read, without a key (and the user name is ignored)."""
    limits: Limits = field(default_factory=Limits)


def options_problem(options: ServeOptions) -> str | None:
    """Why the server cannot start with `options` (one line), or None."""
    if options.open == (options.authorized_keys is not None):
        if options.open:
            return "serve takes --authorized-keys FILE or --open, not both"
        return (
            "serve needs --authorized-keys FILE (readers with those keys) "
            "or --open (anyone who can reach the port)"
        )
    if not 0 <= options.port <= 65535:
        return f"no such port: {options.port}"
    if not options.library.is_dir():
        return f"{options.library}: not a folder of articles"
    return None
