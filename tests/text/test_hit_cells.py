"""Where a search hit is drawn: Page.hit_cells maps a span of a block's text
to the cells of its glyphs, through the text core's source maps.

(reader/page.py is outside reader/text, but the mapping is the layout's.)
"""

from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.article.model import Article, Block, BlockKind, Metadata, Section
from reader.page import Page
from reader.text.options import LayoutOptions
from reader.text.paragraph import lay_out, line_sources
from reader.text.reorder import reverse_run
from reader.text.shape import shape

from .strategies import arabic_text, mixed_text

# Words and single spaces: lines with gaps for justification to widen.
prose = st.lists(st.text("abc\u0644\u0627\u0628\u064e", min_size=1, max_size=8), max_size=24).map(
    " ".join
)
texts = st.one_of(mixed_text, arabic_text, prose)


def visual(words):
    return reverse_run(shape(words))


def article(*blocks):
    """An article with a title and these blocks (text, or (kind, text, depth, marker))."""
    made = [Block(BlockKind.PARAGRAPH, b) if isinstance(b, str) else Block(*b) for b in blocks]
    return Article(None, Metadata(title="عنوان"), (Section(None, 0, tuple(made)),))


def page_of(art, width=60, **options):
    page = Page(art, width, LayoutOptions(**options))
    page.finish()
    return page


def drawn(page, runs):
    """The characters the runs cover, as (line, text) pairs: each character
    whose first cell is in a run, with the zero-width marks after it."""
    shown = []
    for index, first, end in runs:
        line = page.lines[index]
        chars = []
        for at, char in enumerate(line.text):
            cell = line.indent + cell_len(line.text[:at])
            width = cell_len(line.text[: at + 1]) + line.indent - cell
            if first <= cell < end or (not width and chars and cell == end):
                chars.append(char)
        shown.append((index, "".join(chars)))
    return shown


def hit(page, block, word, occurrence=0):
    text = page.blocks[block].text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return page.hit_cells(block, start, start + len(word))


def test_an_arabic_word_is_its_glyphs_in_drawing_order():
    page = page_of(article("قال الوزير إن المدرسة الجديدة تفتح غدا"))
    [(index, text)] = drawn(page, hit(page, 1, "المدرسة"))
    assert text == visual("المدرسة")
    assert page.lines[index].text.find(text) >= 0


def test_a_lam_alef_is_one_cell_and_harakat_take_none():
    page = page_of(article("قال السلام عليكم", "وَقَّعَتْ الحكومة"))
    [(_, first, end)] = hit(page, 1, "السلام")
    assert end - first == 5  # ا ل س لا م
    assert drawn(page, [(hit(page, 1, "السلام")[0])])[0][1] == visual("السلام")
    [(_, first, end)] = hit(page, 2, "وَقَّعَتْ")
    assert end - first == 4
    assert drawn(page, hit(page, 2, "وَقَّعَتْ"))[0][1] == visual("وَقَّعَتْ")


def test_a_latin_word_in_a_latin_line():
    page = page_of(article("The harbour lights came on at dusk."))
    [(index, first, end)] = hit(page, 1, "lights")
    line = page.lines[index]
    assert (first, end) == (line.indent + 12, line.indent + 18)
    assert drawn(page, hit(page, 1, "lights")) == [(index, "lights")]


def test_a_latin_word_in_an_arabic_line_reads_left_to_right():
    page = page_of(article("قالت شبكة CNN News إن الاجتماع انتهى"))
    assert [text for _, text in drawn(page, hit(page, 1, "CNN"))] == ["CNN"]
    # A phrase across the change of direction: two runs, not the cells between.
    runs = hit(page, 1, "شبكة CNN")
    assert sorted(text for _, text in drawn(page, runs)) == sorted(["CNN", " " + visual("شبكة")])


def test_a_word_broken_over_two_lines():
    page = page_of(article("ا" * 5 + " " + "ب" * 70), width=40)
    runs = hit(page, 1, "ب" * 70)
    assert len({index for index, _, _ in runs}) >= 2
    assert sum(end - first for _, first, end in runs) == 70


