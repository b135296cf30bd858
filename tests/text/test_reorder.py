import re
import unicodedata

import pytest
from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import graphemes
from reader.text.levels import paragraph_levels
from reader.text.reorder import (
    _mirrored,
    line_levels,
    reverse_indices,
    reverse_run,
    visual_order,
    visual_runs,
)

from .strategies import EMOJI, HARAKAT, mixed_text

MIRROR = str.maketrans(MIRRORED)

ALEF, BEH, FATHA, SHADDA = "\u0627", "\u0628", "\u064e", "\u0651"


# Rule L1


def test_trailing_whitespace_of_a_line_goes_back_to_the_paragraph_level():
    # "אב  " cut from "abc אב  גד": its spaces were level 1 between two R letters.
    assert list(line_levels("אב  ", [1, 1, 1, 1], 0)) == [1, 1, 0, 0]


def test_whitespace_before_a_segment_separator_goes_back_to_the_paragraph_level():
    assert list(line_levels("אב \tגד", [1, 1, 1, 1, 1, 1], 0)) == [1, 1, 0, 0, 1, 1]


def test_trailing_isolates_and_removed_controls_go_back_to_the_paragraph_level():
    assert list(line_levels("אב\u2067 \u202c", [1, 1, 1, 1, 1], 0)) == [1, 1, 0, 0, 0]


def test_whitespace_inside_the_line_keeps_its_level():
    assert list(line_levels("אב גד", [1, 1, 1, 1, 1], 0)) == [1, 1, 1, 1, 1]


def test_line_levels_leaves_its_input_alone():
    levels = bytes([1, 1, 1])
    line_levels("א  ", levels, 0)
    assert levels == bytes([1, 1, 1])


# Rule L2


def test_visual_runs_reverse_from_the_highest_level_down():
    levels = bytes([0, 0, 1, 1, 2, 2, 1, 0])
    assert visual_runs(levels) == [(0, 2, 0), (6, 7, 1), (4, 6, 2), (2, 4, 1), (7, 8, 0)]
    assert visual_order(levels) == [0, 1, 6, 4, 5, 3, 2, 7]


def test_visual_runs_of_a_slice():
    levels = bytes([1, 1, 0, 0, 1, 1])
    assert visual_runs(levels, 2, 6) == [(2, 4, 0), (4, 6, 1)]


def test_empty_line():
    assert visual_runs(b"") == []
    assert visual_order(b"") == []


def test_rtl_paragraph_with_embedded_latin_and_numbers():
    text = "قال 2019 NATO"
    level, levels = paragraph_levels(text, "R")
    order = visual_order(line_levels(text, levels, level))
    assert "".join(text[i] for i in order) == "NATO 2019 لاق"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=30).map(bytes))
def test_visual_order_is_a_permutation(levels):
    assert sorted(visual_order(levels)) == list(range(len(levels)))


# Rules L3 and L4


def test_brackets_are_mirrored_in_a_right_to_left_run():
    assert reverse_run("(") == ")"
    assert reverse_run("[نص]") == "[صن]"
    assert reverse_run("«نص»") == "«صن»"
    assert reverse_run("a<b") == "b>a"


def test_harakat_stay_after_their_letter():
    word = BEH + FATHA + SHADDA + ALEF
    assert reverse_run(word) == ALEF + BEH + FATHA + SHADDA
    assert reverse_indices(word, 10) == [13, 10, 11, 12]


def test_reverse_run_without_marks_is_a_plain_reversal():
    assert reverse_run("abc") == "cba"
    assert reverse_indices("abc", 5) == [7, 6, 5]


@settings(max_examples=200, deadline=None)
@given(st.one_of(mixed_text, st.text(ALEF + BEH + HARAKAT + "() ", max_size=20)))
def test_reverse_indices_tell_where_each_character_of_reverse_run_came_from(text):
    indices = reverse_indices(text, 3)
    assert sorted(indices) == list(range(3, 3 + len(text)))
    expected = "".join(MIRRORED.get(text[i - 3], text[i - 3]) for i in indices)
    assert reverse_run(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(ALEF + BEH + HARAKAT + " ", min_size=1, max_size=20))
