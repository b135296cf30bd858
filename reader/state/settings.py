"""The user's settings: a typed model, read from and written to a small TOML file."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from reader.regular_file import NotRegularFile, read_regular_file
from reader.state import flat_toml
from reader.state.atomic_file import write_atomically
from reader.text.options import (
    BIDI,
    HARAKAT,
    JUSTIFY,
    LAYOUT_OPTIONS,
    MEASURE,
    Bidi,
    Harakat,
    Option,
    shown,
)

SETTINGS_FILENAME = "settings.toml"

SidebarPlace = Literal["auto", "left", "right", "hidden"]

THEME: Option[str] = Option("theme", "dark", "the colour theme")
SIDEBAR: Option[SidebarPlace] = Option(
    "sidebar",
    "auto",
    "where the library shows: auto (on the article's side), left, right or hidden",
    choices=("auto", "left", "right", "hidden"),
)
# What the file may hold: the layout options it keeps, the theme and the library's place.
_SETTINGS: dict[str, Option[str | int | bool]] = {
    option.name: option for option in (THEME, *LAYOUT_OPTIONS, SIDEBAR) if option.saved
}
# Keys of earlier versions, still read from a user's file (and written under the new name).
_RENAMED = {"bidi_mode": BIDI.name}

KEYMAP = "keymap"
# A binding id is a TOML bare key, so that the file can say `next-section = "n"`.
_BINDING_ID = re.compile(r"[A-Za-z0-9_-]+")
# The file holds a handful of short lines. Anything much larger is not a
# settings file, and is not read whole (a 50 MB one once stalled the reader
# and became a 27 MB notice); a notice lists the first few problems only.
MAX_SETTINGS_BYTES = 64 * 1024
_LISTED_PROBLEMS = 5

_HEADER = "# Qari settings. Qari rewrites this file when settings change; comments are not kept.\n"


@dataclass(frozen=True)
class Settings:
    """Everything the user can set. Construction rejects values Qari cannot honour."""

    theme: str = THEME.default
    bidi: Bidi = BIDI.default
    harakat: Harakat = HARAKAT.default
    measure: int = MEASURE.default
    justify: bool = JUSTIFY.default
    sidebar: SidebarPlace = SIDEBAR.default
    keymap: tuple[tuple[str, str], ...] = ()
    """The [keymap] table: (binding id, keys) pairs, e.g. ("next-section", "n")."""

    def __post_init__(self) -> None:
        for field in fields(self):
            problem = setting_problem(field.name, getattr(self, field.name))
            if problem is not None:
                raise ValueError(problem)


def setting_problem(name: str, value: object) -> str | None:
    """Why `value` cannot be the setting `name`, or None when it can."""
    if name == KEYMAP:
        return _keymap_problem(value)
    option = _SETTINGS.get(name)
    if option is None:
        return f"unknown setting {shown(name)}"
    problem = option.problem(value)
    if option is THEME and isinstance(value, str) and not (value and value.isprintable()):
        return f"theme must be a non-empty name on one line, not {shown(value)}"
    return problem


def _keymap_problem(value: object) -> str | None:
    if not isinstance(value, tuple):
        return f"keymap must be a table of keys, not {shown(value)}"
    for pair in value:
        name, keys = pair if isinstance(pair, tuple) and len(pair) == 2 else (pair, None)
        if not (isinstance(name, str) and _BINDING_ID.fullmatch(name)):
            return f"keymap: {shown(name)} is not the name of a key binding"
        if not (isinstance(keys, str) and keys.strip() and keys.isprintable()):
            return f'keymap: {name} must be keys such as "n" or "ctrl+n,n", not {shown(keys)}'
    return None


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Read settings from `path`. Never raises.

    A missing file gives the defaults silently. A file Qari cannot fully understand gives
    the defaults for the parts it could not use, and a one-line notice naming the file.
    """
    try:
        raw = read_regular_file(path, MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return Settings(), None
    except NotRegularFile as exc:
        return Settings(), _broken_notice(path, f"is {exc.kind}, not a file", "all")
    except OSError as exc:
        return Settings(), _broken_notice(path, f"cannot be read ({exc.strerror or exc})", "all")
    if len(raw) > MAX_SETTINGS_BYTES:
        return Settings(), _broken_notice(path, f"is larger than {MAX_SETTINGS_BYTES} bytes", "all")
    try:
        table = flat_toml.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(), _broken_notice(path, "is not UTF-8 text", "all")
    except ValueError as exc:  # tomllib.TOMLDecodeError
        return Settings(), _broken_notice(path, f"is not valid TOML ({exc})", "all")
    usable: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in sorted(table.items(), key=lambda item: item[0] not in _RENAMED):
        # An old key first, so that its new name, if the file has both, wins.
        name = _RENAMED.get(key, key)
        if name == KEYMAP and isinstance(value, dict):
            value = tuple(value.items())
        problem = setting_problem(name, value)
        if problem is None:
            usable[name] = value
        else:
            problems.append(problem)
    if not problems:
        return Settings(**usable), None
    listed = "; ".join(problems[:_LISTED_PROBLEMS])
    if len(problems) > _LISTED_PROBLEMS:
        listed += f" (and {len(problems) - _LISTED_PROBLEMS} more)"
    return Settings(**usable), _broken_notice(path, f"has problems: {listed}", "those")


def _broken_notice(path: Path, problem: str, defaults_for: str) -> str:
    return (
        f"Settings file {path} {problem}. Using defaults for {defaults_for}; "
        "changes made now last for this session only, until the file is fixed."
    )


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` to `path` atomically. Raises `OSError` if it cannot."""
    write_atomically(path, settings_toml(settings).encode("utf-8"))


def settings_toml(settings: Settings) -> str:
    """The TOML text for `settings`: one `key = value` line per setting."""
    lines = [
        f"{field.name} = {toml_value(getattr(settings, field.name))}\n"
        for field in fields(settings)
        if field.name != KEYMAP
    ]
    if settings.keymap:
        lines.append(f"\n[{KEYMAP}]\n")
        lines += [f"{name} = {toml_value(keys)}\n" for name, keys in settings.keymap]
    return _HEADER + "".join(lines)


def toml_value(value: str | int | bool) -> str:
    """`value` as TOML; a string must be printable (as settings and feed names are)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # Of TOML's must-escape characters only the quote and the backslash are printable.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SettingsStore:
    """The settings of one session, and the file they are saved to.

    A file that failed to load is never overwritten: it may hold the user's hand edits with
    one typo in them, and replacing it with defaults would throw that work away. Changes
    then live in memory for the session and each update reports why they are not saved.
    """

    def __init__(self, path: Path | None, settings: Settings, notice: str | None) -> None:
        self.path = path
        """None: kept in memory, never saved (an anonymous served session)."""
        self._settings = settings
        self.notice = notice

    @classmethod
    def load(cls, path: Path) -> SettingsStore:
        """Load the settings at `path`; check `notice` for a problem worth showing."""
        settings, notice = load_settings(path)
        return cls(path, settings, notice)

    @classmethod
    def in_memory(cls) -> SettingsStore:
        """The defaults, changed for this session only: nothing is read or written."""
        return cls(None, Settings(), None)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def broken(self) -> bool:
        """True when the file failed to load, so it will not be written."""
        return self.notice is not None

    def update(self, **changes: Any) -> str | None:
        """Apply `changes` and save them; returns a notice when they could not be saved.

        Raises `ValueError` or `TypeError` for a value or name `Settings` rejects: that is
        a mistake in the caller, not in the user's file.
        """
        updated = replace(self._settings, **changes)
        if updated == self._settings:
            return None
        self._settings = updated
        if self.notice is not None:
            return self.notice
        if self.path is None:
            return None
        try:
            save_settings(self.path, updated)
        except OSError as exc:
            return f"Could not save settings to {self.path} ({exc.strerror or exc})."
        return None
