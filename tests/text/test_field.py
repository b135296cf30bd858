"""The text field's layout: shaped text in drawing order, and the caret."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.bidi_classes import X9_REMOVED_CLASS
from reader.text.field import Caret, caret_at_cell, draw_field, lay_out_field, move_caret
from reader.text.options import LayoutOptions
from reader.text.sanitise import BIDI_CONTROLS, sanitise
from reader.text.shape import shape

from .strategies import arabic_text, mixed_text

VISUAL = LayoutOptions()
LOGICAL = LayoutOptions(bidi="logical")
HIDDEN_VISUAL = re.compile(f"{X9_REMOVED_CLASS[:-1]}{BIDI_CONTROLS}]")
FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
PROPERTY = settings(max_examples=200, deadline=None)
# What an Arabic keyboard types: lam-alef ligatures come as one character.
keyboard_text = st.text("\ufefb\ufef7\ufef9\ufef5لاأبة \u064eCNN", max_size=16)
values = st.one_of(mixed_text, arabic_text, keyboard_text).map(sanitise)
modes = st.sampled_from([VISUAL, LOGICAL])


def picture(value, caret, options=VISUAL, selection=None):
    """The field as text, the caret's cell in brackets: ` ab[c] `."""
    drawing = draw_field(lay_out_field(value, options), caret, selection)
    start, end = drawing.cursor
    text = drawing.text
    return text[:start] + "[" + text[start:end] + "]" + text[end:]


def walk(value, caret, step, options=VISUAL):
    """The carets the arrow keys visit from `caret` until the end of the line."""
    line = lay_out_field(value, options)
    seen = [caret]
    while (moved := move_caret(line, seen[-1], step)) != seen[-1]:
        seen.append(moved)
    return seen


def visual(text):
    return shape(text)[::-1]


# Examples


def test_arabic_is_shaped_and_in_drawing_order_flush_right():
    line = lay_out_field("مرحبا", VISUAL)
    assert line.text == visual("مرحبا")
    assert line.rtl


def test_after_arabic_typed_the_caret_waits_left_of_it():
    assert picture("مرحبا", Caret(5)) == "[ ]" + visual("مرحبا") + " "
    # Home: on the first letter, at the right edge.
    assert (
        picture("مرحبا", Caret(0)) == " " + visual("مرحبا")[:-1] + "[" + visual("مرحبا")[-1] + "] "
    )


def test_latin_fields_draw_the_caret_as_textual_does():
    assert picture("abc", Caret(0)) == " [a]bc "
    assert picture("abc", Caret(3)) == " abc[ ]"


def test_left_moves_left_on_screen_through_a_mixed_line():
    # «مرحبا CNN» in an RTL field: CNN at the left, the Arabic word at the right.
    shown = [picture("مرحبا CNN", caret) for caret in walk("مرحبا CNN", Caret(0), -1)]
    arabic = visual("مرحبا")
    assert shown == [
        " CNN " + arabic[:4] + "[" + arabic[4] + "] ",
        " CNN " + arabic[:3] + "[" + arabic[3] + "]" + arabic[4] + " ",
        " CNN " + arabic[:2] + "[" + arabic[2] + "]" + arabic[3:] + " ",
        " CNN " + arabic[:1] + "[" + arabic[1] + "]" + arabic[2:] + " ",
        " CNN [" + arabic[0] + "]" + arabic[1:] + " ",
        " CNN[ ]" + arabic + " ",
        " CN[N] " + arabic + " ",
        " C[N]N " + arabic + " ",
        " [C]NN " + arabic + " ",
        "[ ]CNN " + arabic + " ",
    ]


def test_right_retraces_the_steps_of_left():
    lefts = walk("مرحبا CNN", Caret(0), -1)
    rights = walk("مرحبا CNN", lefts[-1], 1)
    assert [picture("مرحبا CNN", c) for c in rights] == [
        picture("مرحبا CNN", c) for c in reversed(lefts)
    ]


def test_an_arabic_word_in_a_latin_line():
    # Typing on after «abc ابج» puts the caret at the left of the Arabic
    # word, where its last letter is; left then leaves the word.
    arabic = visual("ابج")
    assert picture("abc ابج", Caret(7)) == " abc [" + arabic[0] + "]" + arabic[1:] + " "
    steps = walk("abc ابج", Caret(0), 1)
    assert [c.position for c in steps] == [0, 1, 2, 3, 4, 6, 5, 4]
    assert picture("abc ابج", steps[-1]) == " abc " + arabic + "[ ]"


def test_a_lam_alef_is_one_step():
    positions = [c.position for c in walk("السلام", Caret(0), -1)]
    assert positions == [0, 1, 2, 3, 5, 6]


def test_harakat_move_with_their_letter():
    positions = [c.position for c in walk("وَقَّعَتْ", Caret(0), -1)]
    assert positions == [0, 2, 5, 7, 9]


def test_a_bidi_control_is_not_drawn_and_takes_no_step():
    line = lay_out_field("a\u200fb", VISUAL)
    assert line.text == "ab"
    assert [c.position for c in walk("a\u200fb", Caret(0), 1)] == [0, 1, 3]


