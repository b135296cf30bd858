"""Each session's home folder: where its reader's settings and positions go.

A reader with a key gets a folder of that key's own under the server's state
directory, kept between sessions; an anonymous reader gets an empty folder
for the session only (its reader keeps everything in memory anyway).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

READERS_FOLDER = "serve-readers"


def key_folder_name(fingerprint: str) -> str:
    """`SHA256:ab+c/d` → `SHA256-ab-c_d`: the fingerprint the log shows, in
    the URL-safe base64 alphabet, so it names a folder."""
    return fingerprint.replace(":", "-", 1).replace("+", "-").replace("/", "_")


def key_home(server_state: Path, fingerprint: str) -> Path:
    home = server_state / READERS_FOLDER / key_folder_name(fingerprint)
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home


def anonymous_home() -> Path:
    return Path(tempfile.mkdtemp(prefix="qari-anonymous-"))


def remove_home(home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
