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
    pieces: list[str] = []
    last = 0
    for at, added in _widening(text, extra):
        pieces.append(text[last:at])
        pieces.append(" " * added)
        last = at
    pieces.append(text[last:])
    return "".join(pieces)


def justified_origins(text: str, extra: int) -> list[int]:
    """For each character of `justify(text, extra)`, the index in `text` it
    shows; an added space shows the space of the gap it widens."""
    origins: list[int] = []
    last = 0
    for at, added in _widening(text, extra):
        origins.extend(range(last, at))
        origins.extend([at - 1] * added)
        last = at
    origins.extend(range(last, len(text)))
    return origins


def _widening(text: str, extra: int) -> list[tuple[int, int]]:
    """Where `justify` adds spaces, and how many: at the end of each gap."""
    gaps = list(_GAP.finditer(text))
    if extra <= 0 or not gaps:
        return []
    each, rest = divmod(extra, len(gaps))
    return [(gap.end(), each + (1 if n < rest else 0)) for n, gap in enumerate(gaps)]
