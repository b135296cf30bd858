import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article.model import Block, BlockKind, Metadata
from reader.article.plain import SHORT_LINE, parse_plain
from reader.resources import articles_dir

SEED = articles_dir() / "000_be68ca890cbf5680.txt"

LONG_AR = (
    "أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم تستهدف ملايين الأطفال في مختلف "
    "المحافظات، وذلك بالتعاون مع عدد من المنظمات الدولية العاملة في المجال الصحي."
)
LONG_EN = (
    "The central bank held its main interest rate steady on Wednesday, citing a slowdown "
    "in inflation and uncertainty over global energy prices in the coming months."
)


def _texts(section) -> list[str]:
    return [block.text for block in section.blocks]


def test_the_seed_article_parses_into_its_masthead_headline_and_sections():
    article = parse_plain(SEED.read_text(encoding="utf-8"), fallback_title="seed")
    assert article.metadata == Metadata(
        title="سيول تحذر روسيا من أي تعاون عسكري مع كوريا الشمالية",
        source="صدى البلد",
        credits=("الإشراف العام", "إلهام أبو الفتح", "رئيس التحرير", "أحمــد صبـري"),
    )
    outline = [(s.heading, s.level, s.paragraph_count) for s in article.sections]
    assert outline == [
        (None, 0, 3),
        ("الخلفية", 1, 2),
        ("التطورات الأخيرة", 1, 3),
        ("الآثار المحتملة", 1, 2),
    ]
    assert all(block.kind is BlockKind.PARAGRAPH for block in article.blocks)
    assert article.sections[0].blocks[0].text.startswith("بعد قمة الأسبوع الماضي")
    assert article.blocks[-1].text.endswith("نزع السلاح النووي.")


def test_the_masthead_appears_once_and_nowhere_else():
    article = parse_plain(SEED.read_text(encoding="utf-8"))
    every_text = [block.text for block in article.blocks] + [
        section.heading for section in article.sections if section.heading
    ]
    assert not set(article.metadata.credits) & set(every_text)


def test_an_english_masthead_repeated_by_the_extractor_becomes_credits():
    masthead = "Editor-in-chief\nJane Roe\nManaging editor\nJohn Doe\n"
    text = masthead + masthead + "\nMarkets rally as oil recovers\n\nDaily Ledger\n\n" + LONG_EN
    article = parse_plain(text)
    assert article.metadata.credits == tuple(masthead.splitlines())
    assert article.metadata.title == "Markets rally as oil recovers"
    assert article.metadata.source == "Daily Ledger"
    assert _texts(article.sections[0]) == [LONG_EN]


def test_a_masthead_repeated_three_times_is_kept_once():
    masthead = "Publisher\nQari Media\n"
    article = parse_plain(masthead * 3 + "Headline here\n\n" + LONG_EN)
    assert article.metadata.credits == ("Publisher", "Qari Media")
    assert article.metadata.title == "Headline here"


def test_without_a_repeated_masthead_there_are_no_credits():
    text = f"وزارة الصحة تطلق حملة تطعيم وطنية\n\nوكالة الأنباء\n\n{LONG_AR}\n"
    article = parse_plain(text)
    assert article.metadata.credits == ()
    assert article.metadata.title == "وزارة الصحة تطلق حملة تطعيم وطنية"
    assert article.metadata.source == "وكالة الأنباء"
    assert _texts(article.sections[0]) == [LONG_AR]


def test_an_arabic_byline_and_dateline_fill_author_and_date():
    text = "\n\n".join(
        [
            "حملة وطنية للتطعيم في المحافظات",
            "بوابة الأخبار",
            "كتب: أحمد علي",
            "الأربعاء 20 سبتمبر 2023 10:30 ص",
            LONG_AR,
            "تفاصيل الحملة",
            LONG_AR,
        ]
    )
    article = parse_plain(text)
    assert article.metadata == Metadata(
        title="حملة وطنية للتطعيم في المحافظات",
        source="بوابة الأخبار",
        author="أحمد علي",
        date="2023-09-20",
    )
    assert [s.heading for s in article.sections] == [None, "تفاصيل الحملة"]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("by: Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("Written by Jane Doe", "Jane Doe"),
        ("كتب - أحمد علي", "أحمد علي"),
        ("كتبت: منى حسن", "منى حسن"),
        ("بقلم: أحمد علي", "أحمد علي"),
        ("بواسطة رانيا حداد", "رانيا حداد"),
    ],
)
def test_byline_forms(line, author):
    article = parse_plain(f"Headline\n\n{line}\n\n{LONG_EN}")
    assert article.metadata.author == author
    assert article.metadata.source is None


