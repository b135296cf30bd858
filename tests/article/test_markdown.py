import textwrap

import pytest
from hypothesis import assume, given, settings
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


# -- read a window at a time (issue 9) ---------------------------------------------

BLOCKS = st.sampled_from(
    [
        "A paragraph with *emphasis* and a [link](https://example.com/a).",
        "فقرة عربية فيها [رابط مرجعي][ref] وكلمات أخرى.",
        "Line one of a paragraph\nline two, lazily continued.",
        "## A heading",
        "Setext heading\n==============",
        "- tight item\n- another item\n  continued",
        "1. first\n2. second\n\n3. loose third",
        "7. starts at seven\n8. eight",
        "> a quote\n> on two lines\n\n> and another quote",
        "> quote with a list\n> - inside",
        "```python\ncode line\n\n\nmore code after blank lines\n```",
        "~~~\nunclosed tilde fence?\n~~~",
        "    indented code\n\n    after a blank line",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "[ref]: https://example.com/ref 'Title'",
        "[later]: https://example.com/later",
        "Text that uses [the later one][later].",
        "***",
        "<div>raw html is text</div>",
        "![an image](https://example.com/i.png) after",
        "- item\n\n  continued paragraph of the item\n\n- next item",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(BLOCKS, st.sampled_from(["\n\n", "\n", "\n\n\n"])), max_size=25))
def test_reading_a_window_at_a_time_gives_what_reading_it_whole_gives(blocks):
    from reader.article import markdown

    source = "".join(block + separator for block, separator in blocks)
    # Each sample is at most 100 characters, but one top-level block can hold
    # many (a list item takes the indented lines after it in): a block longer
    # than a window is cut, by design, and tested apart below.
    window = 300
    assume(_longest_top_level_block(source) < window // 2)
    whole = parse_markdown(source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "WINDOW_CHARS", window)
        assert parse_markdown(source) == whole


def _longest_top_level_block(source: str) -> int:
    from markdown_it import MarkdownIt

    lines = source.splitlines(keepends=True)
    spans = [
        token.map
        for token in MarkdownIt("commonmark").enable("table").parse(source)
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]
    return max((sum(map(len, lines[start:end])) for start, end in spans), default=0)


def test_a_fenced_block_longer_than_a_window_stays_code():
    from reader.article.markdown import WINDOW_CHARS

    code = "\n".join(f"# not a heading {n}" for n in range(3 * WINDOW_CHARS // 20))
    article = parse_markdown(f"Intro.\n\n```\n{code}\n```\n\nAfter.\n")
    kinds = [block.kind for block in article.blocks]
    assert kinds[0] is BlockKind.PARAGRAPH and kinds[-1] is BlockKind.PARAGRAPH
    assert set(kinds[1:-1]) == {BlockKind.CODE} and len(kinds) > 3
    assert "\n".join(block.text for block in article.blocks[1:-1]) == code
    assert not article.headings


def test_a_window_full_of_link_openers_reads_them_as_text(monkeypatch):
    from markdown_it.parser_inline import ParserInline

    # Each "[" without a "]" cost markdown-it ~100 rule calls, as its label
    # scan went MAX_NESTING deep: 64 KiB took 16 s.
    calls = []
    real_skip = ParserInline.skipToken
    monkeypatch.setattr(
        ParserInline, "skipToken", lambda self, state: calls.append(1) or real_skip(self, state)
    )
    openers = "[" * 20_000
    article = parse_markdown(f"# Title\n\n{openers}\n")
    assert "".join(block.text for block in article.blocks) == openers
    assert len(calls) < len(openers)


@pytest.mark.parametrize(
    "source",
    [
        "".join(f"p{n}\n\n" for n in range(5_000)),  # 1.6 GB for 3 MB when read at once
        "".join(f"- item {n}\n" for n in range(5_000)),  # one block, cut by windows
        "word " * 10_000,  # one line
    ],
    ids=["tiny-paragraphs", "one-long-list", "one-line"],
)
def test_markdown_it_reads_a_bounded_window_and_each_character_about_once(monkeypatch, source):
    # What markdown-it holds at once is what it was given; the windows
    # together are the text, and at most the block cut short twice.
    from markdown_it import MarkdownIt

    from reader.article import markdown

    window = 4096  # as a 64 KiB window is to a 64 MiB file, but quicker
    monkeypatch.setattr(markdown, "WINDOW_CHARS", window)
    given: list[int] = []
    real_parse = MarkdownIt.parse

    def counting_parse(self, src, env=None):
        given.append(len(src))
        return real_parse(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting_parse)
    article = parse_markdown(source)
    assert max(given) <= window + 10
    assert len(source) <= sum(given) <= 2 * len(source)
    assert article.blocks
