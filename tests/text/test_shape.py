import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import shape as shape_module
from reader.text.compose import compose
from reader.text.sanitise import sanitise
from reader.text.shape import shape, source_map, strip_harakat

from .strategies import HARAKAT, arabic_text, mixed_text

LAM, ALEF, FATHA, SHADDA, ZWJ = "\u0644", "\u0627", "\u064e", "\u0651", "\u200d"
LAM_ALEF_ISOLATED = "\ufefb"


def test_letters_take_their_contextual_forms():
    assert shape("سلم") == "\ufeb3\ufee0\ufee2"


def test_text_without_arabic_is_untouched():
    assert shape("abc אבג 123 (NATO)") == "abc אבג 123 (NATO)"


def test_lam_alef_is_one_ligature_mapped_to_the_lam():
    glyphs = shape(LAM + ALEF)
    assert glyphs == LAM_ALEF_ISOLATED
    assert source_map(LAM + ALEF, glyphs) == [0]


@pytest.mark.parametrize(
    ("alef", "ligature"), [("\u0623", "\ufef7"), ("\u0625", "\ufef9"), ("\u0622", "\ufef5")]
)
def test_lam_alef_with_hamza_or_madda(alef, ligature):
    assert shape(LAM + alef) == ligature


def test_a_haraka_between_lam_and_alef_moves_after_the_ligature():
    source = LAM + FATHA + ALEF
    glyphs = shape(source)
    assert glyphs == LAM_ALEF_ISOLATED + FATHA
    assert source_map(source, glyphs) == [0, 1]


def test_two_harakat_between_lam_and_alef():
    source = LAM + SHADDA + FATHA + ALEF
    glyphs = shape(source)
    assert glyphs == LAM_ALEF_ISOLATED + SHADDA + FATHA
    assert source_map(source, glyphs) == [0, 1, 2]


def test_zwj_stays_in_the_glyphs_and_keeps_lam_and_alef_apart():
    # Not drawn in visual mode, but an emoji ZWJ sequence needs it to stay one
    # grapheme cluster when reordered.
    source = LAM + ZWJ + ALEF
    glyphs = shape(source)
    assert glyphs == "\ufedf" + ZWJ + "\ufe8e"  # joined lam and alef, no ligature
    assert source_map(source, glyphs) == [0, 1, 2]


def test_stripped_harakat_are_skipped_by_the_map():
    source = "بَيْتٌ"
    glyphs = shape(source, keep_harakat=False)
    assert len(glyphs) == 3
    assert source_map(source, glyphs) == [0, 2, 4]


def test_word_ligatures_are_off():
    # ﷲ and ﷺ are missing from most terminal fonts.
    assert "\ufdf2" not in shape("الله")
    assert len(shape("صلى الله عليه وسلم")) == len("صلى الله عليه وسلم")


def test_tatweel_is_kept():
    assert shape("ـــ") == "ـــ"


def test_strip_harakat():
    assert strip_harakat("بَيْتٌ \u0670") == "بيت "
    # Combining marks of other scripts are not harakat.
    assert strip_harakat("e\u0301 \u05b7") == "e\u0301 \u05b7"


def test_map_of_unshaped_text_is_the_identity():
    assert source_map("abc", "abc") == [0, 1, 2]


def test_a_presentation_form_in_the_source_maps_to_itself():
    # ﻷ as an Arabic keyboard types it (X11 sends one character for G).
    assert source_map("\ufef7ب", shape("\ufef7ب")) == [0, 1]
    assert source_map("لا \ufef7", "\ufefb \ufef7") == [0, 2, 3]
    assert source_map("\ufef7ب", "\ufef7ب") == [0, 1]


@settings(max_examples=200, deadline=None)
@given(st.text("\ufef5\ufef7\ufef9\ufefb\ufefcلاأب \u064e", max_size=20), st.booleans())
def test_source_map_with_presentation_forms_typed(text, keep_harakat):
    glyphs = shape(text, keep_harakat=keep_harakat)
    mapping = source_map(text, glyphs)
    assert all(a < b for a, b in pairwise(mapping))
    for glyph, index in zip(glyphs, mapping, strict=True):
        assert _base_letter(glyph) in (text[index], _base_letter(text[index]))


def _base_letter(glyph):
    if 0xFB50 <= ord(glyph) <= 0xFEFF:
        return unicodedata.normalize("NFKC", glyph)[:1]
    return glyph


