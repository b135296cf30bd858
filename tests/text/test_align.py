from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.align import indent, justified_origins, justify

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


def test_each_justified_character_knows_where_it_came_from():
    text = "ab cd ef"
    justified = justify(text, 3)
    origins = justified_origins(text, 3)
    assert origins == [0, 1, 2, 2, 2, 3, 4, 5, 5, 6, 7]
    assert "".join(text[i] for i in origins) == justified
    assert justified_origins(text, 0) == list(range(len(text)))


@settings(max_examples=200, deadline=None)
@given(st.text(" ab\u0644\u0627", max_size=30), st.integers(-3, 30))
def test_justified_origins_read_back_the_justified_line(text, extra):
    origins = justified_origins(text, extra)
    assert "".join(text[i] for i in origins) == justify(text, extra)
    assert origins == sorted(origins)
