"""The contrast of each theme's colours where the reader puts one on another,
in a terminal of 24-bit, 256 and 16 colours.

    python tools/theme_contrast.py [THEME ...]    # default: every theme

Contrast is WCAG 2's ratio of relative luminances. The colours are those the
terminal is sent: Textual's theme variables, brought down by Rich to 256 or to
16 colours; 16 colours are drawn as plain xterm draws them (its default
palette). A pair must reach 4.5:1 where text is read at length (body text,
quotes, code, the library's titles, the row under the cursor) and 3:1 for
bold titles and headings, keys, and the details beside the text (byline,
credits, source and date, progress): WCAG's figure for large or bold text.
tests/ui/test_themes.py holds every theme to these.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from rich._palettes import EIGHT_BIT_PALETTE
from rich.color import Color, ColorSystem

from reader.ui.themes import Palette, load_palette, theme_names

BODY, DETAIL = 4.5, 3.0
# (text, behind it, the least contrast): every pair reader/ui/qari.tcss draws.
PAIRS = (
    ("foreground", "background", BODY),
    ("secondary", "background", BODY),
    ("code", "background", BODY),
    ("foreground", "surface", BODY),
    ("foreground", "cursor", BODY),
    ("foreground", "panel", BODY),
    ("accent", "background", DETAIL),
    ("primary", "background", DETAIL),
    ("muted", "background", DETAIL),
    ("accent", "surface", DETAIL),
    ("muted", "surface", DETAIL),
    ("accent", "cursor", DETAIL),
    ("muted", "cursor", DETAIL),
    ("accent", "panel", DETAIL),
    ("primary", "panel", DETAIL),
    ("muted", "panel", DETAIL),
)
# xterm's default colours 0-15 (its XTerm-col.ad resources).
XTERM_16 = (
    "#000000",
    "#cd0000",
    "#00cd00",
    "#cdcd00",
    "#0000ee",
    "#cd00cd",
    "#00cdcd",
    "#e5e5e5",
    "#7f7f7f",
    "#ff0000",
    "#00ff00",
    "#ffff00",
    "#5c5cff",
    "#ff00ff",
    "#00ffff",
    "#ffffff",
)
SYSTEMS = {
    "24-bit": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "16": ColorSystem.STANDARD,
}
RGB = tuple[int, int, int]


class Contrast(NamedTuple):
    colours: str
    text: str
    behind: str
    ratio: float
    least: float

    @property
    def enough(self) -> bool:
        return self.ratio >= self.least


def drawn(palette: Palette, system: ColorSystem) -> dict[str, RGB]:
    """Each role's colour as a terminal of `system` draws it."""
    theme = palette.textual_theme(sixteen_colours=system == ColorSystem.STANDARD)
    variables = {**theme.to_color_system().generate(), **theme.variables}
    colours: dict[str, RGB] = {}
    for role in ("background", "surface", "panel", "foreground", "primary", "secondary", "accent"):
        colours[role] = _drawn(variables[role], system)
    for role in ("muted", "code", "cursor"):
        colours[role] = _drawn(variables[f"qari-{role}"], system)
    return colours


def _drawn(value: str, system: ColorSystem) -> RGB:
    colour = Color.parse(value).downgrade(system)
    if system == ColorSystem.TRUECOLOR:
        triplet = colour.get_truecolor()
        return (triplet.red, triplet.green, triplet.blue)
    assert colour.number is not None
    if system == ColorSystem.STANDARD:
        return _rgb(XTERM_16[colour.number])
    red, green, blue = EIGHT_BIT_PALETTE[colour.number]
    return (red, green, blue)


def _rgb(hex_colour: str) -> RGB:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def luminance(rgb: RGB) -> float:
    """WCAG 2's relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _unit(rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _unit(rgb: RGB) -> list[float]:
    return [channel / 255 for channel in rgb]


def ratio(one: RGB, other: RGB) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrasts(palette: Palette) -> list[Contrast]:
    rows = []
    for name, system in SYSTEMS.items():
        colours = drawn(palette, system)
        for text, behind, least in PAIRS:
            rows.append(Contrast(name, text, behind, ratio(colours[text], colours[behind]), least))
    return rows


def main(names: list[str]) -> int:
    short = 0
    for name in names or theme_names():
        rows = contrasts(load_palette(name))
        print(f"{name}:")
        for system in SYSTEMS:
            cells = [
                f"{row.text}/{row.behind} {row.ratio:.1f}{'' if row.enough else ' (short)'}"
                for row in rows
                if row.colours == system
            ]
            print(f"  {system:>6}: " + ", ".join(cells))
        short += sum(not row.enough for row in rows)
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
