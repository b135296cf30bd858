"""Full-text search over a generated library: what is found, in which
order, and where."""

import pytest

from reader.article.load import load_article
from reader.library.find import library_for
from reader.library.index import LibraryIndex
from reader.library.indexer import update_index
from reader.library.query import parse_query
from reader.library.search import fts_expression, make_snippet, search


@pytest.fixture
def searcher(make_library, tmp_path):
    root = make_library()
    index = LibraryIndex.open(tmp_path / "index.sqlite3")
    update_index(library_for(root), index, lambda _: None)

    def find(typed: str):
        return list(search(index, parse_query(typed), library_for(root)))

    yield find
    index.close()


def _names(hits) -> list[str]:
    return [hit.path.name for hit in hits]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("مدرسة", ["school.md", "vowelled.txt"]),  # المدرسة, والمدرسة, مَدْرَسَةِ
        ("مَدْرَسَة", ["school.md", "vowelled.txt"]),
        ("درس", ["lesson.txt"]),  # not المدرسة
        ("الامارات", ["emirates.txt"]),
        ('"الإمارات العربية"', ["emirates.txt"]),
        ('"العربية الإمارات"', []),
        ("covid-19", ["english.md"]),
        ("HARBOUR", ["english.md"]),
        ("٢٠٢٣", ["english.md"]),
        ("مدرسة الطاقة", []),  # every word must be in the article
        ("", []),
        ('"', []),
        ("NEAR OR AND *", []),  # FTS5 operators are words like any other
    ],
)
def test_what_is_found(searcher, typed, expected):
    assert sorted(_names(searcher(typed))) == sorted(expected)


def test_a_title_hit_ranks_first(make_library, tmp_path):
    root = make_library(
        {
            "body.txt": "عنوان آخر\n\nنص فيه ذكر الطاقة مرة واحدة بين كلمات كثيرة أخرى.\n",
            "title.txt": "الطاقة النظيفة\n\nنص عن شيء آخر تماما.\n",
        }
    )
    index = LibraryIndex.open(tmp_path / "index.sqlite3")
    update_index(library_for(root), index, lambda _: None)
    hits = list(search(index, parse_query("الطاقة"), library_for(root)))
    index.close()
    assert _names(hits) == ["title.txt", "body.txt"]


def test_a_hit_names_its_section_and_paragraph(searcher, make_library):
    (hit,) = searcher("خمسمائة")
    assert (hit.title, hit.section, hit.kind) == (
        "افتتاح المدرسة الجديدة في الحي",
        "التفاصيل",
        "text",
    )
    article = load_article(hit.path)
    assert "خمسمائة" in article.blocks[hit.paragraph].text
    assert hit.snippet[hit.match[0] : hit.match[1]] == "خمسمائة"


def test_the_snippet_is_the_passage_with_the_most_of_the_query(searcher):
    (hit,) = searcher("الإمارات خطة")
    # The title has both words; the text before it is preferred when it has both too.
    assert hit.kind == "text" and hit.paragraph == 0
    assert hit.snippet.startswith("أعلنت دولة الإمارات")


def test_a_hit_in_the_lead_has_no_section(searcher):
    (hit,) = searcher("المستشفى")
    assert hit.section is None and hit.paragraph == 0


def test_a_hit_only_in_a_heading(searcher):
    (hit,) = searcher("التفاصيل")
    assert (hit.kind, hit.section, hit.paragraph) == ("heading", "التفاصيل", 1)


def test_the_search_stays_in_its_library(make_library, tmp_path):
    one = make_library({"a.txt": "أ\n\nنص عن المدرسة.\n"}, "one")
    two = make_library({"b.txt": "ب\n\nنص عن المدرسة.\n"}, "two")
    index = LibraryIndex.open(tmp_path / "index.sqlite3")
    for root in (one, two):
        update_index(library_for(root), index, lambda _: None)
    found = list(search(index, parse_query("مدرسة"), library_for(one)))
    index.close()
    assert _names(found) == ["a.txt"]


def test_fts_expressions_quote_every_term():
    assert fts_expression(parse_query('المدرسة "الإمارات العربية" NOT')) == (
        '"مدرس" AND "not" AND {title body} : "امار عرب"'
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("short text", 0, 5, ("short text", (0, 5))),
        (
            "word " * 20 + "HIT" + " tail" * 40,
            100,
            103,
            ("…" + "word " * 5 + "HIT" + " tail" * 14 + "…", (26, 29)),
        ),
        ("code\nline", 5, 9, ("code line", (5, 9))),
    ],
)
def test_make_snippet(text, start, end, expected):
    snippet, match = make_snippet(text, start, end)
    assert (snippet, match) == expected
    assert snippet[match[0] : match[1]] == text[start:end]
