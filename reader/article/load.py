"""Opening an article file: checking it, reading it, choosing its parser."""

from __future__ import annotations

from pathlib import Path

from reader.article.decode import decode_article_bytes
from reader.article.model import Article, ArticleError
from reader.article.plain import parse_plain
from reader.regular_file import MAX_READ_BYTES, MIB, NotRegularFile, read_regular_file

# Far beyond any news article (a long feature is well under 1 MiB), yet it
# bounds the memory a mistaken or hostile file can take. A larger file is
# read up to the cap and the article says so in its notices.
MAX_ARTICLE_BYTES = MAX_READ_BYTES

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def load_article(path: Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read and parse the article at ``path``.

    Markdown by suffix (.md, .markdown), plain text otherwise. Reads at most
    ``max_bytes``; raises ArticleError with a message for the reader when
    the file is missing, unreadable or not an article.
    """
    data = _read(path, max_bytes + 1)
    truncated = len(data) > max_bytes
    text = decode_article_bytes(data[:max_bytes] if truncated else data, name=str(path))
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        # Imported on first use: markdown-it is not needed for plain text and
        # the reader's start-up time is spent before its first paint.
        from reader.article.markdown import parse_markdown

        parse = parse_markdown
    else:
        parse = parse_plain
    article = parse(text, fallback_title=path.stem)
    notices = article.notices
    if truncated:
        notices += (f"Only the first {_size(max_bytes)} of {path.name} was read.",)
    return article._replace(path=path, notices=notices)


def _read(path: Path, limit: int) -> bytes:
    try:
        return read_regular_file(path, limit)
    except NotRegularFile as error:
        raise ArticleError(f"{path} is {error.kind}, not an article") from error
    except OSError as error:
        raise _os_error(path, error) from error


def _os_error(path: Path, error: OSError) -> ArticleError:
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return ArticleError(f"no such file: {path}")
    if isinstance(error, PermissionError):
        return ArticleError(f"cannot read {path}: permission denied")
    return ArticleError(f"cannot read {path}: {error.strerror or error}")


def _size(count: int) -> str:
    return f"{count // MIB} MiB" if count >= MIB else f"{count} bytes"
