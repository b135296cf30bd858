"""Finding the article files in a library folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reader.article.model import ArticleError

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})


def find_articles(path: Path) -> list[Path]:
    """The articles at ``path``: the file itself, or a folder's articles.

    A folder is searched recursively for .txt, .md and .markdown files, in
    sorted order, skipping hidden files and folders. Raises ArticleError when
    ``path`` does not exist or a folder holds no articles.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as error:
        raise ArticleError(f"no such file or folder: {path}") from error
    except OSError as error:
        raise ArticleError(f"cannot read {path}: {error.strerror or error}") from error
    if not stat.S_ISDIR(mode):
        # Whether it is really an article is for loading it to say.
        return [path]
    found = sorted(_walk(path))
    if not found:
        raise ArticleError(f"no articles (.txt, .md, .markdown files) in {path}")
    return found


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    # os.walk does not follow symlinked folders, so a link loop cannot make
    # it run forever; unreadable folders are skipped, as os.walk does.
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            candidate = Path(root, name)
            if (
                not name.startswith(".")
                and candidate.suffix.lower() in ARTICLE_SUFFIXES
                and candidate.is_file()
            ):
                found.append(candidate)
    return found
