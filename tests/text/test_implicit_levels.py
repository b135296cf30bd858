"""The implicit-rules resolver against python-bidi, the plainly correct path:
every character it resolves, in context, and a large corpus, real and
generated. (The conformance files also go through it: see
test_bidi_conformance.py, which calls `paragraph_levels`.)"""

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import news_paragraphs, source_paragraphs
from reader.text.implicit_levels import _BLOCKS, resolve
from reader.text.levels import base_direction, engine_levels
from reader.text.sanitise import sanitise
from reader.text.shape import shape

from .strategies import ARABIC_LETTERS, DIGITS, HARAKAT, HEBREW, LATIN, mixed_text

BASES = (None, "L", "R")
# Where a character may be: between letters of either direction, numbers,
# separators, at either end, next to brackets and marks.
CONTEXTS = (
    "{}",
    "a{}b",
    "ب{}ت",
    "١{}٢",
    "ب 1{}2 ت",
    "a ({}) ب",
    "x{}\u064e",
)


@cache
def corpus() -> list[str]:
    """Shaped paragraphs: the bundled articles' and 200 KB of generated news."""
    paragraphs = source_paragraphs() + news_paragraphs(0.2, seed=3)
    return [shape(sanitise(paragraph)) for paragraph in paragraphs]


def assert_agrees(text: str, base: str | None) -> bool:
    """Whether the resolver took `text`; if it did, it agrees with the engine."""
    fast = resolve(text, base)
    if fast is not None:
        assert fast == engine_levels(text, base), (text, base)
    return fast is not None


def test_every_character_of_the_table_in_context():
    taken = 0
    for start, end in _BLOCKS:
        for code in range(start, end + 1):
            for context in CONTEXTS:
                text = context.format(chr(code))
                for base in BASES:
                    taken += assert_agrees(text, base)
    assert taken > 35_000  # most of the table is resolved here, not passed on


def test_the_corpus_agrees_with_the_engine_and_takes_the_fast_path():
    paragraphs = corpus()
    taken = 0
    for paragraph in paragraphs:
        for base in (*BASES, base_direction(paragraph)):
            taken += assert_agrees(paragraph, base)
    assert taken >= 0.95 * 4 * len(paragraphs)


def test_what_is_left_to_the_engine():
    assert resolve("ب \u202bمضمنة\u202c", None) is None  # an explicit embedding
    assert resolve("ب \u2067عزل\u2069 a", "R") is None  # an isolate
    assert resolve("\u0fffa", None) is None  # unassigned
    assert resolve("中文", None) is None  # a block not in the table
    assert resolve("a (\u0300b)", None) is None  # a mark after a bracket (N0)
    assert resolve("⁅a⁆ ب", None) is None  # a bracket pair the table leaves out


def test_removed_characters_take_the_level_before_them():
    # ZWNJ (BN) in Persian, a soft hyphen in a number, a ZWJ at the start.
    for text in ("می\u200cخواهیم", "12\u00ad34 ب", "\u200dab", "a\u200c1 ب"):
        for base in BASES:
            assert assert_agrees(text, base)


# The characters of a common news paragraph: letters of both directions,
# numbers and what goes with them, brackets, quotes, marks, joiners.
COMMON = (
    ARABIC_LETTERS
    + HARAKAT
    + HEBREW
    + LATIN
    + DIGITS
    + "  ()[]{}«».,،؛؟:;!?-+/%$#£€'\"…\u200c\u200d"
)


# The one thing in them left to the engine: a mark right after a bracket.
MARK_AFTER_BRACKET = re.compile(f"[][(){{}}][\u200c\u200d]*[{HARAKAT}]")


@settings(max_examples=400, deadline=None)
@given(st.text(COMMON, max_size=60), st.sampled_from(BASES))
def test_common_text_takes_the_fast_path_and_agrees(text, base):
    assert assert_agrees(text, base) or MARK_AFTER_BRACKET.search(text)


@settings(max_examples=300, deadline=None)
@given(mixed_text, st.sampled_from(BASES))
def test_any_text_agrees_where_it_is_taken(text, base):
    assert_agrees(sanitise(text), base)
