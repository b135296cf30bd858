"""The server's log: one line per connection and one per session end, on
stderr, for an operator or a service manager's journal.

Lines say who (address, key fingerprint or `anonymous`) and how much, never
what was read: no article text, no file names, nothing the client chose.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

ANONYMOUS = "anonymous"

# Values are the server's own (addresses, fingerprints, counts, reasons);
# anything else is cut to visible ASCII so that no value can add a line,
# move the cursor, or pass for another field.
_UNSAFE = re.compile(r"[^\x21-\x7e]|=")
_LONGEST_VALUE = 120


def log_line(event: str, **fields: object) -> str:
    """`qari serve: EVENT name=value …`, on one line."""
    parts = [f"qari serve: {_safe(event)}"]
    parts.extend(f"{name}={_safe(_text(value))}" for name, value in fields.items())
    return " ".join(parts)


def log(event: str, *, out: TextIO | None = None, **fields: object) -> None:
    stream = sys.stderr if out is None else out
    print(log_line(event, **fields), file=stream, flush=True)


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}s"
    return str(value)


def _safe(text: str) -> str:
    return _UNSAFE.sub("?", text[:_LONGEST_VALUE]) or "-"
