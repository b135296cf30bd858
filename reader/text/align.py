"""Placing a laid-out line in its column: flush side, margins, justification."""

from __future__ import annotations

import re

# Runs on a laid-out line, and linear: a gap starts only after a non-space
# (so never inside a run of spaces) and its run is possessive, since the
# non-space it must be followed by can never be one of the spaces given back.
_GAP = re.compile(r"(?<=\S) ++(?=\S)")


def indent(cells: int, column: int, margin: int, rtl: bool) -> int:
    """Cells before a line: right-to-left lines sit flush right in the column,
    left-to-right lines flush left."""
    return margin + max(column - cells, 0) if rtl else margin


def justify(text: str, extra: int) -> str:
    """Widen the inter-word spaces of `text` by `extra` cells in all.

    Works on the line in drawing order, so it serves both directions; the
    spread is even, the remainder going to the leftmost gaps.
    """
    gaps = list(_GAP.finditer(text))
    if extra <= 0 or not gaps:
        return text
    each, rest = divmod(extra, len(gaps))
    pieces: list[str] = []
    last = 0
    for n, gap in enumerate(gaps):
        pieces.append(text[last : gap.end()])
        pieces.append(" " * (each + (1 if n < rest else 0)))
        last = gap.end()
    pieces.append(text[last:])
    return "".join(pieces)
