import unicodedata
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from reader.feeds.names import MAX_NAME_BYTES, safe_name, slug


def test_an_arabic_title_stays_readable():
    assert slug("سيول تحذر روسيا من أي تعاون عسكري") == "سيول-تحذر-روسيا-من-أي-تعاون-عسكري"
    assert safe_name("الجزيرة نت") == "الجزيرة نت"


def test_separators_and_dots_cannot_leave_the_folder():
    assert safe_name("../../etc/passwd") == "etc passwd"
    assert safe_name("..") == "untitled"
    assert safe_name("a\\b:c") == "a b c"
    assert safe_name(".hidden") == "hidden"
    assert safe_name("--rm -rf") == "rm -rf"


def test_controls_and_bidi_overrides_are_dropped():
    assert safe_name("abc\u202edcba\x1b[31m\x00x") == "abcdcba[31mx"
    assert safe_name("\u2066\u200fخبر\u200c\u2069") == "خبر"


def test_long_titles_are_cut_at_a_word_within_the_byte_bound():
    title = "كلمة " * 100
    name = safe_name(title)
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith("كلمة")


def test_nothing_left_gives_the_fallback():
    assert safe_name("\u200f\u200e /// ...", fallback="feed") == "feed"


@given(st.text(max_size=400))
@example("\u202e" * 3 + "/" + "." * 5)
@example("a" * 300 + "\u0651" * 50)
@example("\udc80\ud800")
def test_no_title_can_choose_where_a_file_goes(title):
    name = safe_name(title)
    folder = Path("/library/feed")
    assert name
    assert (folder / name).parent == folder
    assert name not in (".", "..") and not name.startswith((".", "-"))
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert not any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in name
    )
    assert not any(c in name for c in '/\\:*?"<>|')
    assert name == name.strip()
