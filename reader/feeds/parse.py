"""A downloaded feed (RSS 0.9x, 1.0, 2.0 or Atom) as a title and a list of items.

feedparser does the parsing. Around it: the text is decoded here (see `charset`), entity
declarations are refused before feedparser sees the document (a billion-laughs or
external-entity document stops at its DTD, in bounded memory, whatever SAX driver
feedparser picks), and feedparser is given a stream, never bytes or a string, which it
would first try to open as a local file name or fetch as a URL.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import defusedxml
import defusedxml.expatreader
import feedparser

from reader.article.html import html_to_text
from reader.feeds.charset import decode_document
from reader.feeds.errors import FeedError

# An id longer than this is stored by its digest: ids come from the feed.
_MAX_KEY = 512
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


@dataclass(frozen=True)
class Item:
    key: str
    """The item's id in its feed (its guid or Atom id, else its link, else a digest)."""
    link: str | None
    title: str
    published: datetime | None
    author: str | None
    html: str
    """The item's content, else its summary, as HTML (relative links resolved)."""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str | None
    items: tuple[Item, ...]


def parse_feed(data: bytes, content_type: str, url: str) -> ParsedFeed:
    """Parse the feed downloaded from `url`. Raises `FeedError` with a one-line reason."""
    text = decode_document(data, content_type)
    if _HTML_START.match(text[:4096]):
        raise FeedError("not a feed: the address gives an HTML page")
    utf8 = _XML_ENCODING.sub(r"\1", text, count=1).encode("utf-8")
    refuse_entity_declarations(utf8)
    try:
        parsed = feedparser.parse(
            io.BytesIO(utf8),
            response_headers={
                "content-type": "application/xml; charset=utf-8",
                "content-location": url,
            },
            sanitize_html=True,
            resolve_relative_uris=True,
        )
    except Exception as error:  # whatever a hostile feed makes it raise
        raise FeedError(f"cannot read the feed ({type(error).__name__}: {error})") from None
    if not parsed.get("version"):
        raise FeedError(f"not a feed ({_problem(parsed)})")
    # A feed that is not well-formed XML is read by feedparser's lenient parser, as real
    # feeds with a stray "&" need; what it recovers with nothing in it is not an item.
    items = tuple(
        item
        for item in (_item(entry, url) for entry in parsed.entries)
        if item.title or item.html or item.link
    )
    if parsed.get("bozo") and not items:
        raise FeedError(f"malformed feed ({_problem(parsed)})")
    return ParsedFeed(
        one_line(parsed.feed.get("title")), _web_link(url, parsed.feed.get("link")), items
    )


class _PrologEnd(Exception):
    """The root element started: no entity can be declared after this point."""


class _StopAtRoot(xml.sax.handler.ContentHandler):
    def startElement(self, name: str, attrs: Any) -> None:
        raise _PrologEnd

    def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
        raise _PrologEnd


def refuse_entity_declarations(data: bytes) -> None:
    """Raise `FeedError` if the XML in `data` declares entities or refers to external
    ones. Reads only the prolog, with defusedxml's expat handlers."""
    reader = defusedxml.expatreader.create_parser()
    reader.setContentHandler(_StopAtRoot())
    try:
        reader.parse(io.BytesIO(data))
    except defusedxml.DefusedXmlException as error:
        raise FeedError(f"the feed declares XML entities, which are refused ({error})") from None
    except (_PrologEnd, xml.sax.SAXException):
        # The root started, or the prolog is malformed: feedparser says which it is.
        return


def _problem(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    if error is None:
        return "no RSS or Atom element in it"
    return f"{one_line(str(error)) or type(error).__name__}"


def _item(entry: Any, feed_url: str) -> Item:
    link = _web_link(feed_url, entry.get("link"))
    title = one_line(entry.get("title"))
    if "html" in ((entry.get("title_detail") or {}).get("type") or ""):
        title = html_to_text(title)
    body = _body(entry)
    return Item(
        key=_key(entry.get("id"), link, title, body),
        link=link,
        title=title,
        published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=one_line(entry.get("author")) or None,
        html=body,
    )


def _body(entry: Any) -> str:
    contents = [*entry.get("content", ()), entry.get("summary_detail") or {}]
    for content in contents:
        value = content.get("value") or ""
        if not value.strip():
            continue
        if "html" in (content.get("type") or ""):
            return str(value)
        return "".join(f"<p>{html.escape(part)}</p>" for part in re.split(r"\n\s*\n", value))
    return ""


def _key(entry_id: Any, link: str | None, title: str, body: str) -> str:
    if isinstance(entry_id, str) and entry_id.strip():
        key = " ".join(entry_id.split())
    elif link:
        key = link
    else:
        key = "digest:" + hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    if len(key) > _MAX_KEY:
        return "digest:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return key


def _web_link(base: str, link: Any) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    url = urljoin(base, link.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not url.isprintable():
        return None
    return url


def _time(value: Any) -> datetime | None:
    # feedparser gives struct_time in UTC; an impossible date is left out.
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


def one_line(value: Any) -> str:
    """`value` as text on one line, its white space folded ("" for None)."""
    return " ".join(str(value).split()) if value else ""
