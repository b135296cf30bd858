"""Finding the feed of a web page: `<link rel="alternate" type="application/rss+xml">`."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


def feed_links(page: str, base_url: str) -> list[str]:
    """The http(s) feed addresses a page announces, in its order, without repeats."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found
