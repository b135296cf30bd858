from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.align import indent, justify

LINE = "ﻡﻼﺴﻟﺍ ﻭ ﺔﻤﺣﺭ ﻪﻠﻟﺍ"


def test_rtl_lines_sit_flush_right_in_the_column():
    assert indent(30, 72, 4, rtl=True) == 4 + 42
    assert indent(72, 72, 4, rtl=True) == 4


def test_ltr_lines_sit_flush_left_in_the_column():
    assert indent(30, 72, 4, rtl=False) == 4


def test_a_line_wider_than_the_column_is_not_pushed_left_of_the_margin():
    assert indent(80, 72, 4, rtl=True) == 4


def test_justify_spreads_the_extra_evenly_leftmost_gaps_first():
    assert justify("ab cd ef", 3) == "ab   cd  ef"
    assert justify("ab cd ef gh", 2) == "ab  cd  ef gh"


def test_justify_without_extra_or_gaps_changes_nothing():
    assert justify("ab cd ef", 0) == "ab cd ef"
    assert justify("ab cd ef", -2) == "ab cd ef"
    assert justify("abcdef", 4) == "abcdef"


def test_justify_leaves_leading_and_trailing_spaces_alone():
    assert justify("  ab cd ", 2) == "  ab   cd "


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINE.split()), min_size=2, max_size=8), st.integers(0, 30))
def test_justified_width_is_exact(words, extra):
    line = " ".join(words)
    widened = justify(line, extra)
    assert cell_len(widened) == cell_len(line) + extra
    assert widened.split() == words
