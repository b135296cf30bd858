"""An article laid out as lines for a pane of a given width.

Pure Python, no Textual: the CLI prints these lines and the article view
draws them. Layout is incremental (blocks are laid out as lines are asked
for) so the first screen of a very long article is ready at once; the
width-independent work per paragraph is kept in a `ParagraphCache` so that a
resize or a return to an article only re-wraps.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate, groupby
from typing import Literal, NamedTuple, overload

from rich.cells import cell_len

from reader.article.model import Article, BlockKind
from reader.block_lines import BlockLines
from reader.text.align import indent, justified_origins, justify
from reader.text.bidi_classes import COMBINING_MARK
from reader.text.cells import cell_width
from reader.text.details import details_line
from reader.text.levels import base_direction
from reader.text.options import LayoutOptions, options_problem
from reader.text.paragraph import Line, Paragraph, line_sources, line_spans, line_text, prepare
from reader.text.sanitise import reveal_bidi_controls, sanitise

Role = Literal["title", "byline", "credits", "heading", "paragraph", "quote", "list_item", "code"]

# A single character class: one step per position of a block's text.
_LETTER = re.compile(r"[^\W\d_]")
_NO_ISOLATES = {0x2068: None, 0x2069: None}
_QUOTE_MARK = "│ "
# A paragraph longer than this is laid out in pieces. No real article has
# one; a hostile or broken file (a megabyte without a line break) would
# otherwise hold the reader for seconds and hundreds of megabytes in one go.
MAX_BLOCK_CHARS = 16_384
_INDENT_PER_DEPTH = 2
_DIRECTION_SAMPLE = 2000
# Cells a line of text keeps, at the least, when the column is narrow.
_MIN_TEXT = 4


class TextBlock(NamedTuple):
    """A piece of the article laid out on its own: title, heading, paragraph…"""

    role: Role
    text: str
    """The text as laid out: a list item's first paragraph begins with its
    marker and a space, so that the marker takes part in the bidi algorithm
    with its paragraph (in a right-to-left item "15." is drawn ".15")."""
    section: int
    """Index in `Article.sections`, or -1 for the title, byline and credits."""
    depth: int = 0
    marker: str = ""
    """The list marker ("•", "3.") of a list item's first paragraph."""
    paragraph: int = -1
    """Index in `Article.blocks` of the block this is (a piece of); -1 for
    the title, byline, credits and headings."""


class PageLine(NamedTuple):
    """A line of the page. `role` None is a blank line between blocks."""

    text: str
    cells: int
    indent: int
    role: Role | None
    block: int
    glyph_start: int = 0


def article_blocks(article: Article) -> list[TextBlock]:
    """The article as a flat list of blocks, in reading order. A reading
    position is an index in this list plus an offset in the block's text."""
    meta = article.metadata
    blocks = [TextBlock("title", meta.title, -1)]
    byline = details_line(_byline_parts(article))
    if byline:
        blocks.append(TextBlock("byline", byline, -1))
    if meta.credits:
        # One line or two, not a line each: a masthead's credits (editor,
        # managing editor…) would fill a small screen before the article.
        blocks.append(TextBlock("credits", details_line(meta.credits), -1))
    paragraph = 0
    for number, section in enumerate(article.sections):
        if section.heading:
            blocks.append(TextBlock("heading", section.heading, number))
        for block in section.blocks:
            if block.kind is BlockKind.CODE:
                blocks.extend(
                    TextBlock("code", line, number, block.depth, paragraph=paragraph)
                    for line in block.text.split("\n")
                )
            else:
                for n, piece in enumerate(_pieces(block.text)):
                    marker = block.marker if n == 0 else ""
                    text = f"{marker} {piece}" if marker else piece
                    role = _ROLE[block.kind]
                    blocks.append(TextBlock(role, text, number, block.depth, marker, paragraph))
            paragraph += 1
    return blocks


