"""The article model every parser produces and every view reads.

Text here is logical Unicode exactly as the article has it: shaping, bidi
reordering and stripping control characters belong to the layout layer.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class ArticleError(Exception):
    """A problem with an article, worded for the reader: one line, no traceback."""


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    CODE = "code"


class Block(NamedTuple):
    """One paragraph-sized piece of an article.

    ``text`` is a single paragraph with its line breaks folded to spaces,
    except for CODE, which keeps its ``"\\n"`` line breaks.

    ``depth`` counts the quotes and list items around the block beyond the
    first: a top-level quote or list item has depth 0, a list item in it 1.

    ``marker`` is the list marker of the first block of a list item ("•" for
    a bullet, "3." for an ordered item). It is kept out of ``text`` so a view
    can hang wrapped lines under the text rather than under the marker; the
    further paragraphs of the same item have kind LIST_ITEM and no marker.
    """

    kind: BlockKind
    text: str
    depth: int = 0
    marker: str = ""


class Section(NamedTuple):
    """A heading and the blocks under it.

    The lead, the text before the first heading, has heading None and level 0.
    """

    heading: str | None
    level: int
    blocks: tuple[Block, ...]

    @property
    def is_lead(self) -> bool:
        return self.heading is None

    @property
    def paragraph_count(self) -> int:
        return sum(1 for block in self.blocks if block.kind is BlockKind.PARAGRAPH)


class Metadata(NamedTuple):
    title: str
    source: str | None = None
    author: str | None = None
    # ISO yyyy-mm-dd when the date could be read; otherwise the text as given.
    date: str | None = None
    language: str | None = None
    # "rtl" or "ltr"; None means the view decides from the text itself.
    direction: str | None = None
    # The masthead (editors, publisher) a page carried, kept once.
    credits: tuple[str, ...] = ()
    # Where the article lives on the web (a saved feed item's link), as given:
    # checked and made safe only when it is shown or copied.
    url: str | None = None


class Article(NamedTuple):
    """A parsed article.

    ``notices`` are one-line messages for the reader about how the file was
    read (for example that only the start of a huge file was loaded); a view
    shows them so that nothing is left out silently.
    """

    path: Path | None
    metadata: Metadata
    sections: tuple[Section, ...]
    notices: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.metadata.title

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every block in reading order, across sections."""
        return tuple(block for section in self.sections for block in section.blocks)

    @property
    def headings(self) -> tuple[Section, ...]:
        """The sections that have a heading, for a table of contents."""
        return tuple(section for section in self.sections if not section.is_lead)

    @property
    def is_empty(self) -> bool:
        return not any(section.blocks or section.heading for section in self.sections)
