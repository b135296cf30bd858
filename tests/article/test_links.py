"""The links an article leads to, as `o` lists them."""

from __future__ import annotations

from reader.article.links import Link, article_links, text_links
from reader.article.markdown import parse_markdown
from reader.article.plain import parse_plain

ARTICLE = """---
title: المدرسة الجديدة
url: https://news.example/ar/مدرسة
---

افتتحت [وزارة التربية](https://edu.example/ar/بيان) مدرسة جديدة. انظر
[التقرير الكامل هنا](https://news.example/report?id=7) و<https://maps.example/x>.

- مصدر آخر: [الصور](javascript:alert(1)) و[الفيديو](https://news.example/ar/مدرسة)
"""


def test_the_articles_own_link_comes_first_then_the_text_in_reading_order():
    links = article_links(parse_markdown(ARTICLE))
    assert links == [
        Link("المدرسة الجديدة", "https://news.example/ar/%D9%85%D8%AF%D8%B1%D8%B3%D8%A9"),
        Link("افتتحت وزارة التربية", "https://edu.example/ar/%D8%A8%D9%8A%D8%A7%D9%86"),
        # The words before the address, from the sentence's start: the link's
        # text and perhaps a word or two more.
        Link("انظر التقرير الكامل هنا", "https://news.example/report?id=7"),
        Link("", "https://maps.example/x"),
        # javascript: is no web address; the video is the article's own link again.
    ]


def test_a_plain_article_has_its_bare_addresses():
    article = parse_plain(
        "عنوان\n\nالمصدر: https://ar.wikipedia.org/wiki/Foo_(bar). وأيضا (https://a.example/b)، "
        "و https://c.example/d؟\n"
    )
    assert [link.url for link in article_links(article)] == [
        "https://ar.wikipedia.org/wiki/Foo_(bar)",
        "https://a.example/b",
        "https://c.example/d",
    ]


def test_an_article_without_links_has_none():
    assert article_links(parse_plain("عنوان\n\nنص بلا روابط.\n")) == []


def test_a_label_stops_at_the_sentence_and_the_previous_link():
    text = "First sentence. Read the full story <https://a.example/> and more words <https://b.example/>"
    assert text_links(text) == [
        ("Read the full story", "https://a.example/"),
        ("and more words", "https://b.example/"),
    ]


def test_a_hostile_target_is_made_safe_or_left_out():
    article = parse_markdown(
        '---\nurl: "javascript:alert(1)"\n---\n\n[x](https://e.example/\x1b]2;t\x07) '
        "[y](file:///etc/passwd)\n"
    )
    # Controls make it no Markdown link: the bare address in the text is.
    assert article_links(article) == [Link("", "https://e.example/%1B]2;t%07")]
