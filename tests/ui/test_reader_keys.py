"""Bidi mode, harakat, themes, quitting and the command palette."""

from __future__ import annotations

import tomllib

import pytest

from reader.ui.commands import ReaderCommands
from reader.ui.themes import theme_names
from tests.ui.conftest import SEED, SEED_SECTIONS
from tests.ui.helpers import press, run, screen_text, settle, top_block, view


def saved_settings(xdg) -> dict[str, object]:
    return tomllib.loads((xdg[0] / "settings.toml").read_text())


def test_m_switches_bidi_mode_and_keeps_the_place(make_app, xdg):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "2")
        for key in ["m", "ة"]:
            await press(pilot, key)
            assert view(app).options.bidi == "logical"
            assert top_block(app) == ("heading", SEED_SECTIONS[1])
            # Logical mode leaves shaping to the terminal: plain Arabic letters.
            assert "التطورات الأخيرة" in screen_text(app)
            assert saved_settings(xdg)["bidi"] == "logical"
            await press(pilot, key)
            assert view(app).options.bidi == "visual"
            assert "التطورات الأخيرة" not in screen_text(app)
            assert saved_settings(xdg)["bidi"] == "visual"

    run(app, scenario)


def test_h_strips_and_keeps_harakat(make_app, xdg):
    app = make_app(SEED)
    fatha_shadda = ("\u064e", "\u0651")

    async def scenario(pilot) -> None:
        await press(pilot, "1")
        for key in ["h", "ا"]:
            assert any(mark in screen_text(app) for mark in fatha_shadda)
            await press(pilot, key)
            assert view(app).options.harakat == "strip"
            assert not any(mark in screen_text(app) for mark in fatha_shadda)
            assert saved_settings(xdg)["harakat"] == "strip"
            assert top_block(app) == ("heading", SEED_SECTIONS[0])
            await press(pilot, key)
            assert view(app).options.harakat == "keep"

    run(app, scenario)


def test_T_cycles_the_themes_and_remembers(make_app, xdg):
    app = make_app(SEED)
    names = theme_names()
    assert names[:4] == ["dark", "light", "sepia", "high-contrast"]

    async def scenario(pilot) -> None:
        seen = [app.theme_name]
        for _ in names:
            await press(pilot, "T")
            seen.append(app.theme_name)
        assert seen == [*names, names[0]]
        await press(pilot, "ﻹ")
        assert saved_settings(xdg)["theme"] == names[1]
        assert app.theme == f"qari-{names[1]}"

    run(app, scenario)


def test_the_chosen_theme_is_used_next_time(make_app, xdg):
    xdg[0].mkdir(parents=True)
    (xdg[0] / "settings.toml").write_text('theme = "sepia"\n')
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        assert app.theme_name == "sepia"

    run(app, scenario)


def test_an_unknown_theme_falls_back_with_a_notice(make_app):
    app = make_app(SEED, theme="no-such-theme")

    async def scenario(pilot) -> None:
        assert app.theme_name == "dark"
        assert any("no-such-theme" in str(n.message) for n in app._notifications)

    run(app, scenario)


@pytest.mark.parametrize("key", ["q", "ض"])
def test_q_quits(make_app, key):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running

    run(app, scenario)
    assert app.return_code == 0


async def run_first_command(app, query: str) -> None:
    """What choosing the palette's best hit for `query` does."""
    provider = ReaderCommands(app.screen)
    hits = sorted([hit async for hit in provider.search(query)], reverse=True)
    assert hits, query
    hits[0].command()


def test_palette_opens_articles_sections_themes_and_bidi_modes(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        # Typed in logical order, as an Arabic keyboard sends it.
        await run_first_command(app, "الآثار")
        await settle(pilot)
        assert top_block(app) == ("heading", SEED_SECTIONS[2])
        await run_first_command(app, "sepia")
        assert app.theme_name == "sepia"
        await run_first_command(app, "logical")
        assert view(app).options.bidi == "logical"
        await run_first_command(app, "harbour")
        await settle(pilot)
        article = view(app).article
        assert article is not None and article.title.startswith("Harbour Lights")

    run(app, scenario)


def test_ctrl_p_opens_the_palette_and_runs_a_command(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "ctrl+p")
        await pilot.press(*"الآثار")
        await pilot.pause(0.2)  # the palette searches in the background
        await press(pilot, "enter")
        assert top_block(app) == ("heading", SEED_SECTIONS[2])

    run(app, scenario)


def test_c_reveals_the_bidi_controls_and_keeps_the_place(make_app, tmp_path):
    path = tmp_path / "trojan.txt"
    filler = "\n\n".join(f"Paragraph {n} says nothing much at all." for n in range(40))
    path.write_text(f"Title\n\n{filler}\n\nAccess \u202eresu\u202c check.\n\nThe end.\n")
    app = make_app(path)

    async def scenario(pilot) -> None:
        await press(pilot, "G")
        await press(pilot, "k", "k")
        place = view(app).position
        for key in ["c", "ؤ"]:
            assert "RLO" not in screen_text(app)
            assert "\u202e" not in screen_text(app)
            await press(pilot, key)
            assert view(app).options.reveal_controls
            assert "‹RLO›" in screen_text(app) and "‹PDF›" in screen_text(app)
            assert view(app).position == place
            await press(pilot, key)
            assert not view(app).options.reveal_controls
            assert view(app).position == place

    run(app, scenario)


@pytest.mark.parametrize("name", theme_names())
def test_the_first_frame_is_styled_by_the_chosen_theme(make_app, name):
    # The app skips the CSS refresh Textual queues when the theme is set at
    # start: what a full refresh yields must already be on the screen.
    app = make_app(SEED, theme=name)

    def styles() -> list[tuple[object, object]]:
        widgets = [app.screen, *app.screen.walk_children()]
        return [(widget.styles.background, widget.styles.color) for widget in widgets]

    async def scenario(pilot) -> None:
        first = styles()
        app.refresh_css(animate=False)
        await pilot.pause()
        assert styles() == first

    run(app, scenario)


def test_a_new_theme_repaints_the_article_and_the_library(make_app, library):
    # The views keep their base style between frames: a new theme must
    # reach every line they draw, blank ones included.
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.sidebar import Sidebar

    app = make_app(library / SEED.name)

    def backgrounds(widget) -> set[object]:
        return {
            segment.style.bgcolor
            for y in range(widget.size.height)
            for segment in widget.render_line(y)
            if segment.style is not None
        }

    async def scenario(pilot) -> None:
        await settle(pilot)
        for _ in theme_names():
            await press(pilot, "T")
            for widget in (app.screen.query_one(ArticleView), app.screen.query_one(Sidebar)):
                assert backgrounds(widget) == {widget.rich_style.bgcolor}, app.theme_name

    run(app, scenario)