def test_a_labelled_source_line_gives_the_source_without_its_label():
    article = parse_plain(f"Headline\n\nالمصدر: رويترز\n\n{LONG_AR}")
    assert article.metadata.source == "رويترز"


def test_an_english_article_with_byline_date_and_sections():
    text = textwrap.dedent(
        f"""\
        Central bank holds rates as inflation cools

        By Jane Doe
        Daily Ledger
        September 20, 2023

        {LONG_EN}

        The decision was unanimous.

        What happens next

        {LONG_EN}
        """
    )
    article = parse_plain(text)
    assert article.metadata == Metadata(
        title="Central bank holds rates as inflation cools",
        source="Daily Ledger",
        author="Jane Doe",
        date="2023-09-20",
    )
    assert [(s.heading, _texts(s)) for s in article.sections] == [
        (None, [LONG_EN, "The decision was unanimous."]),
        ("What happens next", [LONG_EN]),
    ]


def test_a_short_line_ending_with_a_full_stop_stays_a_paragraph():
    text = f"Headline\n\n{LONG_EN}\n\nOfficials declined to comment.\n\n{LONG_EN}"
    article = parse_plain(text)
    assert [s.heading for s in article.sections] == [None]
    assert _texts(article.sections[0]) == [LONG_EN, "Officials declined to comment.", LONG_EN]


@pytest.mark.parametrize("ending", ["؟", "!", ":", "…", "»", '"', ")."])
def test_other_sentence_endings_also_keep_a_short_line_a_paragraph(ending):
    short = f"وماذا بعد{ending}"
    article = parse_plain(f"Headline\n\n{LONG_AR}\n\n{short}\n\n{LONG_AR}")
    assert article.headings == ()


def test_short_lines_in_a_row_are_not_headings():
    verse = "Roses by the river\nLight upon the water\nSilence in the square"
    article = parse_plain(f"Headline\n\n{LONG_EN}\n\n{verse}\n\n{LONG_EN}")
    assert article.headings == ()
    assert _texts(article.sections[0])[1:4] == verse.split("\n")


def test_a_short_last_line_is_a_paragraph_not_a_heading():
    article = parse_plain(f"Headline\n\n{LONG_EN}\n\nMore to follow")
    assert article.headings == ()
    assert _texts(article.sections[0]) == [LONG_EN, "More to follow"]


def test_web_extraction_with_one_line_per_paragraph_and_no_blank_lines():
    lines = [
        "Flooding closes roads across the north",
        "Northern Times",
        LONG_EN,
        LONG_EN.replace("central bank", "regional council"),
        "Rescue efforts",
        LONG_EN.replace("central bank", "army"),
    ]
    article = parse_plain("\n".join(lines))
    assert article.metadata.title == lines[0]
    assert article.metadata.source == lines[1]
    assert [(s.heading, _texts(s)) for s in article.sections] == [
        (None, lines[2:4]),
        ("Rescue efforts", lines[5:]),
    ]


def test_hard_wrapped_prose_is_joined_into_paragraphs():
    first = " ".join([LONG_EN] * 3)
    second = LONG_EN.replace("Wednesday", "Thursday") + " " + LONG_EN
    text = "\n".join(
        [
            "Central bank holds rates",
            "",
            textwrap.fill(first, 72),
            "",
            "Outlook",
            textwrap.fill(second, 72),
            textwrap.fill(LONG_EN, 72),
        ]
    )
    article = parse_plain(text)
    assert article.metadata.title == "Central bank holds rates"
    assert [(s.heading, _texts(s)) for s in article.sections] == [
        (None, [first]),
        ("Outlook", [second, LONG_EN]),
    ]


def test_hard_wrapped_arabic_prose_is_joined_into_paragraphs():
    paragraph = " ".join([LONG_AR] * 3)
    article = parse_plain("عنوان الخبر\n\n" + textwrap.fill(paragraph, 70))
    assert _texts(article.sections[0]) == [paragraph]


