"""The search normaliser and light stemmer: tables of what must and must not
meet, and properties tying the fast form to the mapped one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.library.normalise import (
    Word,
    normalise,
    normalise_with_map,
    stem,
    stems,
    word_list,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat and tanwin
        ("الإمارات", "الامارات"),  # alef with hamza below
        ("أحمد", "احمد"),
        ("آمن", "امن"),
        ("ٱلرحمن", "الرحمن"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maksura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("كـــتـــاب", "كتاب"),  # tatweel
        ("ﺑﺴﻢ ﷲ", "بسم الله"),  # presentation forms and the Allah ligature
        ("ﻻ", "لا"),  # lam-alef ligature
        ("ایران کشور", "ايران كشور"),  # Persian yeh and keheh
        ("٢٠٢٣ و۱۴۰۲", "2023 و1402"),  # Arabic-Indic and Persian digits
        ("COVID Straße", "covid strasse"),  # Latin case folding
        ("اللّٰه", "الله"),  # shadda and superscript alef
        ("بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ", "بسم الله الرحمن"),  # Quranic marks
        ("مدر\u200cسة\u200f", "مدرسه"),  # ZWNJ and RLM inside and after a word
        ("و\u0654", "ؤ"),  # a decomposed hamza composes, as ؤ itself stays
        ("ا\u0654", "ا"),
        ("ؤ ئ", "ؤ ئ"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("مدرسة", "المدرسة"),
        ("مدرسة", "والمدرسة"),
        ("مدرسة", "ومدرسة"),
        ("مدرسة", "بالمدرسة"),
        ("مدرسة", "للمدرسة"),
        ("الامارات", "الإمارات"),
        ("مَدْرَسَة", "مدرسة"),
        ("مدرسة", "مَدْرَسَة"),
        ("وزير", "الوزير"),
        ("وزير", "ووزير"),
        ("الوزير", "وزير"),
        ("كتاب", "كتابها"),
        ("معلم", "المعلمون"),
        ("سيارة", "سيارات"),
        ("covid", "COVID"),
        ("2023", "٢٠٢٣"),
    ],
)
def test_these_meet(query, document):
    assert stem(normalise(query)) in stems(normalise(document))


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("مدرسة", "درس"),  # the stem keeps its م
        ("درس", "مدرسة"),
        ("الله", "له"),  # stripping ال would leave two letters
        ("بيان", "بي"),  # and so would stripping ان
        ("مدرسة", "مدارس"),  # a broken plural is another word to a light stemmer
        ("cat", "cats"),  # Latin is not stemmed
        ("وزير", "زير"),  # the document's own word is وزير, not زير
    ],
)
def test_these_do_not_meet(query, document):
    assert stem(normalise(query)) not in stems(normalise(document))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("مدرسه", "مدرس"),
        ("والمدرسه", "مدرس"),
        ("الامارات", "امار"),
        ("بالقاهره", "قاهر"),
        ("كالبحر", "بحر"),
        ("فالامر", "امر"),
        ("للطلاب", "طلاب"),
        ("كتابها", "كتاب"),
        ("معلمون", "معلم"),
        ("معلمين", "معلم"),
        ("عربيه", "عرب"),
        ("درس", "درس"),  # three letters: nothing to take
        ("بان", "بان"),
        ("الام", "الام"),  # ال would leave two
        ("covid", "covid"),
        ("2023", "2023"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_a_word_with_the_conjunction_waw_is_also_indexed_without_it():
    assert stems("ومدرسه") == ("ومدرس", "مدرس")
    assert stems("وزير") == ("وزير", "زير")
    assert stems("ولد") == ("ولد",)  # و of a three-letter word is the word's own
    assert stems("مدرسه") == ("مدرس",)


def test_the_map_points_at_the_source_of_each_character():
    text = "مَدْرَسَة ﻻ"
    folded, where = normalise_with_map(text)
    assert folded == "مدرسه لا"
    assert [text[n] for n in where] == ["م", "د", "ر", "س", "ة", " ", "ﻻ", "ﻻ"]


def test_words_carry_their_spans_with_their_harakat():
    text = "قالَ الرئيسُ: «مَدْرَسَةٌ»"
    found = words(text)
    assert [word.text for word in found] == ["قال", "الرئيس", "مدرسه"]
    assert [text[word.start : word.end] for word in found] == ["قالَ", "الرئيسُ", "مَدْرَسَةٌ"]


def test_words_inside_one_expanded_character_share_its_span():
    assert words("ﷺ") == [
        Word("صلي", 0, 1),
        Word("الله", 0, 1),
        Word("عليه", 0, 1),
        Word("وسلم", 0, 1),
    ]


def test_punctuation_and_underscores_separate_words():
    assert word_list("covid-19, al_qahira؛ «الخبر»") == ["covid", "19", "al", "qahira", "الخبر"]


# Text made of what matters here: Arabic letters and marks, presentation
# forms, format characters, Latin, digits and whatever else Unicode holds.
_ALPHABET = st.one_of(
    st.sampled_from(
        [
            *"مدرسةأإآٱىیکۀ٠٩۰۹ـ ،.«»AbßİΣςوي",
            *("\u064e", "\u0651", "\u0654", "\u0653", "\u0670", "\u200c", "\u200f"),
            *("\ufefb", "\ufdf2", "\ufdfa", "\ufe70", "\u0301", "\u1100", "\u1161"),
        ]
    ),
    st.characters(),
)


@given(st.text(_ALPHABET, max_size=40))
def test_the_mapped_form_is_the_fast_form(text):
    folded, where = normalise_with_map(text)
    assert folded == normalise(text)
    assert len(where) == len(folded)
    assert where == sorted(where)
    assert all(0 <= n < len(text) for n in where)


@given(st.text(_ALPHABET, max_size=40))
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(_ALPHABET, max_size=40))
def test_word_spans_lie_in_order_inside_the_text(text):
    found = words(text)
    assert [word.text for word in found] == word_list(text)
    for word in found:
        assert 0 <= word.start < word.end <= len(text)
    assert [word.start for word in found] == sorted(word.start for word in found)
