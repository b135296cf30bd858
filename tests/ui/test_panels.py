"""Library, table of contents, help, focus and mirroring."""

from __future__ import annotations

from reader.ui.screens.contents import ContentsScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.toc import Toc
from tests.ui.conftest import LTR_ARTICLE, SEED, SEED_SECTIONS
from tests.ui.helpers import main_screen, press, run, screen_text, top_block, view


def test_library_lists_articles_newest_first_and_marks_the_open_one(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        sidebar = app.screen.query_one(Sidebar)
        # The LTR test article is dated, the seed is not: dated ones first.
        assert [path.name for path in sidebar.paths] == [LTR_ARTICLE.name, SEED.name]
        assert sidebar.current == 1

    run(app, scenario)


def test_a_folder_opens_its_newest_article(make_app, library):
    app = make_app(library)

    async def scenario(pilot) -> None:
        article = view(app).article
        assert article is not None and article.path is not None
        assert article.path.name == LTR_ARTICLE.name

    run(app, scenario)


def test_tab_moves_between_library_and_article_and_enter_opens(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        assert isinstance(app.focused, ArticleView)
        await press(pilot, "tab")
        assert isinstance(app.focused, Sidebar)
        await press(pilot, "k", "enter")
        article = view(app).article
        assert article is not None and article.path is not None
        assert article.path.name == LTR_ARTICLE.name
        assert isinstance(app.focused, ArticleView)
        await press(pilot, "tab", "tab")
        assert isinstance(app.focused, ArticleView)

    run(app, scenario)


def test_s_hides_and_shows_the_library_and_remembers(make_app, library, xdg):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        sidebar = app.screen.query_one(Sidebar)
        for key in ["s", "س"]:
            assert sidebar.display
            await press(pilot, key)
            assert not sidebar.display
            assert isinstance(app.focused, ArticleView)
            assert 'sidebar = "hidden"' in (xdg[0] / "settings.toml").read_text()
            await press(pilot, key)
            assert sidebar.display
            assert isinstance(app.focused, Sidebar)
            assert 'sidebar = "auto"' in (xdg[0] / "settings.toml").read_text()
            await press(pilot, "tab")

    run(app, scenario)


def test_ui_is_mirrored_for_rtl_articles(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        sidebar, article_view = screen.query_one(Sidebar), view(app)
        assert screen.has_class("-rtl")
        assert sidebar.region.x > article_view.region.x
        await press(pilot, "tab", "k", "enter")
        assert not screen.has_class("-rtl")
        assert sidebar.region.x < article_view.region.x

    run(app, scenario)


def test_t_shows_contents_beside_the_text_to_pick_from(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        for key in ["t", "ف"]:
            assert not any(toc.display for toc in app.screen.query(Toc))
            await press(pilot, key)
            toc = app.screen.query_one(Toc)
            assert toc.display and isinstance(app.focused, Toc)
            assert toc.entry_count == len(SEED_SECTIONS)
            await press(pilot, "j", "enter")
            assert top_block(app) == ("heading", SEED_SECTIONS[1])
            assert isinstance(app.focused, ArticleView)
            # The section being read is marked as the text scrolls.
            assert toc.current == 1
            await press(pilot, "]")
            assert toc.current == 2
            await press(pilot, "g")
            assert toc.current is None
            await press(pilot, key)
            assert not toc.display

    run(app, scenario)


def test_contents_is_a_list_over_the_text_on_a_narrow_terminal(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "t")
        assert isinstance(app.screen, ContentsScreen)
        await press(pilot, "G", "enter")
        assert not isinstance(app.screen, ContentsScreen)
        assert top_block(app) == ("heading", SEED_SECTIONS[2])

    run(app, scenario, size=(40, 12))


def test_narrow_terminal_hides_the_library_until_asked(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        sidebar = app.screen.query_one(Sidebar)
        assert not sidebar.display
        await press(pilot, "s")
        assert sidebar.display
        await pilot.resize_terminal(80, 24)
        await press(pilot, "s")
        assert not sidebar.display

    run(app, scenario, size=(40, 12))


def test_help_lists_every_key_with_its_arabic_twin(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        for key in ["question_mark", "؟"]:
            await press(pilot, key)
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            for description in (
                "Next section",
                "Previous section",
                "Table of contents",
                "Bidi mode",
                "Next theme",
                "Line down",
                "Page down",
                "Top",
                "Show or hide the bidi controls",
            ):
                assert description in text
            assert "] ﺩ" in text  # `]` and the key it is on an Arabic layout
            await press(pilot, "escape")
            assert not isinstance(app.screen, HelpScreen)

    run(app, scenario, size=(80, 50))


def test_footer_shows_the_main_keys(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        footer = screen_text(app).splitlines()[-1]
        for key, what in [
            ("]", "Next"),
            ("[", "Prev"),
            ("t", "Contents"),
            ("s", "Library"),
            ("m", "Bidi"),
            ("T", "Theme"),
            ("?", "Help"),
            ("q", "Quit"),
        ]:
            assert f"{key} {what}" in footer

    run(app, scenario)
