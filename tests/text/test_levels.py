import re
import sys

import pytest
from hypothesis import given, settings

from reader.text import levels
from reader.text.levels import base_direction, paragraph_levels
from reader.text.options import LayoutOptions
from reader.text.paragraph import lay_out, prepare

from . import generators
from .strategies import mixed_text


@pytest.mark.parametrize(
    "text",
    [
        "CNN قالت إن المحادثات ستستأنف الأسبوع المقبل",
        "BBC: «الاتفاق» سيوقع في 2024",
        "2019 كان عاماً صعباً",
        "שלום עולם, hello",
    ],
)
def test_mostly_right_to_left_text_is_rtl_whatever_its_first_word(text):
    assert base_direction(text) == "R"
    # Which P2/P3 alone would not always say:
    assert paragraph_levels(text, base_direction(text))[0] == 1


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the talks in مصر went well",
        "NATO",
        "2024",
        "",
        "(!)",
    ],
)
def test_text_that_is_not_mostly_rtl_is_left_to_the_algorithm(text):
    assert base_direction(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Call us on \u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669 today.",
        "Say «مَرْحَبًا» now",  # five Arabic letters and four harakat against six
        "ok، ok؟ نعم",  # the Arabic comma and question mark are no letters
    ],
)
def test_digits_harakat_and_punctuation_do_not_vote(text):
    assert base_direction(text) is None
    assert prepare(text, LayoutOptions()).base == 0


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Was drawn right to left: ".today ٠١٢٣٤٥٦٧٨٩ Call us on".
        (
            "Call us on \u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669 today.",
            "Call us on \u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669 today.",
        ),
        # Was "now «…» Say". As GNU FriBidi draws it (shaped, marks after their letter).
        (
            "Say «مَرْحَبًا» now",
            "Say \xab\ufe8e\ufe92\u064b\ufea3\u064e\ufeae\u0652\ufee3\u064e\xbb now",
        ),
    ],
)
def test_text_without_a_majority_of_rtl_letters_is_drawn_left_to_right(text, shown):
    [line] = lay_out(prepare(text, LayoutOptions()), 80)
    assert line.text == shown


def test_rtl_letters_are_the_letters_of_bidi_class_r_and_al_of_the_pinned_data():
    # The class after the lookahead holds every letter of class R or AL, and
    # no other letter and no number but decimal digits (which the lookahead
    # drops, as it drops marks and punctuation, on any Python).
    data = generators.load("generate_bidi_classes")
    bidi, categories = data.read(data.BIDI_CLASS_FILE), data.read(data.CATEGORY_FILE)
    letters = data.code_points(categories, frozenset({"Lu", "Ll", "Lt", "Lm", "Lo"}))
    other_numbers = data.code_points(categories, frozenset({"Nl", "No"}))
    rtl = data.code_points(bidi, frozenset({"R", "AL"}))
    bracket = levels._RTL_RANGES
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    matched = {ord(char) for char in re.findall(bracket, every)}
    assert matched & letters == rtl & letters
    assert not matched & other_numbers


def test_the_algorithm_decides_by_the_first_strong_letter():
    assert paragraph_levels("The minister said the talks in مصر went well")[0] == 0
    assert paragraph_levels("مصر and Jordan and Lebanon and Syria")[0] == 1
    assert paragraph_levels("2024 !")[0] == 0


@pytest.mark.parametrize(
    ("direction", "expected"),
    [("rtl", "R"), ("ltr", "L")],
)
def test_a_chosen_direction_overrides_the_text(direction, expected):
    for text in ("CNN قالت إن", "The minister said", "", "123"):
        assert base_direction(text, direction) == expected


def test_levels_one_per_character():
    level, levels = paragraph_levels("abc אבג 123")
    assert level == 0
    # The space between Hebrew and digits is resolved as R (N1); digits go up (I1).
    assert list(levels) == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    level, levels = paragraph_levels("نص 123 ABC", "R")
    assert level == 1
    assert list(levels) == [1, 1, 1, 2, 2, 2, 1, 2, 2, 2]


def test_levels_of_characters_outside_the_bmp_and_multibyte_utf8():
    # The engine reports one level per UTF-8 byte: 1-, 2-, 3- and 4-byte characters.
    text = "a\u00e9\u05d0\U0001f600\U00010800b"
    level, levels = paragraph_levels(text, "L")
    assert level == 0
    assert len(levels) == len(text)
    # The emoji between two R letters is resolved as R (N1).
    assert list(levels) == [0, 0, 1, 1, 1, 0]


def test_levels_of_ten_and_more():
    # Twelve alternating embeddings put "x" at level 14: two digits in the dump.
    text = "\u202a\u202b" * 6 + "x"
    level, levels = paragraph_levels(text)
    assert level == 0
    assert levels[-1] == 14


def test_empty_paragraph():
    assert paragraph_levels("") == (0, b"")
    assert paragraph_levels("", "R") == (1, b"")
    assert paragraph_levels("", "L") == (0, b"")


def test_auto_level_when_the_first_strong_letter_is_inside_an_isolate():
    # P2 skips isolates: the Hebrew inside LRI…PDI does not make it RTL.
    assert paragraph_levels("\u2066\u05d0\u2069 abc")[0] == 0
    assert paragraph_levels("\u2066abc\u2069 \u05d0")[0] == 1


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_the_vote_counts_the_letters_found_one_by_one(text):
    rtl = len(re.findall(f"(?=[^\\W\\d_]){levels._RTL_RANGES}", text))
    letters = len(re.findall(r"[^\W\d_]", text))
    assert base_direction(text) == ("R" if rtl and rtl * 2 > letters else None)
