"""Finding articles on disk and summarising them for the library listing."""

from reader.library.find import ARTICLE_SUFFIXES, find_articles
from reader.library.summary import ArticleSummary, Summaries, summarise

__all__ = ["ARTICLE_SUFFIXES", "ArticleSummary", "Summaries", "find_articles", "summarise"]
