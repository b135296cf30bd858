import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import news_paragraphs, source_paragraphs
from reader.text.cells import cell_width
from reader.text.sanitise import sanitise
from reader.text.shape import shape
from reader.text.wrap import _wrap_by_line, _wrap_by_word, wrap

from .strategies import arabic_text, mixed_text

BREAK_SPACES = re.compile("[ \u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]")
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
# Between lines: the spaces of the break, and the no-break spaces a line
# after the first would have started with.
BETWEEN_LINES = re.compile(f"(?:{BREAK_SPACES.pattern}|[{NO_BREAK_SPACES}])*")


def lines(text, width):
    return [text[start:end] for start, end, _ in wrap(text, width)]


def test_breaks_at_spaces():
    assert lines("the quick brown fox", 10) == ["the quick", "brown fox"]


def test_a_word_that_fits_is_never_broken():
    text = "كوريا الشمالية وروسيا تاريخ طويل من التعاون"
    for width in range(8, 30):
        words = {word for line in lines(text, width) for word in line.split(" ")}
        assert words <= set(text.split(" ")), width


def test_a_word_longer_than_the_line_is_broken_by_cells():
    assert wrap("abcdefgh", 3) == [(0, 3, 3), (3, 6, 3), (6, 8, 2)]
    assert lines("ab abcdefgh c", 4) == ["ab", "abcd", "efgh", "c"]


def test_a_broken_word_keeps_harakat_with_their_letter():
    word = "بَّ" * 6  # six letters, each with fatha and shadda
    assert [start % 3 for start, _, _ in wrap(word, 4)] == [0, 0]
    assert [cells for _, _, cells in wrap(word, 4)] == [4, 2]


def test_harakat_take_no_cells():
    assert wrap("بَيْتٌ", 3) == [(0, 6, 3)]


def test_lam_alef_counts_one_cell():
    glyphs = shape("سلام")
    assert len(glyphs) == 3
    assert wrap(glyphs, 3) == [(0, 3, 3)]
    assert wrap(glyphs + " " + glyphs, 7) == [(0, 7, 7)]


def test_double_width_characters_count_two_cells():
    assert lines("中文 中文", 4) == ["中文", "中文"]


def test_no_break_spaces_do_not_break():
    assert lines("10\u00a0km ok", 5) == ["10\u00a0km", "ok"]


def test_a_line_after_a_break_does_not_start_with_a_no_break_space():
    # It would indent the line by a cell (at the right edge, right to left).
    assert lines("abc \u00a0def", 5) == ["abc", "def"]
    assert lines("abc \u00a0\u00a0 \u202fdef", 5) == ["abc", "def"]
    assert lines("abcd\u00a0\u00a0efg", 4) == ["abcd", "efg"]  # inside a broken word
    # The first line keeps it: indentation.
    assert lines("\u00a0abc def", 5) == ["\u00a0abc", "def"]


def test_zero_width_space_is_a_break_opportunity():
    assert lines("abc\u200bdef", 4) == ["abc", "def"]


def test_leading_whitespace_is_kept_as_indentation():
    assert wrap("  abc", 10) == [(0, 5, 5)]


def test_trailing_and_inner_runs_of_whitespace_at_a_break_belong_to_no_line():
    assert lines("abc    def   ", 5) == ["abc", "def"]


def test_empty_and_blank_text():
    assert wrap("", 10) == []
    assert wrap("   ", 10) == [(0, 3, 3)]


def test_leading_whitespace_wider_than_the_line_is_not_kept():
    spans = wrap("      abc", 4)
    assert all(cells <= 4 for _, _, cells in spans)
    assert [spans[-1][:2]] == [(6, 9)]


@settings(max_examples=200, deadline=None)
@given(st.one_of(mixed_text, arabic_text), st.integers(2, 40))
def test_spans_fit_tile_the_text_and_measure_their_text(text, width):
    text = sanitise(text)  # what wrap is given: no control characters
    spans = wrap(text, width)
    covered_until = 0
    for start, end, cells in spans:
        assert start < end
        assert cells <= width
        assert cells == cell_width(text[start:end])
        assert BETWEEN_LINES.fullmatch(text[covered_until:start])
        assert start == spans[0][0] or text[start] not in NO_BREAK_SPACES
        covered_until = end
    assert BETWEEN_LINES.fullmatch(text[covered_until:])


@settings(max_examples=200, deadline=None)
@given(arabic_text, st.integers(2, 40))
def test_words_that_fit_are_whole_on_one_line(text, width):
    shown = [word for line in lines(text, width) for word in line.split()]
    for word in text.split():
        assert word in shown or cell_width(word) > width


# A line at a time (`_wrap_by_line`, the common paragraph) against a word at
# a time (`_wrap_by_word`, the plainly correct path).


def assert_by_line_agrees(text, width, first=None):
    first = width if first is None else first
    by_line = _wrap_by_line(text, width, first)
    if by_line is not None:
        assert by_line == _wrap_by_word(text, width, first), (text, width, first)
    return by_line is not None


def test_by_line_agrees_on_the_corpus_at_every_width():
    paragraphs = [shape(sanitise(p)) for p in source_paragraphs() + news_paragraphs(0.1, seed=5)]
    for n, paragraph in enumerate(paragraphs):
        for width in (1, 2, 3, 7, 20 + n % 60, 80):
            assert assert_by_line_agrees(paragraph, width)
        # A list item's first line, wider than the lines hanging under it.
        assert assert_by_line_agrees(paragraph, 20 + n % 40, 23 + n % 40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mixed_text, arabic_text), st.integers(1, 50), st.integers(0, 4))
def test_by_line_agrees_where_it_is_taken(text, width, wider_first):
    assert_by_line_agrees(sanitise(text), width, width + wider_first)


@settings(max_examples=300, deadline=None)
@given(st.text("ab بت\u064e\u0651 ", max_size=80), st.integers(1, 20))
def test_spaces_marks_and_long_words_take_the_line_path(text, width):
    assert assert_by_line_agrees(text, width) or not text or text.startswith(" ")
