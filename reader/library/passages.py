"""An article as the full-text index sees it: passages, and their search terms.

A passage is a piece of text a hit can be shown in: the title, a heading or
a block. ``paragraph`` numbers the blocks of ``Article.blocks``, so that a
hit can be opened where it is; a heading's is the first block under it.
"""

from __future__ import annotations

import json
import zlib
from typing import NamedTuple

from reader.article.model import Article
from reader.library.normalise import stem, stems, word_list


class Passage(NamedTuple):
    kind: str
    """"title", "heading" or "text"."""
    section: str | None
    """The heading of the section it is in (None in the lead)."""
    paragraph: int
    text: str


class Terms(NamedTuple):
    """What the full-text index is given for one article: space-separated stems.

    ``title`` and ``body`` keep the words' order, for phrases; ``alt`` holds
    the second stem of words that have one (see ``normalise.stems``).
    """

    title: str
    body: str
    alt: str


class ArticleText(NamedTuple):
    """An article's full text as the index keeps it, made where the article
    was read: in a helper process, when there are many (see ``readers``),
    so that the process writing the index only writes."""

    sections: list[str]
    """The section headings, in order."""
    passages: bytes
    """The passages, packed (``unpack_passages`` reads them)."""
    terms: Terms


def article_passages(article: Article) -> list[Passage]:
    """The title, headings and blocks of ``article``, in reading order."""
    found = [Passage("title", None, 0, article.title)]
    paragraph = 0
    for section in article.sections:
        heading = section.heading
        if heading:
            found.append(Passage("heading", heading, paragraph, heading))
        for block in section.blocks:
            found.append(Passage("text", heading, paragraph, block.text))
            paragraph += 1
    return found


def passage_terms(passages: list[Passage]) -> Terms:
    title = word_list(" ".join(p.text for p in passages if p.kind == "title"))
    # One pass over the whole body: a line break separates words as well
    # as passages do.
    body = word_list("\n".join(p.text for p in passages if p.kind != "title"))
    alt = [form for word in (*title, *body) if word[0] == "و" for form in stems(word)[1:]]
    return Terms(" ".join(map(stem, title)), " ".join(map(stem, body)), " ".join(alt))


def article_text(article: Article) -> ArticleText:
    """What the index keeps of ``article``'s full text."""
    passages = article_passages(article)
    sections = [passage.text for passage in passages if passage.kind == "heading"]
    return ArticleText(sections, pack_passages(passages), passage_terms(passages))


def pack_passages(passages: list[Passage]) -> bytes:
    # Level 1: a passage is read back for one hit at a time, and the text
    # is written once per article, so speed counts more than size.
    return zlib.compress(json.dumps(passages, ensure_ascii=False).encode(), 1)


def unpack_passages(blob: bytes) -> list[Passage]:
    return [Passage(*fields) for fields in json.loads(zlib.decompress(blob))]
