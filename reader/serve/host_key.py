"""The server's host key: made on first run, kept private, reused after, so
readers can check they reach the same server each time."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

import asyncssh

HOST_KEY_FILENAME = "host_key"
KEY_TYPE = "ssh-ed25519"


class HostKeyError(Exception):
    """The host key file exists but cannot be used; it is never replaced."""


def host_key(directory: Path) -> asyncssh.SSHKey:
    """The private key in `directory`, made (mode 0600) if there is none.

    Raises `HostKeyError` for a key file that is unreadable, damaged or
    readable by others (as sshd refuses such a key).
    """
    path = directory / HOST_KEY_FILENAME
    if not path.exists():
        _create(path, asyncssh.generate_private_key(KEY_TYPE))
    return _load(path)


def fingerprint(key: asyncssh.SSHKey) -> str:
    """`SHA256:…`, as `ssh-keygen -lf` and OpenSSH's prompts show it."""
    return key.get_fingerprint("sha256")


def _create(path: Path, key: asyncssh.SSHKey) -> None:
    # Written whole under a temporary name, then linked into place: link()
    # fails if the name exists, so two servers starting at once cannot each
    # print a fingerprint and leave only one of the two keys behind.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(key.export_private_key("openssh"))
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _load(path: Path) -> asyncssh.SSHKey:
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise HostKeyError(
                f"host key {path} is open to others (mode {stat.S_IMODE(mode):04o}); "
                "make it private with chmod 600"
            )
        return asyncssh.read_private_key(path)
    except OSError as error:
        raise HostKeyError(f"cannot read host key {path}: {error.strerror or error}") from None
    except (asyncssh.KeyImportError, ValueError) as error:
        raise HostKeyError(f"host key {path} is not a usable private key ({error})") from None
