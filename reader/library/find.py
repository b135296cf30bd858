"""Which files a library holds: the scope of `qari FILE` and `qari DIR`.

`qari FILE` lists the articles beside FILE, in its folder only; `qari DIR`
lists DIR and its subfolders, leaving out hidden folders and folders that
are clearly not articles (virtual environments, `node_modules`, caches).
"""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from reader.article.model import ArticleError

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
_SUFFIXES = tuple(ARTICLE_SUFFIXES)

# Folders of code and tools, never of articles: a news folder that is also
# a project checkout would otherwise list every README and licence inside.
_NOT_ARTICLE_FOLDERS = frozenset(
    {"node_modules", "__pycache__", "site-packages", "dist-packages", "__MACOSX"}
)
# A folder holding one of these is a Python or conda environment.
_ENVIRONMENT_MARKERS = frozenset({"pyvenv.cfg", "conda-meta"})


class Library(NamedTuple):
    """A folder listed as a library; ``recursive`` when its subfolders are too."""

    folder: Path
    recursive: bool

    def holds(self, path: str) -> bool:
        """Whether ``path`` (a path under the folder, as found) is in this library's scope."""
        if self.recursive:
            return path.startswith(os.path.join(self.folder, ""))
        return os.path.dirname(path) == str(self.folder)


class ArticleFile(NamedTuple):
    """An article file as found: its path and what tells a changed file apart."""

    path: str
    size: int
    mtime_ns: int


class Found(NamedTuple):
    files: list[ArticleFile]
    """Sorted by path."""
    unreadable: list[str]
    """Folders that could not be listed, and were left out."""


def library_for(path: Path) -> Library:
    """The library `qari PATH` lists: a folder and its subfolders, or a file's own folder.

    Raises ArticleError when ``path`` does not exist or cannot be read.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as error:
        raise ArticleError(f"no such file or folder: {path}") from error
    except OSError as error:
        raise ArticleError(f"cannot read {path}: {error.strerror or error}") from error
    absolute = Path(os.path.abspath(path))
    if stat.S_ISDIR(mode):
        return Library(absolute, recursive=True)
    return Library(absolute.parent, recursive=False)


def find_articles(library: Library) -> Found:
    """The article files of ``library`` (.txt, .md, .markdown; not hidden)."""
    unreadable: list[str] = []
    files = sorted(walk_articles(library, unreadable))
    return Found(files, sorted(unreadable))


def holds_article(folder: Path) -> bool:
    """Whether `qari FOLDER` would list an article; stops at the first one found,
    so that a launch does not walk a large library."""
    return next(walk_articles(Library(folder, recursive=True)), None) is not None


def walk_articles(library: Library, unreadable: list[str] | None = None) -> Iterator[ArticleFile]:
    """The article files of ``library`` as they are found, adding each folder
    that cannot be listed to ``unreadable``.

    Breadth first: a folder's own articles come before any in its subfolders,
    and saved articles sit one folder down (a folder per feed), so
    `holds_article` lists few folders. The folders still to visit are kept in
    a queue rather than by recursion, so no depth of nesting can exhaust the
    stack; symlinked folders are not followed, so a link loop cannot make it
    run forever.
    """
    top = str(library.folder)
    waiting = deque([top])
    while waiting:
        folder = waiting.popleft()
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError:
            if unreadable is not None:
                unreadable.append(folder)
            continue
        if folder != top and any(entry.name in _ENVIRONMENT_MARKERS for entry in entries):
            continue
        for entry in entries:
            found = _take(entry, library.recursive, waiting)
            if found is not None:
                yield found


def _take(entry: os.DirEntry[str], recursive: bool, waiting: deque[str]) -> ArticleFile | None:
    """``entry`` if it is an article file; a subfolder to walk goes to ``waiting``."""
    try:
        if entry.is_dir(follow_symlinks=False):
            if recursive and entry.name not in _NOT_ARTICLE_FOLDERS:
                waiting.append(entry.path)
            return None
        if not entry.name.lower().endswith(_SUFFIXES):
            return None
        # Follows a symlinked file, as opening it will.
        status = entry.stat()
    except OSError:
        return None  # vanished since the listing, or a broken link
    if not stat.S_ISREG(status.st_mode):
        return None
    return ArticleFile._make((entry.path, status.st_size, status.st_mtime_ns))


def no_articles(folder: Path) -> str:
    """What to say when a library holds no articles at all."""
    return f"no articles (.txt, .md, .markdown files) in {folder}"


def article_file(path: Path) -> ArticleFile | None:
    """``path`` as the library would find it, or None if it is not a regular file."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return ArticleFile(os.path.abspath(path), status.st_size, status.st_mtime_ns)
