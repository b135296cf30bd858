"""How CI finds the other Pythons (.ci/find_pythons.py), with fake
interpreters: shell scripts that say a version, or fail like a pyenv shim."""

import importlib.util
import stat
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("find_pythons", ROOT / ".ci" / "find_pythons.py")
assert spec is not None and spec.loader is not None
find_pythons = importlib.util.module_from_spec(spec)
spec.loader.exec_module(find_pythons)


def fake(path: Path, says: str | None) -> Path:
    """An executable that prints `says` as its version, or fails if None."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"echo {says}" if says else "echo 'pyenv: python: command not found' >&2; exit 127"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_python_on_path_is_found_and_a_missing_one_is_none(tmp_path):
    bin = tmp_path / "bin"
    python = fake(bin / "python3.12", "3.12")
    env = {"PATH": str(bin)}
    assert find_pythons.find("3.12", env) == str(python)
    assert find_pythons.find("3.13", env) is None


def test_a_shim_that_fails_falls_through_to_pyenv_newest_first(tmp_path):
    bin, root = tmp_path / "shims", tmp_path / "pyenv"
    fake(bin / "python3.13", None)
    fake(root / "versions" / "3.13.9" / "bin" / "python3.13", "3.13")
    newest = fake(root / "versions" / "3.13.10" / "bin" / "python3.13", "3.13")
    env = {"PATH": str(bin), "PYENV_ROOT": str(root)}
    assert find_pythons.find("3.13", env) == str(newest)


def test_an_interpreter_that_is_another_version_does_not_count(tmp_path):
    bin = tmp_path / "bin"
    fake(bin / "python3.14", "3.11")  # a link that points elsewhere
    assert find_pythons.find("3.14", {"PATH": str(bin)}) is None


def test_pyenv_root_is_asked_of_pyenv_when_not_in_the_environment(tmp_path):
    bin, root = tmp_path / "bin", tmp_path / "somewhere"
    fake(bin / "pyenv", str(root))  # `pyenv root` prints the root
    python = fake(root / "versions" / "3.12.1" / "bin" / "python3.12", "3.12")
    assert find_pythons.find("3.12", {"PATH": str(bin)}) == str(python)


def test_uv_is_asked_last(tmp_path):
    bin = tmp_path / "bin"
    python = fake(tmp_path / "uv-python" / "python3.12", "3.12")
    fake(bin / "uv", str(python))  # `uv python find 3.12` prints a path
    assert find_pythons.find("3.12", {"PATH": str(bin)}) == str(python)
