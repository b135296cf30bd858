"""HTML as Markdown: a feed item's content, or the main text taken from a web page.

Qari has one parser for structured articles, the Markdown one; HTML becomes Markdown
text and then an article like any other file, so it needs no renderer of its own. The
HTML is hostile: its text is escaped so it cannot turn into markup, only http, https
and mailto links survive, and the tree is walked without recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose start or end ends the paragraph being built.
_BLOCKS = frozenset(
    {"address", "article", "aside", "body", "caption", "center", "dd", "details", "div"}
    | {"dl", "dt", "figcaption", "figure", "footer", "header", "hgroup", "hr", "html"}
    | {"li", "main", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead"}
    | {"tr", "ul", *_HEADINGS, "blockquote", "pre"}
)
# Never text for a reader: code, styling, embedded media, form controls.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math"}
    | {"canvas", "video", "audio", "form", "input", "button", "select", "textarea", "head"}
)
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# HTML's collapsible white space: not U+00A0, which Arabic text uses to keep words together.
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
# What CommonMark (with tables and strikethrough) could read as markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~!])")
# What it could read as a block marker at the start of a line: a list item, a quote, a
# heading underline, a thematic break.
_LINE_START_SPECIAL = re.compile(r"^(\d{1,9})([.)])|^([-+=])")
_BREAK = "\n"


def escape_markdown(text: str) -> str:
    """`text` as Markdown that shows exactly `text` (once its white space is folded)."""
    return _escape_line_start(_escape_inline(text))


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line_start(text: str) -> str:
    return _LINE_START_SPECIAL.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def html_to_markdown(html: str, *, base_url: str | None = None, title: str | None = None) -> str:
    """The Markdown for `html` (a fragment or a whole document).

    Relative links are resolved against `base_url` (dropped without one); a leading
    level-1 heading equal to `title` is left out, since the article shows its title.
    """
    if not html.strip():
        return ""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
    try:
        root = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return ""
    writer = _Writer(base_url, title)
    writer.walk(root)
    return writer.markdown()


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (a title that may hold markup), on one line."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return " ".join(html.split())
    return " ".join(str(root.text_content()).split())


@dataclass
class _Container:
    """An open blockquote or list item; `marker` is "" for a quote, "-" or "3." for an
    item, and `used` says whether a block has been written in it yet (the first block
    of an item takes its marker)."""

    marker: str
    used: bool = False


@dataclass
class _List:
    ordered: bool
    count: int = 0


@dataclass
class _Link:
    href: str | None
    start: int
    paragraph: int


@dataclass
class _Writer:
    base_url: str | None
    title: str | None
    # Each block with the line that separates it from the one before.
    blocks: list[tuple[str, str]] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)
    containers: list[_Container] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    # How many paragraphs have been flushed: a link that spans a flush is left as text.
    paragraphs: int = 0
    heading: int = 0
    pre: int = 0
    code: list[str] = field(default_factory=list)

    def walk(self, root: lxml.html.HtmlElement) -> None:
        walker = lxml.etree.iterwalk(root, events=("start", "end", "comment"))
        for event, element in walker:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "comment":
                self.text(element.tail)
            elif event == "start":
                if tag in _SKIPPED:
                    walker.skip_subtree()
                else:
                    self.start(tag, element)
                    self.text(element.text)
            else:
                if tag not in _SKIPPED:
                    self.end(tag)
                self.text(element.tail)
        self.flush()

    def text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre:
            self.code.append(text)
        else:
            self.inline.append(_escape_inline(_HTML_SPACE.sub(" ", text)))

    def start(self, tag: str, element: lxml.html.HtmlElement) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag in _HEADINGS:
            self.heading = _HEADINGS[tag]
        elif tag == "pre":
            self.pre += 1
        elif tag == "br":
            (self.code if self.pre else self.inline).append(_BREAK)
        elif tag == "blockquote":
            self.containers.append(_Container(""))
        elif tag in ("ul", "ol"):
            self.lists.append(_List(ordered=tag == "ol"))
        elif tag == "li":
            self.containers.append(_Container(self._item_marker()))
        elif tag == "a":
            href = element.get("href")
            self.links.append(_Link(self._link_target(href), len(self.inline), self.paragraphs))
        elif tag in ("td", "th") and self.inline:
            self.inline.append(" \\| ")

    def end(self, tag: str) -> None:
        if tag == "a" and self.links:
            self._close_link(self.links.pop())
        elif tag == "pre":
            self.pre -= 1
            if not self.pre:
                self._add_code()
        if tag in _BLOCKS:
            self.flush()
        if tag in _HEADINGS:
            self.heading = 0
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("li", "blockquote") and self.containers:
            self.containers.pop()

    def _item_marker(self) -> str:
        if not self.lists:
            return "-"
        current = self.lists[-1]
        current.count += 1
        return f"{current.count}." if current.ordered else "-"

    def _link_target(self, href: str | None) -> str | None:
        if not href:
            return None
        target = urljoin(self.base_url or "", href.strip())
        try:
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            return None
        if scheme not in _LINK_SCHEMES:
            return None
        # Inside <…> a link target may hold spaces but not these.
        for character, encoded in (("<", "%3C"), (">", "%3E"), ("\\", "%5C")):
            target = target.replace(character, encoded)
        return _HTML_SPACE.sub("%20", target)

    def _close_link(self, link: _Link) -> None:
        if link.href is None or link.paragraph != self.paragraphs or self.heading:
            return
        text = "".join(self.inline[link.start :]).replace(_BREAK, " ")
        del self.inline[link.start :]
        if text.strip():
            # Spaces inside the link's edges stay outside it, between the words.
            lead = " " if text[0] == " " else ""
            trail = " " if text[-1] == " " else ""
            self.inline.append(f"{lead}[{text.strip()}](<{link.href}>){trail}")

    def flush(self) -> None:
        """End the paragraph being built: a heading, or paragraphs split at double breaks."""
        pieces, self.inline = self.inline, []
        if not pieces:
            return
        self.paragraphs += 1
        text = "".join(pieces)
        if self.heading and not self.containers:
            self._add_heading(_fold(text))
            return
        for paragraph in re.split(r"\n[ \n]*\n", text):
            folded = _fold(paragraph)
            if folded:
                self._add_block([_escape_line_start(folded)])

    def _add_heading(self, text: str) -> None:
        if not text:
            return
        if self.heading == 1 and not self.blocks and self.title is not None:
            if text == _escape_inline(" ".join(self.title.split())):
                return
        self.blocks.append(("", f"{'#' * self.heading} {text}"))

    def _add_code(self) -> None:
        text, self.code = "".join(self.code).strip("\n"), []
        if not text.strip():
            return
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        self._add_block([fence, *text.split("\n"), fence])

    def _add_block(self, lines: list[str]) -> None:
        separator = self._separator()
        first, rest = self._prefixes()
        body = [first + lines[0], *(rest + line if line else rest.rstrip() for line in lines[1:])]
        self.blocks.append((separator, "\n".join(body)))

    def _prefixes(self) -> tuple[str, str]:
        """The prefixes of a block's first line and of its other lines in the open
        containers; the first block of a list item takes the item's marker."""
        first, rest = "", ""
        for container in self.containers:
            if not container.marker:
                first, rest = first + "> ", rest + "> "
            else:
                indent = " " * (len(container.marker) + 1)
                first += indent if container.used else container.marker + " "
                rest += indent
            container.used = True
        return first, rest

    def _separator(self) -> str:
        # The blank line before a block continues the containers the previous block was
        # in too: a bare blank line would close an open quote.
        line = ""
        for container in self.containers:
            if not container.used:
                break
            line += " " * (len(container.marker) + 1) if container.marker else ">"
        return line.rstrip()

    def markdown(self) -> str:
        if not self.blocks:
            return ""
        parts = [self.blocks[0][1]]
        for separator, block in self.blocks[1:]:
            parts.append(f"\n{separator}\n{block}")
        return "".join(parts) + "\n"


def _fold(text: str) -> str:
    return " ".join(part for part in text.replace(_BREAK, " ").split(" ") if part)
