"""Fixtures for the Pilot and snapshot tests: a fixed library and XDG
directories under tmp_path, so no test reads or writes the real home."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.text.options import LayoutOptions
from reader.ui.app import QariApp, build_app

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "000_be68ca890cbf5680.txt"
LTR_ARTICLE = Path(__file__).resolve().parent / "data" / "harbour-lights.md"
SEED_SECTIONS = ("الخلفية", "التطورات الأخيرة", "الآثار المحتملة")


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    config, state = tmp_path / "config", tmp_path / "state"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return config / "qari", state / "qari"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The seed article and one left-to-right article, nothing else: the
    bundled library grows, and snapshots must not move with it."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(LTR_ARTICLE, folder / LTR_ARTICLE.name)
    return folder


@pytest.fixture
def make_app() -> Iterator[type[QariApp]]:
    """`make_app(path, **options)` builds the app as `qari PATH` would."""
    made: list[QariApp] = []

    def make(path: Path | None, theme: str | None = None, **options: object) -> QariApp:
        app = build_app(path, options=LayoutOptions(**options), theme=theme)  # type: ignore[arg-type]
        made.append(app)
        return app

    yield make  # type: ignore[misc]
    for app in made:
        app.session.close()
