"""Extended grapheme clusters (UAX #29): what a reader sees as one character.

A letter and its harakat, an emoji and its ZWJ sequence (👨‍👩‍👧), a flag's
two regional indicators, a keycap: reordering a right-to-left run reverses
the clusters, never what is inside one (UAX #9 L3 for marks, UAX #29 for the
rest), and a line is never broken inside one.

Both expressions are compiled on first use, and only for text that needs
them: most news text has no marks, and the full rules cost milliseconds to
compile (the classes are large).
"""

from __future__ import annotations

import re
from functools import cache

from reader.text import grapheme_classes as gcb
from reader.text.bidi_classes import COMBINING_MARK_SEARCH

_ZWNJ = "\u200c"


@cache
def _needs_rules() -> re.Pattern[str]:
    return re.compile(gcb.NEEDS_RULES)


@cache
def _marked_cluster() -> re.Pattern[str]:
    """A character and the combining marks (and ZWNJ) after it, but a
    control alone (then the marks after it are a cluster of their own)."""
    marks = f"(?:{COMBINING_MARK_SEARCH}|{_ZWNJ})"  # not COMBINING_MARK: see _any_mark
    return re.compile(f"\r\n|[{gcb.CONTROL[1:-1]}\r\n]|.{marks}*", re.DOTALL)


@cache
def _cluster() -> re.Pattern[str]:
    """UAX #29's extended grapheme cluster (its table 1c), in Python's `re`.

    Alternatives are tried in order, so each is written to be the right one
    when it matches; each repetition reads a run of one kind of character,
    so a search is linear.
    """
    extend, zwj, pictographic = gcb.EXTEND, "\u200d", gcb.EXTENDED_PICTOGRAPHIC
    control = gcb.CONTROL[1:-1] + "\r\n"
    lv, lvt, ri = gcb.HANGUL_LV, gcb.HANGUL_LVT, gcb.REGIONAL_INDICATOR
    hangul = (
        f"{gcb.HANGUL_L}*(?:{gcb.HANGUL_V}+|{lv}{gcb.HANGUL_V}*|{lvt}){gcb.HANGUL_T}*"
        f"|{gcb.HANGUL_L}+|{gcb.HANGUL_T}+"
    )
    emoji = f"{pictographic}(?:{extend}*{zwj}{pictographic})*"
    core = f"(?:{hangul}|{ri}{ri}|{emoji}|[^{control}])"
    after = f"[{extend[1:-1]}{zwj}{gcb.SPACING_MARK[1:-1]}]*"
    return re.compile(f"\r\n|[{control}]|{gcb.PREPEND}*{core}{after}", re.DOTALL)


@cache
def _any_mark() -> re.Pattern[str]:
    # Not COMBINING_MARK, which `re` searches thirty times slower (its
    # ranges beyond the BMP): this runs for every right-to-left run drawn.
    return re.compile(COMBINING_MARK_SEARCH)


def cluster_pattern(text: str) -> re.Pattern[str] | None:
    """An expression whose matches, one after another, are the grapheme
    clusters of `text`; None when each character of `text` is one."""
    if _needs_rules().search(text):
        return _cluster()
    if _any_mark().search(text) or _ZWNJ in text:
        return _marked_cluster()
    return None
