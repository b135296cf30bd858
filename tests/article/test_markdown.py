import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article.markdown import MAX_NESTING, parse_markdown
from reader.article.model import Block, BlockKind, Metadata


def _md(source: str):
    return parse_markdown(textwrap.dedent(source), fallback_title="fallback")


def _outline(article):
    return [(s.heading, s.level, [b.text for b in s.blocks]) for s in article.sections]


def test_front_matter_gives_the_metadata():
    article = _md(
        """\
        ---
        title: قمة المياه
        source: وكالة الأنباء
        author: سلمى
        date: 2026-10-14
        lang: ar
        credits: [رئيس التحرير, منى]
        ---
        نص الخبر.
        """
    )
    assert article.metadata == Metadata(
        title="قمة المياه",
        source="وكالة الأنباء",
        author="سلمى",
        date="2026-10-14",
        language="ar",
        direction="rtl",
        credits=("رئيس التحرير", "منى"),
    )
    assert _outline(article) == [(None, 0, ["نص الخبر."])]


def test_toml_front_matter_is_read_too():
    article = _md('+++\ntitle = "Hello"\nlang = "en"\n+++\nText.\n')
    assert (article.metadata.title, article.metadata.direction) == ("Hello", "ltr")


@pytest.mark.parametrize(
    ("front", "direction"),
    [
        ("dir: rtl", "rtl"),
        ("direction: LTR\nlang: ar", "ltr"),
        ("lang: fa-IR", "rtl"),
        ("lang: en", "ltr"),
        ("dir: sideways", None),
        ("title: x", None),
    ],
)
def test_direction_comes_from_dir_then_language(front, direction):
    assert _md(f"---\n{front}\n---\ntext\n").metadata.direction == direction


def test_a_lone_leading_h1_is_the_title():
    article = _md(
        """\
        # Storm hits the coast

        Lead paragraph.

        ## Damage

        Roofs were torn off.
        """
    )
    assert article.metadata.title == "Storm hits the coast"
    assert _outline(article) == [
        (None, 0, ["Lead paragraph."]),
        ("Damage", 2, ["Roofs were torn off."]),
    ]


def test_several_h1_headings_are_sections_not_a_title():
    article = _md("# One\n\ntext\n\n# Two\n\nmore\n")
    assert article.metadata.title == "fallback"
    assert _outline(article) == [("One", 1, ["text"]), ("Two", 1, ["more"])]


def test_a_front_matter_title_wins_and_its_repeat_as_h1_is_dropped():
    article = _md("---\ntitle: Storm\n---\n# Storm\n\ntext\n")
    assert article.metadata.title == "Storm"
    assert _outline(article) == [(None, 0, ["text"])]


def test_an_h1_different_from_the_front_matter_title_stays_a_section():
    article = _md("---\ntitle: Storm\n---\n# Background\n\ntext\n")
    assert _outline(article) == [("Background", 1, ["text"])]


def test_a_leading_h1_that_is_not_first_is_not_the_title():
    article = _md("Intro.\n\n# Heading\n\ntext\n")
    assert article.metadata.title == "fallback"
    assert _outline(article) == [(None, 0, ["Intro."]), ("Heading", 1, ["text"])]


def test_an_empty_heading_is_no_section():
    assert _outline(_md("Intro.\n\n#\n\ntext\n")) == [(None, 0, ["Intro.", "text"])]


def test_setext_headings_are_headings():
    article = _md("Intro.\n\nPart one\n--------\n\ntext\n")
    assert _outline(article)[1] == ("Part one", 2, ["text"])


def test_paragraph_lines_are_folded_and_inline_markup_flattened():
    article = _md("A *soft*\nwrapped [line](https://example.com).\n")
    assert article.blocks == (
        Block(BlockKind.PARAGRAPH, "A soft wrapped line <https://example.com>."),
    )


def test_lists_carry_markers_and_depth():
    article = _md(
        """\
        - first
        - second
          1. nested one
          2. nested two
        - third

          continued paragraph
        """
    )
    assert article.blocks == (
        Block(BlockKind.LIST_ITEM, "first", 0, "•"),
        Block(BlockKind.LIST_ITEM, "second", 0, "•"),
        Block(BlockKind.LIST_ITEM, "nested one", 1, "1."),
        Block(BlockKind.LIST_ITEM, "nested two", 1, "2."),
        Block(BlockKind.LIST_ITEM, "third", 0, "•"),
        Block(BlockKind.LIST_ITEM, "continued paragraph", 0, ""),
    )


