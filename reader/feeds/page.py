"""One web page as an article: its main text only, with its title, site, author and date.

trafilatura finds the main text of a news page (no navigation, ads, comments or related
links) and gives it as HTML with the page's metadata in <meta> tags; the HTML then goes
the way every feed item goes (reader/article/html.py). trafilatura is imported only by
`qari add`: it costs a noticeable part of a second to import.
"""

from __future__ import annotations

from datetime import date

import lxml.etree
import lxml.html

from reader.article.plain import byline_author
from reader.feeds.errors import FeedError
from reader.feeds.parse import one_line
from reader.feeds.store import Entry

PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


def page_entry(page: str, url: str | None) -> Entry:
    """The article in `page` (fetched from `url`, None for a local file)."""
    import trafilatura

    try:
        extracted = trafilatura.extract(
            page,
            url=url,
            output_format="html",
            with_metadata=True,
            include_links=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
        )
    except Exception as error:  # whatever a hostile page makes it raise
        raise FeedError(f"cannot read the page ({type(error).__name__}: {error})") from None
    if not extracted:
        raise FeedError("found no article text in the page")
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.fromstring(extracted.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise FeedError("found no article text in the page") from None
    meta = {
        str(tag.get("name")): one_line(tag.get("content"))
        for tag in root.iter("meta")
        if tag.get("name") and tag.get("content")
    }
    author = meta.get("author")
    return Entry(
        title=meta.get("title") or meta.get("hostname") or "untitled",
        html=extracted,
        url=url,
        source=meta.get("sitename") or meta.get("hostname"),
        author=byline_author(author) if author else None,
        published=_date(meta.get("date")),
    )


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
