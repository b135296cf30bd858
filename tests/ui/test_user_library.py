"""`qari` with no path: the user's library, or while it is empty the bundled
articles and a hint how to fill it."""

from __future__ import annotations

import shutil

from reader.feeds.library import HINT
from reader.resources import articles_dir
from tests.ui.conftest import SEED
from tests.ui.helpers import main_screen, run


def test_an_empty_library_shows_the_bundled_articles_and_the_hint(make_app, tmp_path):
    app = make_app(None)

    async def scenario(pilot) -> None:
        assert main_screen(app)._library.folder == articles_dir()
        assert HINT in [str(n.message) for n in app._notifications]

    run(app, scenario)
    # Looking wrote nothing: a read-only session must be able to do the same.
    assert not (tmp_path / "data").exists()


def test_saved_articles_are_the_library(make_app, tmp_path):
    folder = tmp_path / "data" / "qari" / "library" / "wadi"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "2026-08-28-seed.txt")
    app = make_app(None)

    async def scenario(pilot) -> None:
        assert main_screen(app)._library.folder == tmp_path / "data" / "qari" / "library"
        assert HINT not in [str(n.message) for n in app._notifications]

    run(app, scenario)
