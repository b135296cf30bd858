"""Where each block's lines begin, on a page laid out in any order.

A jump to the end of a long article lays out its last blocks before the
ones above them. Until those are laid out their lines are estimated, so the
line numbers after them move as the estimates are replaced: a view keeps its
place by block, not by line number.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from itertools import accumulate


class BlockLines:
    """Lines per block for the blocks up to the last one counted: exact for
    those laid out, estimated for those between."""

    def __init__(self, estimate: Callable[[int], int]) -> None:
        self._estimate = estimate
        self._counts = array("l")
        self._total = 0
        # The first line of each counted block, and the total; None when a
        # count changed in the middle (recomputed when next asked for).
        self._starts: list[int] | None = [0]

    @property
    def blocks(self) -> int:
        """How many blocks are counted: those before the last one laid out."""
        return len(self._counts)

    @property
    def total(self) -> int:
        return self._total

    def count(self, block: int) -> int:
        return self._counts[block]

    def set(self, block: int, count: int) -> None:
        """Count the lines of `block` exactly; the blocks before it not
        counted yet are estimated."""
        counts = self._counts
        while len(counts) <= block:
            n = len(counts)
            counts.append(count if n == block else self._estimate(n))
            self._total += counts[-1]
            if self._starts is not None:
                self._starts.append(self._total)
        if counts[block] != count:
            self._total += count - counts[block]
            counts[block] = count
            self._starts = None

    def first_line(self, block: int) -> int:
        """The first line of a counted block (the total after the last)."""
        return self._first_lines()[min(block, len(self._counts))]

    def locate(self, line: int) -> tuple[int, int]:
        """The counted block that has `line` (clamped to the page), and the
        line's index among that block's."""
        starts = self._first_lines()
        block = min(max(bisect.bisect_right(starts, line) - 1, 0), max(len(self._counts) - 1, 0))
        return block, line - starts[block]

    def _first_lines(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *accumulate(self._counts)]
        return self._starts