def test_an_ordered_list_keeps_its_start_number_and_delimiter():
    article = _md("7) seven\n8) eight\n")
    assert [b.marker for b in article.blocks] == ["7)", "8)"]


def test_blockquotes_are_quotes_with_nesting_depth():
    article = _md("> outer\n>\n> > inner\n>\n> - listed\n")
    assert article.blocks == (
        Block(BlockKind.QUOTE, "outer", 0),
        Block(BlockKind.QUOTE, "inner", 1),
        Block(BlockKind.LIST_ITEM, "listed", 1, "•"),
    )


def test_a_heading_inside_a_quote_is_quoted_text_not_a_section():
    article = _md("> # Quoted heading\n")
    assert article.blocks == (Block(BlockKind.QUOTE, "Quoted heading", 0),)
    assert article.headings == ()


def test_code_keeps_its_line_breaks():
    article = _md("```python\nx = 1\n  y = 2\n```\n\n    indented\n    code\n")
    assert article.blocks == (
        Block(BlockKind.CODE, "x = 1\n  y = 2"),
        Block(BlockKind.CODE, "indented\ncode"),
    )


def test_table_rows_become_paragraphs():
    article = _md("| المدينة | السكان |\n|---|---|\n| القاهرة | 10 |\n")
    assert [b.text for b in article.blocks] == ["المدينة | السكان", "القاهرة | 10"]


def test_raw_html_is_shown_as_text_not_hidden():
    article = _md("<div>hidden?</div>\n\ntext <b>bold</b>\n")
    assert [b.text for b in article.blocks] == ["<div>hidden?</div>", "text <b>bold</b>"]


def test_a_paragraph_with_nothing_to_read_is_left_out():
    assert [b.text for b in _md("one\n\n![](photo.jpg)\n\ntwo\n").blocks] == ["one", "two"]


def test_thematic_breaks_are_not_text():
    assert [b.text for b in _md("one\n\n---\n\ntwo\n").blocks] == ["one", "two"]


def test_broken_front_matter_is_ignored_and_the_text_still_parsed():
    article = _md("---\ntitle: [oops\n---\n# Title\n\nBody.\n")
    assert article.metadata.title == "Title"
    assert _outline(article) == [(None, 0, ["Body."])]


@pytest.mark.parametrize("depth", [150, 1000])
def test_deeply_nested_quotes_do_not_crash(depth):
    article = parse_markdown(">" * depth + " deep\n\nafter\n")
    assert article.notices
    assert article.blocks[-1] == Block(BlockKind.PARAGRAPH, "after")


@pytest.mark.parametrize("depth", [150, 1000])
def test_deeply_nested_lists_do_not_crash(depth):
    source = "".join("  " * level + f"- item {level}\n" for level in range(depth))
    article = parse_markdown(source)
    assert article.notices
    depths = [block.depth for block in article.blocks]
    assert depths == list(range(len(depths)))
    assert len(depths) >= MAX_NESTING // 2 - 2


def test_nesting_within_the_limit_has_no_notice():
    article = parse_markdown(">" * 40 + " deep\n")
    assert article.notices == ()
    assert article.blocks == (Block(BlockKind.QUOTE, "deep", 39),)


def test_an_empty_document_is_an_empty_article():
    article = parse_markdown("", fallback_title="empty")
    assert article.metadata.title == "empty"
    assert article.sections == ()


MARKDOWN_PIECES = st.sampled_from(
    ["# ", "## ", "> ", "- ", "1. ", "  ", "```", "~~~", "    ", "---", "+++", "***", "\n",
     "\n\n", "[", "](", ")", "![", "*", "_", "`", "|", "|---|", "<", ">", "&amp;", "\\",
     "title: x", "سلام", "text"]
)  # fmt: skip


@settings(max_examples=200)
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=8), max_size=60).map("".join))
def test_any_markdown_parses(text):
    article = parse_markdown(text, fallback_title="fallback")
    assert article.metadata.title
    for block in article.blocks:
        if block.kind is not BlockKind.CODE:
            assert "\n" not in block.text


@settings(max_examples=200)
@given(st.text())
def test_arbitrary_text_parses_as_markdown(text):
    parse_markdown(text)
