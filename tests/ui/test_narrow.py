"""Small screens: the masthead, the panels and the help leave the text room."""

from __future__ import annotations

from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import BOTH_PANELS
from reader.ui.widgets.sidebar import Sidebar
from tests.ui.conftest import SEED
from tests.ui.helpers import main_screen, press, run, screen_text, view


def test_the_masthead_leaves_the_article_on_the_first_screen_at_40x12(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        article = view(app)
        page = article.page
        assert page is not None
        shown = page.lines[: article.scrollable_content_region.height]
        # The four credits share a line or two, under the byline.
        assert sum(line.role == "credits" for line in shown) <= 2
        assert any(line.role == "paragraph" for line in shown)

    run(app, scenario, size=(40, 12))


def test_the_contents_push_the_library_aside_below_a_width(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.display
        await press(pilot, "t")
        assert not sidebar.display  # 80 columns: the text keeps its room
        assert view(app).size.width >= 50
        await press(pilot, "s")  # the library back, the contents aside
        assert sidebar.display
        toc = app.screen.query_one("#toc")
        assert not toc.display
        assert main_screen(app)._session.settings.settings.sidebar != "hidden"

    run(app, scenario, size=(80, 24))


def test_a_wide_screen_shows_both_panels(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        await press(pilot, "t")
        assert app.screen.query_one(Sidebar).display
        assert app.screen.query_one("#toc").display

    run(app, scenario, size=(BOTH_PANELS, 30))


def test_the_help_keeps_whole_descriptions_at_40_columns(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for description in ("Line down", "Page down", "Next section"):
            assert description in text

    run(app, scenario, size=(40, 12))