def test_every_mark_follows_what_it_followed_in_logical_order(text):
    shown, indices = reverse_run(text), reverse_indices(text, 0)
    for k, char in enumerate(shown):
        # A mark at the very start has no base: nothing to stay after.
        if unicodedata.category(char) == "Mn" and indices[k] > 0:
            assert k > 0
            assert indices[k - 1] == indices[k] - 1


# -- L1 in one pass (issue 9) ---------------------------------------------------------

L1_ALPHABET = "a\u05d0 \t\u2029\u200d\u202a\u2066\x0b\x1f\u200b"


def _l1_reference(text: str, levels: list[int], base: int) -> list[int]:
    """Rule L1 as UAX #9 states it, one character at a time, from the end."""
    from reader.text.bidi_classes import L1_RESET_CLASS, X9_REMOVED_CLASS

    reset = re.compile(f"{L1_RESET_CLASS}|{X9_REMOVED_CLASS}")
    separators = "\t\x0b\x1f\n\r\x1c\x1d\x1e\x85\u2029"
    out = list(levels)
    resetting = True  # the end of the line
    for i in range(len(text) - 1, -1, -1):
        if text[i] in separators:
            resetting = True
        elif not reset.match(text[i]):
            resetting = False
        if resetting:
            out[i] = base
    return out


@given(st.text(st.sampled_from(L1_ALPHABET), max_size=40), st.integers(0, 1))
def test_line_levels_is_rule_l1(text, base):
    levels = [2] * len(text)
    assert list(line_levels(text, levels, base)) == _l1_reference(text, levels, base)


def test_a_long_run_of_zero_width_joiners_takes_one_pass():
    from tests.linear import finishes

    # 16,000 took seconds when each joiner started a search over the rest.
    text = "\u200d" * 400_000 + "a"
    levels = finishes(lambda: line_levels(text, [1] * len(text), 0))
    assert list(levels[:3]) == [1, 1, 1]


def test_what_is_looked_for_before_mirroring_is_exactly_what_is_mirrored():
    everything = "".join(map(chr, range(0x30000)))
    assert set(_mirrored().findall(everything)) == set(MIRRORED)


# Grapheme clusters (UAX #29)

CLUSTER_KINDS = st.text(
    "ab\u0628 \u064e\u0651()[]\u200d\u200c\u200f\U0001f468\U0001f469\U0001f3fd\u2764\ufe0f\u20e3"
    "\U0001f1f8\U0001f1e6\u1100\u1161\uac00\u0600",
    max_size=16,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mixed_text, CLUSTER_KINDS, st.lists(st.sampled_from(EMOJI)).map("".join)))
def test_a_reversed_run_keeps_each_grapheme_cluster_whole_and_in_order(text):
    # Within a run of one direction, the clusters come out in reverse order,
    # each one as it was (but mirrored, rule L4).
    clusters = graphemes._cluster().findall(text)
    assert reverse_run(text) == "".join(cluster.translate(MIRROR) for cluster in reversed(clusters))


@pytest.mark.parametrize(
    ("run", "shown"),
    [
        ("👍🏽!", "!👍🏽"),  # was "!🏽👍": the skin tone before the thumb
        ("👨\u200d👩\u200d👧 ", " 👨\u200d👩\u200d👧"),  # was " 👧\u200d👩\u200d👨"
        ("x🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈x"),  # was "🌈\u200d🏳\ufe0fx"
        ("🇸🇦🇪🇬", "🇪🇬🇸🇦"),  # was "🇬🇪🇦🇸": two other flags
        ("(1\ufe0f\u20e3)", "(1\ufe0f\u20e3)"),
    ],
)
def test_emoji_sequences_are_reversed_as_wholes(run, shown):
    assert reverse_run(run) == shown
