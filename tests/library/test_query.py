"""Parsing what the user typed, and finding it in a text."""

import pytest

from reader.library.query import Hit, Query, find_hits, parse_query


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("مدرسة", Query(("مدرسه",), ())),
        ("  مَدْرَسَة   الإمارات ", Query(("مدرسه", "الامارات"), ())),
        ('"الإمارات العربية"', Query((), (("الامارات", "العربيه"),))),
        ("«الإمارات العربية» دبي", Query(("دبي",), (("الامارات", "العربيه"),))),
        ("“Gulf News”", Query((), (("gulf", "news"),))),
        ('"مدرسة', Query((), (("مدرسه",),))),  # an open quote runs to the end
        ("covid-19", Query((), (("covid", "19"),))),
        ("COVID ٢٠٢٣", Query(("covid", "2023"), ())),
        ("مدرسة مدرسة", Query(("مدرسه",), ())),
        ('"" ، ...', Query((), ())),
    ],
)
def test_parse_query(typed, expected):
    assert parse_query(typed) == expected


def _found(typed: str, text: str) -> list[str]:
    return [text[hit.start : hit.end] for hit in find_hits(parse_query(typed), text)]


@pytest.mark.parametrize(
    ("typed", "text", "expected"),
    [
        ("مدرسة", "زار والمدرسة ثم المدرسة", ["والمدرسة", "المدرسة"]),
        ("مدرسة", "درس الطالب", []),
        ("الامارات", "دولة الإمارات", ["الإمارات"]),
        ("مدرسة", "في مَدْرَسَةٍ كبيرة", ["مَدْرَسَةٍ"]),
        ('"مدرسة"', "المدرسة مدرسة", ["مدرسة"]),  # quoted: exact, unstemmed
        ('"الإمارات العربية"', "الإمارات العربية والإمارات وحدها", ["الإمارات العربية"]),
        ('"الإمارات العربية"', "العربية الإمارات", []),
        ("covid-19", "COVID-19 and covid 19", ["COVID-19", "covid 19"]),
        ("2023", "في ٢٠٢٣ و2023", ["٢٠٢٣", "و2023"]),  # "and 2023": the word
        ("gulf", "Gulf gulfs", ["Gulf"]),
    ],
)
def test_find_hits(typed, text, expected):
    assert _found(typed, text) == expected


def test_hits_name_the_part_of_the_query_they_match():
    text = "قال الوزير إن المدرسة"
    assert find_hits(parse_query('مدرسة "قال الوزير"'), text) == [
        Hit(0, 10, 1),
        Hit(14, 21, 0),
    ]
