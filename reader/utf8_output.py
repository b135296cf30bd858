"""Text output is UTF-8, whatever the locale says.

A server's locale may name another encoding (LANG=en_US.ISO-8859-1, reached
over SSH) while the terminal the reader looks through is, almost surely,
UTF-8: every terminal in use today is. Written in the locale's encoding,
Arabic came out as `?` (Python's `replace` on stdout) or as literal `\\u0627`
escapes (its `backslashreplace` on stderr, where Textual draws). So Qari
writes UTF-8, and says so in one line when the locale disagrees.
"""

from __future__ import annotations

import codecs
from typing import TextIO


def use_utf8(stream: TextIO) -> str | None:
    """Make `stream` write UTF-8 (unencodable lone surrogates as `?`). Returns
    a one-line notice if its encoding was another, else None."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        was_utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        was_utf8 = False
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return None  # not a text file of Python's own (a test's StringIO): nothing to change
    reconfigure(encoding="utf-8", errors="replace")
    if was_utf8:
        return None
    return (
        f"the locale's encoding is {encoding}, not UTF-8: writing UTF-8 anyway, as "
        "terminals show it (set LANG=C.UTF-8 to make the locale say so)"
    )
