import re
import unicodedata

import pytest
from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from bench.corpus import news_paragraphs, source_paragraphs
from reader.text.bidi_classes import X9_REMOVED_CLASS
from reader.text.options import LayoutOptions
from reader.text.paragraph import Line, lay_out, line_glyphs, line_sources, prepare, unwrapped
from reader.text.reorder import line_levels, reverse_run, visual_runs
from reader.text.sanitise import BIDI_CONTROLS, sanitise, strip_bidi_controls
from reader.text.shape import shape, strip_harakat

from .strategies import EMOJI, arabic_text, mixed_text

X9_REMOVED = re.compile(X9_REMOVED_CLASS)
VISUAL = LayoutOptions()
LOGICAL = LayoutOptions(bidi="logical")
MODES = [VISUAL, LOGICAL]

# Between lines: the spaces of the break, and the no-break spaces a line after
# the first would have started with (wrap.py draws them nowhere).
BETWEEN_LINES = re.compile("[ \u1680\u2000-\u200b\u205f\u3000\u00a0\u202f]*")
BETWEEN_LINE_RUNS = re.compile("[ \u1680\u2000-\u200b\u205f\u3000\u00a0\u202f]+")
# What a terminal must never receive: C0 and C1 controls (ESC, CSI U+009B …),
# DEL, and the bidi controls (a stray RLO would reorder the screen line).
FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")

widths = st.integers(2, 60)
any_text = st.one_of(mixed_text, arabic_text)
options = st.builds(
    LayoutOptions,
    bidi=st.sampled_from(["visual", "logical"]),
    harakat=st.sampled_from(["keep", "strip"]),
    direction=st.sampled_from(["auto", "rtl", "ltr"]),
    reveal_controls=st.booleans(),
)
PROPERTY = settings(max_examples=200, deadline=None)


def hidden(paragraph, glyph):
    if paragraph.visual:
        return bool(X9_REMOVED.match(glyph)) or glyph in BIDI_CONTROLS
    return glyph in BIDI_CONTROLS


def is_mark(char):
    return unicodedata.category(char) in ("Mn", "Me")


def mirror_blind(text):
    return sorted(min(c, MIRRORED.get(c, c)) for c in text)


# Properties


@PROPERTY
@given(any_text, widths, options)
def test_every_line_fits_and_is_measured_as_rich_measures_it(text, width, opts):
    for line in lay_out(prepare(text, opts), width):
        assert line.cells <= width
        assert cell_len(line.text) == line.cells


@PROPERTY
@given(any_text, widths, options)
def test_no_line_carries_a_control_character(text, width, opts):
    for line in lay_out(prepare(text, opts), width):
        assert not FORBIDDEN.search(line.text), ascii(line.text)


@PROPERTY
@given(any_text, widths, options)
def test_lines_hold_exactly_the_paragraph_less_removed_controls(text, width, opts):
    paragraph = prepare(text, opts)
    glyphs, sources = paragraph.glyphs, paragraph.glyph_sources
    lines = lay_out(paragraph, width)
    shown: list[int] = []
    expected: list[int] = []
    covered_until = 0
    for line in lines:
        assert covered_until <= line.start < line.end
        assert BETWEEN_LINES.fullmatch(glyphs[covered_until : line.start])
        covered_until = line.end
        line_glyphs = [glyphs[i] for i in range(line.start, line.end)]
        visible = [i for i in range(line.start, line.end) if not hidden(paragraph, glyphs[i])]
        drawn = line_sources(paragraph, line)
        assert len(drawn) == len(line.text)
        assert sorted(drawn) == [sources[i] for i in visible]
        # The same characters, up to mirroring (rule L4).
        assert mirror_blind(line.text) == mirror_blind(
            [c for c in line_glyphs if not hidden(paragraph, c)]
        )
        shown.extend(drawn)
        expected.extend(sources[i] for i in visible)
    assert BETWEEN_LINES.fullmatch(glyphs[covered_until:])
    assert sorted(shown) == expected
    assert len(set(shown)) == len(shown)


