import pytest
from hypothesis import given, settings
from rich.cells import cell_len, get_character_cell_size

from reader.text.cells import cell_width, char_width, uniform_width
from reader.text.sanitise import sanitise

from .strategies import mixed_text


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("", 0),
        ("abc", 3),
        ("\ufefb", 1),  # lam-alef ligature
        ("\ufe91\u064e\u0651", 1),  # a letter with two harakat
        ("中文", 4),
        ("😀", 2),
        ("\u200b\u200c\u200e\u202b\u2066", 0),
        ("\u00a0\u3000", 3),
    ],
)
def test_cell_width(text, cells):
    assert cell_width(text) == cells
    assert cell_len(text) == cells


@pytest.mark.parametrize("text", ["\u2764\ufe0f", "\u263a\ufe0f", "\u270c\ufe0f"])
def test_an_emoji_with_vs16_is_sanitised_to_one_cell_for_rich_as_for_glibc(text):
    # Rich widens ❤ before VS16 to two cells, glibc's wcwidth does not: the
    # sanitiser gives it the text presentation selector, one cell to both.
    assert cell_len(text) == 2
    assert cell_width(sanitise(text)) == cell_len(sanitise(text)) == 1


def test_zwj_sequences_count_every_character():
    # Rich joins the character after ZWJ to the one before; visual mode does
    # not draw ZWJ at all, so the sum of the characters is the safe count.
    assert cell_width("\U0001f468\u200d\U0001f469\u200d\U0001f467") == 6
    assert cell_width("\u0644\u200d\u0627") == 2


@settings(max_examples=200, deadline=None)
@given(mixed_text, mixed_text)
def test_cell_width_is_rich_cell_len_or_more_and_additive(text, more):
    text, more = sanitise(text), sanitise(more)
    assert cell_width(text) >= cell_len(text)
    if "\u200d" not in text:
        assert cell_width(text) == cell_len(text)
    assert cell_width(text + more) == cell_width(text) + cell_width(more)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_char_width_is_rich_character_cell_size(text):
    for char in sanitise(text):
        assert char_width(char) == get_character_cell_size(char) == cell_width(char)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_uniform_width_means_one_cell_per_character(text):
    text = sanitise(text)
    if uniform_width(text):
        assert cell_width(text) == len(text)
