"""Themes: Textual CSS files in `themes/`, loaded by name.

A theme file declares the palette as CSS variables (`$qari-background: #1e1e2e;`)
and styles Qari's widgets with them. The same declarations also make a Textual
`Theme`, so the widgets Textual draws itself (footer, command palette,
notifications, scrollbars) wear the same colours as the article.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from textual.color import Color, ColorParseError
from textual.theme import Theme

from reader.resources import themes_dir

SUFFIX = ".tcss"
DEFAULT_THEME = "dark"
# The order `T` cycles in; any further theme files follow alphabetically.
_PREFERRED_ORDER = ("dark", "light", "sepia", "high-contrast")
# The Textual theme fields a theme file may set through its variables.
_THEME_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_DECLARATION = re.compile(r"^\$qari-(?P<name>[\w-]+)\s*:\s*(?P<value>[^;]+);", re.MULTILINE)


class ThemeError(Exception):
    """A theme that cannot be used, worded for the reader (one line)."""


class ThemeFile(NamedTuple):
    name: str
    path: Path
    css: str

    @property
    def textual_name(self) -> str:
        # Prefixed so that a file called `nord.tcss` cannot shadow Textual's own theme.
        return f"qari-{self.name}"

    def textual_theme(self) -> Theme:
        """The palette of this file as a Textual theme."""
        declared = {m["name"]: m["value"].strip() for m in _DECLARATION.finditer(self.css)}
        colours = {field: declared[field] for field in _THEME_FIELDS if field in declared}
        if "primary" not in colours:
            raise ThemeError(f"theme {self.name!r} ({self.path}) declares no $qari-primary")
        try:
            background = Color.parse(colours.get("background", "#000000"))
        except ColorParseError as error:
            raise ThemeError(f"theme {self.name!r}: {error}") from None
        return Theme(
            self.textual_name,
            dark=background.brightness < 0.5,
            **colours,  # type: ignore[arg-type]  # only the colour fields, all str
        )


def theme_names(folder: Path | None = None) -> list[str]:
    """The themes in `folder` (default: the bundled ones), in cycling order."""
    found = {path.stem for path in (folder or themes_dir()).glob(f"*{SUFFIX}")}
    preferred = [name for name in _PREFERRED_ORDER if name in found]
    return preferred + sorted(found.difference(preferred))


def load_theme(name: str, folder: Path | None = None) -> ThemeFile:
    """Read the theme called `name`; raises `ThemeError` if there is none."""
    folder = folder or themes_dir()
    if name not in theme_names(folder):
        known = ", ".join(theme_names(folder))
        raise ThemeError(f"there is no theme {name!r} (themes: {known})")
    path = folder / f"{name}{SUFFIX}"
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeError(f"cannot read theme {name!r} ({path}): {error}") from None
    return ThemeFile(name, path, css)


def next_theme(current: str, folder: Path | None = None) -> str:
    """The theme after `current` in cycling order (the first if unknown)."""
    names = theme_names(folder)
    if current not in names:
        return names[0] if names else DEFAULT_THEME
    return names[(names.index(current) + 1) % len(names)]