class ArticleBlocks(NamedTuple):
    """An article as the blocks its pages lay out, and what a view needs of
    all of them: the same at every width and with any options, so worked out
    once per article (and, for a huge one, off the UI thread)."""

    blocks: list[TextBlock]
    headings: list[int]
    """The indices of the heading blocks."""
    starts: list[int]
    """Where each block starts in the article's text; its length last."""

    @classmethod
    def of(cls, article: Article) -> ArticleBlocks:
        blocks = article_blocks(article)
        headings = [n for n, block in enumerate(blocks) if block.role == "heading"]
        starts = list(accumulate((len(block.text) for block in blocks), initial=0))
        return cls(blocks, headings, starts)


def paragraph_block(blocks: list[TextBlock], paragraph: int) -> int:
    """The first of `blocks` (`article_blocks`) that shows `Article.blocks[paragraph]`,
    or the heading right above it; the last block for a paragraph past the end."""
    for number, block in enumerate(blocks):
        if block.paragraph >= paragraph:
            above = blocks[number - 1] if number else None
            return number - 1 if above is not None and above.role == "heading" else number
    return max(len(blocks) - 1, 0)


def _byline_parts(article: Article) -> tuple[str | None, ...]:
    meta = article.metadata
    return (meta.source, meta.author, meta.date)


