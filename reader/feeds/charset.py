"""Decoding a downloaded feed or page, whatever its labels claim.

Labels lie: servers send a default charset for everything, feeds declare one encoding
and are saved in another. Bytes that are valid UTF-8 (and not plain ASCII) are UTF-8
whatever the labels say: no legacy Arabic text is valid UTF-8 by accident. Otherwise the
document's own declaration is tried, then the server's, then the guess the file loader
makes (which tells Windows-1256 from ISO-8859-6 by which one reads as Arabic).
"""

from __future__ import annotations

import codecs
import re

from reader.article.decode import decode_article_bytes
from reader.article.model import ArticleError
from reader.feeds.errors import FeedError

# The declarations sit at the very start (XML) or in the first kilobytes (HTML's
# prescan, as browsers do it).
_XML_PREFIX = 1024
_HTML_PREFIX = 4096
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode_document(data: bytes, content_type: str = "", *, name: str = "the answer") -> str:
    """The text of a feed or page in `data`, served with `content_type`."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _guess(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in declared_encodings(data, content_type):
        try:
            return data.decode(label)
        except (LookupError, UnicodeDecodeError):
            continue
    return _guess(data, name)


def declared_encodings(data: bytes, content_type: str = "") -> list[str]:
    """The encodings `data` names for itself, then the one its server named."""
    labels = []
    for pattern, prefix in ((_XML_DECLARATION, _XML_PREFIX), (_META_CHARSET, _HTML_PREFIX)):
        found = pattern.search(data[:prefix])
        if found:
            labels.append(found[1].decode("ascii"))
    header = _HEADER_CHARSET.search(content_type)
    if header:
        labels.append(header[1])
    return labels


def _guess(data: bytes, name: str) -> str:
    try:
        return decode_article_bytes(data, name=name)
    except ArticleError:
        raise FeedError(f"{name} is binary data, not text") from None
