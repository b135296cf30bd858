"""Canonical composition (NFC) of a letter and its marks, before shaping.

Some sources write hamza and madda as combining marks (U+0653-U+0655) after
alef, waw or yeh. Shaped as they stand, ي + hamza is a dotted yeh with a
hamza on it rather than ئ, and the stripping of harakat would take the hamza
for one. Unicode composes these pairs (أ إ آ ؤ ئ ۀ ۂ ۓ), as it does é or が.

Only clusters that get shorter are replaced, and the marks left over keep
their order in the text: the map from glyphs back to the text
(`shape.source_map`) then only ever sees marks move after their letter,
never ahead of one another.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from reader.text.bidi_classes import COMBINING_MARK

# The combining marks that are the second half of a canonical composition
# (generated from unicodedata, Unicode 14.0.0; tests/text/test_compose.py
# checks it). Hangul jamo compose by rule, and the spacing vowel signs of
# Bengali, Tamil … (Mc) never reach layout: sanitise.py replaces them.
COMPOSING_MARKS = (
    "\u0300-\u0304\u0306-\u030c\u030f\u0311\u0313\u0314\u031b\u0323-\u0328\u032d\u032e"
    "\u0330\u0331\u0338\u0342\u0345\u0653-\u0655\u093c\u0b56\u0c56\u0dca\u102e"
    "\U000110ba\U00011127\U000114ba\u3099\u309a"
)


# Marks looked at after a character. Real text has a handful; a run of
# thousands (hostile text) would make Python's canonical reordering quadratic.
_MAX_MARKS = 32


@cache
def _composing_cluster() -> re.Pattern[str]:
    """A character and up to _MAX_MARKS marks after it, one of which may
    compose with it. Each match and lookahead reads at most that many marks,
    and cannot start on a mark: a search is linear in the text. Compiled on
    first use, for text that is not in NFC already."""
    marks = COMBINING_MARK.pattern[1:-1]
    most = _MAX_MARKS
    return re.compile(
        f"[^{marks}](?=[{marks}]{{0,{most - 1}}}[{COMPOSING_MARKS}])[{marks}]{{1,{most}}}"
    )


def compose(text: str) -> str:
    """`text` with each letter composed with the marks Unicode composes it
    with (NFC), the other marks after it in their order."""
    # Linear: when the check cannot answer from the characters' properties
    # alone, the marks are in canonical order and normalising sorts nothing.
    if unicodedata.is_normalized("NFC", text):
        return text
    return _composing_cluster().sub(_composed, text)


def _composed(match: re.Match[str]) -> str:
    cluster = match.group()
    first = unicodedata.normalize("NFC", cluster)[0]
    base = unicodedata.normalize("NFD", cluster[0])
    absorbed = unicodedata.normalize("NFD", first)
    if first == cluster[0] or not absorbed.startswith(base):
        return cluster
    marks = list(cluster[1:])
    for mark in absorbed[len(base) :]:
        if mark not in marks:
            return cluster
        marks.remove(mark)
    return first + "".join(marks)