def test_the_hang_of_a_quote_and_a_list_item_is_not_part_of_the_hit():
    page = page_of(
        article((BlockKind.QUOTE, "قال الوزير كلاما"), (BlockKind.LIST_ITEM, "item one", 1, "•"))
    )
    assert [text for _, text in drawn(page, hit(page, 1, "الوزير"))] == [visual("الوزير")]
    assert [text for _, text in drawn(page, hit(page, 2, "item"))] == ["item"]


def test_a_justified_gap_inside_a_phrase_is_highlighted_whole():
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    page = page_of(article(text), width=30, justify=True)
    assert page.lines[3].text == "zeta   eta  theta  iota  kappa"
    assert drawn(page, hit(page, 1, "zeta eta theta")) == [(3, "zeta   eta  theta")]


def test_with_the_controls_revealed_the_hit_is_still_its_word():
    page = page_of(article("قال \u202bالوزير\u202c إن المدرسة تفتح"), reveal_controls=True)
    assert [text for _, text in drawn(page, hit(page, 1, "المدرسة"))] == [visual("المدرسة")]


def test_logical_mode_highlights_the_logical_characters():
    page = page_of(article("قال الوزير إن المدرسة الجديدة"), bidi="logical")
    assert [text for _, text in drawn(page, hit(page, 1, "المدرسة"))] == ["المدرسة"]


@settings(max_examples=150, deadline=None)
@given(
    texts,
    st.data(),
    st.sampled_from(["visual", "logical"]),
    st.booleans(),
    st.integers(12, 70),
)
def test_runs_cover_exactly_the_drawn_glyphs_of_the_span(text, data, bidi, justify, width):
    page = page_of(article(text), width=width, bidi=bidi, justify=justify)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    runs = page.hit_cells(1, start, end)
    # Independently: the block's characters drawn on some line, from the
    # paragraph's own layout (a plain paragraph hangs by nothing).
    paragraph = page.paragraph(1)
    column = min(page.width, page.options.measure)
    shown = {s for line in lay_out(paragraph, column) for s in line_sources(paragraph, line)}
    wanted = {s for s in shown if start <= s < end}
    covered, with_cells = set(), set()
    for index, first, last in runs:
        line = page.lines[index]
        assert line.block == 1
        assert line.indent <= first < last <= line.indent + line.cells
    for index in {index for index, _, _ in runs}:
        line = page.lines[index]
        for at, source in enumerate(page.drawn_sources(index)):
            # Measured as Rich draws the line: a prefix at a time.
            cell = line.indent + cell_len(line.text[:at])
            if cell_len(line.text[: at + 1]) == cell - line.indent:
                continue  # no cell of its own
            if any(i == index and a <= cell < b for i, a, b in runs):
                covered.add(source)
            if source in wanted:
                with_cells.add(source)
    # The runs cover the glyphs of the span, and nothing else.
    assert covered == with_cells
    assert None not in covered


@settings(max_examples=150, deadline=None)
@given(
    texts,
    st.sampled_from(["visual", "logical"]),
    st.booleans(),
    st.integers(12, 70),
    st.sampled_from([BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM]),
)
def test_each_drawn_character_shows_its_source(text, bidi, justify, width, kind):
    page = page_of(article((kind, text, 0, "3.")), width=width, bidi=bidi, justify=justify)
    paragraph = page.paragraph(1)
    glyph_of = {}
    for glyph, source in zip(paragraph.glyphs, paragraph.glyph_sources, strict=True):
        glyph_of.setdefault(source, glyph)
    for index, line in enumerate(page.lines):
        if line.block != 1 or line.role is None:
            continue
        sources = page.drawn_sources(index)
        assert len(sources) == len(line.text)
        for char, source in zip(line.text, sources, strict=True):
            if source is None:
                assert char in " │3."
            else:
                glyph = glyph_of[source]
                assert char in (glyph, MIRRORED.get(glyph)), (char, glyph)
