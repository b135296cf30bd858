from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article.frontmatter import NO_FRONT_MATTER, split_front_matter
from reader.article.model import Metadata


def test_yaml_front_matter_is_read_and_removed():
    text = (
        "---\n"
        "title: سيول تحذر روسيا\n"
        "source: صدى البلد\n"
        "author: [سلمى عبد الرحيم, Daniel Okafor]\n"
        "date: 2023-09-20\n"
        "lang: ar\n"
        "dir: rtl\n"
        "credits:\n  - الإشراف العام\n  - رئيس التحرير\n"
        "url: https://example.com/ar/مدرسة?id=1\n"
        "---\n"
        "Body\n"
    )
    front, body = split_front_matter(text)
    assert front == Metadata(
        title="سيول تحذر روسيا",
        source="صدى البلد",
        author="سلمى عبد الرحيم, Daniel Okafor",
        date="2023-09-20",
        language="ar",
        direction="rtl",
        credits=("الإشراف العام", "رئيس التحرير"),
        url="https://example.com/ar/مدرسة?id=1",
    )
    assert body == "Body\n"


def test_toml_front_matter_is_read_and_removed():
    text = '+++\ntitle = "Hello"\ndate = 2023-09-20T10:00:00Z\nlanguage = "en"\n+++\nBody'
    front, body = split_front_matter(text)
    assert (front.title, front.date, front.language) == ("Hello", "2023-09-20", "en")
    assert body == "Body"


def test_a_saved_items_link_is_its_url_and_a_structured_one_is_none():
    assert split_front_matter("---\nlink: https://example.com/a\n---\n")[0].url == (
        "https://example.com/a"
    )
    assert split_front_matter("---\nurl: [https://example.com/a]\n---\n")[0].url is None


def test_a_written_out_date_is_converted_and_an_unreadable_one_kept():
    assert split_front_matter("---\ndate: 20 September 2023\n---\n")[0].date == "2023-09-20"
    assert split_front_matter("---\ndate: last week\n---\n")[0].date == "last week"


def test_keys_are_matched_regardless_of_case():
    assert split_front_matter("---\nTitle: Hi\n---\n")[0].title == "Hi"


def test_broken_front_matter_is_dropped_and_the_body_kept():
    for text in (
        "---\ntitle: [unclosed\n---\nBody",
        "---\ndate: 2023-02-30\n---\nBody",
        '+++\ntitle = "unterminated\n+++\nBody',
    ):
        assert split_front_matter(text) == (NO_FRONT_MATTER, "Body")


def test_rules_around_a_paragraph_are_not_front_matter():
    text = "---\nJust a sentence between two rules.\n---\nBody"
    assert split_front_matter(text) == (NO_FRONT_MATTER, text)


def test_an_unclosed_block_is_not_front_matter():
    text = "---\ntitle: x\n\nBody"
    assert split_front_matter(text) == (NO_FRONT_MATTER, text)


def test_an_empty_block_is_empty_front_matter():
    assert split_front_matter("---\n---\nBody") == (NO_FRONT_MATTER, "Body")


def test_structured_values_are_ignored_rather_than_stringified():
    # Aliases make a small document describe an enormous structure.
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    front, body = split_front_matter(f"---\n{laughs}title: *i\ncredits: *i\n---\nBody")
    assert front.title == ""
    assert front.credits == ()
    assert body == "Body"


def test_deeply_nested_front_matter_does_not_crash():
    deep = "[" * 5000 + "]" * 5000
    assert split_front_matter(f"---\ntitle: {deep}\n---\nBody")[1] == "Body"
    assert split_front_matter(f"+++\ntitle = {deep}\n+++\nBody")[1] == "Body"


FRONT_MATTER_PIECES = st.sampled_from(
    ["---\n", "+++\n", "...\n", "title: ", "title = ", "date: ", "2023-02-30", '"', "[", "]",
     "{", "}", "&a ", "*a", "!!python/object:os.system ", "- ", "\n", ": ", "x"]
)  # fmt: skip


@settings(max_examples=200)
@given(st.lists(FRONT_MATTER_PIECES | st.text(max_size=10), max_size=30).map("".join))
def test_any_front_matter_splits_without_raising(text):
    front, body = split_front_matter(text)
    assert isinstance(front, Metadata)
    assert text.endswith(body)


# -- read line by line, within a bound (issue 9) -------------------------------------

# The expressions the blocks were once found with: their meaning, as a spec.
OLD_YAML = r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
OLD_TOML = r"\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)"


@given(
    st.lists(st.sampled_from(["---", "...", "+++", "-", " ", "\t", "\n", "a", ":"]), max_size=20)
)
def test_blocks_are_found_where_the_old_expressions_found_them(parts):
    text = "".join(parts)
    import re

    from reader.article.frontmatter import _fenced_block

    for pattern, fences in ((OLD_YAML, ("---", ("---", "..."))), (OLD_TOML, ("+++", ("+++",)))):
        match = re.match(pattern, text, re.DOTALL)
        expected = (match.group(1) or "", match.end()) if match else None
        assert _fenced_block(text, *fences) == expected


def test_a_block_that_never_closes_is_markdown_read_once():
    from reader.article.frontmatter import MAX_FRONT_MATTER_CHARS
    from tests.linear import finishes

    text = "---\n" + "---   x\n" * 1_000_000
    front, body = finishes(lambda: split_front_matter(text))
    assert front == NO_FRONT_MATTER and body == text
    assert MAX_FRONT_MATTER_CHARS < len(text)


def test_a_block_longer_than_the_bound_is_not_front_matter():
    from reader.article.frontmatter import MAX_FRONT_MATTER_CHARS

    text = "---\ntitle: " + "x" * MAX_FRONT_MATTER_CHARS + "\n---\nBody.\n"
    assert split_front_matter(text) == (NO_FRONT_MATTER, text)
