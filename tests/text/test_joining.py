"""Paragraph joining against arabic-reshaper, the plainly correct path: every
pair and many triples of letters, with harakat and tatweel, and a large
corpus, real and generated."""

from functools import cache
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import news_paragraphs, source_paragraphs
from reader.text.sanitise import sanitise
from reader.text.shape import _shaped_words

from .strategies import HARAKAT, arabic_text, mixed_text

# A letter of each way of joining, lam and the alefs it joins with, tatweel,
# hamza (joins neither way), a Persian letter, and what is not a letter.
SOME = "بجدرهوءلاأإآىيةپکـ a1،"


@cache
def shapers():
    words = _shaped_words()
    return words._joining, words._reshaper


def assert_agrees(text: str) -> bool:
    """Whether the joining took `text`; if it did, it agrees with the reshaper."""
    joining, reshaper = shapers()
    joined = joining.shape(text)
    if joined is not None:
        assert joined == reshaper.reshape(text), text
    return joined is not None


def test_every_pair_of_letters():
    _, reshaper = shapers()
    letters = "".join(reshaper.letters).replace("\u200d", "")
    for pair in product(letters, repeat=2):
        assert assert_agrees("".join(pair))
        assert assert_agrees(" ".join(pair))


def test_triples_with_harakat_and_tatweel():
    for a, b, c in product(SOME, repeat=3):
        for text in (a + b + c, a + "\u064e" + b + c, a + b + "\u0651\u064e" + c, "\u064f" + a + b):
            assert assert_agrees(text)


def test_lam_alef_with_harakat_between():
    for text in ("لَا", "بلَّا", "ال\u0651\u064eأمر", "لـا", "للا لا"):
        assert assert_agrees(text)


def test_the_corpus_agrees_with_the_reshaper_and_is_joined_whole():
    paragraphs = source_paragraphs() + news_paragraphs(0.2, seed=4)
    assert all(assert_agrees(sanitise(paragraph)) for paragraph in paragraphs)


def test_what_is_left_to_the_reshaper():
    joining, _ = shapers()
    assert joining.shape("ب\u200dب") is None  # ZWJ: `shape` replaces it before
    assert joining.shape("بب 😀") is None  # beyond the BMP: no room for the form


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_arabic_words_are_joined_and_agree(text):
    assert assert_agrees(text)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_any_text_agrees_where_it_is_joined(text):
    assert_agrees(sanitise(text).replace("\u200d", "\u0640"))


@settings(max_examples=200, deadline=None)
@given(st.text(SOME + HARAKAT + " ", max_size=40))
def test_letters_and_harakat_in_any_order(text):
    assert assert_agrees(text)


def test_letters_join_across_long_runs_of_harakat():
    for run in (1, 2, 3, 5, 8, 33, 100):
        marks = ("\u064e\u0651\u0652" * run)[:run]
        for text in (f"ب{marks}ب", f"ل{marks}ا{marks}", f"{marks}بب{marks} ب{marks}ر"):
            assert assert_agrees(text)