def _pieces(text: str) -> list[str]:
    """`text` cut before MAX_BLOCK_CHARS at a space, or where no space is, at
    a character that is not a combining mark (harakat stay on their letter).

    Each piece is sliced once from `text`, from offsets: slicing the rest
    off at every cut would copy it once per piece.
    """
    if len(text) <= MAX_BLOCK_CHARS:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > MAX_BLOCK_CHARS:
        end = start + MAX_BLOCK_CHARS
        cut = text.rfind(" ", start + MAX_BLOCK_CHARS // 2, end) + 1
        if cut <= 0:
            cut = end
            # Back over the marks on the letter at the cut. A piece that is
            # one letter and its marks, or marks alone, is cut at its end
            # anyway: walking back to its start and cutting there made
            # pieces of one character, each after a walk of the whole piece
            # (64 KB of marks: 254 s).
            while cut > start and COMBINING_MARK.match(text, cut):
                cut -= 1
            if cut <= start + 1:
                cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


_ROLE: dict[BlockKind, Role] = {
    BlockKind.PARAGRAPH: "paragraph",
    BlockKind.QUOTE: "quote",
    BlockKind.LIST_ITEM: "list_item",
    BlockKind.CODE: "code",
}


def article_is_rtl(article: Article) -> bool:
    """The direction of the article as a whole (sidebar side, headings)."""
    if article.metadata.direction in ("rtl", "ltr"):
        return article.metadata.direction == "rtl"
    # The start of each block is enough to tell, and keeps a block of 64 MiB
    # from being read whole on the UI thread.
    sample = " ".join(
        text[:_DIRECTION_SAMPLE]
        for text in [article.metadata.title]
        + [block.text for section in article.sections[:2] for block in section.blocks[:3]]
    )
    return base_direction(sample) == "R"


class ParagraphCache:
    """Prepared paragraphs by text and options: what survives a resize."""

    def __init__(self) -> None:
        self._prepared: dict[tuple[str, LayoutOptions], Paragraph] = {}

    def get(self, text: str, options: LayoutOptions) -> Paragraph:
        key = (text, options)
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared[key] = prepare(text, options)
        return found


class Page:
    """The lines of one article at one width, laid out on demand, block by
    block and in any order: a jump far ahead lays out where it lands, and
    the lines above it are estimated until they are laid out (`BlockLines`).
    What is kept of a laid-out block is where its lines break; the text of
    a line is made when it is asked for (a view asks for the lines it draws).
    """

    def __init__(
        self,
        article: Article,
        width: int,
        options: LayoutOptions,
        cache: ParagraphCache | None = None,
        blocks: list[TextBlock] | None = None,
    ) -> None:
        """`blocks` are the article's if they were worked out already
        (`ArticleBlocks`): a page at another width need not redo them."""
        problem = options_problem(options)
        if problem is not None:
            raise ValueError(problem)
        self.article = article
        self.width = max(width, 4)
        self.options = options
        self.rtl = (
            article_is_rtl(article) if options.direction == "auto" else (options.direction == "rtl")
        )
        self.blocks = article_blocks(article) if blocks is None else blocks
        self.lines = PageLines(self)
        self._cache = cache if cache is not None else ParagraphCache()
        self._column = min(self.width, options.measure)
        self._margin = (self.width - self._column) // 2
        # Per block once laid out: start, end and cells of each line, flat.
        self._spans: list[array[int] | None] = [None] * len(self.blocks)
        self._counts = BlockLines(self._estimate)
        self._next_block = 0  # the first block not laid out
        self._next_line = 0  # its first line: all before it are laid out
        self._frames: dict[tuple[Role, int, str], _Frame] = {}
        self._last_paragraph: tuple[int, Paragraph] | None = None
        self._first_text = next(
            (number for number, block in enumerate(self.blocks) if block.text), len(self.blocks)
        )

    @property
    def done(self) -> bool:
        return self._next_block >= len(self.blocks)

    def extend(self, line_count: int) -> None:
        """Lay out blocks in order until the first `line_count` lines are."""
        while not self.done and self._next_line < line_count:
            self._lay_out_block(self._next_block)

    def finish(self) -> None:
        self.extend(1 << 62)

    def __iter__(self) -> Iterator[PageLine]:
        self.finish()
        return iter(self.lines)

    def laid_out(self, block: int) -> bool:
        return self._spans[block] is not None

    def lay_out_more(self, line_count: int) -> None:
        """Lay out about `line_count` more lines after those laid out from
        the top, in order (what the background does)."""
        self.extend(self._next_line + line_count)

    def anchor(self, line: int) -> tuple[int, int]:
        """Line `line` as its block and its index there: what stays the same
        when the line numbers move (see `line_of`)."""
        return self._located(min(max(line, 0), max(len(self.lines) - 1, 0)))

    def line_of(self, anchor: tuple[int, int]) -> int:
        """The line number now of a line `anchor` named."""
        block, index = anchor
        return self._counts.first_line(block) + index

    def settle(self, line: int, before: int, after: int) -> int:
        """Lay out the `before` lines above `line` and the `after` lines from
        it, wherever they are; return the number of that same line now (it
        moves if estimates above it were off)."""
        if not self.blocks:
            return 0
        anchor = self.anchor(line)
        past = max(line - self.line_of(anchor), 0)  # lines asked for beyond those counted
        while True:
            top = self.line_of(anchor) + past
            missing = self._missing_block(top - before, top + after)
            if missing is None:
                return top
            self._lay_out_block(missing)

    def _missing_block(self, start: int, stop: int) -> int | None:
        """The first block not laid out that lines [start, stop) need."""
        counts = self._counts
        block, _ = counts.locate(max(start, 0))
        while block < len(self.blocks):
            if self._spans[block] is None:
                return block
            if counts.first_line(block) + counts.count(block) >= stop:
                return None
            block += 1
        return None

    def paragraph(self, block: int) -> Paragraph:
        last = self._last_paragraph
        if last is not None and last[0] == block:  # a block's lines are asked for in turn
            return last[1]
        text_block = self.blocks[block]
        options = self._block_options(text_block)
        if text_block.role in ("byline", "credits") and options.reveal_controls:
            # Tags for the controls the file has, not for the isolates around its parts.
            parts = _byline_parts(self.article) if text_block.role == "byline" else None
            text = details_line(parts or self.article.metadata.credits, reveal_controls=True)
            paragraph = self._cache.get(text, options._replace(reveal_controls=False))
        else:
            paragraph = self._cache.get(text_block.text, options)
        self._last_paragraph = (block, paragraph)
        return paragraph

    def block_line(self, block: int) -> int:
        """The first line of a block, laying the block out if it is not."""
        if not self.blocks:
            return 0
        block = min(max(block, 0), len(self.blocks) - 1)
        spans = self._spans[block]
        if spans is None:
            spans = self._lay_out_block(block)
        return self._counts.first_line(block) + self._counts.count(block) - len(spans) // 3

    def section_at(self, line: int) -> int:
        """The section a line belongs to (-1 before the first section)."""
        if not self.lines:
            return -1
        block, _ = self._counts.locate(line)
        return self.blocks[block].section

    def position_at(self, line: int) -> tuple[int, int]:
        """The reading position of a line: block index and the offset of its
        first character in the block's text (independent of width and mode)."""
        if not self.lines:
            return (0, 0)
        block, index = self._located(line)
        spans = self._spans[block]
        assert spans is not None
        blank = self._counts.count(block) - len(spans) // 3
        glyph = spans[3 * (index - blank)] if index >= blank else 0
        sources = self.paragraph(block).glyph_sources
        return (block, sources[glyph] if glyph < len(sources) else 0)

    def line_at(self, block: int, offset: int) -> int:
        """The line showing character `offset` of `block`."""
        if not self.blocks:
            return 0
        block = min(max(block, 0), len(self.blocks) - 1)
        first = self.block_line(block)
        spans = self._spans[block]
        assert spans is not None
        sources = self.paragraph(block).glyph_sources
        glyph = max(bisect.bisect_right(sources, offset) - 1, 0)
        return first + max(bisect.bisect_right(spans[0::3], glyph) - 1, 0)

    def line(self, number: int) -> PageLine:
        """Line `number` (0 <= number < len(lines)), laid out if it is not."""
        block, index = self._located(number)
        spans = self._spans[block]
        assert spans is not None
        blank = self._counts.count(block) - len(spans) // 3
        if index < blank:
            return PageLine("", 0, 0, None, block)
        return self._page_line(block, spans, index - blank)

    def iter_lines(self) -> Iterator[PageLine]:
        """The lines in order, block by block (see `PageLines`)."""
        number = 0
        while number < self._counts.blocks:
            spans = self._spans[number]
            if spans is None:
                spans = self._lay_out_block(number)
            if self._counts.count(number) > len(spans) // 3:
                yield PageLine("", 0, 0, None, number)
            for n in range(len(spans) // 3):
                yield self._page_line(number, spans, n)
            number += 1

    def _located(self, line: int) -> tuple[int, int]:
        """The block of `line` and its index there, laid out (which may move
        the line into another block when the estimate was off)."""
        while True:
            block, index = self._counts.locate(line)
            if self._spans[block] is not None:
                return block, index
            self._lay_out_block(block)

    def _block_options(self, block: TextBlock) -> LayoutOptions:
        direction = self.options.direction
        if block.role == "code":
            direction = "ltr"
        elif direction == "auto" and not _LETTER.search(block.text):
            # Numbers or punctuation alone follow the article, not P3's LTR.
            direction = "rtl" if self.rtl else "ltr"
        return self.options._replace(direction=direction, justify=False, measure=0)

    def _blank_before(self, number: int) -> int:
        """1 if block `number` is set apart by a blank line: every block but
        the first with text, and the lines of one code block."""
        block = self.blocks[number]
        # No blank line between the lines of one code block, nor between the
        # byline and the credits under it.
        previous = self.blocks[number - 1].role if number else None
        joined = (block.role, previous) in (("code", "code"), ("credits", "byline"))
        return int(number > self._first_text and not joined)

    def _estimate(self, number: int) -> int:
        """Lines a block not laid out yet is taken to have."""
        text = self.blocks[number].text
        if not text:
            return 0
        width = max(self._frame(self.blocks[number]).width, 1)
        return self._blank_before(number) + -(-len(text) // width)

    def _lay_out_block(self, number: int) -> array[int]:
        block = self.blocks[number]
        spans = array("l")
        frame = self._frame(block)
        for span in line_spans(self.paragraph(number), frame.width - frame.hang, frame.width):
            spans.extend(span)
        self._spans[number] = spans
        lines = len(spans) // 3
        self._counts.set(number, self._blank_before(number) + lines if lines else 0)
        while self._next_block < len(self.blocks) and self._spans[self._next_block] is not None:
            self._next_line += self._counts.count(self._next_block)
            self._next_block += 1
        return spans

    def _page_line(self, number: int, spans: array[int], n: int) -> PageLine:
        """Line `n` of block `number`, with its text made now."""
        block = self.blocks[number]
        paragraph = self.paragraph(number)
        at = 3 * n
        start, end, cells = spans[at], spans[at + 1], spans[at + 2]
        text = line_text(paragraph, start, end)
        frame = self._frame(block)
        if self._justified(block, n, len(spans) // 3):
            text = justify(text, frame.width - cells)
            cells = cell_width(text)
        beside = frame.drawn(first=n == 0, rtl=paragraph.rtl)
        if beside:
            text = text + beside if paragraph.rtl else beside + text
            cells += len(beside)
        return PageLine(
            text,
            cells,
            indent(cells, self._column, self._margin, paragraph.rtl),
            block.role,
            number,
            start,
        )

    def _frame(self, block: TextBlock) -> _Frame:
        """What the page sets beside the block's lines (one for each kind of block)."""
        key = (block.role, block.depth, block.marker)
        frame = self._frames.get(key)
        if frame is None:
            frame = self._frames[key] = _Frame.of(block, self._column)
        return frame

    def _justified(self, block: TextBlock, n: int, lines: int) -> bool:
        """Whether line `n` of the block's `lines` is justified: all but the last."""
        return self.options.justify and block.role == "paragraph" and n < lines - 1

    # -- where a block's text is drawn -------------------------------------------

    def drawn_sources(self, index: int) -> list[int | None]:
        """For each character of line `index`'s text, the offset in its
        block's text it shows; None for what the page adds (the indent, the
        quote bar, the list marker). A space added to justify the line shows
        the gap it widens."""
        page_line = self.lines[index]
        if page_line.role is None:
            return []
        block = self.blocks[page_line.block]
        paragraph = self.paragraph(page_line.block)
        frame = self._frame(block)
        spans = self._spans[page_line.block]
        assert spans is not None
        n = spans[0::3].index(page_line.glyph_start)
        start, end, cells = spans[3 * n : 3 * n + 3]
        line = Line(line_text(paragraph, start, end), cells, start, end)
        sources = line_sources(paragraph, line)
        if self._justified(block, n, len(spans) // 3):
            sources = [sources[i] for i in justified_origins(line.text, frame.width - line.cells)]
        if self.options.reveal_controls:
            # Offsets in the revealed text (each control a ‹tag›) back to the original.
            origins = _revealed_origins(block.text)
            sources = [origins[source] for source in sources]
        added: list[int | None] = [None] * len(frame.drawn(first=n == 0, rtl=paragraph.rtl))
        return [*sources, *added] if paragraph.rtl else [*added, *sources]

    def hit_cells(self, block: int, start: int, end: int) -> list[tuple[int, int, int]]:
        """Where characters [start, end) of a block's text are drawn: runs
        of (line, first cell, end cell), cells counted from the page's left
        edge. A run is a stretch of adjacent glyphs; a hit split by a change
        of direction, or by a line break, is two runs."""
        if end <= start:
            return []
        runs: list[tuple[int, int, int]] = []
        for index in range(self.line_at(block, start), self.line_at(block, end - 1) + 1):
            page_line = self.lines[index]
            text = page_line.text
            inside = [
                source is not None and start <= source < end for source in self.drawn_sources(index)
            ]
            at = 0
            for hit, run in groupby(inside):
                after = at + len(list(run))
                if hit:
                    # Measured as Rich measures the whole line, which Textual
                    # draws: a VS16 widens the emoji before it, a ZWJ joins.
                    first, last = cell_len(text[:at]), cell_len(text[:after])
                    if last > first:
                        runs.append((index, page_line.indent + first, page_line.indent + last))
                at = after
        return runs


class PageLines(Sequence[PageLine]):
    """The lines of a page: those laid out, and estimates for the blocks
    between them (asking for one of those lays its block out)."""

    def __init__(self, page: Page) -> None:
        self._page = page

    def __len__(self) -> int:
        return self._page._counts.total

    @overload
    def __getitem__(self, index: int) -> PageLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[PageLine]: ...

    def __getitem__(self, index: int | slice) -> PageLine | list[PageLine]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._page.line(index)

    def __iter__(self) -> Iterator[PageLine]:
        return self._page.iter_lines()


class _Frame(NamedTuple):
    """What the page sets beside a block's lines: the indentation of its
    depth, the quote bar, the hanging indent of a list item's lines under its
    first (whose marker is part of its text); and the width left for the
    text of its first line."""

    cells: int
    """Before every line: depth and quote bar."""
    hang: int
    """Before every line but the first."""
    width: int
    mark: str = ""

    @classmethod
    def of(cls, block: TextBlock, column: int) -> _Frame:
        # The text keeps _MIN_TEXT cells where the column has them: the
        # indentation gives way first, then the quote bar or the hang.
        room = max(column - _MIN_TEXT, 0)
        depth = min(_INDENT_PER_DEPTH * block.depth, room)
        room -= depth
        if block.role == "quote":
            mark = _QUOTE_MARK[: min(len(_QUOTE_MARK), room)]
            return cls(depth + len(mark), 0, column - depth - len(mark), mark)
        if block.role == "list_item" and block.marker:
            return cls(depth, min(cell_width(block.marker) + 1, room), column - depth)
        if block.role == "list_item":
            # Continuation paragraphs of an item hang under its first one.
            cells = depth + min(_INDENT_PER_DEPTH, room)
            return cls(cells, 0, column - cells)
        return cls(depth, 0, column - depth)

    def drawn(self, first: bool, rtl: bool) -> str:
        """The frame as drawn beside a line: before a left-to-right line,
        after a right-to-left one, the mirror image (spaces and the quote
        bar, no text: nothing here for the bidi algorithm to order)."""
        depth = " " * (self.cells - len(self.mark))
        hang = " " * (0 if first else self.hang)
        if rtl:
            return hang + self.mark[::-1] + depth
        return depth + self.mark + hang


def _revealed_origins(text: str) -> list[int]:
    """For each character of the text `prepare` reveals the controls of,
    the index in `text` it came from."""
    return [index for index, char in enumerate(sanitise(text)) for _ in reveal_bidi_controls(char)]


def logical_text(blocks: Sequence[TextBlock]) -> str:
    """Consecutive blocks as text to copy: logical order, as the article has
    it (what a search elsewhere finds), a blank line between blocks, a code
    block's lines on lines of their own (a list item's text has its marker)."""
    parts: list[str] = []
    for n, block in enumerate(blocks):
        if n:
            joined_code = block.role == "code" and blocks[n - 1].role == "code"
            parts.append("\n" if joined_code else "\n\n")
        text = block.text
        if block.role == "byline":
            # Without the isolates article_blocks put around its parts.
            text = text.translate(_NO_ISOLATES)
        parts.append(text)
    return "".join(parts)


def render_text(page: Page) -> Iterator[str]:
    """The page as plain lines (indentation as spaces, no trailing spaces)."""
    for line in page:
        yield (" " * line.indent + line.text).rstrip() if line.text else ""
