"""Where Qari keeps its files: the XDG base directories, under a `qari` folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "qari"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """Directory for settings the user may edit: $XDG_CONFIG_HOME/qari or ~/.config/qari."""
    return _app_dir(env, "XDG_CONFIG_HOME", Path(".config"))


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Directory for data Qari keeps (saved articles, the server's host key): $XDG_DATA_HOME/qari or
    ~/.local/share/qari."""
    return _app_dir(env, "XDG_DATA_HOME", Path(".local", "share"))


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    """Directory for state Qari writes itself: $XDG_STATE_HOME/qari or ~/.local/state/qari."""
    return _app_dir(env, "XDG_STATE_HOME", Path(".local", "state"))


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Directory for what can be rebuilt (the index): $XDG_CACHE_HOME/qari or ~/.cache/qari."""
    return _app_dir(env, "XDG_CACHE_HOME", Path(".cache"))


def _app_dir(env: Mapping[str, str] | None, variable: str, fallback_in_home: Path) -> Path:
    environ = os.environ if env is None else env
    base = environ.get(variable, "")
    # The XDG spec says a relative value is invalid and must be ignored, which also stops
    # a stray `XDG_STATE_HOME=.` from scattering files into whatever directory we ran in.
    if base and Path(base).is_absolute():
        return Path(base) / APP_NAME
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / fallback_in_home / APP_NAME
