"""Flattening Markdown inline markup (emphasis, links, images) to plain text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from markdown_it.token import Token

from reader.article.assemble import fold_lines

# Parts of a URL a link's text may leave out and still name the same target.
# Run on link texts and targets of any length, and linear: the first branch
# is anchored at the start (`^`, so tried at one position only) and its
# scheme repeat is possessive, as giving back letters could never let the
# `:` after it match; the second is two fixed steps per position.
_URL_DECORATION = re.compile(r"^(?:[a-z][a-z0-9+.-]*+:(?://)?)?(?:www\.)?|/$", re.IGNORECASE)


def inline_text(tokens: Sequence[Token], display_url: Callable[[str], str]) -> str:
    """The text a reader sees for an inline token list, on one line.

    A link whose text is not its target gets the target after it in angle
    brackets, so a reader sees where it really goes; an image is its alt
    text. ``display_url`` turns an encoded href into readable form.
    """
    out: list[str] = []
    open_links: list[tuple[str, int]] = []
    # Image alt text is a nested token list; a stack instead of recursion
    # keeps pathological nesting from exhausting Python's stack.
    pending: list[Iterator[Token]] = [iter(tokens)]
    while pending:
        token = next(pending[-1], None)
        if token is None:
            pending.pop()
        elif token.type in ("text", "text_special", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type == "image":
            pending.append(iter(token.children or ()))
        elif token.type == "link_open":
            open_links.append((str(token.attrs.get("href", "")), len(out)))
        elif token.type == "link_close" and open_links:
            href, start = open_links.pop()
            out.append(_shown_target("".join(out[start:]), display_url(href)))
    return fold_lines("".join(out).split("\n"))


def _shown_target(text: str, target: str) -> str:
    if not target or _bare(text) == _bare(target):
        return ""
    return f" <{target}>" if text.strip() else f"<{target}>"


def _bare(url: str) -> str:
    return _URL_DECORATION.sub("", url.strip()).casefold()
