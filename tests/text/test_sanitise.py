import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.sanitise import (
    BIDI_CONTROLS,
    reveal_bidi_controls,
    sanitise,
    strip_bidi_controls,
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


def test_strip_bidi_controls_removes_exactly_the_twelve():
    assert strip_bidi_controls(f"a{BIDI_CONTROLS}b\u200d") == "ab\u200d"
    assert len(BIDI_CONTROLS) == 12


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
