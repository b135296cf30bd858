"""OPML, the list of feeds every feed reader imports and exports.

Reading uses defusedxml: an OPML file comes from elsewhere too, and must not expand
entities or reach for external ones.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import defusedxml
import defusedxml.ElementTree

from reader.feeds.errors import FeedError
from reader.feeds.subscriptions import Feed


class Outline(NamedTuple):
    """A feed as an OPML file lists it: its title may be anything, its URL unchecked."""

    title: str
    url: str
    folder: str | None


def read_opml(data: bytes, *, name: str = "the OPML file") -> list[Outline]:
    """The feeds listed in `data`, with the category (outer outline) each is in."""
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as error:
        raise FeedError(f"{name} declares XML entities, which are refused") from error
    except ElementTree.ParseError as error:
        raise FeedError(f"{name} is not valid OPML ({error})") from error
    if root.tag != "opml":
        raise FeedError(f"{name} is not OPML (its root is <{root.tag}>)")
    body = root.find("body")
    return list(_outlines(body)) if body is not None else []


def _outlines(body: ElementTree.Element) -> Iterator[Outline]:
    # Depth first with a stack of (element, its category): OPML nests folders in folders
    # and a hostile file can nest deeply.
    pending: list[tuple[ElementTree.Element, str | None]] = [
        (child, None) for child in reversed(body)
    ]
    while pending:
        element, folder = pending.pop()
        if element.tag != "outline":
            continue
        title = " ".join((element.get("title") or element.get("text") or "").split())
        url = element.get("xmlUrl") or element.get("xmlurl")
        if url:
            yield Outline(title, url.strip(), folder)
        pending.extend((child, title or folder) for child in reversed(element))


def write_opml(feeds: Iterable[Feed]) -> str:
    """OPML 2.0 for `feeds`, each in an outline for its folder, in the order given."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "Qari feeds"
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {}
    for feed in feeds:
        parent = body
        if feed.folder:
            if feed.folder not in folders:
                folders[feed.folder] = ElementTree.SubElement(
                    body, "outline", text=feed.folder, title=feed.folder
                )
            parent = folders[feed.folder]
        ElementTree.SubElement(
            parent, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url
        )
    ElementTree.indent(root)
    text: str = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
