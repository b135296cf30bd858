"""The generated character classes against the pinned Unicode data, whichever
Python runs the tests (each has its own `unicodedata` version)."""

import lzma
import re
import sys
from pathlib import Path

import pytest

from reader.text import bidi_classes
from reader.text.bidi_classes import (
    COMBINING_MARK,
    COMBINING_MARK_SEARCH,
    L1_RESET_CLASS,
    X9_REMOVED_CLASS,
    X9_REMOVED_SEARCH,
)

from . import generators

ROOT = Path(__file__).resolve().parents[2]
EVERY_CHARACTER = "".join(
    chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000
)


generator = generators.load("generate_bidi_classes")


def test_the_module_is_what_the_generator_makes_of_the_pinned_data():
    module = Path(bidi_classes.__file__).read_text(encoding="utf-8")
    assert module == generator.module_source(), "run python tools/generate_bidi_classes.py"


def test_the_data_is_of_the_version_of_the_conformance_files():
    first_line = lzma.open(ROOT / "tests" / "data" / "BidiTest.txt.xz", "rt").readline()
    assert first_line == f"# BidiTest-{bidi_classes.UNICODE_VERSION}.txt\n"
    assert generator.version(generator.read(generator.BIDI_CLASS_FILE)) == "15.0.0"


@pytest.mark.parametrize(
    ("pattern", "data", "values"),
    [
        (re.compile(X9_REMOVED_CLASS), generator.BIDI_CLASS_FILE, generator.X9_CLASSES),
        (re.compile(L1_RESET_CLASS), generator.BIDI_CLASS_FILE, generator.L1_CLASSES),
        (COMBINING_MARK, generator.CATEGORY_FILE, generator.COMBINING_CATEGORIES),
        (re.compile(X9_REMOVED_SEARCH), generator.BIDI_CLASS_FILE, generator.X9_CLASSES),
        (
            re.compile(COMBINING_MARK_SEARCH),
            generator.CATEGORY_FILE,
            generator.COMBINING_CATEGORIES,
        ),
    ],
    ids=["X9_REMOVED", "L1_RESET", "COMBINING_MARK", "X9_REMOVED_SEARCH", "COMBINING_MARK_SEARCH"],
)
def test_class_is_exactly_the_characters_unicode_gives_it(pattern, data, values):
    matched = {ord(char) for char in pattern.findall(EVERY_CHARACTER)}
    expected = generator.code_points(generator.read(data), values)
    assert matched == expected, sorted(f"U+{code:04X}" for code in matched ^ expected)[:20]


def test_known_characters_without_the_generator():
    # RLO, soft hyphen, an unassigned default-ignorable (BN by default).
    assert all(re.match(X9_REMOVED_CLASS, char) for char in "\u202e\u00ad\u2065")
    assert not re.match(X9_REMOVED_CLASS, "\u2066")  # an isolate is not removed by X9
    assert all(re.match(L1_RESET_CLASS, char) for char in "\t\u2029\u2068 ")
    # Fathatan, the superscript alef, and a mark new in Unicode 14 (U+0898).
    assert all(COMBINING_MARK.match(char) for char in "\u064b\u0670\u0898")
    assert not COMBINING_MARK.match("\u0627")