@settings(max_examples=200, deadline=None)
@given(st.one_of(mixed_text, arabic_text), st.booleans())
def test_source_map_is_increasing_and_points_at_the_same_letter(text, keep_harakat):
    source = sanitise(text)
    glyphs = shape(source, keep_harakat=keep_harakat)
    mapping = source_map(source, glyphs)
    assert len(mapping) == len(glyphs)
    # Strictly increasing: the page finds a reading position by bisection.
    assert all(a < b for a, b in pairwise(mapping))
    for glyph, index in zip(glyphs, mapping, strict=True):
        base = _base_letter(glyph)
        assert base in (source[index], unicodedata.normalize("NFKC", source[index]))


@settings(max_examples=200, deadline=None)
@given(arabic_text)
def test_shaping_keeps_every_letter_but_the_alef_of_lam_alef(text):
    glyphs = shape(text)
    ligatures = sum(0xFEF5 <= ord(c) <= 0xFEFC for c in glyphs)
    assert len(glyphs) == len(text) - ligatures
    assert len(shape(text, keep_harakat=False)) == len(strip_harakat(text)) - ligatures


def test_zwj_before_a_lam_alef_does_not_move_the_ligature():
    # arabic-reshaper finds ligatures in the text with ZWJ but drops ZWJ from
    # its output: the lam-alef used to land on other letters, or past the end.
    assert shape("\u0628\u200d\u0628 \u0633\u0644\u0627\u0645") == (
        shape("\u0628\u200d\u0628") + " " + shape("\u0633\u0644\u0627\u0645")
    )
    assert shape("\u0628\u200d \u0644\u0627") == shape("\u0628\u200d") + " \ufefb"
    assert shape("\u200d\u0644\u0622") == "\u200d\ufef6"  # joined to the ZWJ: final form


def test_zwj_joins_like_tatweel_and_keeps_the_harakat_after_it():
    assert shape("\u0628\u200d") == "\ufe91\u200d"  # beh, initial form
    assert shape("\u0628\u200d\u064e") == "\ufe91\u200d\u064e"
    assert shape("\u0640\u0628\u200d") == "\u0640\ufe92\u200d"  # a real tatweel stays


def _documented_reshaper():
    """arabic-reshaper configured the documented way, with Qari's settings."""
    from arabic_reshaper import ArabicReshaper

    from reader.text.shape import _LIGATURE_OFF

    return ArabicReshaper(
        configuration={
            "delete_harakat": False,
            "support_ligatures": True,
            "delete_tatweel": False,
            **dict.fromkeys(_LIGATURE_OFF, False),
        }
    )


@settings(max_examples=200)
@given(st.one_of(mixed_text, arabic_text))
def test_shaping_is_arabic_reshapers_own_with_our_settings(text):
    # The reshaper is built without configparser (see shape._Reshaper): it
    # must shape exactly as arabic-reshaper configured the documented way
    # (but where Qari corrects it: ZWJ, and small waw and yeh, which it joins).
    reference = _documented_reshaper()
    if not set(text) & {ZWJ, "\u06e5", "\u06e6"}:
        assert shape(text) == reference.reshape(text)


def test_the_users_reshaper_configuration_file_is_not_read(tmp_path):
    # A variable in the environment must neither stop the reader (a missing
    # file: arabic-reshaper reads it when imported) nor change how articles
    # are shaped (a file of other settings); and it is left as it was.
    import os
    import subprocess
    import sys

    config = tmp_path / "reshaper.ini"
    config.write_text("[ArabicReshaper]\nuse_unshaped_instead_of_isolated = yes\n")
    script = (
        "import os; from reader.text.shape import shape; "
        "print(ascii(shape('\u0628')), os.environ['PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE'])"
    )
    for value in (str(tmp_path / "missing.ini"), str(config)):
        env = dict(os.environ, PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE=value)
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        # Beh in its isolated form, and the variable still set.
        assert done.stdout.split() == ["'\\ufe8f'", value]


@pytest.mark.parametrize(
    "text",
    [
        "سلام  عليكم",  # two spaces
        " سلام ",  # spaces at both ends
        "ب \u064eلا",  # a haraka right after a space
        "لا لا لا",  # a repeated word with a ligature
        "",
    ],
)
def test_word_by_word_shaping_matches_whole_paragraphs(text):
    reference = _documented_reshaper()
    assert shape(text) == reference.reshape(text)


