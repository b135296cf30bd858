import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from rich.color import ColorSystem

from reader.resources import themes_dir
from reader.state import flat_toml
from reader.ui.themes import (
    ANSI_NAMES,
    ROLES,
    ThemeError,
    load_palette,
    next_theme,
    theme_names,
    user_themes_dir,
)
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.status import StatusLine
from tests.ui.conftest import SEED
from tests.ui.helpers import press, run, view

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "reader" / "ui" / "qari.tcss"
BUNDLED = ["dark", "light", "sepia", "high-contrast"]


def _contrast_tool():
    spec = importlib.util.spec_from_file_location(
        "theme_contrast", ROOT / "tools" / "theme_contrast.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contrast = _contrast_tool()


def user_theme(xdg, name: str, text: str) -> Path:
    folder = xdg[0] / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def test_the_four_themes_are_bundled_in_cycling_order():
    assert theme_names() == BUNDLED
    assert next_theme("dark") == "light"
    assert next_theme("high-contrast") == "dark"
    assert next_theme("gone") == "dark"


@pytest.mark.parametrize("name", BUNDLED)
def test_a_theme_file_holds_colours_only_for_every_role_and_16_colours(name):
    text = (themes_dir() / f"{name}.toml").read_text()
    table = tomllib.loads(text)
    assert set(table) == set(ROLES) | {"ansi"}
    assert set(table["ansi"]) == set(ROLES)
    assert set(table["ansi"].values()) <= set(ANSI_NAMES)
    # Read at launch without importing tomllib (see reader/state/flat_toml.py).
    assert flat_toml._simple(text) == table


@pytest.mark.parametrize("name", BUNDLED)
def test_each_theme_makes_a_textual_theme(name):
    palette = load_palette(name)
    for sixteen in (False, True):
        theme = palette.textual_theme(sixteen)
        assert theme.name == f"qari-{name}"
        assert theme.dark == (name in ("dark", "high-contrast"))
        assert set(theme.variables) == {"qari-muted", "qari-code", "qari-cursor"}


def test_the_stylesheet_styles_every_part_with_theme_variables_only():
    css = STYLESHEET.read_text()
    styled = set(re.findall(r"\.([\w-]+--[\w-]+)", css))
    wanted = {
        "article-view--title",
        "article-view--heading",
        "article-view--quote",
        "article-view--byline",
        "article-view--credits",
        "line-list--current",
        "line-list--cursor",
        "status-line--section",
        "key-bar--key",
    }
    known = (
        ArticleView.COMPONENT_CLASSES
        | LineList.COMPONENT_CLASSES
        | StatusLine.COMPONENT_CLASSES
        | KeyBar.COMPONENT_CLASSES
    )
    assert wanted <= styled <= known
    # Colours come from the theme: no colour is written in the stylesheet.
    colours = re.findall(r"(?:^|\s)(?:background|color):\s*([^;]+);", css, re.MULTILINE)
    assert colours and all(value.startswith("$") for value in colours)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_theme_keeps_its_contrast_in_24_bit_256_and_16_colours(name):
    rows = contrast.contrasts(load_palette(name))
    assert len(rows) == 3 * len(contrast.PAIRS)
    short = [row for row in rows if not row.enough]
    assert short == []


def test_the_contrast_check_sees_a_light_theme_brought_down_to_16_colours(xdg):
    # The light palette without its [ansi] colours, brought down as Rich does:
    # brown title and blue heading turn bright yellow and cyan on white.
    light = load_palette("light")
    naive = {role: contrast._drawn(light.colours[role], ColorSystem.STANDARD) for role in ROLES}
    assert contrast.ratio(naive["accent"], naive["background"]) < 3
    assert contrast.ratio(naive["primary"], naive["background"]) < 3


def test_a_users_theme_joins_the_cycle_and_may_replace_a_bundled_one(xdg):
    dark = (themes_dir() / "dark.toml").read_text()
    user_theme(xdg, "dusk", dark.replace("#1b1d23", "#101020"))
    user_theme(
        xdg, "light", (themes_dir() / "light.toml").read_text().replace("#fbfbf8", "#ffffff")
    )
    assert theme_names() == [*BUNDLED, "dusk"]
    assert load_palette("dusk").colours["background"] == "#101020"
    assert load_palette("light").path.parent == user_themes_dir()
    assert load_palette("light").colours["background"] == "#ffffff"


def test_a_users_theme_without_16_colours_takes_those_of_its_darkness(xdg):
    text = (themes_dir() / "light.toml").read_text()
    user_theme(xdg, "paper", text[: text.index("[ansi]")])
    paper = load_palette("paper")
    assert paper.ansi is None
    assert (
        paper.textual_theme(True).to_color_system().generate()["accent"]
        == (load_palette("light").textual_theme(True).to_color_system().generate()["accent"])
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('background = "#000000"\n', "surface is None"),
        ("background = = 1\n", "cannot be read"),
        ("\xff", "cannot be read"),
    ],
)
def test_a_broken_users_theme_is_one_line(xdg, text, problem):
    path = user_theme(xdg, "broken", text)
    with pytest.raises(ThemeError, match=problem) as error:
        load_palette("broken")
    assert "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_a_bad_colour_or_16_colour_name_is_named(xdg):
    dark = (themes_dir() / "dark.toml").read_text()
    user_theme(xdg, "odd", dark.replace('accent = "#e6b450"', 'accent = "#e6b45"'))
    with pytest.raises(ThemeError, match="e6b45"):
        load_palette("odd")
    user_theme(xdg, "odd", dark.replace('accent = "bright_yellow"', 'accent = "gold"'))
    with pytest.raises(ThemeError, match=r"\[ansi\] accent is 'gold'"):
        load_palette("odd")


def test_an_unknown_theme_is_a_clear_error():
    with pytest.raises(ThemeError, match=r"no theme 'nope'.*dark"):
        load_palette("nope")


def test_T_goes_past_a_broken_users_theme_with_a_one_line_notice(make_app, xdg):
    user_theme(xdg, "after-all", "background = = 1\n")  # cycles after the bundled ones
    app = make_app(SEED, theme="high-contrast")

    async def scenario(pilot) -> None:
        await press(pilot, "T")
        assert app.theme_name == "dark"
        notices = [str(notification.message) for notification in app._notifications]
        assert [n for n in notices if "after-all" in n and "\n" not in n]

    run(app, scenario)


def test_a_terminal_of_16_colours_wears_the_themes_16_colours(make_app, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    app = make_app(SEED, theme="light")

    async def scenario(pilot) -> None:
        assert app.sixteen_colours
        article = view(app)
        title = article.get_component_rich_style("article-view--title").color
        paper = article.rich_style.bgcolor
        assert title is not None and paper is not None
        assert title.downgrade(ColorSystem.STANDARD).number == ANSI_NAMES.index("red")
        assert paper.downgrade(ColorSystem.STANDARD).number == ANSI_NAMES.index("bright_white")

    run(app, scenario)


def test_the_theme_notice_comes_with_the_new_colours(make_app):
    app = make_app(SEED)
    seen: list[tuple[str, object]] = []
    notify = app.notify

    def noted(message, **details):
        seen.append((message, view(app).rich_style.bgcolor))
        notify(message, **details)

    app.notify = noted

    async def scenario(pilot) -> None:
        await press(pilot, "T")
        paper = next(paper for message, paper in seen if message == "Theme: light")
        assert paper.triplet.hex == load_palette("light").colours["background"]

    run(app, scenario)