@PROPERTY
@given(any_text, options)
def test_the_width_changes_the_breaks_and_nothing_else(text, opts):
    paragraph = prepare(text, opts)
    levels = paragraph.levels
    glyphs = paragraph.glyphs

    def content(width):
        lines = lay_out(paragraph, width)
        return BETWEEN_LINE_RUNS.sub("", "".join(glyphs[line.start : line.end] for line in lines))

    assert content(2) == content(7) == content(23) == content(200)
    assert paragraph.levels == levels
    again = prepare(text, opts)
    assert (again.glyphs, again.levels, again.base) == (glyphs, levels, paragraph.base)


@PROPERTY
@given(any_text, widths, st.sampled_from(["keep", "strip"]))
def test_logical_mode_lines_are_the_text_in_order(text, width, harakat):
    paragraph = prepare(text, LayoutOptions(bidi="logical", harakat=harakat))
    lines = lay_out(paragraph, width)
    joined = ""
    for n, line in enumerate(lines):
        assert line.text == strip_bidi_controls(paragraph.glyphs[line.start : line.end])
        if n and line.start > lines[n - 1].end:
            joined += " "  # the break-spaces between two lines
        joined += line.text
    logical = sanitise(text) if harakat == "keep" else strip_harakat(sanitise(text))

    def collapsed(text):
        return BETWEEN_LINE_RUNS.sub(" ", text).strip(" ")

    assert collapsed(joined) == collapsed(strip_bidi_controls(logical))


@PROPERTY
@given(arabic_text, widths, st.sampled_from(["auto", "rtl", "ltr"]))
def test_harakat_follow_the_letter_they_were_written_on(text, width, direction):
    # Rule L3: in an RTL run the mark would otherwise come before its letter.
    paragraph = prepare(text, LayoutOptions(direction=direction))
    for line in lay_out(paragraph, width):
        drawn = line_sources(paragraph, line)
        letters = sorted(s for s, c in zip(drawn, line.text, strict=True) if not is_mark(c))
        for k, char in enumerate(line.text):
            if not is_mark(char):
                continue
            base = k - 1
            while base >= 0 and is_mark(line.text[base]):
                base -= 1
            assert base >= 0, f"mark without a letter in {line.text!r}"
            # The letter it follows on screen is the letter logically before it.
            logically_before = max(s for s in letters if s < drawn[k])
            assert drawn[base] == logically_before


@PROPERTY
@given(arabic_text, widths)
def test_stripped_harakat_are_gone(text, width):
    paragraph = prepare(text, LayoutOptions(harakat="strip"))
    assert not any(is_mark(c) for line in lay_out(paragraph, width) for c in line.text)


# Examples

SENTENCE = "قال حلف شمال الأطلسي (NATO) في بيان [ملاحظة] إن «السلام ممكن» اليوم."


def visual(word):
    """An Arabic word as visual mode draws it: shaped, then reversed."""
    return reverse_run(shape(word))


@pytest.mark.parametrize("width", [80, 30, 12])
def test_brackets_in_an_rtl_paragraph_are_mirrored(width):
    paragraph = prepare(SENTENCE, VISUAL)
    assert paragraph.rtl
    text = "\n".join(line.text for line in lay_out(paragraph, width))
    assert "(NATO)" in text
    assert ")NATO(" not in text
    assert "[" + visual("ملاحظة") + "]" in text
    assert "«" + visual("ممكن") in text
    assert visual("السلام") + "»" in text


def test_an_rtl_paragraph_reads_from_the_right():
    paragraph = prepare(SENTENCE, VISUAL)
    [line] = lay_out(paragraph, 80)
    assert line.text.startswith(visual("اليوم."))
    assert line.text.endswith(visual("قال"))


