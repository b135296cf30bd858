"""The article model and the parsers that produce it (no UI code here)."""

from reader.article.decode import decode_article_bytes
from reader.article.load import MAX_ARTICLE_BYTES, load_article
from reader.article.markdown import parse_markdown
from reader.article.model import Article, ArticleError, Block, BlockKind, Metadata, Section
from reader.article.plain import parse_plain

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Article",
    "ArticleError",
    "Block",
    "BlockKind",
    "Metadata",
    "Section",
    "decode_article_bytes",
    "load_article",
    "parse_markdown",
    "parse_plain",
]
