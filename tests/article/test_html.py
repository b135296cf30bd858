import html

from hypothesis import example, given
from hypothesis import strategies as st

from reader.article.html import escape_markdown, html_to_markdown, html_to_text
from reader.article.markdown import parse_markdown
from reader.article.model import Block, BlockKind


def blocks(markup: str, **options) -> list[tuple]:
    article = parse_markdown(html_to_markdown(markup, **options))
    return [tuple(block) for block in article.blocks]


def sections(markup: str, **options) -> list[tuple[str | None, int]]:
    article = parse_markdown(html_to_markdown(markup, **options))
    return [(section.heading, section.level) for section in article.sections]


def test_paragraphs_and_headings_become_sections():
    markup = "<p>مقدمة الخبر</p><h2>خلفية</h2><p>نص أول</p><h3>تفاصيل</h3><p>نص ثان</p>"
    assert sections(markup) == [(None, 0), ("خلفية", 2), ("تفاصيل", 3)]
    assert [b[1] for b in blocks(markup)] == ["مقدمة الخبر", "نص أول", "نص ثان"]


def test_a_leading_h1_equal_to_the_title_is_not_repeated():
    markup = "<h1>العنوان</h1><p>النص</p>"
    assert html_to_markdown(markup, title="العنوان") == "النص\n"
    assert html_to_markdown(markup, title="عنوان آخر") == "# العنوان\n\nالنص\n"


def test_links_are_kept_and_resolved_against_the_base():
    md = html_to_markdown(
        '<p>see <a href="/news/1?a=1&amp;b=2">the story</a> now</p>',
        base_url="https://example.org/feed.xml",
    )
    assert md == "see [the story](<https://example.org/news/1?a=1&b=2>) now\n"
    assert blocks('<p>see <a href="/x">it</a></p>', base_url="https://e.org/") == [
        (BlockKind.PARAGRAPH, "see it <https://e.org/x>", 0, "")
    ]


def test_only_web_and_mail_links_survive():
    for href in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://e.org/"):
        md = html_to_markdown(f'<p><a href="{href}">click</a></p>', base_url="https://e.org/")
        assert md == "click\n", href
    assert "mailto:" in html_to_markdown('<p><a href="mailto:a@e.org">mail</a></p>')


def test_a_relative_link_without_a_base_is_text():
    assert html_to_markdown('<p><a href="/x">here</a></p>') == "here\n"


def test_hostile_link_targets_cannot_break_out_of_the_link():
    markup = '<p><a href="https://e.org/a>b c\\d)"><b>x</b></a> y</p>'
    md = html_to_markdown(markup)
    assert md == "[x](<https://e.org/a%3Eb%20c%5Cd)>) y\n"
    # The reader shows the target decoded, after the link's text.
    assert blocks(markup) == [(BlockKind.PARAGRAPH, "x <https://e.org/a>b c\\d)> y", 0, "")]


def test_scripts_styles_and_forms_are_dropped_but_their_tails_kept():
    markup = "<p>a<script>alert(1)</script> b<style>p{}</style> c<!-- x --> d<form><input value=v>f</form></p>"
    assert blocks(markup) == [(BlockKind.PARAGRAPH, "a b c d", 0, "")]


def test_double_line_breaks_split_paragraphs_single_ones_join():
    markup = "أول سطر<br>ثان<br><br>فقرة أخرى"
    assert [b[1] for b in blocks(markup)] == ["أول سطر ثان", "فقرة أخرى"]


def test_lists_and_quotes_nest():
    markup = "<ul><li>one<ul><li>inner</li></ul></li><li>two</li></ul><blockquote><p>q</p><ol><li>n</li></ol></blockquote>"
    assert blocks(markup) == [
        (BlockKind.LIST_ITEM, "one", 0, "•"),
        (BlockKind.LIST_ITEM, "inner", 1, "•"),
        (BlockKind.LIST_ITEM, "two", 0, "•"),
        (BlockKind.QUOTE, "q", 0, ""),
        (BlockKind.LIST_ITEM, "n", 1, "1."),
    ]


def test_preformatted_text_is_code_with_a_fence_longer_than_its_backticks():
    markup = "<pre>a ``` b\n  c</pre>"
    assert blocks(markup) == [(BlockKind.CODE, "a ``` b\n  c", 0, "")]


def test_table_rows_are_paragraphs():
    markup = "<table><tr><th>بلد</th><th>عدد</th></tr><tr><td>مصر</td><td>1|2</td></tr></table>"
    assert [b[1] for b in blocks(markup)] == ["بلد | عدد", "مصر | 1|2"]


def test_no_break_spaces_stay():
    assert blocks("<p>عبد\u00a0الله  و\n\tغيره</p>") == [
        (BlockKind.PARAGRAPH, "عبد\u00a0الله و غيره", 0, "")
    ]


def test_deep_nesting_does_not_recurse():
    markup = "<blockquote><div>" * 60 + "<p>deep</p>" + "</div></blockquote>" * 60
    assert [b[1] for b in blocks(markup)] == ["deep"]


def test_nesting_beyond_the_html_parsers_limit_gives_nothing_not_a_crash():
    # libxml2 gives up on a document nested 255 deep; no real page comes near.
    assert html_to_markdown("<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000) == ""


def test_empty_or_unparsable_input_is_empty():
    assert html_to_markdown("") == ""
    assert html_to_markdown("   \n") == ""
    assert html_to_markdown("<!-- only a comment -->") == ""


# Text as a page may hold it: letters of several scripts, marks, digits,
# punctuation including every Markdown special character, and spaces.
_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 .,:;!?()[]{}<>*_`~#|&\\-+='\"/@%^$")
        + list("سلامعليكمٌٍَُِّْ٠١٢")
        + list("שלוםאבג")
        + ["\u00a0", "\u200c", "\n", "\t", "é", "ß"]
    ),
    max_size=60,
)


@given(_TEXT)
@example("1. not a list")
@example("- not an item")
@example("# not a heading")
@example("> not a quote")
@example("---")
@example("&amp; stays &amp;")
@example("<https://autolink.example>")
@example("a\\")
def test_text_comes_back_exactly(text):
    folded = " ".join(
        part for part in text.replace("\t", " ").replace("\n", " ").split(" ") if part
    )
    # The Markdown parser trims a paragraph's edges as str.strip does (U+00A0 too).
    folded = folded.strip()
    expected = [Block(BlockKind.PARAGRAPH, folded)] if folded else []
    article = parse_markdown(html_to_markdown(f"<p>{html.escape(text)}</p>"))
    assert list(article.blocks) == expected


@given(_TEXT)
def test_escaped_text_is_one_plain_paragraph(text):
    line = " ".join(text.split())
    article = parse_markdown(escape_markdown(line))
    assert [block.kind for block in article.blocks] in ([], [BlockKind.PARAGRAPH])
    assert not article.headings


def test_a_title_with_markup_is_its_text():
    assert html_to_text("A <b>bold</b> &amp; title") == "A bold & title"
    assert html_to_text("بالورق &amp; الحبر") == "بالورق & الحبر"
    assert html_to_text("  plain\n title ") == "plain title"
    assert html_to_text("") == ""