def test_the_first_words_of_an_rtl_paragraph_are_on_its_first_line():
    paragraph = prepare(SENTENCE, VISUAL)
    first, *_ = lay_out(paragraph, 20)
    assert first.text.endswith(visual("قال حلف"))
    assert min(line_sources(paragraph, first)) == 0


def test_numbers_in_rtl_text_are_not_reversed():
    paragraph = prepare("في عام 2019، زار 14 مدينة", VISUAL)
    [line] = lay_out(paragraph, 80)
    assert "2019" in line.text
    assert "14" in line.text
    assert "9102" not in line.text


def test_harakat_through_the_layout():
    paragraph = prepare("وَقَّعَتْ", VISUAL)
    [line] = lay_out(paragraph, 10)
    assert line.cells == 4
    assert line_sources(paragraph, line) == [7, 8, 5, 6, 2, 3, 4, 0, 1]
    assert not is_mark(line.text[0])


def test_lam_alef_through_the_layout():
    paragraph = prepare("السلام", VISUAL)
    [line] = lay_out(paragraph, 10)
    assert line.cells == 5
    assert line_sources(paragraph, line) == [5, 3, 2, 1, 0]


def test_ltr_paragraph_with_an_arabic_word():
    paragraph = prepare("The word سلام means peace", VISUAL)
    assert not paragraph.rtl
    [line] = lay_out(paragraph, 80)
    assert line.text == "The word " + visual("سلام") + " means peace"


def test_direction_option_forces_the_paragraph_level():
    assert prepare("hello", LayoutOptions(direction="rtl")).base == 1
    assert prepare("مرحبا", LayoutOptions(direction="ltr")).base == 0
    assert prepare("مرحبا", LayoutOptions(direction="ltr", bidi="logical")).base == 0


def test_bidi_controls_are_obeyed_then_removed():
    # RLO forces "abc" right to left; the control itself is not drawn.
    paragraph = prepare("x \u202eabc\u202c y", VISUAL)
    [line] = lay_out(paragraph, 80)
    assert line.text == "x cba y"


def test_implicit_marks_are_not_drawn_in_visual_mode():
    paragraph = prepare("\u200fقال\u200e CNN\u061c", VISUAL)
    [line] = lay_out(paragraph, 80)
    assert not set(line.text) & set("\u200e\u200f\u061c")
    assert line.cells == cell_len(line.text) == 7


def test_reveal_controls_shows_them_instead():
    paragraph = prepare("a\u202eb", LayoutOptions(reveal_controls=True))
    [line] = lay_out(paragraph, 80)
    assert line.text == "a\u2039RLO\u203ab"


def test_escape_sequences_are_drawn_as_pictures():
    for opts in MODES:
        [line] = lay_out(prepare("\x1b]52;c;aGk=\x07\x9b2J", opts), 80)
        assert line.text == "\u241b]52;c;aGk=\u2407\u24262J"


def test_soft_hyphen_is_not_counted_once_hidden():
    [line] = lay_out(prepare("inter\u00adnational news", VISUAL), 80)
    assert line.text == "international news"
    assert line.cells == 18


def test_logical_mode_leaves_order_and_letters_to_the_terminal():
    text = "قال \u202bCNN\u202c إن"
    paragraph = prepare(text, LOGICAL)
    assert paragraph.rtl
    [line] = lay_out(paragraph, 80)
    assert line.text == "قال CNN إن"
    assert line == Line("قال CNN إن", 10, 0, len(text))


def test_logical_mode_keeps_zwj_and_zwnj_for_the_terminal_shaper():
    [line] = lay_out(prepare("می\u200cخواهم", LOGICAL), 80)
    assert "\u200c" in line.text


def test_sanitised_source_is_kept_for_positions():
    text = "a\tb\x1bc"
    assert prepare(text, VISUAL).source == sanitise(text) == "a b\u241bc"


def test_empty_paragraph_has_no_lines():
    for opts in MODES:
        assert lay_out(prepare("", opts), 10) == []


