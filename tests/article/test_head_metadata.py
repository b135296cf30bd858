"""Reading only the head of an article gives the metadata the full parse gives."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article.load import HEAD_BYTES, load_article, load_metadata
from reader.article.markdown import markdown_metadata, parse_markdown
from reader.article.plain import parse_plain, plain_metadata
from reader.resources import articles_dir

BUNDLED = sorted(articles_dir().iterdir())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_the_bundled_articles(path):
    assert load_metadata(path) == load_article(path).metadata


# Lines that play every part the parsers look for at the top of an article.
_PLAIN_LINES = st.sampled_from(
    [
        "",
        "",
        "الإشراف العام",
        "رئيس التحرير",
        "سيول تحذر روسيا من أي تعاون عسكري",
        "صدى البلد",
        "المصدر: وكالة الأنباء",
        "كتب: أحمد علي",
        "By Jane Doe",
        "20/09/2023",
        "2023-09-20",
        "الأحد 12 مارس 2023",
        "- بند في قائمة",
        "1. first item",
        "قال الوزير إن الحكومة ستعمل على تحسين الخدمات في جميع المحافظات خلال العام المقبل.",
        "A line that goes on and on, wrapped by hand at a fixed width so that it",
        "ends mid-sentence and the next line carries on with the rest of it and",
        "Headline in English",
        "Short.",
        "   ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAIN_LINES, max_size=120))
def test_plain_head_agrees_with_the_full_parse(lines):
    text = "\n".join(lines)
    assert (
        plain_metadata(text, fallback_title="f") == parse_plain(text, fallback_title="f").metadata
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(_PLAIN_LINES, max_size=200), st.integers(min_value=0, max_value=4000))
def test_a_cut_plain_head_agrees_or_asks_for_more(lines, cut):
    text = "\n".join(lines)
    head = text[:cut]
    head = head[: head.rfind("\n\n") + 1]
    found = plain_metadata(head, complete=False, fallback_title="f")
    assert found in (None, parse_plain(text, fallback_title="f").metadata)


def test_a_masthead_repeated_past_the_head_is_read_whole():
    masthead = ["الإشراف العام", "إلهام أبو الفتح"]
    text = "\n\n".join(masthead * 40 + ["العنوان", "صدى البلد", "النص."])
    assert plain_metadata(text) == parse_plain(text).metadata
    assert plain_metadata(text).title == "العنوان"


_MARKDOWN_BLOCKS = st.sampled_from(
    [
        "",
        "# العنوان",
        "# Another title",
        "## قسم",
        "Setext title\n============",
        "Setext two\n----------",
        "فقرة عادية من النص.",
        "> اقتباس",
        "> # heading in a quote",
        "- item\n- # heading in a list",
        "```\n# not a heading\n```",
        "    # indented code",
        "#",
        "![](image.png)",
        "[ref]: https://example.com",
        "# [linked][ref]",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "#hashtag",
        "===",
    ]
)
_FRONT = st.sampled_from(
    [
        "",
        "---\ntitle: عنوان\nsource: وكالة\ndate: 2023-09-20\nlang: ar\n---\n",
        "---\nsource: وكالة\n---\n",
        '+++\ntitle = "T"\ndate = 2023-01-02\n+++\n',
        "+++\nsource = 'S'\n+++\n",
        "---\n- not: a mapping\n---\n",
        "---\ntitle: [unclosed\n---\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(_FRONT, st.lists(_MARKDOWN_BLOCKS, max_size=12))
def test_markdown_head_agrees_with_the_full_parse(front, blocks):
    text = front + "\n\n".join(blocks)
    expected = parse_markdown(text, fallback_title="f").metadata
    assert markdown_metadata(text, fallback_title="f") == expected


@settings(max_examples=200, deadline=None)
@given(_FRONT, st.lists(_MARKDOWN_BLOCKS, max_size=12), st.integers(min_value=0, max_value=400))
def test_a_cut_markdown_head_agrees_or_asks_for_more(front, blocks, cut):
    text = front + "\n\n".join(blocks)
    head = text[:cut]
    head = head[: head.rfind("\n\n") + 1]
    found = markdown_metadata(head, complete=False, fallback_title="f")
    assert found in (None, parse_markdown(text, fallback_title="f").metadata)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_file_longer_than_the_head(tmp_path: Path, suffix):
    masthead = "\n".join(["الإشراف العام", "إلهام أبو الفتح"] * 2)
    paragraph = "قال الوزير إن الحكومة ستعمل على تحسين الخدمات في جميع المحافظات. " * 3
    body = "\n\n".join([paragraph] * (2 * HEAD_BYTES // len(paragraph.encode())))
    path = tmp_path / f"long{suffix}"
    path.write_text(f"{masthead}\n\nالعنوان\n\nصدى البلد\n\n2023-09-20\n\n{body}\n", "utf-8")
    assert path.stat().st_size > HEAD_BYTES
    assert load_metadata(path) == load_article(path).metadata


def test_a_link_defined_below_the_heading_changes_the_title():
    text = "# [Storm][wire] hits the coast\n\nText.\n\n[wire]: https://example.com\n"
    assert parse_markdown(text).metadata.title == "Storm <https://example.com> hits the coast"
    assert markdown_metadata(text) == parse_markdown(text).metadata
