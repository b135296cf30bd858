"""What the reader shows as new: the read marks of the articles it lists.

An article of the user's library is named in the read marks by its place in
the library, and belongs to its first folder there, its feed (as a fetch
records it, see `article_key`); any other article by its whole path, in no
feed: the reader lists it under "Files". A reader served by `qari serve`
names articles by their place in the library it serves. Paths are the
absolute strings the library lists.

The marks are opened on first use, not at launch; an anonymous served reader
keeps them in memory. Reading a mark never raises (a problem counts as
read); writing one returns a one-line notice instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from reader.feeds.library import LIBRARY_FOLDER, article_key
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks
from reader.state.served import Served
from reader.state.xdg import data_dir, state_dir


class Unread:
    def __init__(self, root: Path, *, in_memory: bool = False) -> None:
        self.root = root
        """The folder whose subfolders are feeds."""
        # Compared as text: resolving every path of a large library (a
        # system call per folder of each) would cost seconds.
        self._prefixes = tuple(
            dict.fromkeys(
                os.path.join(folder, "") for folder in (os.path.abspath(root), _real(root))
            )
        )
        self._in_memory = in_memory
        self._marks: ReadMarks | None = None
        self._notices: list[str] = []
        # Whether each article asked about is unread, as last read or written.
        self._known: dict[str, bool] = {}

    @classmethod
    def for_reader(cls, library: Path, served: Served | None) -> Unread:
        """The marks of a reader of `library`: the user's library's when run
        locally, the served library's over `qari serve`."""
        if served is None:
            return cls(data_dir() / LIBRARY_FOLDER)
        return cls(library, in_memory=served == "anonymous")

    def holds(self, folder: Path) -> bool:
        """Whether the library at `folder` is inside the root: its articles
        then belong to feeds."""
        return os.path.join(os.path.abspath(folder), "").startswith(self._prefixes)

    def key(self, path: str) -> tuple[str, str]:
        """The read-marks key of the article at `path`, and its feed ("" for none)."""
        for prefix in self._prefixes:
            if path.startswith(prefix):
                relative = path[len(prefix) :]
                first, separator, _ = relative.partition(os.sep)
                return relative.replace(os.sep, "/"), first if separator else ""
        found = article_key(self.root, Path(path))  # through a link into the root
        return found if found is not None else (_text(path), "")

    def feed(self, path: str) -> str:
        """The feed (a folder of the root) the article at `path` belongs to, or ""."""
        return self.key(path)[1]

    def unread(self, paths: Iterable[str]) -> set[str]:
        """Those of `paths` that are unread."""
        paths = list(paths)
        asked = [path for path in paths if path not in self._known]
        if asked:
            keys = {self.key(path)[0]: path for path in asked}
            marks = self._existing()
            found = marks.unread(keys) if marks is not None else set()
            self._known.update((path, key in found) for key, path in keys.items())
        return {path for path in paths if self._known[path]}

    def is_unread(self, path: str) -> bool:
        return path in self.unread([path])

    def mark_read(self, path: str) -> bool:
        """Mark an article read (it was opened); whether it was unread."""
        if not self.is_unread(path):
            return False  # nothing written for what is read already, or unknown
        notice = self._open().set_read(*self.key(path))
        self._keep(notice)
        self._known[path] = False
        return True

    def toggle(self, path: str) -> bool:
        """Flip an article between read and unread; whether it is now unread."""
        now_read, notice = self._open().toggle(*self.key(path))
        self._keep(notice)
        self._known[path] = not now_read
        return not now_read

    def forget_cached(self, paths: Iterable[str]) -> None:
        """Ask the marks again about `paths` (a fetch has just saved them)."""
        for path in paths:
            self._known.pop(path, None)

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        if self._marks is not None:
            self._marks.close()

    def _existing(self) -> ReadMarks | None:
        """The marks, or None while there is no file (nothing is unread
        then): looking writes nothing."""
        if self._marks is None and not self._in_memory:
            if not (state_dir() / READMARKS_FILENAME).exists():
                return None
        return self._open()

    def _open(self) -> ReadMarks:
        if self._marks is None:
            if self._in_memory:
                self._marks = ReadMarks.in_memory()
            else:
                self._marks, notice = ReadMarks.open(state_dir() / READMARKS_FILENAME)
                self._keep(notice)
        return self._marks

    def _keep(self, notice: str | None) -> None:
        if notice:
            self._notices.append(notice)


def _real(folder: Path) -> str:
    try:
        return os.path.realpath(folder)
    except (OSError, RuntimeError):
        return os.path.abspath(folder)


def _text(path: str) -> str:
    # As the reading positions write a name that is not UTF-8: \xNN.
    return os.fsencode(path).decode("utf-8", "backslashreplace")
