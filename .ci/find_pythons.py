"""The Pythons from 3.12 up that this machine has, for CI to run the suite on.

Looked for as `python3.N` on PATH, in pyenv's versions (if pyenv is there)
and through `uv python find` (if uv is there); each candidate is asked its
version, so a pyenv shim for a version that is not installed does not count.
Prints one line per version, `3.N PATH` or `3.N -` when none was found.

    python3 .ci/find_pythons.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

# 3.11 is the README's own test command; these are the others CI runs.
WANTED = ("3.12", "3.13", "3.14")
_ASK_VERSION = "import sys; print('%d.%d' % sys.version_info[:2])"


def candidates(version: str, env: Mapping[str, str]) -> Iterator[str]:
    """Paths that may run Python `version`, most likely first."""
    on_path = shutil.which(f"python{version}", path=env.get("PATH", ""))
    if on_path:
        yield on_path
    root = env.get("PYENV_ROOT") or _pyenv_root(env)
    if root:
        # Newest patch release first: 3.13.10 before 3.13.9.
        installed = sorted(Path(root, "versions").glob(f"{version}.*"), key=_patch, reverse=True)
        for folder in installed:
            yield str(folder / "bin" / f"python{version}")
    uv = shutil.which("uv", path=env.get("PATH", ""))
    if uv:
        found = _output([uv, "python", "find", "--no-project", version], env)
        if found:
            yield found


def _patch(folder: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in folder.name.split("."))
    except ValueError:
        return ()


def _pyenv_root(env: Mapping[str, str]) -> str | None:
    pyenv = shutil.which("pyenv", path=env.get("PATH", ""))
    return _output([pyenv, "root"], env) if pyenv else None


def _output(command: list[str], env: Mapping[str, str]) -> str | None:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=30, env=dict(env), check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def find(version: str, env: Mapping[str, str]) -> str | None:
    """The first candidate that runs and says it is Python `version`."""
    for path in candidates(version, env):
        if os.access(path, os.X_OK) and _output([path, "-c", _ASK_VERSION], env) == version:
            return path
    return None


def main() -> int:
    for version in WANTED:
        print(version, find(version, os.environ) or "-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
