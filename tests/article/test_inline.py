import pytest
from markdown_it import MarkdownIt

from reader.article.inline import inline_text

MD = MarkdownIt("commonmark")


def _flatten(source: str) -> str:
    inline = next(token for token in MD.parse(source) if token.type == "inline")
    return inline_text(inline.children or [], MD.normalizeLinkText)


def test_emphasis_and_code_are_reduced_to_their_text():
    assert _flatten("*very* **bold** `code` ~x~") == "very bold code ~x~"


def test_line_breaks_inside_a_paragraph_become_spaces():
    assert _flatten("first line\nsecond line  \nthird\\\nfourth") == (
        "first line second line third fourth"
    )


def test_a_link_shows_its_real_target_when_its_text_differs():
    assert _flatten("see [the bank](https://evil.example/login)") == (
        "see the bank <https://evil.example/login>"
    )


def test_a_link_whose_text_looks_like_another_address_shows_the_real_one():
    assert _flatten("[bank.com](https://bank.com.evil.example)") == (
        "bank.com <https://bank.com.evil.example>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "<https://example.com/a>",
        "[https://example.com/a](https://example.com/a)",
        "[example.com/a](https://example.com/a)",
        "[www.example.com/a/](https://example.com/a)",
        "<news@example.com>",
    ],
)
def test_a_link_that_shows_its_own_target_is_not_repeated(source):
    assert "<" not in _flatten(source)


def test_an_arabic_address_is_shown_readable_not_percent_encoded():
    assert _flatten("[المقال](https://ar.example/سيول)") == "المقال <https://ar.example/سيول>"


def test_a_link_without_text_shows_just_its_target():
    assert _flatten("[](https://example.com)") == "<https://example.com>"


def test_an_image_is_its_alt_text():
    assert _flatten("before ![a *red* sky](sky.png) after") == "before a red sky after"


def test_a_linked_image_shows_alt_text_and_target():
    assert _flatten("[![logo](l.png)](https://example.com)") == "logo <https://example.com>"
