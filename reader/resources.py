"""Where the bundled library and themes are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries the folders inside the package (see pyproject's
    # force-include); a checkout or an editable install has them beside it.
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def articles_dir() -> Path:
    """The bundled sample library."""
    return _bundled("articles")


def themes_dir() -> Path:
    """The bundled theme palettes."""
    return _bundled("themes")
