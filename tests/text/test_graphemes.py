"""Grapheme clusters against Unicode's own test file, and the generated
classes against the pinned data."""

import lzma
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import grapheme_classes, graphemes
from reader.text.graphemes import cluster_pattern

from . import generators
from .strategies import mixed_text

ROOT = Path(__file__).resolve().parents[2]


def _break_test_cases():
    """GraphemeBreakTest.txt: each line a text and where it breaks (÷) or not (×)."""
    text = lzma.open(ROOT / "tests" / "data" / "GraphemeBreakTest.txt.xz", "rt").read()
    for line in text.splitlines():
        fields = line.split("#")[0].split()
        if not fields:
            continue
        clusters, current = [], ""
        for field in fields:
            if field == "÷":
                if current:
                    clusters.append(current)
                current = ""
            elif field != "×":
                current += chr(int(field, 16))
        yield clusters


CASES = list(_break_test_cases())


def clusters_of(text):
    pattern = cluster_pattern(text)
    return pattern.findall(text) if pattern else list(text)


def test_the_test_file_is_of_the_version_of_the_classes():
    first = lzma.open(ROOT / "tests" / "data" / "GraphemeBreakTest.txt.xz", "rt").readline()
    assert first == f"# GraphemeBreakTest-{grapheme_classes.UNICODE_VERSION}.txt\n"
    assert len(CASES) == 602


def test_every_case_of_unicodes_grapheme_break_test():
    wrong = [case for case in CASES if clusters_of("".join(case)) != case]
    assert not wrong, [[ascii(cluster) for cluster in case] for case in wrong[:5]]


def test_the_module_is_what_the_generator_makes_of_the_pinned_data():
    module = Path(grapheme_classes.__file__).read_text(encoding="utf-8")
    assert module == generators.load("generate_grapheme_classes").module_source(), (
        "run python tools/generate_grapheme_classes.py"
    )


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("👍🏽x", ["👍🏽", "x"]),
        ("👨\u200d👩\u200d👧", ["👨\u200d👩\u200d👧"]),
        ("🇸🇦🇪🇬🇯", ["🇸🇦", "🇪🇬", "🇯"]),
        ("1\ufe0f\u20e3", ["1\ufe0f\u20e3"]),
        ("\u0628\u064e\u0651\u0627", ["\u0628\u064e\u0651", "\u0627"]),
        ("abc", ["a", "b", "c"]),
    ],
)
def test_clusters(text, clusters):
    assert clusters_of(text) == clusters


# One or two characters of each kind UAX #29 tells apart.
KINDS = (
    "a\u0628 "  # any other
    "\r\n\u200b\u200f\u00ad"  # CR, LF, controls
    "\u064e\u0301\ufe0f\u200c\U0001f3fd\U000e0067"  # extend
    "\u200d"  # ZWJ
    "\U0001f1f8\U0001f1e6"  # regional indicators
    "\u0600\u06dd"  # prepend
    "\u093f\u0e33"  # spacing marks
    "\u1100\u1161\u11a8\uac00\uac01"  # Hangul L, V, T, LV, LVT
    "\U0001f468\u2764\u00a9"  # extended pictographic
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(mixed_text, st.text(KINDS, max_size=12)))
def test_the_quick_cut_agrees_with_the_full_rules(text):
    # Text without what NEEDS_RULES lists is cut by marks alone, or per
    # character: the same clusters as UAX #29's rules in full.
    assert clusters_of(text) == graphemes._cluster().findall(text)
