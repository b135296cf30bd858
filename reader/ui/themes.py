"""Themes: palettes in TOML files, made into Textual themes.

A theme file holds colours only (`themes/*.toml`, and a user's own in
`$XDG_CONFIG_HOME/qari/themes/`): one per role, and under `[ansi]` the same
roles as names of a terminal's 16 colours. Each becomes a Textual `Theme`
whose variables (`$primary`, `$qari-muted`…) reader/ui/qari.tcss uses, so
switching themes changes variables, never the stylesheet.

In a terminal of 16 colours a 24-bit colour is brought down to the nearest of
16, and a light theme's brown title becomes bright yellow on white: there the
theme takes its `[ansi]` colours instead, given as the very values Rich
brings down to those 16, so that the terminal draws its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from textual.color import Color, ColorParseError
from textual.theme import Theme

from reader.resources import themes_dir
from reader.state.flat_toml import loads
from reader.state.xdg import config_dir

SUFFIX = ".toml"
DEFAULT_THEME = "dark"
# The order `T` cycles in; any further themes follow alphabetically.
_PREFERRED_ORDER = ("dark", "light", "sepia", "high-contrast")
# The roles a theme colours. The first seven are Textual's own theme fields
# (its footer, command palette and notifications wear them too); the others
# become variables with a `qari-` prefix, so they cannot clash with Textual's.
TEXTUAL_ROLES = ("background", "surface", "panel", "foreground", "primary", "secondary", "accent")
QARI_ROLES = ("muted", "code", "cursor")
ROLES = TEXTUAL_ROLES + QARI_ROLES
# The 16 colours of a terminal, by their ANSI number, and their values in
# Rich's palette for 16 colours, which `Color.downgrade` maps back exactly.
ANSI_NAMES = (
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "bright_black",
    "bright_red",
    "bright_green",
    "bright_yellow",
    "bright_blue",
    "bright_magenta",
    "bright_cyan",
    "bright_white",
)
_RICH_STANDARD = (
    "#000000",
    "#aa0000",
    "#00aa00",
    "#aa5500",
    "#0000aa",
    "#aa00aa",
    "#00aaaa",
    "#aaaaaa",
    "#555555",
    "#ff5555",
    "#55ff55",
    "#ffff55",
    "#5555ff",
    "#ff55ff",
    "#55ffff",
    "#ffffff",
)


class ThemeError(Exception):
    """A theme that cannot be used, worded for the reader (one line)."""


class Palette(NamedTuple):
    """The colours of one theme file, by role."""

    name: str
    path: Path
    colours: dict[str, str]
    """Role → colour as Textual parses it (`#1b1d23`)."""
    ansi: dict[str, str] | None
    """Role → one of `ANSI_NAMES`, for terminals of 16 colours."""

    @property
    def dark(self) -> bool:
        return Color.parse(self.colours["background"]).brightness < 0.5

    def textual_theme(self, sixteen_colours: bool = False) -> Theme:
        """The Textual theme `qari-NAME`; in `sixteen_colours`, of the `[ansi]` colours."""
        colours = self.colours
        ansi = self.ansi or _bundled_ansi("dark" if self.dark else "light")
        if sixteen_colours and ansi is not None:
            colours = {role: _RICH_STANDARD[ANSI_NAMES.index(ansi[role])] for role in ROLES}
        return Theme(
            # Prefixed so that a file called `nord.toml` cannot shadow Textual's own theme.
            f"qari-{self.name}",
            dark=self.dark,
            **{role: colours[role] for role in TEXTUAL_ROLES},  # type: ignore[arg-type]
            variables={f"qari-{role}": colours[role] for role in QARI_ROLES},
        )


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def _theme_files() -> dict[str, Path]:
    """Every theme by name; a user's file replaces a bundled one of its name."""
    files: dict[str, Path] = {}
    for folder in (themes_dir(), user_themes_dir()):
        try:
            found = sorted(folder.glob(f"*{SUFFIX}"))
        except OSError:
            continue  # an unreadable folder has no themes to offer
        files.update((path.name[: -len(SUFFIX)], path) for path in found)
    return files


def theme_names() -> list[str]:
    """Every theme, in cycling order."""
    found = _theme_files()
    preferred = [name for name in _PREFERRED_ORDER if name in found]
    return preferred + sorted(found.keys() - set(preferred))


def next_theme(current: str) -> str:
    """The theme after `current` in cycling order (the first if unknown)."""
    names = theme_names()
    if current not in names:
        return names[0] if names else DEFAULT_THEME
    return names[(names.index(current) + 1) % len(names)]


def load_palette(name: str) -> Palette:
    """Read the theme called `name`; raises `ThemeError` if it cannot be used."""
    # The two files it may be, rather than every theme: this runs at launch.
    for folder in (user_themes_dir(), themes_dir()):
        path = folder / f"{name}{SUFFIX}"
        if Path(name).name == name and path.is_file():
            return _read(name, path)
    known = ", ".join(theme_names()) or "none found"
    raise ThemeError(f"there is no theme {name!r} (themes: {known})")


def _bundled_ansi(name: str) -> dict[str, str] | None:
    """The 16 colours of a bundled theme, for a user's theme that has none."""
    try:
        return _read(name, themes_dir() / f"{name}{SUFFIX}").ansi
    except ThemeError:
        return None  # a broken install: the colours are brought down as they are


def _read(name: str, path: Path) -> Palette:
    try:
        table = loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:  # ValueError: not UTF-8, not TOML
        raise ThemeError(f"theme {name!r} ({path}) cannot be read: {error}") from None
    return Palette(name, path, _colours(table, name, path), _ansi(table, name, path))


def _colours(table: dict[str, object], name: str, path: Path) -> dict[str, str]:
    colours: dict[str, str] = {}
    for role in ROLES:
        value = table.get(role)
        try:
            if not isinstance(value, str):
                raise ColorParseError(f'{role} is {value!r}, not a colour such as "#1b1d23"')
            Color.parse(value)
        except ColorParseError as error:
            raise ThemeError(f"theme {name!r} ({path}): {error}") from None
        colours[role] = value
    return colours


def _ansi(table: dict[str, object], name: str, path: Path) -> dict[str, str] | None:
    ansi = table.get("ansi")
    if ansi is None:
        return None
    if not isinstance(ansi, dict):
        raise ThemeError(f"theme {name!r} ({path}): [ansi] must be a table")
    for role in ROLES:
        if ansi.get(role) not in ANSI_NAMES:
            raise ThemeError(
                f"theme {name!r} ({path}): [ansi] {role} is {ansi.get(role)!r}, "
                f"not one of the 16 colours ({', '.join(ANSI_NAMES)})"
            )
    return {role: ansi[role] for role in ROLES}