@pytest.mark.parametrize("width", [2, 3, 5, 80])
def test_emoji_presentation_takes_two_cells(width):
    # Rich counts ❤ followed by VS16 as two cells; so must the layout.
    for opts in MODES:
        for line in lay_out(prepare("❤️❤️❤️ قلب ☺️", opts), width):
            assert line.cells == cell_len(line.text) <= width


def test_zwj_before_lam_alef_lays_out():
    paragraph = prepare("👨\u200d👩\u200d👧 عائلة لا تنام", VISUAL)
    text = " ".join(line.text for line in lay_out(paragraph, 80))
    assert "\ufefb" in text  # the lam-alef, where it belongs
    assert visual("تنام") in text


# Lines drawn from one run (the common line) against lines drawn run by run
# (L1, L2 and a reversal per run: the plainly correct path).

DRAWN_HIDDEN = re.compile(f"{X9_REMOVED_CLASS}|[{BIDI_CONTROLS}]")


def drawn_by_runs(paragraph, start, end):
    glyphs = paragraph.glyphs
    levels = line_levels(glyphs[start:end], paragraph.levels[start:end], paragraph.base)
    runs = [(start + a, start + b, level) for a, b, level in visual_runs(levels)]
    text = "".join(reverse_run(glyphs[a:b]) if level % 2 else glyphs[a:b] for a, b, level in runs)
    return DRAWN_HIDDEN.sub("", text)


def assert_lines_drawn_by_runs(paragraph, width):
    for line in lay_out(paragraph, width):
        assert line.text == drawn_by_runs(paragraph, line.start, line.end)
        assert line.cells == cell_len(line.text)


def test_lines_of_the_corpus_are_drawn_as_run_by_run():
    for text in source_paragraphs() + news_paragraphs(0.1, seed=6):
        for opts in (VISUAL, LayoutOptions(direction="ltr")):
            assert_lines_drawn_by_runs(prepare(text, opts), 37)


@PROPERTY
@given(any_text, widths, st.sampled_from(["auto", "rtl", "ltr"]))
def test_lines_are_drawn_as_run_by_run(text, width, direction):
    assert_lines_drawn_by_runs(prepare(text, LayoutOptions(direction=direction)), width)


# Hamza and madda written as combining marks

# «سُئِل عن بيئة أَمل» with every hamza a combining mark after its letter.
DECOMPOSED = "س\u064f\u064a\u0654\u0650ل عن بي\u064a\u0654ة ا\u064e\u0654مل"


@pytest.mark.parametrize(
    ("harakat", "shown", "sources"),
    [
        # As GNU FriBidi draws the same words written with ئ and أ. Was
        # "\ufede\ufee3\ufe8d\u064e\u0654 \ufe94\ufef4\u0654\ufef4\ufe91 …":
        # a bare alef and dotted yehs, each with a hamza mark.
        (
            "keep",
            "\ufede\ufee3\ufe83\u064e \ufe94\ufe8c\ufef4\ufe91 \ufee6\ufecb \ufede\ufe8c\u0650\ufeb3\u064f",
            [20, 19, 16, 17, 15, 14, 12, 11, 10, 9, 8, 7, 6, 5, 2, 4, 0, 1],
        ),
        # Was "\ufede\ufee3\ufe8d \ufe94\ufef4\ufef4\ufe91 …": أمل read امل, بيئة بيية.
        (
            "strip",
            "\ufede\ufee3\ufe83 \ufe94\ufe8c\ufef4\ufe91 \ufee6\ufecb \ufede\ufe8c\ufeb3",
            [20, 19, 16, 15, 14, 12, 11, 10, 9, 8, 7, 6, 5, 2, 0],
        ),
    ],
)
def test_a_letter_and_its_hamza_mark_are_drawn_as_one_letter(harakat, shown, sources):
    paragraph = prepare(DECOMPOSED, LayoutOptions(harakat=harakat))
    [line] = lay_out(paragraph, 80)
    assert line.text == shown
    assert line_sources(paragraph, line) == sources


