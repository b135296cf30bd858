"""The user's library: where saved articles, subscriptions and feed state live.

Nothing here writes or creates a folder: a plain `qari` launch, or a read-only session
over SSH, only looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.library.find import holds_article
from reader.state.xdg import config_dir, data_dir, state_dir

LIBRARY_FOLDER = "library"
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
    return library if holds_article(library) else None


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
