import pytest

from reader.article.dates import dateline, find_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-09-20", "2023-09-20"),
        ("2023/9/5", "2023-09-05"),
        ("20/09/2023", "2023-09-20"),
        ("20.09.2023", "2023-09-20"),
        ("9/20/2023", "2023-09-20"),
        ("٢٠/٠٩/٢٠٢٣", "2023-09-20"),
        ("20 سبتمبر 2023", "2023-09-20"),
        ("الأربعاء، 20 سبتمبر، 2023", "2023-09-20"),
        ("٢٠ أيلول ٢٠٢٣", "2023-09-20"),
        ("3 تشرين الثاني 2022", "2022-11-03"),
        ("3 كانون الأول 2022", "2022-12-03"),
        ("1 يونيه 2021", "2021-06-01"),
        ("20 September 2023", "2023-09-20"),
        ("September 20, 2023", "2023-09-20"),
        ("Sept. 5th, 2023", "2023-09-05"),
        ("2023-09-20T08:30:00Z", "2023-09-20"),
    ],
)
def test_parse_date_reads_common_news_formats(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text", ["14 سبتمبر", "2023-02-30", "31/31/2023", "in 2023", "May 2023", ""]
)
def test_partial_or_impossible_dates_are_not_dates(text):
    assert parse_date(text) is None


def test_find_date_reports_where_the_date_is():
    text = "نشر في 20/09/2023"
    match = find_date(text)
    assert match is not None
    assert text[match.start : match.end] == "20/09/2023"


@pytest.mark.parametrize(
    "line",
    [
        "الأربعاء 20 سبتمبر 2023 10:30 ص",
        "نشر في: الأربعاء 20/09/2023 - 10:30 م",
        "Published Wed 20 Sep 2023 10:30 GMT",
        "Updated: September 20, 2023",
    ],
)
def test_a_dateline_may_carry_a_weekday_time_and_label(line):
    assert dateline(line) == "2023-09-20"


def test_a_sentence_that_mentions_a_date_is_not_a_dateline():
    line = "The summit opened on 20 September 2023 in the northern capital after long delays"
    assert parse_date(line) == "2023-09-20"
    assert dateline(line) is None


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 200_000 + "x 2023",  # a day, then spaces before no month
        "September" + " " * 200_000 + "x 2023",  # a month, then spaces before no day
        "14 سبتمبر" + " ," * 100_000 + " 2023",  # separators that lead nowhere
        "1 " * 200_000 + "2023",
    ],
    ids=["day-spaces", "month-spaces", "separators", "many-days"],
)
def test_long_runs_between_the_parts_of_a_date_are_read_once(text):
    from tests.linear import finishes

    assert finishes(lambda: find_date(text)) is None
