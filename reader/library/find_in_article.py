"""Finding a query in the open article: every hit, in reading order.

What a hit is (normalised words, light stems, quoted phrases) is the
library's search (reader.library.query); this runs it over an article's
blocks, as `reader.page.article_blocks` lists them, so that a hit is a place
the page can draw: a block and a span of its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reader.library.normalise import normalise, stem
from reader.library.query import find_hits, parse_query


class ArticleHit(NamedTuple):
    """`blocks[block][start:end]` matched: a whole word (harakat and the
    attached و ال … included) or a phrase."""

    block: int
    start: int
    end: int


def find_in_article(blocks: Sequence[str], query: str) -> list[ArticleHit]:
    """The hits of `query` (as typed) in the blocks' texts, in reading
    order; none for a query with no words."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return []
    # A hit's stem (or a phrase's first word) is in the block's search form:
    # blocks without any are passed over at the speed of str.translate.
    needles = {stem(term) for term in parsed.terms} | {phrase[0] for phrase in parsed.phrases}
    found: list[ArticleHit] = []
    for number, text in enumerate(blocks):
        folded = normalise(text)
        if not any(needle in folded for needle in needles):
            continue
        # A word can match a term and begin a phrase: one hit per span.
        spans = sorted({(hit.start, hit.end) for hit in find_hits(parsed, text)})
        found.extend(ArticleHit(number, start, end) for start, end in spans)
    return found