def test_one_line_paragraphs_of_similar_length_are_not_joined():
    lines = [
        "The council met on Monday to discuss the new budget.",
        "Members agreed to raise spending on public transport.",
        "A final vote is expected before the end of the month.",
    ]
    article = parse_plain("Headline\n\n" + "\n".join(lines))
    assert _texts(article.sections[0]) == lines


def test_bulleted_and_numbered_lines_are_list_items():
    items = "- rates unchanged\n• inflation at 3%\n2. next meeting in May"
    text = f"Headline\n\n{LONG_EN}\n\nKey points\n{items}"
    article = parse_plain(text)
    section = article.sections[-1]
    assert section.heading == "Key points"
    assert section.blocks == (
        Block(BlockKind.LIST_ITEM, "rates unchanged", marker="•"),
        Block(BlockKind.LIST_ITEM, "inflation at 3%", marker="•"),
        Block(BlockKind.LIST_ITEM, "next meeting in May", marker="2."),
    )


def test_a_line_of_stars_is_not_a_list_item_or_heading():
    article = parse_plain(f"Headline\n\n{LONG_EN}\n\n* * *\n\n{LONG_EN}")
    assert article.headings == ()
    assert _texts(article.sections[0]) == [LONG_EN, "* * *", LONG_EN]


def test_a_headline_printed_twice_is_kept_once():
    article = parse_plain(f"Storm hits the coast\nStorm hits the coast\n\n{LONG_EN}")
    assert article.metadata.title == "Storm hits the coast"
    assert _texts(article.sections[0]) == [LONG_EN]


def test_text_that_starts_with_a_paragraph_has_no_headline():
    article = parse_plain(f"{LONG_EN}\n\n{LONG_EN}", fallback_title="notes")
    assert article.metadata.title == "notes"
    assert _texts(article.sections[0]) == [LONG_EN, LONG_EN]


def test_each_byline_field_is_taken_once_and_the_next_short_line_is_no_heading():
    # Still among the first lines: a heading comes after a paragraph.
    text = f"Headline\n\nDaily Ledger\n\nBy Jane Doe\n\nBackground\n\n{LONG_EN}"
    article = parse_plain(text)
    assert (article.metadata.source, article.metadata.author) == ("Daily Ledger", "Jane Doe")
    assert [(s.heading, _texts(s)) for s in article.sections] == [(None, ["Background", LONG_EN])]


@pytest.mark.parametrize(
    "lines",
    [
        # From real articles: a source line, then a dateline the byline
        # reader does not take (a Hijri date), right under the headline.
        ["عين اليوم – متابعات", "الباحة 25 شوال 1436 هـ"],
        ["الباحة 25 شوال 1436 هـ"],
        ["صدى البلد", "الرياض - واس"],
        ["كتب: أحمد علي", "القاهرة"],
    ],
)
def test_bylines_and_datelines_under_the_headline_are_no_headings(lines):
    text = "\n\n".join(["حملة وطنية للتطعيم", *lines, LONG_AR, "تفاصيل الحملة", LONG_AR])
    article = parse_plain(text)
    assert [section.heading for section in article.headings] == ["تفاصيل الحملة"]


@pytest.mark.parametrize(
    "line",
    [
        "الرياض 12 مايو 2023",
        "الباحة 25 شوال 1436 هـ",
        "1445 هـ",
        "عين اليوم – متابعات",
        "الرياض - واس",
        "أ ف ب",
        "London (Reuters)",
        "Cairo - AFP",
    ],
)
def test_a_dateline_or_an_agency_between_paragraphs_is_no_heading(line):
    article = parse_plain(f"Headline\n\n{LONG_AR}\n\n{line}\n\n{LONG_AR}")
    assert article.headings == ()
    assert line in _texts(article.sections[0])


def test_a_heading_is_followed_by_the_text_it_heads():
    # A short line between a paragraph and a dateline heads nothing.
    article = parse_plain(f"Headline\n\n{LONG_AR}\n\nتفاصيل\n\nالرياض - واس\n\n{LONG_AR}")
    assert article.headings == ()


def test_a_lone_short_line_under_the_headline_is_read_as_the_source():
    # News puts a lead before its first subheading, so this is the likelier reading.
    article = parse_plain(f"Headline\n\nBackground\n\n{LONG_EN}")
    assert article.metadata.source == "Background"


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n"])
def test_an_empty_text_is_an_empty_article(text):
    article = parse_plain(text, fallback_title="empty")
    assert article.metadata == Metadata(title="empty")
    assert article.sections == ()


