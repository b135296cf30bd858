"""The generated character classes against Python's own Unicode database."""

import re
import sys
import unicodedata

import pytest

from reader.text import bidi_classes
from reader.text.bidi_classes import COMBINING_MARK, L1_RESET_CLASS, X9_REMOVED_CLASS

EVERY_CHARACTER = "".join(
    chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000
)

# X9: embeddings, overrides, PDF and boundary neutrals.
X9_CLASSES = {"BN", "LRE", "RLE", "LRO", "RLO", "PDF"}
# L1: segment and paragraph separators, whitespace, isolates.
L1_CLASSES = {"S", "B", "WS", "LRI", "RLI", "FSI", "PDI"}


def test_generated_from_this_unicode_version():
    assert f"Unicode {unicodedata.unidata_version}" in bidi_classes.__doc__


@pytest.mark.parametrize(
    ("pattern", "wanted"),
    [
        (re.compile(X9_REMOVED_CLASS), lambda c: unicodedata.bidirectional(c) in X9_CLASSES),
        (re.compile(L1_RESET_CLASS), lambda c: unicodedata.bidirectional(c) in L1_CLASSES),
        (COMBINING_MARK, lambda c: unicodedata.category(c) in {"Mn", "Me"}),
    ],
    ids=["X9_REMOVED", "L1_RESET", "COMBINING_MARK"],
)
def test_class_is_exactly_the_characters_unicode_gives_it(pattern, wanted):
    matched = set(pattern.findall(EVERY_CHARACTER))
    expected = {char for char in EVERY_CHARACTER if wanted(char)}
    assert matched == expected, sorted(f"U+{ord(c):04X}" for c in matched ^ expected)[:20]
