"""Full-text search of a library: ranked articles, each with its best passage.

The FTS5 index finds and ranks (bm25) the articles whose stems match; each
one is then checked against its passages with the query's own matching
(``reader.library.query``), which also makes quoted phrases exact, and the
passage with the most of the query in it gives the snippet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from reader.library.find import Library
from reader.library.index import LibraryIndex
from reader.library.normalise import stem
from reader.library.passages import Passage
from reader.library.query import Hit, Query, find_hits

# Characters of context a snippet shows before its hit, and in all: about
# a line of a terminal.
_BEFORE = 30
_SNIPPET = 100
_ELLIPSIS = "…"


class SearchHit(NamedTuple):
    path: Path
    title: str
    section: str | None
    """The heading of the section the hit is in, None in the lead."""
    paragraph: int
    """Index in ``Article.blocks`` of the hit's block (of the first block
    under a heading hit, 0 for a title hit)."""
    kind: str
    """What the hit is in: "title", "heading" or "text"."""
    snippet: str
    """Logical text around the hit."""
    match: tuple[int, int]
    """Where the hit is in ``snippet``."""


def fts_expression(query: Query) -> str:
    """``query`` as an FTS5 expression over the index's stems.

    Every term is quoted, so nothing typed is read as FTS5 syntax; the
    stems hold only letters and digits, so none contains a quote.
    """
    parts = [f'"{stem(term)}"' for term in query.terms]
    parts += ['{title body} : "' + " ".join(map(stem, phrase)) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def search(index: LibraryIndex, query: Query, library: Library) -> Iterator[SearchHit]:
    """The articles of ``library`` that match ``query``, best first."""
    if query.is_empty:
        return
    for found in index.search(fts_expression(query), library):
        hit = best_hit(query, found.passages)
        if hit is not None:
            passage, first = hit
            snippet, match = make_snippet(passage.text, first.start, first.end)
            yield SearchHit(
                found.path,
                found.title,
                passage.section,
                passage.paragraph,
                passage.kind,
                snippet,
                match,
            )


def best_hit(query: Query, passages: list[Passage]) -> tuple[Passage, Hit] | None:
    """The passage that holds the most of ``query`` (text before the title),
    and its first hit; None unless the passages hold all of the query."""
    best: tuple[tuple[int, bool], Passage, Hit] | None = None
    covered: set[int] = set()
    for passage in passages:
        hits = find_hits(query, passage.text)
        if not hits:
            continue
        parts = {hit.part for hit in hits}
        covered |= parts
        score = (len(parts), passage.kind != "title")
        if best is None or score > best[0]:
            best = (score, passage, hits[0])
    if best is None or len(covered) < query.parts:
        return None
    return best[1], best[2]


def make_snippet(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """About a line of ``text`` around ``text[start:end]``, cut at spaces,
    and where that span is in it."""
    first = max(0, start - _BEFORE)
    if first > 0:
        space = text.find(" ", first, start)
        first = space + 1 if space >= 0 else first
    last = max(end, first + _SNIPPET)
    if last < len(text):
        space = text.rfind(" ", end, last)
        last = space if space >= 0 else last
    else:
        last = len(text)
    head = _ELLIPSIS if first > 0 else ""
    tail = _ELLIPSIS if last < len(text) else ""
    # A code block keeps its line breaks; a snippet is one line.
    shown = head + text[first:last].replace("\n", " ") + tail
    return shown, (start - first + len(head), end - first + len(head))