# Emoji sequences in right-to-left text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Was "\ufe93\ufeaa\ufef4\ufecc\ufeb3 👧👩👨 \ufe94\ufee0\ufe8b\ufe8e\ufecb":
        # the family reversed. ZWJ is not drawn; the emoji keep their order.
        (
            "عائلة 👨\u200d👩\u200d👧 سعيدة",
            "\ufe93\ufeaa\ufef4\ufecc\ufeb3 👨👩👧 \ufe94\ufee0\ufe8b\ufe8e\ufecb",
        ),
        # Was "… 🌈🏳\ufe0f …". VS16 is drawn as VS15 (see sanitise.py).
        ("علم 🏳\ufe0f\u200d🌈 هنا", "\ufe8e\ufee8\ufeeb 🏳\ufe0e🌈 \ufee2\ufee0\ufecb"),
        # Was "🏽👍 …": the skin tone, which glibc draws as an emoji of its own
        # and Rich as nothing, is not drawn.
        ("أحسنت 👍🏽", "👍 \ufe96\ufee8\ufeb4\ufea3\ufe83"),
        # Unchanged: a keycap, and a flag (its letters are left-to-right).
        ("اضغط #\ufe0f\u20e3 الآن", "\ufee5\ufef5\ufe8d #\ufe0e\u20e3 \ufec2\ufed0\ufebf\ufe8d"),
        ("🇸🇦 السعودية", "\ufe94\ufef3\ufea9\ufeee\ufecc\ufeb4\ufedf\ufe8d 🇸🇦"),
    ],
)
def test_emoji_sequences_keep_their_order_in_right_to_left_text(text, shown):
    paragraph = prepare(text, VISUAL)
    assert paragraph.rtl
    [line] = lay_out(paragraph, 80)
    assert line.text == shown
    assert line.cells == cell_len(shown)


def test_a_line_is_not_broken_inside_an_emoji_sequence():
    # A word of flags, broken at 4 cells: between flags, never inside one
    # (was "x🇸🇦🇪" and "🇬🇯🇴": the flags of Saudi Arabia, then of nowhere and Gibraltar).
    [first, second] = lay_out(prepare("x🇸🇦🇪🇬🇯🇴", VISUAL), 4)
    assert (first.text, second.text) == ("x🇸🇦", "🇪🇬🇯🇴")


@PROPERTY
@given(st.one_of(any_text, st.lists(st.sampled_from(EMOJI), max_size=8).map(" ".join)), widths)
def test_a_line_is_as_wide_for_rich_as_for_glibc_and_fits(glibc_width, text, width):
    for line in lay_out(prepare(text, VISUAL), width):
        assert cell_len(line.text) == glibc_width(line.text) == line.cells <= width


@pytest.mark.parametrize("width", [4, 5, 9])
def test_a_line_of_an_rtl_paragraph_ends_at_the_right_edge_after_a_no_break_space(width):
    # The second line began with the no-break space, drawn last (at the right
    # edge): "\ufe94\ufee4\ufee0\ufedb\xa0", 5 cells, one short of the edge.
    paragraph = prepare("كلمة \u00a0كلمة", VISUAL)
    lines = lay_out(paragraph, width)
    assert [line.text for line in lines][-1] == "\ufe94\ufee4\ufee0\ufedb"
    assert lines[-1].cells == 4


def test_an_unwrapped_paragraph_keeps_its_spaces():
    # A text field: the space typed last takes its cell, wherever it is drawn.
    paragraph = prepare("قال  CNN ", VISUAL)
    line = unwrapped(paragraph)
    assert (line.start, line.end) == (0, 9)
    assert line.text == " CNN  " + visual("قال")
    assert line_sources(paragraph, line) == [8, 5, 6, 7, 4, 3, 2, 1, 0]
    assert [level for _, level in line_glyphs(paragraph, line)] == [1, 2, 2, 2, 1, 1, 1, 1, 1]