# Small waw and small yeh


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        # Beh and teh on either side of a non-joining letter: both isolated
        # (arabic-reshaper joined them: initial beh, final teh).
        ("\u0628\u06e5\u062a", "\ufe8f\u06e5\ufe95"),
        ("\u0628\u06e6\u062a", "\ufe8f\u06e6\ufe95"),
        # Heh stays joined to the noon before it (final form), not to the waw.
        (
            "\u0625\u0650\u0646\u064e\u0651\u0647\u064f\u06e5",
            "\ufe87\u0650\ufee7\u064e\u0651\ufeea\u064f\u06e5",
        ),
        # Lam and alef around a small yeh are no ligature.
        ("\u0644\u06e6\u0627", "\ufedd\u06e6\ufe8d"),
    ],
)
def test_small_waw_and_small_yeh_join_neither_way(text, shaped):
    assert shape(text) == shaped
    assert source_map(text, shaped) == list(range(len(text)))


# Hamza and madda written as marks


@pytest.mark.parametrize("mark", ["\u0653", "\u0654", "\u0655"])
def test_stripping_harakat_keeps_hamza_and_madda(mark):
    assert strip_harakat(ALEF + FATHA + mark) == ALEF + mark


def test_a_composed_letter_maps_to_its_letter_and_its_harakat_to_theirs():
    # yeh, fatha, hamza above, lam: composed ئ + fatha, then shaped.
    source = "\u0633\u064a\u064e\u0654\u0644"
    glyphs = shape(compose(source))
    assert glyphs == "\ufeb3\ufe8c\u064e\ufede"
    assert source_map(source, glyphs) == [0, 1, 2, 4]
    stripped = shape(compose(source), keep_harakat=False)
    assert stripped == "\ufeb3\ufe8c\ufede"
    assert source_map(source, stripped) == [0, 1, 4]


def test_lam_with_alef_and_a_hamza_mark_is_the_lam_hamza_ligature():
    source = LAM + FATHA + ALEF + "\u0654"
    glyphs = shape(compose(source))
    assert glyphs == "\ufef7" + FATHA
    assert source_map(source, glyphs) == [0, 1]


HAMZA_TEXT = st.text(
    "ابتلمويهةءآأؤإئى\u06c1\u06d2\u06d5" + HARAKAT + "\u0653\u0654\u0655\u200d ", max_size=40
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(HAMZA_TEXT, mixed_text, arabic_text), st.booleans())
def test_the_map_of_composed_text_points_at_the_letter_each_glyph_writes(text, keep_harakat):
    source = sanitise(text)
    glyphs = shape(compose(source), keep_harakat=keep_harakat)
    mapping = source_map(source, glyphs)
    assert len(mapping) == len(glyphs)
    assert all(a < b for a, b in pairwise(mapping))
    for glyph, index in zip(glyphs, mapping, strict=True):
        # A glyph starts with the letter it came from (ئ with yeh, ﻷ with lam).
        assert _first_letter(glyph) == _first_letter(source[index])


def _first_letter(char):
    return unicodedata.normalize("NFD", _base_letter(char) or char)[:1]


# Source mapping is linear


class _Counted(str):
    """A letter that counts how often it is compared."""

    comparisons = 0

    def __eq__(self, other):
        _Counted.comparisons += 1
        return str.__eq__(self, other)

    def __ne__(self, other):
        return not self == other

    __hash__ = str.__hash__


@pytest.mark.parametrize(
    ("text", "keep_harakat"),
    [
        ("\u0628\u200d" * 8000, True),  # beh and ZWJ: every ZWJ is dropped
        ("\u0628\u064e\u0651" * 4000, False),  # fully vowelled, harakat stripped
        ("\u0644" + "\u064e" * 8000 + "\u0627", True),  # harakat inside a lam-alef
        ("\u064a" + "\u064e" * 8000 + "\u0654", True),  # ... and inside a composition
        ("\u0644\u064e\u0627" * 4000, False),
    ],
    ids=["zwj", "vowelled-stripped", "lam-harakat-alef", "yeh-harakat-hamza", "lam-alef-stripped"],
)
def test_mapping_compares_each_letter_a_bounded_number_of_times(monkeypatch, text, keep_harakat):
    letters = shape_module._letters
    monkeypatch.setattr(shape_module, "_letters", lambda char: _Counted(letters(char)))
    glyphs = shape(compose(text), keep_harakat=keep_harakat)
    _Counted.comparisons = 0
    mapping = source_map(text, glyphs)
    assert len(mapping) == len(glyphs)
    assert _Counted.comparisons <= 4 * (len(text) + len(glyphs))
