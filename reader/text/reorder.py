"""From logical to visual order, one line at a time (UAX #9 rules L1–L4).

Levels come from the whole paragraph (see levels.py); only the reordering is
per line, after wrapping, as UAX #9 section 3.4 prescribes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bidi.mirror import MIRRORED

from reader.text.bidi_classes import L1_RESET_CLASS, X9_REMOVED_SEARCH
from reader.text.graphemes import cluster_pattern

_SEPARATOR_CLASS = "[\t\x0b\x1f\n\r\x1c-\x1e\x85\u2029]"
# What L1 resets before a separator or at the end of the line: one
# character, whitespace or removed by X9.
_RESET = f"(?:{L1_RESET_CLASS}|{X9_REMOVED_SEARCH})"
# Both are matched against the reversed line, where the run L1 resets comes
# after the separator or the line's end, and both are linear: one character
# repeated with nothing after it takes its run whole and gives nothing back.
# (Searching the line itself for "run, then separator" would start a pass at
# every character of a long run with no separator after it: a line of
# 16,000 ZWJ took seconds.)
_TRAILING_REVERSED = re.compile(f"{_RESET}+")
_SEPARATOR_AND_RUN_REVERSED = re.compile(f"{_SEPARATOR_CLASS}{_RESET}*")
# A byte and its repeats, taken whole: nothing follows the repeat.
_RUN = re.compile(rb"(.)\1*", re.DOTALL)
_MIRROR = str.maketrans(MIRRORED)

Run = tuple[int, int, int]
"""A level run: start, end (exclusive) and level."""


def line_levels(text: str, levels: Sequence[int], base: int) -> bytearray:
    """Apply rule L1 to one line: separators, and whitespace before them or at
    the end of the line, go back to the paragraph level."""
    out = bytearray(levels)
    reversed_text = text[::-1]
    length = len(text)
    for match in _SEPARATOR_AND_RUN_REVERSED.finditer(reversed_text):
        out[length - match.end() : length - match.start()] = bytes([base]) * len(match.group())
    trailing = _TRAILING_REVERSED.match(reversed_text)
    if trailing:
        out[length - trailing.end() :] = bytes([base]) * trailing.end()
    return out


def visual_runs(levels: bytes | bytearray, start: int = 0, end: int | None = None) -> list[Run]:
    """Rule L2: the level runs of levels[start:end] in visual order."""
    end = len(levels) if end is None else end
    runs = [(m.start(), m.end(), m.group()[0]) for m in _RUN.finditer(levels, start, end)]
    if not runs:
        return runs
    highest = max(run[2] for run in runs)
    lowest_odd = min(run[2] for run in runs) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][2] < level:
                i += 1
                continue
            j = i
            while j < len(runs) and runs[j][2] >= level:
                j += 1
            runs[i:j] = runs[i:j][::-1]
            i = j
    return runs


@cache
def _mirrored() -> re.Pattern[str]:
    """Any character rule L4 mirrors (as ranges: a class of each one alone
    takes ten times longer to compile)."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, MIRRORED)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(
        "[" + "".join(re.escape(chr(a)) + "-" + re.escape(chr(b)) for a, b in ranges) + "]"
    )


def reverse_run(text: str) -> str:
    """A right-to-left run in visual order: reversed (L2) by grapheme cluster,
    so that combining marks stay after their base (L3) and an emoji sequence
    or a flag stays whole, with mirrored brackets (L4)."""
    clusters = cluster_pattern(text)
    reversed_text = "".join(reversed(clusters.findall(text))) if clusters else text[::-1]
    # Most lines have nothing to mirror, and a search costs far less than a translate.
    return reversed_text.translate(_MIRROR) if _mirrored().search(reversed_text) else reversed_text


def reverse_indices(text: str, start: int) -> list[int]:
    """The logical index of each character of `reverse_run(text)`, where
    `text` starts at logical index `start`."""
    clusters = cluster_pattern(text)
    if clusters is None:
        return list(range(start + len(text) - 1, start - 1, -1))
    indices: list[int] = []
    for cluster in reversed(list(clusters.finditer(text))):
        indices.extend(range(start + cluster.start(), start + cluster.end()))
    return indices


def visual_order(levels: bytes | bytearray) -> list[int]:
    """Rule L2 for a whole line as a list of logical indices (no L3)."""
    order: list[int] = []
    for start, end, level in visual_runs(levels):
        order.extend(range(end - 1, start - 1, -1) if level % 2 else range(start, end))
    return order
