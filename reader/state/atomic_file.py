"""Replace a file's contents so that no reader, and no crash, ever sees half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Make `path` hold `data`: readers see the old file or the new one, never a mix.

    Two writers racing each get their own temporary file, so the last `os.replace` wins
    and the loser's bytes vanish whole rather than interleaving with the winner's.
    Raises `OSError` if the file cannot be written; the old file is then left as it was.
    """
    # Dotfile managers keep config files as symlinks into a repository; replacing the link
    # itself would silently detach the file from the user's repository.
    target = Path(os.path.realpath(path))
    with _written_beside(target, data) as temporary:
        os.replace(temporary, target)
    sync_directory(target.parent)


def write_new_file(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Create `path` holding `data`, whole or not at all; never replace a file.

    A writer of many files in one folder passes `sync_folder=False` and calls
    `sync_directory` once after the last. Raises `FileExistsError` if `path` exists
    (another writer may have just taken the name), or another `OSError` if it cannot be
    written.
    """
    with _written_beside(path, data) as temporary:
        try:
            # A hard link is the one atomic "create, fail if it exists" for a whole file.
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            # Some filesystems (FAT, some FUSE) have no hard links: take the name first,
            # then move the data in; a crash in between leaves an empty file, not half a one.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.replace(temporary, path)
    if sync_folder:
        sync_directory(path.parent)


@contextlib.contextmanager
def _written_beside(target: Path, data: bytes) -> Iterator[Path]:
    """A temporary file in `target`'s folder holding `data`, on disk; removed after."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(fd, "wb") as temporary_file:
            temporary_file.write(data)
            temporary_file.flush()
            _keep_mode(target, temporary_file.fileno())
            # Without the fsync a crash after the rename can leave an empty file on
            # filesystems that reorder the rename before the data (ext4 without auto_da_alloc).
            os.fsync(temporary_file.fileno())
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _keep_mode(target: Path, fd: int) -> None:
    # mkstemp creates the file 0600; an existing file keeps whatever mode the user gave it.
    with contextlib.suppress(FileNotFoundError):
        os.fchmod(fd, target.stat().st_mode & 0o7777)


def sync_directory(directory: Path) -> None:
    """Make the names created in `directory` durable."""
    # The rename is only durable once the directory entry reaches the disk. Some
    # filesystems refuse to fsync a directory; the file is still whole there, just
    # possibly the old version after a power cut, so that is not worth an error.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
