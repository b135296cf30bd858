"""Finding a query in an article's blocks."""

from reader.library.find_in_article import ArticleHit, find_in_article

BLOCKS = [
    "المدرسة الجديدة",
    "ذهب الأولاد إلى المَدْرَسَة، ثم والمدرسة القديمة.",
    "The school (المدرسة) opened in 2019.",
    "درس الطلاب",
]


def spans(query):
    return [
        (hit.block, BLOCKS[hit.block][hit.start : hit.end])
        for hit in find_in_article(BLOCKS, query)
    ]


def test_a_word_finds_its_forms_in_reading_order():
    assert spans("مدرسة") == [
        (0, "المدرسة"),
        (1, "المَدْرَسَة"),
        (1, "والمدرسة"),
        (2, "المدرسة"),
    ]


def test_not_a_word_that_merely_shares_letters():
    assert (3, "درس") not in spans("مدرسة")


def test_hits_are_offsets_in_the_block_text():
    hit = find_in_article(BLOCKS, "school")[0]
    assert hit == ArticleHit(2, 4, 10)


def test_a_quoted_phrase_is_one_hit_of_its_words_exactly():
    assert spans('"المدرسة الجديدة"') == [(0, "المدرسة الجديدة")]
    assert spans("«والمدرسة القديمة»") == [(1, "والمدرسة القديمة")]
    assert spans('"مدرسة القديمة"') == []


def test_latin_and_digits():
    assert spans("SCHOOL") == [(2, "school")]
    assert spans("٢٠١٩") == [(2, "2019")]


def test_a_query_without_words_finds_nothing():
    assert find_in_article(BLOCKS, "  ") == []
    assert find_in_article(BLOCKS, "،") == []
