"""Opening an article file: checking it, reading it, choosing its parser."""

from __future__ import annotations

from pathlib import Path

from reader.article.decode import decode_article_bytes
from reader.article.model import Article, ArticleError, Metadata
from reader.article.plain import parse_plain, plain_metadata
from reader.regular_file import MAX_READ_BYTES, MIB, NotRegularFile, read_regular_file
from reader.text.sanitise import name_text

# Far beyond any news article (a long feature is well under 1 MiB), yet it
# bounds the memory a mistaken or hostile file can take. A larger file is
# read up to the cap and the article says so in its notices.
MAX_ARTICLE_BYTES = MAX_READ_BYTES

# What a summary reads first: all of a typical news article (1-5 KB), and
# the top of a longer one.
HEAD_BYTES = 16 * 1024

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
    article = parse(text, fallback_title=name_text(path.stem))
    notices = article.notices
    if truncated:
        notices += (f"Only the first {_size(max_bytes)} of {path.name} was read.",)
    return article._replace(path=path, notices=notices)


def load_metadata(path: Path) -> Metadata:
    """``load_article(path).metadata``, read from the start of the file.

    The title, source and date sit at the top of an article, so a library
    listing reads HEAD_BYTES and parses only what they need. When that start
    does not settle them (a long masthead, an unclosed front matter, a
    heading that may not be the only one), the whole text is read, and still
    parsed only as far as they need. Raises ArticleError as ``load_article``
    does.
    """
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from reader.article.markdown import markdown_metadata

        read = markdown_metadata
    else:
        read = plain_metadata
    data = _read(path, HEAD_BYTES + 1)
    text = decode_article_bytes(data[:HEAD_BYTES], name=str(path))
    untitled = name_text(path.stem)
    if len(data) <= HEAD_BYTES:
        metadata = read(text, fallback_title=untitled)
    else:
        # Whole paragraphs only: how the last one would end is unknown.
        head = text[: text.rfind("\n\n") + 1]
        metadata = read(head, complete=False, fallback_title=untitled)
    if metadata is None:
        data = _read(path, MAX_ARTICLE_BYTES)
        whole = decode_article_bytes(data, name=str(path))
        metadata = read(whole, fallback_title=untitled)
    assert metadata is not None  # a complete text always settles it
    return metadata


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
