from pathlib import Path

import pytest

from reader.article.model import Article, Block, BlockKind, Metadata, Section


def _article() -> Article:
    lead = Section(None, 0, (Block(BlockKind.PARAGRAPH, "lead"),))
    body = Section(
        "Body",
        1,
        (
            Block(BlockKind.PARAGRAPH, "one"),
            Block(BlockKind.QUOTE, "quoted"),
            Block(BlockKind.PARAGRAPH, "two"),
        ),
    )
    return Article(Path("a.txt"), Metadata(title="T"), (lead, body))


def test_sections_count_their_paragraphs_only():
    article = _article()
    assert [section.paragraph_count for section in article.sections] == [1, 2]


def test_article_lists_blocks_in_reading_order_and_its_headings():
    article = _article()
    assert [block.text for block in article.blocks] == ["lead", "one", "quoted", "two"]
    assert [section.heading for section in article.headings] == ["Body"]
    assert article.sections[0].is_lead
    assert article.title == "T"


def test_an_article_without_sections_is_empty():
    assert Article(None, Metadata(title="T"), ()).is_empty
    assert not _article().is_empty


def test_the_model_is_immutable():
    article = _article()
    with pytest.raises(AttributeError):
        article.metadata.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        article.sections[0].blocks[0].text = "changed"  # type: ignore[misc]
