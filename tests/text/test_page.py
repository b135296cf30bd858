"""The seed article laid out by reader/page.py: the text core end to end.

(reader/page.py is outside reader/text, but these tests exercise the layout
rules the text core exists for, so they live with its tests.)
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from bench.corpus import news_article
from reader.article.load import load_article
from reader.article.markdown import parse_markdown
from reader.article.model import Article, Block, BlockKind, Metadata, Section
from reader.article.plain import parse_plain
from reader.page import Page
from reader.text.options import LayoutOptions
from reader.text.reorder import reverse_run
from reader.text.shape import shape

from .strategies import strip_bidi_controls

SEED = Path(__file__).parents[2] / "articles" / "000_be68ca890cbf5680.txt"
WIDTHS = [40, 60, 80]
NUMBERS = ["2000", "2011", "2019", "14"]
# Paragraphs longer than a heading, and than a line of 40 cells.
LONG_AR = (
    "قالت الهيئة إن باب التسجيل في المدارس الحكومية يفتح صباح الأحد المقبل ويستمر "
    "أسبوعين، وإن الطلبات تقدم عبر البوابة الإلكترونية أو في مكاتب التعليم."
)
LONG_EN = (
    "The schools board said on Sunday that registration opens next week and runs for "
    "two weeks, online or at the district offices, for pupils of every year."
)


def visual(words):
    return reverse_run(shape(words))


@pytest.fixture(scope="module")
def seed():
    return load_article(SEED)


def page_of(article, width, **options):
    page = Page(article, width, LayoutOptions(**options))
    page.finish()
    return page


def column_of(page):
    column = min(page.width, max(page.options.measure, 10))
    return column, (page.width - column) // 2


def text_lines(page):
    return [(n, line) for n, line in enumerate(page.lines) if line.role is not None]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_fits_the_pane(seed, width):
    page = page_of(seed, width)
    assert text_lines(page)
    for _, line in text_lines(page):
        assert line.cells <= width
        assert line.indent + line.cells <= width
        assert cell_len(line.text) == line.cells


@pytest.mark.parametrize("width", WIDTHS)
def test_rtl_lines_end_flush_at_the_right_edge_of_the_column(seed, width):
    page = page_of(seed, width)
    column, margin = column_of(page)
    assert page.rtl
    for _, line in text_lines(page):
        assert page.paragraph(line.block).rtl
        assert line.indent + line.cells == margin + column


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_of_a_block_follow_the_reading_order(seed, width):
    page = page_of(seed, width)
    offsets: dict[int, list[int]] = {}
    for n, line in text_lines(page):
        block, offset = page.position_at(n)
        assert block == line.block
        offsets.setdefault(block, []).append(offset)
    assert set(offsets) == set(range(len(page.blocks)))
    for block, block_offsets in offsets.items():
        assert block_offsets[0] == 0
        assert block_offsets == sorted(set(block_offsets)), block


@pytest.mark.parametrize("width", WIDTHS)
def test_first_line_of_each_block_shows_its_first_words_at_the_right(seed, width):
    page = page_of(seed, width)
    for block in range(len(page.blocks)):
        first = page.lines[page.block_line(block)]
        words = strip_bidi_controls(page.blocks[block].text).split()
        shown = first.text.split()
        assert shown[-1] == visual(words[0])
        if len(words) > 1 and len(shown) > 1:
            # The second word to its left; a number such as "14" unreversed.
            assert shown[-2] == (words[1] if words[1].isdigit() else visual(words[1]))


@pytest.mark.parametrize("width", WIDTHS)
def test_numbers_are_not_reversed(seed, width):
    text = "\n".join(line.text for line in page_of(seed, width).lines)
    for number in NUMBERS:
        assert re.search(rf"(?<!\d){number}(?!\d)", text), number
        assert number[::-1] not in text, number


@pytest.mark.parametrize("width", WIDTHS)
def test_a_position_finds_its_line_again_at_another_width(seed, width):
    page, other = page_of(seed, width), page_of(seed, 100 - width)
    for n, _ in text_lines(page):
        block, offset = page.position_at(n)
        line = other.line_at(block, offset)
        assert other.lines[line].block == block
        assert other.position_at(line)[1] <= offset


def test_logical_mode_keeps_the_text_in_reading_order(seed):
    page = page_of(seed, 60, bidi="logical")
    for block, text_block in enumerate(page.blocks):
        lines = [line.text.strip() for line in page.lines if line.block == block and line.role]
        assert " ".join(lines) == " ".join(strip_bidi_controls(text_block.text).split())


# Justification


@pytest.mark.parametrize("width", WIDTHS)
def test_justified_lines_fill_the_column_but_the_last(seed, width):
    page = page_of(seed, width, justify=True)
    column, margin = column_of(page)
    lines = text_lines(page)
    for (_, line), after in zip(lines, [*lines[1:], (None, None)], strict=True):
        assert cell_len(line.text) == line.cells
        last = after[1] is None or after[1].block != line.block
        if line.role != "paragraph":
            continue
        if last:
            plain = page_of(seed, width)
            assert line.text in {other.text for other in plain.lines}
        else:
            assert line.cells == column
            assert line.indent == margin


def one_paragraph(text):
    block = Block(BlockKind.PARAGRAPH, text)
    return Article(None, Metadata(title="عنوان"), (Section(None, 0, (block,)),))


def test_a_line_without_gaps_is_not_claimed_justified():
    page = page_of(one_paragraph("ب" * 10 + " " + "ت" * 10), 12, justify=True)
    for _, line in text_lines(page):
        assert cell_len(line.text) == line.cells


# -- cutting a huge paragraph in one pass (issue 9) --------------------------------


class SliceCountingStr(str):
    """A str that records the length of every slice taken of it."""

    slices: list[int]

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, slice):
            piece = str.__getitem__(self, key)
            self.slices.append(len(piece))
            return piece
        return str.__getitem__(self, key)


@pytest.mark.parametrize(
    "text",
    [
        "كلمة " * 400_000,  # spaces to cut at
        "ب" * 2_000_000,  # none: cut anywhere
        ("ب" + "\u064e" * 7) * 250_000,  # none, and marks that must stay on their letter
        "ب" + "\u064e" * 2_000_000,  # more marks on one letter than a piece holds
    ],
    ids=["words", "one-word", "marks", "only-marks"],
)
def test_a_huge_paragraph_is_cut_copying_each_character_once(text):
    from reader.page import MAX_BLOCK_CHARS, _pieces

    counted = SliceCountingStr(text)
    counted.slices = []
    pieces = _pieces(counted)
    assert "".join(pieces) == text
    # Whole pieces: no run of marks is cut into one-character pieces.
    assert all(MAX_BLOCK_CHARS // 2 <= len(piece) <= MAX_BLOCK_CHARS for piece in pieces[:-1])
    # One slice per piece, together the text once: slicing the rest off at
    # every cut copied it once per piece (140 s for a 64 MiB paragraph).
    assert counted.slices == [len(piece) for piece in pieces]
    if text.count("ب") > 1:  # marks on many letters: each stays on its own
        assert not any(piece[0] == "\u064e" for piece in pieces)


def test_the_blocks_worked_out_once_serve_a_page_at_any_width(monkeypatch):
    from reader import page as page_module
    from reader.page import ArticleBlocks

    article = load_article(Path(__file__).resolve().parents[2] / "articles" / "gulf-markets.md")
    worked_out = ArticleBlocks.of(article)
    assert worked_out.blocks == Page(article, 60, LayoutOptions()).blocks
    assert [worked_out.blocks[n].role for n in worked_out.headings] == ["heading"] * len(
        article.headings
    )
    assert worked_out.starts[-1] == sum(len(block.text) for block in worked_out.blocks)
    monkeypatch.setattr(page_module, "article_blocks", lambda article: pytest.fail("cut again"))
    for width in (30, 80):
        assert Page(article, width, LayoutOptions(), blocks=worked_out.blocks).blocks is (
            worked_out.blocks
        )


# Blocks laid out in any order: a jump lays out where it lands first.


def news(megabytes=0.02):
    from reader.article.markdown import parse_markdown

    return parse_markdown(news_article(megabytes, seed=7, per_section=5))


@pytest.fixture(scope="module")
def in_order():
    article = news()
    page = page_of(article, 60)
    return article, list(page.lines)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_laid_out_in_any_order_the_page_is_the_same(in_order, data):
    article, expected = in_order
    page = Page(article, 60, LayoutOptions())
    order = data.draw(st.permutations(range(len(page.blocks))))
    for block in order[: data.draw(st.integers(1, 12))]:
        page.block_line(block)
    page.finish()
    assert list(page.lines) == expected


def test_lines_are_estimated_above_a_jump_and_the_line_keeps_its_anchor(in_order):
    article, expected = in_order
    page = Page(article, 60, LayoutOptions())
    last = len(page.blocks) - 1
    line = page.block_line(last)
    assert not page.done and not page.laid_out(last - 1)
    anchor = page.anchor(line)
    assert page.lines[line] == expected[-len(list(_lines_of(expected, last)))]
    page.finish()
    assert page.line_of(anchor) == len(expected) - len(list(_lines_of(expected, last)))
    assert page.lines[page.line_of(anchor)].block == last


def _lines_of(lines, block):
    return [line for line in lines if line.block == block and line.role is not None]


def test_settle_lays_out_above_and_below_and_follows_the_line(in_order):
    article, expected = in_order
    page = Page(article, 60, LayoutOptions())
    middle = len(page.blocks) // 2
    line = page.block_line(middle)
    text = page.lines[line].text
    now = page.settle(line, 30, 30)
    assert page.lines[now].text == text
    there = expected.index(_lines_of(expected, middle)[0])
    for n in range(-30, 30):
        assert page.lines[now + n] == expected[there + n]


def test_position_and_line_at_agree_out_of_order(in_order):
    article, _ = in_order
    page = Page(article, 60, LayoutOptions())
    page.block_line(len(page.blocks) - 3)
    for n in range(len(page.lines) - 1, max(len(page.lines) - 40, 0), -1):
        block, offset = page.position_at(n)
        assert page.lines[page.line_at(block, offset)].block == block


def test_blank_lines_between_blocks_but_not_at_the_top_or_inside_code():
    article = Article(
        None,
        Metadata(title=""),
        (
            Section(
                None,
                0,
                (
                    Block(BlockKind.PARAGRAPH, "first"),
                    Block(BlockKind.CODE, "a = 1\nb = 2"),
                    Block(BlockKind.PARAGRAPH, "last"),
                ),
            ),
        ),
    )
    lines = [line.text.strip() for line in page_of(article, 40).lines]
    assert lines == ["first", "", "a = 1", "b = 2", "", "last"]


def test_paragraph_block_finds_a_paragraph_and_the_heading_above_it():
    from reader.article.model import Article, Block, BlockKind, Metadata, Section
    from reader.page import MAX_BLOCK_CHARS, article_blocks, paragraph_block

    long = "كلمة " * (MAX_BLOCK_CHARS // 2)
    article = Article(
        None,
        Metadata("العنوان", source="المصدر"),
        (
            Section(None, 0, (Block(BlockKind.PARAGRAPH, long), Block(BlockKind.CODE, "a\nb"))),
            Section("قسم", 1, (Block(BlockKind.PARAGRAPH, "ثالثة"),)),
        ),
    )
    blocks = article_blocks(article)
    roles = [block.role for block in blocks]
    assert roles == [
        "title",
        "byline",
        "paragraph",
        "paragraph",
        "paragraph",
        "code",
        "code",
        "heading",
        "paragraph",
    ]
    assert [paragraph_block(blocks, n) for n in range(4)] == [2, 5, 7, 8]
    assert blocks[paragraph_block(blocks, 1)].paragraph == 1


# List markers

# «يبدأ التسجيل» as GNU FriBidi draws it (fribidi --rtl), for the item texts.
STARTS = "\ufede\ufef4\ufea0\ufeb4\ufe98\ufedf\ufe8d \ufe83\ufeaa\ufe92\ufef3"
ITEMS = "\n".join(["15. يبدأ التسجيل", "١٢. يبدأ التسجيل", "4) يبدأ التسجيل", "- يبدأ التسجيل"])
# The marker goes through the bidi algorithm with its item: the digits keep
# their order, the bracket is mirrored. Reversed as a string, they were
# drawn ".51", ".٢١" and ")4".
SHOWN = [STARTS + " .15", STARTS + " .\u0661\u0662", STARTS + " (4", STARTS + " \u2022"]


def _item_lines(article, width):
    page = page_of(article, width)
    return [line for line in page.lines if line.role == "list_item"]


@pytest.mark.parametrize(
    ("article", "shown"),
    [
        (parse_plain(f"عنوان الخبر\n\n{LONG_AR}\n\n{ITEMS}\n"), SHOWN),
        # CommonMark lists are numbered in ASCII digits only.
        (
            parse_markdown(
                "# عنوان الخبر\n\n15. يبدأ التسجيل\n\n4) يبدأ التسجيل\n\n- يبدأ التسجيل\n"
            ),
            [SHOWN[0], SHOWN[2], SHOWN[3]],
        ),
    ],
    ids=["plain", "markdown"],
)
def test_list_markers_in_rtl_text_keep_their_digits_in_order(article, shown):
    lines = _item_lines(article, 40)
    assert [line.text for line in lines] == shown
    # Flush with the right edge of the column, like the paragraphs.
    assert all(line.indent + line.cells == 40 for line in lines)


def test_wrapped_lines_of_an_rtl_list_item_hang_under_its_text():
    article = parse_plain(f"عنوان الخبر\n\n{LONG_AR}\n\n15. {LONG_AR}\n")
    first, *rest = _item_lines(article, 40)
    assert first.text.endswith(" .15")
    assert first.indent + first.cells == 40
    # Each line after it ends four cells short of the edge, under the text.
    for line in rest:
        assert line.indent + line.cells == 40
        assert line.text.endswith("    ") and line.text[-5] != " "


def test_wrapped_lines_of_an_ltr_list_item_hang_under_its_text():
    article = parse_plain(f"Headline\n\n{LONG_EN}\n\n15. {LONG_EN}\n")
    first, *rest = _item_lines(article, 40)
    assert first.text.startswith("15. The schools board")
    assert rest and all(line.text.startswith("    ") and line.text[4] != " " for line in rest)


NESTED = (
    "# عنوان\n\n"
    "1. بند أول طويل بعض الشيء\n"
    "   - بند فرعي فيه كلمات\n"
    "     - بند أعمق من ذلك\n"
    "123. بند له رقم طويل\n\n"
    "> اقتباس من كلام الوزير\n"
)


@pytest.mark.parametrize("width", range(4, 12))
@pytest.mark.parametrize("direction", ["auto", "ltr"])
def test_list_items_and_quotes_fit_narrow_panes(width, direction):
    page = page_of(parse_markdown(NESTED), width, direction=direction)
    for line in page.lines:
        assert line.indent + line.cells <= width, line
        assert cell_len(line.text) == line.cells


def test_logical_text_is_what_the_article_says_in_its_order():
    from reader.article.markdown import parse_markdown
    from reader.page import article_blocks, logical_text

    article = parse_markdown(
        "---\ntitle: عنوان\nsource: وادي\ndate: 2026-08-28\n---\n\n"
        "فقرة (أولى).\n\n1. بند أول\n2. بند ثان\n\n```\nline one\nline two\n```\n"
    )
    assert logical_text(article_blocks(article)) == (
        "عنوان\n\nوادي · 2026-08-28\n\nفقرة (أولى).\n\n1. بند أول\n\n2. بند ثان\n\n"
        "line one\nline two"
    )
