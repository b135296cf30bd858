"""Markdown articles, parsed with markdown-it-py (CommonMark plus tables).

markdown-it holds every token of a document (hundreds of bytes each) and a
table of numbers per line at once: a 3 MB file of tiny paragraphs took
1.6 GB, ~500x its size. So a document is read a window of WINDOW_CHARS at a
time, and from each window only whole top-level blocks are kept: the block
the window's end cuts short is read again at the start of the next window,
where markdown-it sees it whole (a top-level block is parsed the same
wherever it starts). What one window of markdown-it costs, in time or in
memory, is then bounded by the window, whatever is superlinear inside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

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

# Far more than an article's longest block; a block longer than this (a
# 64 MiB paragraph) is cut where the window ends.
WINDOW_CHARS = 64 * 1024
# markdown-it looks for the end of each link label by scanning ahead as
# deep as MAX_NESTING: a window full of "[" without "]" cost ~100 rule calls
# per character (64 KiB: 16 s). No article has this many link or image
# openers in one window, so beyond it their labels are not looked for and
# the brackets are text.
MAX_LINK_OPENERS = 2048

Parse = Callable[[str], list[Token]]


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
    items, too_deep = _body_items(body)
    title, items = _take_title(front.title or None, items)
    return Article(
        path=None,
        metadata=front._replace(title=title or fallback_title),
        sections=_sections(items),
        notices=(_TOO_DEEP_NOTICE,) if too_deep else (),
    )


def _body_items(body: str) -> tuple[list[_Heading | Block], bool]:
    """The headings and blocks of `body`, read a window at a time, and
    whether a container was nested too deep to show."""
    # Reference definitions ("[id]: url") may come after the links that use
    # them, in any window: they are gathered from every window first.
    env: dict[str, Any] = {"references": _references(body) if "]:" in body else {}}
    items: list[_Heading | Block] = []
    too_deep = False
    for tokens in _windows(body, lambda window: _parser(window).parse(window, env)):
        items += _items(tokens)
        too_deep = too_deep or _too_deep(tokens)
    return items, too_deep


def _parser(window: str) -> MarkdownIt:
    return _markdown_it(links=window.count("[") <= MAX_LINK_OPENERS)


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
        title, _ = _take_title(None, _body_items(body)[0])
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
    # No further than the first window ends, as the full parse reads it.
    end = min(end, _window_end(body, 0))
    first_block = body[:end]
    items = _items(_parser(first_block).parse(first_block))
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
def _markdown_it(*, links: bool = True, inline: bool = True) -> MarkdownIt:
    # Raw HTML is shown as the text it is rather than hidden as markup.
    options = {"maxNesting": MAX_NESTING, "html": False}
    parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    if not links:
        parser.disable(["link", "image"])
    if not inline:
        parser.disable(["inline", "text_join"])
    return parser


def _references(body: str) -> dict[str, Any]:
    """The reference definitions of `body`, the first of each label."""
    env: dict[str, Any] = {"references": {}}
    block_parser = _markdown_it(inline=False)
    for _ in _windows(body, lambda window: block_parser.parse(window, env)):
        pass
    references: dict[str, Any] = env["references"]
    return references


def _windows(body: str, parse: Parse) -> Iterator[list[Token]]:
    """The block tokens of `body`, a window at a time; each list holds whole
    top-level blocks, in order, and all of them together hold the text once."""
    start, reopen = 0, ""
    while start < len(body):
        end = _window_end(body, start)
        window = reopen + body[start:end]
        tokens = parse(window)
        last, line = _last_top_level_block(tokens)
        if end == len(body):
            yield tokens
            return
        if last > 0:
            # The last block may go on past the window: read it again.
            yield tokens[:last]
            start += _line_start(window, line) - len(reopen)
            reopen = ""
        else:
            # A single block longer than the window: cut where it ends.
            yield tokens
            reopen = _fence_to_reopen(tokens, window)
            # What markdown-it drops of a block nested too deep (see
            # MAX_NESTING) is dropped past the window too: its indented rest.
            start = _after_indented_lines(body, end) if _too_deep(tokens) else end


def _window_end(body: str, start: int) -> int:
    """Where a window from `start` ends: after a blank line in its second
    half if there is one (nothing but a paragraph continues over one), else
    after a line, else at a space, else anywhere."""
    end = start + WINDOW_CHARS
    if end >= len(body):
        return len(body)
    half = start + WINDOW_CHARS // 2
    for separator in ("\n\n", "\n", " "):
        cut = body.rfind(separator, half, end)
        if cut >= 0:
            return cut + len(separator)
    return end


def _last_top_level_block(tokens: Sequence[Token]) -> tuple[int, int]:
    """The index of the first token of the last top-level block and the line
    it starts on, or (-1, 0) if there is none."""
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            return index, token.map[0]
    return -1, 0


def _after_indented_lines(text: str, start: int) -> int:
    """Where the first line from `start` that does not begin with a space, a
    tab or a line break begins (the end of `text` if none does)."""
    position = start
    while position < len(text) and text[position] in " \t\n":
        line_end = text.find("\n", position)
        position = len(text) if line_end < 0 else line_end + 1
    return position


def _line_start(text: str, line: int) -> int:
    """The offset in `text` where line number `line` (from 0) starts."""
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


def _fence_to_reopen(tokens: Sequence[Token], window: str) -> str:
    """The opening line of a fenced code block that a window's end cut off,
    so that the next window reads the rest as code too; else ""."""
    fence = tokens[-1] if tokens else None
    if fence is None or fence.type != "fence" or fence.level != 0 or fence.map is None:
        return ""
    lines = window.count("\n") + (not window.endswith("\n"))
    if fence.map[1] < lines:
        return ""  # it closed before the window's end
    start = _line_start(window, fence.map[1] - 1)
    last = window[start:].split("\n", 1)[0].strip()
    if last.startswith(fence.markup) and not last.strip(fence.markup[0]):
        return ""  # its closing line is the window's last
    return f"{fence.markup}{fence.info}\n"


def _items(tokens: Sequence[Token]) -> list[_Heading | Block]:
    """Headings and blocks in reading order.

    markdown-it's block tokens are a flat list of open/close pairs, so one
    loop with an explicit container stack walks any depth without recursion.
    """
    items: list[_Heading | Block] = []
    containers: list[_Container] = []
    cells: list[str] = []
    display_url = _markdown_it().normalizeLinkText
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