def test_a_title_alone_is_an_article_without_sections():
    article = parse_plain("Just a headline\n")
    assert article.metadata.title == "Just a headline"
    assert article.sections == ()


WORDS = st.sampled_from(
    ["خبر", "عاجل", "السلام", "news", "storm", "Coast", "x", ".", "؟", "،", ":", "-", "•",
     "*", "»", "«", "1.", "(", ")", "\u200f", "\u202e"]
)  # fmt: skip
LINES = st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=40)
# Label words and markers the parser may take off the text it reads.
LABELS = {"by", "written", "كتب", "كتبت", "بقلم", "بواسطة", "source", "المصدر", "-", "•", "*", "1."}


def _all_words(article) -> set[str]:
    meta = article.metadata
    parts = [meta.title, meta.source or "", meta.author or "", meta.date or "", *meta.credits]
    parts += [s.heading or "" for s in article.sections]
    parts += [block.text for block in article.blocks]
    return {word for part in parts for word in part.split()}


@settings(max_examples=200)
@given(st.lists(LINES, max_size=30).map("\n".join))
def test_any_text_parses_and_keeps_its_words(text):
    article = parse_plain(text, fallback_title="fallback")
    assert article.metadata.title
    for block in article.blocks:
        assert block.text
        assert "\n" not in block.text
    kept = _all_words(article)
    missing = {word for word in text.split() if word not in kept and word.casefold() not in LABELS}
    # A dateline is stored as its ISO date; its words go with it.
    assert not missing or article.metadata.date, missing


@settings(max_examples=200)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    parse_plain(text)


def test_a_long_text_parses_in_reasonable_time():
    text = ("\n\n".join([LONG_AR] * 20 + ["عنوان فرعي"]) + "\n\n") * 500
    article = parse_plain(text)
    assert len(article.blocks) > 10_000
    assert re.search("عنوان فرعي", article.sections[1].heading or "")


# -- linear whatever the text (issue 9) -------------------------------------------


def test_a_bullet_of_spaces_without_a_word_is_read_in_one_pass():
    from tests.linear import finishes

    # The file: 20,000 spaces took 15 s; ten times as many would
    # have taken half an hour with the old expression.
    article = finishes(lambda: parse_plain("Title\n\n- " + " " * 200_000 + "!\n"))
    [block] = article.blocks
    assert block.kind is BlockKind.PARAGRAPH  # no word: not a list item
    assert block.text.endswith("!")


def test_a_bullet_with_many_spaces_before_its_text_is_still_a_list_item():
    from tests.linear import finishes

    article = finishes(lambda: parse_plain("Title\n\n- " + " " * 200_000 + "word\n"))
    assert article.blocks == (Block(BlockKind.LIST_ITEM, "word", marker="•"),)


def test_a_headline_printed_two_hundred_thousand_times_is_skipped_by_index():
    from tests.linear import finishes

    # Too long for a masthead line, so it is the headline, repeated (three
    # minutes when each copy was sliced off the rest).
    title = "A headline just long enough not to pass for a line of the masthead, repeated here"
    assert len(title) > SHORT_LINE
    article = finishes(lambda: parse_plain(f"{title}\n\n" * 200_000 + "Body text.\n"))
    assert article.metadata.title == title.strip()
    assert [block.text for block in article.blocks] == ["Body text."]


def test_a_masthead_repeated_a_hundred_thousand_times_is_taken_off_by_index():
    from tests.linear import finishes

    # A hundred seconds when each copy was sliced off the rest.
    masthead = "Editor\nJane Roe\n"
    article = finishes(lambda: parse_plain(masthead * 100_000 + "\nHeadline\n\nBody text.\n"))
    assert article.metadata.credits == ("Editor", "Jane Roe")
    assert article.metadata.title == "Headline"


@given(st.text(st.sampled_from(" -*•1.)a!\t"), max_size=30))
def test_the_bullet_reading_matches_the_old_expression(line):
    # The old expression, for its meaning (it was quadratic on long space runs).
    from reader.article.plain import _bullet

    old = re.fullmatch(r"(?P<marker>[-*•·▪◦‣]|\d{1,3}[.)])\s+(?P<text>.*\w.*)", line)
    expected = (old["marker"], old["text"]) if old else None
    assert _bullet(line) == expected
