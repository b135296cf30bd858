import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from reader.text.sanitise import (
    BIDI_CONTROLS,
    reveal_bidi_controls,
    sanitise,
)

from .strategies import mixed_text


def test_escape_sequences_are_shown_not_obeyed():
    assert sanitise("\x1b[2J\x1b]52;c;aGk=\x07") == "\u241b[2J\u241b]52;c;aGk=\u2407"


def test_eight_bit_csi_and_every_c1_control_become_one_placeholder():
    assert sanitise("\x9b31m") == "\u242631m"
    assert sanitise("".join(map(chr, range(0x80, 0xA0)))) == "\u2426" * 32


def test_c0_controls_become_their_control_pictures():
    assert sanitise("\x00\x07\x08\x1b\x1f") == "\u2400\u2407\u2408\u241b\u241f"


def test_delete_becomes_its_picture():
    assert sanitise("a\x7fb") == "a\u2421b"


@pytest.mark.parametrize("brk", ["\t", "\n", "\r", "\x0b", "\x0c", "\u2028", "\u2029"])
def test_line_and_paragraph_breaks_become_spaces(brk):
    # A break inside a paragraph would split the bidi paragraph (P1).
    assert sanitise(f"a{brk}b") == "a b"


def test_lone_surrogates_become_replacement_characters():
    assert sanitise("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert sanitise("a\udcff").encode("utf-8") == "a\ufffd".encode()


def test_ordinary_text_is_untouched():
    text = "قالت وكالة CNN إن «الاتفاق» سيُوقَّع في 2024 — 中文 😀 \u00a0"
    assert sanitise(text) == text


def test_bidi_controls_are_kept_for_the_bidi_algorithm():
    assert sanitise(BIDI_CONTROLS) == BIDI_CONTROLS


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_one_character_for_one_character(text):
    assert len(sanitise(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(), max_size=40))
def test_no_control_survives(text):
    for char in sanitise(text):
        assert unicodedata.category(char) not in ("Cc", "Cs"), repr(char)


def test_the_bidi_controls_are_exactly_the_twelve():
    assert len(set(BIDI_CONTROLS)) == 12


def test_reveal_bidi_controls_names_each_control():
    revealed = reveal_bidi_controls("\u202eabc\u202c\u2067x\u2069")

    def tag(name):
        # Each tag is a left-to-right isolate, so it reads the same in RTL text.
        return f"\u2066\u2039{name}\u203a\u2069"

    assert revealed == tag("RLO") + "abc" + tag("PDF") + tag("RLI") + "x" + tag("PDI")
    # What remains of the controls is only the tags' own balanced isolates.
    all_revealed = reveal_bidi_controls(BIDI_CONTROLS)
    assert set(all_revealed) & set(BIDI_CONTROLS) == {"\u2066", "\u2069"}
    assert all_revealed.count("\u2066") == all_revealed.count("\u2069") == len(BIDI_CONTROLS)


# -- one-line messages -----------------------------------------------------------


def test_a_one_line_message_shows_each_bidi_control_as_its_tag():
    from reader.text.sanitise import sanitise_line

    assert sanitise_line("report\u202efdp.exe") == "report‹RLO›fdp.exe"
    assert sanitise_line(BIDI_CONTROLS) == "".join(
        f"‹{name}›"
        for name in (
            "ALM",
            "LRM",
            "RLM",
            "LRE",
            "RLE",
            "PDF",
            "LRO",
            "RLO",
            "LRI",
            "RLI",
            "FSI",
            "PDI",
        )
    )


@given(st.text())
def test_a_one_line_message_holds_no_control_and_no_line_break(text):
    from reader.text.sanitise import sanitise_line

    line = sanitise_line(text)
    assert not re.search(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]", line)


# Characters whose width terminals disagree on


# Each character with Rich's width (Rich 15) and glibc's (2.36, Unicode 14),
# and what the sanitiser makes of it.
WIDTHS = [
    ("\u3164", 0, 2, "\ufffd"),  # HANGUL FILLER
    ("\uffa0", 0, 1, "\ufffd"),  # HALFWIDTH HANGUL FILLER
    ("\u115f", 2, 2, "\u115f"),  # HANGUL CHOSEONG FILLER: agreed, kept
    ("\u1160", 0, 0, "\u1160"),  # HANGUL JUNGSEONG FILLER: agreed, kept
    ("\u0903", 0, 1, "\ufffd"),  # DEVANAGARI SIGN VISARGA, a spacing mark
    ("\u302e", 0, 2, "\ufffd"),  # HANGUL SINGLE DOT TONE MARK
    ("\u2630", 2, 1, "\ufffd"),  # TRIGRAM FOR HEAVEN: wide since Unicode 16
    ("\u3248", 1, 2, "\ufffd"),  # CIRCLED NUMBER TEN ON BLACK SQUARE
    ("\U0001f3fd", 0, 2, "\u200c"),  # EMOJI MODIFIER FITZPATRICK TYPE-4
    ("\U0001fae8", 2, -1, "\ufffd"),  # SHAKING FACE, new in Unicode 15
    ("\u0378", 1, -1, "\ufffd"),  # unassigned
    ("\ufdd0", 1, -1, "\ufffd"),  # a noncharacter
    ("\ue000", 1, 1, "\ue000"),  # private use: agreed, kept
    ("\U000f0000", 1, 1, "\U000f0000"),  # private use, plane 15
    ("\u00ad", 1, 1, "\u00ad"),  # SOFT HYPHEN (a format character)
    ("\u200b", 0, 0, "\u200b"),  # ZERO WIDTH SPACE
    ("\u2060", 0, 0, "\u2060"),  # WORD JOINER
    ("\U0001f600", 2, 2, "\U0001f600"),
    ("\u2764", 1, 1, "\u2764"),  # a text-style emoji on its own
    ("\u0627", 1, 1, "\u0627"),
]


@pytest.mark.parametrize(("char", "rich", "glibc", "sanitised"), WIDTHS)
def test_a_character_of_disputed_width_is_replaced_by_one_both_agree_on(
    glibc_width, char, rich, glibc, sanitised
):
    assert sanitise(char) == sanitised
    assert rich == glibc or sanitised != char
    assert cell_len(sanitised) == glibc_width(sanitised) >= 0


@pytest.mark.parametrize(
    ("text", "sanitised", "cells"),
    [
        ("\u2764\ufe0f", "\u2764\ufe0e", 1),  # Rich 2, glibc 1 before
        ("\U0001f44d\U0001f3fd", "\U0001f44d\u200c", 2),  # Rich 2, glibc 4 before
        ("1\ufe0f\u20e3", "1\ufe0e\u20e3", 1),  # a keycap
    ],
)
def test_emoji_sequences_are_given_one_width_under_both_tables(glibc_width, text, sanitised, cells):
    assert sanitise(text) == sanitised
    assert cell_len(sanitised) == glibc_width(sanitised) == cells


def test_every_character_kept_has_the_same_width_under_both_tables(glibc_width):
    # Every code point of planes 0 and 1, and a sample of the others.
    codes = [*range(0x20000), *range(0x20000, sys.maxunicode + 1, 97)]
    kept = sanitise("".join(chr(code) for code in codes if not 0xD800 <= code < 0xE000))
    disputed = {char for char in kept if get_character_cell_size(char) != glibc_width(char)}
    assert not disputed, sorted(f"U+{ord(char):04X}" for char in disputed)[:20]


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_sanitised_text_is_as_wide_for_rich_as_for_glibc(glibc_width, text):
    # ZWJ aside: Rich joins the character after it to the one before (an
    # emoji sequence), glibc does not; visual mode does not draw ZWJ.
    shown = sanitise(text).replace("\u200d", "")
    assert cell_len(shown) == glibc_width(shown)
