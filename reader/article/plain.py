"""Plain-text articles: text copied or extracted from news pages, or typed.

Such text has no markup, so its structure is read from its shape:

- a paragraph is a line, or a run of lines when the text is hard-wrapped;
- a block of short lines printed twice at the top is the page's masthead,
  which an extractor picked up from both the header and the footer;
- the first line after that is the headline, and the short lines just
  below it are the source, the byline and the date;
- a short line with no closing punctuation, standing alone between
  paragraphs, is a section heading: never before the first paragraph (what
  is there is more byline, «عين اليوم – متابعات», or a dateline), never a
  date or an agency's credit. When unsure, it is a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice, pairwise
from typing import NamedTuple

from reader.article.assemble import SectionBuilder, fold_lines
from reader.article.dates import dateline
from reader.article.model import Article, Block, BlockKind, Metadata, Section

# Headings, masthead and byline lines are all shorter than this; sentences
# in news text rarely are.
SHORT_LINE = 80
# A headline is at most a couple of lines long; a longer first line is
# already the article.
_TITLE_MAX = 160
# Hard wrapping happens at a fixed width somewhere in this range; text whose
# longest line is outside it was not wrapped by hand.
_WRAP_WIDTHS = (50, 160)
# A wrapped line is broken at the last space before the width, so it fills
# most of it; a paragraph's last line usually does not.
_FILL = 0.6
_MASTHEAD_LINES = (2, 12)
# Masthead, headline and byline fit in far fewer paragraphs than this.
_HEAD_UNITS = 64

# Characters that end a sentence, or a clause that introduces more text.
_SENTENCE_END = frozenset(".!?؟:…;؛»\"”’'۔")
_CLOSING_BRACKETS = ")]）"
# Every expression here runs on article text, so none may backtrack over
# it: a run of spaces must not cost a pass per space (issue 9 found a
# 20,000-space bullet taking 15 s). Each says why it cannot.
#
# A list item: a marker, spaces, then text. The marker is one of a few
# bounded forms; `\s++` is possessive and the text must start with `\S`, so
# there is one way to split the line; `.*+` takes the rest without giving
# any back. That the text holds a word character is a separate scan.
_BULLET = re.compile(r"(?P<marker>[-*•·▪◦‣]|\d{1,3}[.)])\s++(?P<text>\S.*+)")
# One character class, tried once at each position.
_WORD_CHARACTER = re.compile(r"\w")
# Byline forms, linear on any text: a literal prefix, possessive spaces
# around a separator that is not a space, then a name that starts at a
# non-space and takes the rest without giving any back.
_AUTHOR = re.compile(
    r"(?:written\s++by|by|كتبت|كتبه|كتب|بقلم|بواسطة|إعداد|اعداد)(?:\s*+[:：\-–—]\s*+|\s++)(?P<name>\S.*+)",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"(?:source|المصدر)\s*+[:：\-–—]\s*+(?P<name>\S.*+)", re.IGNORECASE)
# One character class, tried once at each position.
_LETTER = re.compile(r"[^\W\d_]")
# A dateline or an agency's credit, which a heading never is: a day, a month
# and a year («الباحة 25 شوال 1436 هـ», «10 March 2024»), a Hijri year or
# month with a number, a news agency, or two names joined by a dash
# («عين اليوم – متابعات», «الرياض - واس»). Tried only on lines of at most
# SHORT_LINE characters, and linear anyway: literals, and possessive runs
# of spaces and of non-spaces between them.
_DATELINE_OR_CREDIT = re.compile(
    r"(?<!\d)\d{1,2}\s++\S++\s++\d{4}(?!\d)"
    r"|\d{3,4}\s*+هـ"
    r"|(?:محرم|صفر|ربيع|جمادى|جمادي|رجب|شعبان|رمضان|شوال|القعدة|الحجة)\s++\d"
    r"|(?<!\w)(?:متابعات|وكالات|واس|قنا|وام|بنا|كونا|سانا|رويترز|الأناضول|أ\s?ف\s?ب"
    r"|AFP|Reuters|AP|DPA|Xinhua)(?!\w)"
    r"|\S\s++[-–—]\s++\S",
    re.IGNORECASE,
)


class _Unit(NamedTuple):
    """A paragraph-sized piece of the text; ``marker`` is set for list items."""

    text: str
    marker: str = ""


def parse_plain(text: str, *, fallback_title: str = "") -> Article:
    """Parse plain text into an Article; ``fallback_title`` if it has no headline."""
    metadata, units = _metadata(list(_units(text)), fallback_title)
    return Article(path=None, metadata=metadata, sections=_sections(units))


def plain_metadata(
    text: str, *, complete: bool = True, fallback_title: str = ""
) -> Metadata | None:
    """``parse_plain(text).metadata``, read from the first paragraphs only.

    ``complete`` is False when ``text`` is only the start of the file, cut
    at a blank line; None then means that start was not enough to be sure.
    """
    head = list(islice(_units(text), _HEAD_UNITS))
    metadata, rest = _metadata(head, fallback_title)
    # Each step below reads at most a masthead's length past where it stops,
    # so with that much left over the rest of the text changes nothing.
    if len(rest) >= _MASTHEAD_LINES[1] or (complete and len(head) < _HEAD_UNITS):
        return metadata
    if complete:
        return _metadata(list(_units(text)), fallback_title)[0]
    return None


def _metadata(units: list[_Unit], fallback_title: str) -> tuple[Metadata, list[_Unit]]:
    """The masthead, headline and byline at the top, and the units after them."""
    credits, units = _split_credits(units)
    title, units = _split_title(units)
    byline, units = _split_byline(units) if title is not None else ({}, units)
    metadata = Metadata(
        title=title or fallback_title,
        source=byline.get("source"),
        author=byline.get("author"),
        date=byline.get("date"),
        credits=credits,
    )
    return metadata, units


def _units(text: str) -> Iterator[_Unit]:
    run: list[str] = []
    for raw in _lines(text):
        line = raw.strip()
        if line:
            run.append(line)
        elif run:
            yield from _run_units(run)
            run = []
    if run:
        yield from _run_units(run)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time: a list of them all at once would
    cost a pointer and an object per line on top of the text."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _run_units(lines: list[str]) -> Iterator[_Unit]:
    """Split a run of non-blank lines into paragraphs.

    Text extracted from web pages puts each paragraph on one line, often with
    no blank line between them, so each line is a paragraph unless the run
    is clearly hard-wrapped prose.
    """
    wrapped = _is_hard_wrapped(lines)
    fill = _FILL * max(len(line) for line in lines)
    current = [lines[0]]
    for previous, line in pairwise(lines):
        if wrapped and len(previous) >= fill and _bullet(line) is None:
            current.append(line)
        else:
            yield _unit(current)
            current = [line]
    yield _unit(current)


def _is_hard_wrapped(lines: list[str]) -> bool:
    width = max(len(line) for line in lines)
    if len(lines) < 2 or not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return False
    # Lines broken at a width mostly end mid-sentence; one-line paragraphs
    # of similar length all end with a full stop.
    filling = [line for line in lines[:-1] if len(line) >= _FILL * width]
    open_ended = [line for line in filling if not _ends_sentence(line)]
    return len(open_ended) * 2 > len(filling)


def _unit(lines: list[str]) -> _Unit:
    text = fold_lines(lines)
    bullet = _bullet(text)
    if bullet is None:
        return _Unit(text)
    marker, item = bullet
    return _Unit(item, marker if marker[0].isdigit() else "•")


def _bullet(line: str) -> tuple[str, str] | None:
    """The marker and text of a list item, if ``line`` is one."""
    match = _BULLET.fullmatch(line)
    if match is None or _WORD_CHARACTER.search(line, match.start("text")) is None:
        return None
    return match["marker"], match["text"]


def byline_author(text: str) -> str:
    """The name in a byline ("بقلم: …", "By …", "بواسطة …"), or the text as it is."""
    found = _AUTHOR.fullmatch(text.strip())
    return found["name"].strip() if found else text.strip()


def _split_credits(units: list[_Unit]) -> tuple[tuple[str, ...], list[_Unit]]:
    """Take off a block of short lines that is repeated right at the top."""
    low, high = _MASTHEAD_LINES
    for size in range(low, min(high, len(units) // 2) + 1):
        block = units[:size]
        if units[size : 2 * size] == block and all(_is_short(unit) for unit in block):
            # Skipped by index: slicing the rest off once per copy would
            # copy the list once per copy.
            start = 2 * size
            while units[start : start + size] == block:
                start += size
            return tuple(unit.text for unit in block), units[start:]
    return (), units


def _split_title(units: list[_Unit]) -> tuple[str | None, list[_Unit]]:
    if not units or not _could_be_title(units[0]):
        return None, units
    title, start = units[0], 1
    # Extractors often print the headline twice (page title and heading).
    while start < len(units) and units[start] == title:
        start += 1
    return title.text, units[start:]


def _could_be_title(unit: _Unit) -> bool:
    text = unit.text
    return not unit.marker and len(text) <= _TITLE_MAX and not text.endswith(".")


def _split_byline(units: list[_Unit]) -> tuple[dict[str, str], list[_Unit]]:
    """Read the source, author and date lines under the headline.

    Each field is taken once; a second candidate for a field already found
    is article text, as is anything after the first full paragraph.
    """
    fields: dict[str, str] = {}
    taken = 0
    for unit in units:
        field = _byline_field(unit)
        if field is None or field[0] in fields:
            break
        fields[field[0]] = field[1]
        taken += 1
    return fields, units[taken:]


def _byline_field(unit: _Unit) -> tuple[str, str] | None:
    text = unit.text
    if unit.marker or len(text) > SHORT_LINE:
        return None
    author = _AUTHOR.fullmatch(text)
    if author:
        return "author", author["name"].strip()
    if _ends_sentence(text):
        return None
    date = dateline(text)
    if date:
        return "date", date
    if not _LETTER.search(text):
        return None
    source = _SOURCE.fullmatch(text)
    return "source", source["name"].strip() if source else text


def _sections(units: list[_Unit]) -> tuple[Section, ...]:
    sections = SectionBuilder()
    for index, unit in enumerate(units):
        previous = units[index - 1] if index > 0 else None
        following = units[index + 1] if index + 1 < len(units) else None
        if _is_heading(previous, unit, following):
            sections.start(unit.text, 1)
        elif unit.marker:
            sections.add(Block(BlockKind.LIST_ITEM, unit.text, marker=unit.marker))
        else:
            sections.add(Block(BlockKind.PARAGRAPH, unit.text))
    return sections.build()


def _is_heading(previous: _Unit | None, unit: _Unit, following: _Unit | None) -> bool:
    """A heading stands alone between body text: after a paragraph (so never
    among the first lines, the byline's), before the text it heads. A run of
    short lines (a list, a verse, a table) has no headings."""
    return (
        _is_heading_like(unit)
        and previous is not None
        and _is_body(previous)
        and following is not None
        and _is_body(following)
    )


def _is_body(unit: _Unit) -> bool:
    """A paragraph of text, or a list item: what a heading heads."""
    return bool(unit.marker) or not _is_short(unit) or _ends_sentence(unit.text)


def _is_heading_like(unit: _Unit) -> bool:
    return (
        _is_short(unit)
        and not unit.marker
        and not _ends_sentence(unit.text)
        and _LETTER.search(unit.text) is not None
        and _DATELINE_OR_CREDIT.search(unit.text) is None
    )


def _is_short(unit: _Unit) -> bool:
    return len(unit.text) <= SHORT_LINE


def _ends_sentence(text: str) -> bool:
    # "(as reported.)" ends a sentence inside its brackets.
    trimmed = text.rstrip().rstrip(_CLOSING_BRACKETS)
    return bool(trimmed) and trimmed[-1] in _SENTENCE_END
