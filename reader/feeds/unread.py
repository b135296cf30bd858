"""What the reader shows as new: the read marks of the articles it lists.

An article of the user's library is named in the read marks by its place in
the library, and belongs to its first folder there, its feed (as a fetch
records it, see `reader.feeds.library.article_key`); any other article by its whole path, in no
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

from reader.feeds.library import LIBRARY_FOLDER
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
        # The unread articles as paths (under each spelling of the root),
        # read once: a library lists thousands, only a few are unread.
        self._unread: set[str] | None = None

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
        # Not resolved (a system call per folder, for thousands of files):
        # an article reached through a link from outside the root is a file.
        return _text(path), ""

    def feed(self, path: str) -> str:
        """The feed (a folder of the root) the article at `path` belongs to, or ""."""
        return self.key(path)[1]

    def unread(self, paths: Iterable[str]) -> set[str]:
        """Those of `paths` that are unread."""
        return self._unread_paths().intersection(paths)

    def is_unread(self, path: str) -> bool:
        return path in self._unread_paths()

    def mark_read(self, path: str) -> bool:
        """Mark an article read (it was opened); whether it was unread."""
        if not self.is_unread(path):
            return False  # nothing written for what is read already, or unknown
        key, feed = self.key(path)
        self._keep(self._open().set_read(key, feed))
        self._note(key, unread=False)
        return True

    def toggle(self, path: str) -> bool:
        """Flip an article between read and unread; whether it is now unread."""
        key, feed = self.key(path)
        now_read, notice = self._open().toggle(key, feed)
        self._keep(notice)
        self._note(key, unread=not now_read)
        return not now_read

    def look_again(self, paths: Iterable[str]) -> None:
        """Ask the marks about `paths` again (a fetch has just saved them)."""
        marks = self._existing()
        if marks is not None:
            for path in paths:
                key = self.key(path)[0]
                self._note(key, unread=not marks.is_read(key))

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        if self._marks is not None:
            self._marks.close()

    def _unread_paths(self) -> set[str]:
        if self._unread is None:
            marks = self._existing()
            self._unread = set()
            for key in marks.all_unread() if marks is not None else ():
                self._note(key, unread=True)
        return self._unread

    def _note(self, key: str, *, unread: bool) -> None:
        """Remember `key` as unread or read, under every path it goes by."""
        paths = self._unread_paths()
        # A key under the root is relative; any other is the path itself.
        spelled = (
            [key] if os.path.isabs(key) else [p + key.replace("/", os.sep) for p in self._prefixes]
        )
        if unread:
            paths.update(spelled)
        else:
            paths.difference_update(spelled)

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