def test_an_empty_field_waits_on_its_side():
    ltr = draw_field(lay_out_field("", VISUAL), Caret(0))
    rtl = draw_field(lay_out_field("", VISUAL, fallback_rtl=True), Caret(0))
    assert (ltr.cursor_cell, ltr.rtl) == (1, False)
    assert (rtl.cursor_cell, rtl.rtl) == (0, True)
    # The fallback is only for a field without letters.
    assert not lay_out_field("abc", VISUAL, fallback_rtl=True).rtl


def test_logical_mode_draws_logical_text_and_steps_logically():
    line = lay_out_field("اب cd", LOGICAL)
    assert line.text == "اب cd"
    assert picture("اب cd", Caret(1), LOGICAL) == " ا[ب] cd "
    # Right-to-left field: left goes on through the text, as the terminal
    # shows it going left.
    assert [c.position for c in walk("اب cd", Caret(0), -1, LOGICAL)] == [0, 1, 2, 3, 4, 5]


def test_the_selection_is_drawn_on_the_glyphs_it_holds():
    drawing = draw_field(lay_out_field("مرحبا CNN", VISUAL), Caret(0), (3, 7))
    # ب ا and the space on the left of the Arabic word, and the C of CNN.
    assert [drawing.text[a:b] for a, b in drawing.selected] == ["C", " " + visual("مرحبا")[:2]]


def test_a_click_puts_the_caret_on_the_cluster_clicked():
    line = lay_out_field("مرحبا CNN", VISUAL)
    for cell in range(line.cells):
        drawing = draw_field(line, caret_at_cell(line, cell))
        assert drawing.cursor_cell == cell + 1
    assert draw_field(line, caret_at_cell(line, -3)).cursor_cell == 0
    assert draw_field(line, caret_at_cell(line, 99)).cursor == (9, 10)


# Properties


@PROPERTY
@given(values, modes, st.integers(0, 200))
def test_the_drawing_is_the_laid_out_text_between_two_blank_cells(value, options, at):
    line = lay_out_field(value, options)
    drawing = draw_field(line, Caret(min(at, len(value))), (0, at))
    assert drawing.text == f" {line.text} "
    assert not FORBIDDEN.search(drawing.text)
    # Measured in three pieces, as the field draws them: a ZWJ last in the
    # text would join the blank after it.
    assert drawing.cells == cell_len(line.text) + 2 == line.cells + 2
    assert line.cells == sum(cluster.cells for cluster in line.clusters)
    start, end = drawing.cursor
    assert 0 <= start < end <= len(drawing.text)
    assert cell_len(drawing.text[start:end]) > 0
    assert drawing.cursor_cell == (1 + cell_len(line.text[: start - 1]) if start else 0)
    for a, b in drawing.selected:
        assert 1 <= a < b <= len(drawing.text) - 1


@PROPERTY
@given(values, modes)
def test_the_arrows_visit_every_drawn_cluster_once(value, options):
    line = lay_out_field(value, options)
    # From one end of the line to the other, whichever is reached first.
    far = walk(value, walk(value, Caret(0), 1, options)[-1], -1, options)
    assert len(far) == len(line.clusters) + 1
    cursors = [draw_field(line, caret).cursor for caret in far]
    visible = [(c.start + 1, c.end + 1) for c in line.clusters if c.cells]
    drawn_rtl = options.bidi == "visual" and line.rtl
    pad = (0, 1) if drawn_rtl else (len(line.text) + 1, len(line.text) + 2)
    assert sorted(set(cursors)) == sorted([*visible, pad])
    # Left on screen is left: the caret's cell never goes right.
    cells = [draw_field(line, caret).cursor_cell for caret in far]
    if options.bidi == "visual" or not line.rtl:
        assert cells == sorted(cells, reverse=True)


@PROPERTY
@given(values, modes)
def test_each_cluster_owns_the_ends_of_its_logical_range(value, options):
    # What the caret relies on: past a cluster it stands against the
    # cluster's first or last logical character, and is drawn beside it.
    line = lay_out_field(value, options)
    assert len(line.owners) == len(value)
    for number, cluster in enumerate(line.clusters):
        assert line.owners[cluster.first] == line.owners[cluster.after - 1] == number
    not_drawn = {i for i, owner in enumerate(line.owners) if owner is None}
    hidden = HIDDEN_VISUAL if options.bidi == "visual" else re.compile(f"[{BIDI_CONTROLS}]")
    assert all(hidden.match(value[i]) for i in not_drawn)


@PROPERTY
@given(values.filter(bool), modes, st.data())
def test_a_click_on_a_cell_puts_the_caret_there(value, options, data):
    line = lay_out_field(value, options)
    visible = [c for c in line.clusters if c.cells]
    if not visible:
        return
    cluster = data.draw(st.sampled_from(visible))
    cell = cluster.cell + data.draw(st.integers(0, cluster.cells - 1))
    assert draw_field(line, caret_at_cell(line, cell)).cursor == (
        cluster.start + 1,
        cluster.end + 1,
    )
