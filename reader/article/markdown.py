"""Markdown articles, parsed with markdown-it-py (CommonMark plus tables)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.article.assemble import SectionBuilder
from reader.article.frontmatter import split_front_matter
from reader.article.inline import inline_text
from reader.article.model import Article, Block, BlockKind, Metadata, Section

# markdown-it stops reading a container nested this deep and drops what is
# inside it; each level costs about two Python frames, so this stays far
# from the recursion limit while no real article comes near it.
MAX_NESTING = 100
_TOO_DEEP_NOTICE = f"Quotes or lists nested more than {MAX_NESTING} levels deep are not shown."
_CONTAINER_OPENS = frozenset({"blockquote_open", "list_item_open"})
# Linear by construction: possessive quantifiers give nothing back, so each
# expression looks at each character once from each line start or newline.
_CONTENT = re.compile(r"[^ \t\n]")
_BLANK_LINE = re.compile(r"\n[ \t]*+\n")
# Every line that could be a level-1 heading (ATX "# …" or a setext "==="
# underline), and more: indented ones may be code, but that only costs a
# full parse.
_MAYBE_LEVEL_1 = re.compile(r"^[ \t]*+(?:#(?:[ \t]|$)|=++[ \t]*+$)", re.MULTILINE)


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str


@dataclass
class _Container:
    """An open blockquote or list item while walking the token stream."""

    kind: BlockKind
    # A list item's marker, until its first block takes it.
    marker: str = ""


def parse_markdown(text: str, *, fallback_title: str = "") -> Article:
    """Parse Markdown (with optional front matter) into an Article."""
    front, body = split_front_matter(text)
    tokens = _parser().parse(body)
    items = _items(tokens)
    title, items = _take_title(front.title or None, items)
    notices = (_TOO_DEEP_NOTICE,) if _too_deep(tokens) else ()
    return Article(
        path=None,
        metadata=front._replace(title=title or fallback_title),
        sections=_sections(items),
        notices=notices,
    )


def markdown_metadata(
    text: str, *, complete: bool = True, fallback_title: str = ""
) -> Metadata | None:
    """``parse_markdown(text).metadata``, without parsing the whole body.

    The front matter gives everything but, when it has no title, the title,
    which is then a lone level-1 heading at the very top: only the first
    block is parsed, and the rest is scanned for lines that could be another
    level-1 heading (when one is found, the whole body is parsed to be sure).
    ``complete`` is False when ``text`` is only the start of the file; None
    then means that start was not enough to be sure.
    """
    front, body = split_front_matter(text)
    if front.title:
        return front  # a title in front matter is the title whatever follows
    if not complete and body is text and text.startswith(("---", "+++")):
        return None  # front matter may close beyond the part read
    settled, title = _head_title(body, complete)
    if not settled:
        if not complete:
            return None
        title, _ = _take_title(None, _items(_parser().parse(body)))
    return front._replace(title=title or fallback_title)


def _head_title(body: str, complete: bool) -> tuple[bool, str | None]:
    """(True, the title) when the first block settles it, else (False, None)."""
    start = _CONTENT.search(body)
    if start is None:
        return complete, None
    blank = _BLANK_LINE.search(body, start.start())
    if blank is None and not complete:
        return False, None
    end = len(body) if blank is None else blank.start() + 1
    first_block = body[:end]
    items = _items(_parser().parse(first_block))
    if not items:
        return False, None  # an empty heading, an image: the first item is further on
    first = items[0]
    if not (isinstance(first, _Heading) and first.level == 1):
        return True, None
    settled = (
        complete
        # A link reference defined further down would change the heading's text.
        and "[" not in first_block
        and not any(isinstance(item, _Heading) and item.level == 1 for item in items[1:])
        and _MAYBE_LEVEL_1.search(body, end) is None
    )
    return settled, first.text if settled else None


@cache
def _parser() -> MarkdownIt:
    # Raw HTML is shown as the text it is rather than hidden as markup.
    options = {"maxNesting": MAX_NESTING, "html": False}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


def _items(tokens: Sequence[Token]) -> list[_Heading | Block]:
    """Headings and blocks in reading order.

    markdown-it's block tokens are a flat list of open/close pairs, so one
    loop with an explicit container stack walks any depth without recursion.
    """
    items: list[_Heading | Block] = []
    containers: list[_Container] = []
    cells: list[str] = []
    display_url = _parser().normalizeLinkText
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            containers.append(_Container(BlockKind.QUOTE))
        elif kind == "list_item_open":
            # ``info`` is the item's number in an ordered list.
            marker = f"{token.info}{token.markup}" if token.info else "•"
            containers.append(_Container(BlockKind.LIST_ITEM, marker))
        elif kind in ("blockquote_close", "list_item_close") and containers:
            containers.pop()
        elif kind in ("fence", "code_block"):
            items.append(_block(BlockKind.CODE, token.content.rstrip("\n"), containers))
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close":
            items.append(_block(BlockKind.PARAGRAPH, " | ".join(cells), containers))
        elif kind == "inline":
            text = inline_text(token.children or (), display_url)
            parent = tokens[index - 1].type if index else ""
            if parent in ("th_open", "td_open"):
                cells.append(text)
            elif parent == "heading_open" and not containers:
                # An empty "#" line has nothing to show in a table of contents.
                if text:
                    items.append(_Heading(int(tokens[index - 1].tag[1:]), text))
            elif text:
                # An image with no alt text leaves nothing to read.
                items.append(_block(BlockKind.PARAGRAPH, text, containers))
    return items


def _block(kind: BlockKind, text: str, containers: list[_Container]) -> Block:
    """A block of ``kind`` placed in the innermost open container, if any."""
    if not containers:
        return Block(kind, text)
    inner = containers[-1]
    depth = len(containers) - 1
    if kind is BlockKind.CODE:
        return Block(kind, text, depth)
    marker, inner.marker = inner.marker, ""
    return Block(inner.kind, text, depth, marker)


def _take_title(
    front_title: str | None, items: list[_Heading | Block]
) -> tuple[str | None, list[_Heading | Block]]:
    """The title, and the items without the heading that served as it.

    A lone level-1 heading at the very top is the title; several level-1
    headings are sections. When front matter names the title, the same
    heading repeated below it is dropped rather than shown twice.
    """
    top_level = [item for item in items if isinstance(item, _Heading) and item.level == 1]
    first = items[0] if items else None
    if not (isinstance(first, _Heading) and top_level == [first]):
        return front_title, items
    if front_title is None or front_title == first.text:
        return first.text, items[1:]
    return front_title, items


def _sections(items: list[_Heading | Block]) -> tuple[Section, ...]:
    sections = SectionBuilder()
    for item in items:
        if isinstance(item, _Heading):
            sections.start(item.text, item.level)
        else:
            sections.add(item)
    return sections.build()


def _too_deep(tokens: Sequence[Token]) -> bool:
    # A container opened at the last allowed level could not read its
    # contents (see MAX_NESTING).
    return any(
        token.type in _CONTAINER_OPENS and token.level >= MAX_NESTING - 1 for token in tokens
    )
