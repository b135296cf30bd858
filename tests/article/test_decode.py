import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article.decode import decode_article_bytes
from reader.article.model import ArticleError
from reader.resources import articles_dir

# Texts written only with characters all four Arabic-capable encodings have.
NEWS = (
    "قال وزير الخارجية، في مؤتمر صحفي عقده يوم الثلاثاء، إن المفاوضات مع الجانب "
    "الآخر ستستمر الأسبوع المقبل؛ وأضاف أن الوفدين اتفقا على جدول أعمال من 12 بندا.\n"
    "وفي سياق متصل، أعلنت وزارة المالية ارتفاع الإيرادات بنسبة 4.5 في المئة؟\n"
)
SHORT = "ارتفعت أسعار النفط في الأسواق العالمية اليوم.\n"
MIXED = "Reuters - أعلن البنك المركزي تثبيت سعر الفائدة عند 5.25 في المئة.\n"
SEED = (articles_dir() / "000_be68ca890cbf5680.txt").read_text(encoding="utf-8")

TEXTS = [NEWS, SHORT, MIXED, SEED]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1256", "iso-8859-6"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("text", TEXTS, ids=["news", "short", "mixed", "seed"])
def test_arabic_text_round_trips_through_every_supported_encoding(text, encoding):
    assert decode_article_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    "bom, encoding",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_in_either_byte_order_is_read_from_its_bom(bom, encoding):
    assert decode_article_bytes(bom + NEWS.encode(encoding)) == NEWS


def test_a_utf8_bom_is_not_part_of_the_text():
    assert decode_article_bytes(codecs.BOM_UTF8 + b"title") == "title"


def test_line_ends_are_normalised_to_newlines():
    assert decode_article_bytes("أ\r\nب\rج\n".encode()) == "أ\nب\nج\n"


def test_mostly_utf8_with_damaged_bytes_stays_utf8():
    damaged = NEWS[:20].encode() + b"\xff" + NEWS[20:80].encode() + b"\xfe" + NEWS[80:].encode()
    text = decode_article_bytes(damaged)
    assert text.count("\ufffd") == 2
    assert text.replace("\ufffd", "") == NEWS


def test_a_utf8_file_cut_in_the_middle_of_a_letter_is_still_utf8():
    data = NEWS.encode("utf-8")[:-2]
    assert decode_article_bytes(data).startswith(NEWS[:100])


def test_nul_bytes_mean_a_binary_file():
    with pytest.raises(ArticleError, match=r"^photo\.jpg is a binary file, not an article$"):
        decode_article_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="photo.jpg")


def test_utf16_text_is_not_mistaken_for_binary_despite_its_nul_bytes():
    assert decode_article_bytes(codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le")) == "Hello"


def test_a_stray_windows_quote_in_english_text_is_read_as_a_quote():
    assert decode_article_bytes(b"It\x92s fine") == "It\u2019s fine"


@settings(max_examples=200)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_article_error(data):
    try:
        text = decode_article_bytes(data)
    except ArticleError:
        return
    assert "\r" not in text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", TEXTS, ids=["news", "short", "mixed", "seed"])
def test_utf16_without_a_bom_is_read_not_refused_as_binary(text, encoding):
    assert decode_article_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 100,  # a zip
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 20,  # an executable
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x10\x00\x00\x00\x10" * 200,
        bytes(4000),  # nothing but NULs
        "عنوان\x00\x01\x02\x03".encode("utf-16-le") * 100,  # decodes, to controls
    ],
    ids=["zip", "elf", "png", "nuls", "controls"],
)
def test_binary_data_with_nuls_is_still_refused(data):
    with pytest.raises(ArticleError, match="binary"):
        decode_article_bytes(data)
