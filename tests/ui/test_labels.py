from reader.text.options import LayoutOptions
from reader.ui.labels import ELLIPSIS, fit_label

VISUAL = LayoutOptions()
LOGICAL = LayoutOptions(bidi="logical")
TITLE = "سيول تحذر روسيا من أي تعاون عسكري مع كوريا الشمالية"


def test_an_arabic_title_is_shaped_reordered_and_flush_right():
    label = fit_label(TITLE, 80, VISUAL)
    assert label.rtl
    assert "\u0627" not in label.text  # shaped: presentation forms only
    assert label.text.endswith("ﻝﻮﻴﺳ")  # the first word is drawn rightmost
    assert label.aligned(60).endswith(label.text)
    assert len(label.aligned(60)) == 60


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis_on_its_end_side():
    label = fit_label(TITLE, 20, VISUAL)
    assert label.cells <= 20
    assert label.text.startswith(ELLIPSIS)  # the end of an RTL line is on the left
    english = fit_label("Harbour Lights Return to the Old Port", 16, VISUAL)
    assert english.text == "Harbour Lights" + ELLIPSIS
    assert english.aligned(20) == english.text + " " * (20 - english.cells)


def test_logical_mode_leaves_the_text_to_the_terminal():
    label = fit_label(TITLE, 80, LOGICAL)
    assert label.text == TITLE
    assert fit_label(TITLE, 20, LOGICAL).text.endswith(ELLIPSIS)


def test_controls_never_reach_the_terminal():
    label = fit_label("title\x1b]0;pwned\x07 \u202eevil", 80, VISUAL)
    assert "\x1b" not in label.text and "\x07" not in label.text
    assert "\u202e" not in label.text


def test_an_empty_text_is_an_empty_label():
    assert fit_label("", 10, VISUAL).cells == 0
