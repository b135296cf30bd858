"""The user's library: where saved articles, subscriptions and feed state live.

Nothing here writes or creates a folder: a plain `qari` launch, or a read-only session
over SSH, only looks.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from reader.state.xdg import config_dir, data_dir, state_dir

LIBRARY_FOLDER = "library"
# What the library lister reads (reader/library/find.py), without importing it at launch.
_ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
HINT = "Your library is empty: add a feed with `qari feed add URL`, then `qari fetch`."


@dataclass(frozen=True)
class Places:
    library: Path
    """Saved articles, a folder per feed: $XDG_DATA_HOME/qari/library."""
    config: Path
    """Subscriptions: $XDG_CONFIG_HOME/qari."""
    state: Path
    """Validators, seen items, read marks: $XDG_STATE_HOME/qari."""

    @classmethod
    def from_environment(cls) -> Places:
        return cls(data_dir() / LIBRARY_FOLDER, config_dir(), state_dir())


def user_library() -> Path | None:
    """The user's library folder if it holds an article, else None (then the reader
    shows the bundled articles and `HINT`)."""
    library = data_dir() / LIBRARY_FOLDER
    # Stops at the first article: a launch must not walk a large library.
    # Breadth first, where articles usually are, and with a list of folders
    # still to visit: no depth of nesting can exhaust the stack (os.walk
    # recurses on Python 3.11); symlinked folders are not followed.
    waiting = deque([str(library)])
    while waiting:
        folder = waiting.popleft()
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append(entry.path)
                elif entry.name.endswith(_ARTICLE_SUFFIXES):
                    return library
            except OSError:
                continue
    return None


def default_library() -> tuple[Path, str | None]:
    """What `qari` and `qari list` read without a path: the user's library, or while it
    is empty the bundled articles and a one-line hint how to fill it."""
    found = user_library()
    if found is not None:
        return found, None
    from reader.resources import articles_dir

    return articles_dir(), HINT


def article_key(library: Path, path: Path) -> tuple[str, str] | None:
    """The read-marks key and folder (feed) of a saved article, or None outside the library."""
    try:
        relative = path.resolve().relative_to(library.resolve())
    except ValueError:
        return None
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    return relative.as_posix(), folder
