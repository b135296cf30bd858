import pytest

from reader.article.language import direction_for_language, normalise_direction


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("AR_eg", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("ug", "rtl"),
        ("en", "ltr"),
        ("fr-CA", "ltr"),
        ("zh-Hant-TW", "ltr"),
        ("az-Arab", "rtl"),
        ("ar-Latn", "ltr"),
        ("", None),
        ("12", None),
        ("not a tag", None),
    ],
)
def test_direction_follows_the_language_and_its_script(tag, direction):
    assert direction_for_language(tag) == direction


@pytest.mark.parametrize(
    ("value", "direction"),
    [("rtl", "rtl"), (" RTL ", "rtl"), ("ltr", "ltr"), ("auto", None), ("", None)],
)
def test_normalise_direction_accepts_only_rtl_and_ltr(value, direction):
    assert normalise_direction(value) == direction
