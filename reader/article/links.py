"""The web addresses an article leads to: its own, then those in its text.

The parsers show a link whose text is not its address as `text <address>`
(see `inline.py`), and an address as itself; a plain-text article has bare
addresses. Both are found in the blocks' text, so every format gives its
links the same way, and a link is listed as the reader sees it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.article.model import Article
from reader.hyperlinks import terminal_url

# `<https://…>` as inline.py writes a link's target after its text.
_TARGET = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>]+)>")
# A bare address, up to a space or an angle bracket.
_BARE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# What ends a sentence around an address rather than belonging to it.
_TRAILING = ".,;:!?'\"»”’،؛؟"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# How much of the text before a `<target>` names the link, at most.
_LABEL_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?؟。]\s")


class Link(NamedTuple):
    label: str
    """What the link says (the article's title for its own address, the
    words before the address in the text, or "" for a bare address)."""
    url: str
    """The address as `terminal_url` gives it: safe to send."""


def article_links(article: Article) -> list[Link]:
    """The article's own address, then each address in its text once, in
    reading order; what is not a web address is left out."""
    found: list[Link] = []
    seen: set[str] = set()

    def add(label: str, target: str) -> None:
        url = terminal_url(target)
        if url is not None and url not in seen:
            seen.add(url)
            found.append(Link(label, url))

    if article.metadata.url:
        add(article.title, article.metadata.url)
    for block in article.blocks:
        for label, target in text_links(block.text):
            add(label, target)
    return found


def text_links(text: str) -> list[tuple[str, str]]:
    """(label, address) of each link in one block's text, in order."""
    links: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    previous_end = 0
    for match in _TARGET.finditer(text):
        label = _label(text[previous_end : match.start()])
        links.append((match.start(), label, match.group(1).strip()))
        taken.append(match.span())
        previous_end = match.end()
    for match in _BARE.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            links.append((match.start(), "", _trimmed(match.group())))
    return [(label, url) for _, label, url in sorted(links)]


def _label(before: str) -> str:
    """The words just before a `<target>`: the link's text, as far as a
    sentence's end, and no more than a few words."""
    ends = list(_SENTENCE_END.finditer(before))
    clause = before[ends[-1].end() :] if ends else before
    return " ".join(clause.split()[-_LABEL_WORDS:])


def _trimmed(address: str) -> str:
    """A bare address without the punctuation of the sentence around it,
    keeping a closing bracket it opened itself (Wikipedia's `_(…)`)."""
    while address and address[-1] in _TRAILING + "".join(_CLOSERS):
        last = address[-1]
        opener = _CLOSERS.get(last)
        if opener is not None and address.count(opener) >= address.count(last):
            break
        address = address[:-1]
    return address
