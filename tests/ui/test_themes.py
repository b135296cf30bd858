import re

import pytest
from rich.color import Color, ColorSystem

from reader.resources import themes_dir
from reader.ui.themes import ThemeError, ThemeFile, load_theme, next_theme, theme_names
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.status import StatusLine


def test_the_four_themes_are_bundled_in_cycling_order():
    assert theme_names()[:4] == ["dark", "light", "sepia", "high-contrast"]
    assert next_theme("dark") == "light"
    assert next_theme(theme_names()[-1]) == theme_names()[0]
    assert next_theme("gone") == theme_names()[0]


@pytest.mark.parametrize("name", theme_names())
def test_each_theme_makes_a_textual_theme_and_styles_every_part(name):
    theme = load_theme(name)
    textual = theme.textual_theme()
    assert textual.name == f"qari-{name}"
    assert textual.dark == (name in ("dark", "high-contrast"))
    styled = set(re.findall(r"\.([\w-]+--[\w-]+)", theme.css))
    wanted = {
        "article-view--title",
        "article-view--heading",
        "article-view--quote",
        "article-view--byline",
        "article-view--credits",
        "line-list--current",
        "line-list--cursor",
        "status-line--section",
    }
    assert wanted <= styled
    known = ArticleView.COMPONENT_CLASSES | LineList.COMPONENT_CLASSES
    assert styled <= known | StatusLine.COMPONENT_CLASSES


def test_theme_files_hold_no_layout():
    for name in theme_names():
        css = load_theme(name).css
        for rule in ("dock", "width", "height", "display", "layout"):
            assert not re.search(rf"^\s*{rule}\s*:", css, re.MULTILINE), (name, rule)


def test_an_unknown_theme_is_a_clear_error():
    with pytest.raises(ThemeError, match=r"no theme 'nope'.*dark"):
        load_theme("nope")


def test_a_theme_without_a_primary_colour_is_refused(tmp_path):
    path = tmp_path / "bare.tcss"
    path.write_text("Screen { color: red; }\n")
    with pytest.raises(ThemeError, match="qari-primary"):
        ThemeFile("bare", path, path.read_text()).textual_theme()


def test_bundled_themes_dir_is_the_repository_folder():
    assert (themes_dir() / "dark.tcss").is_file()


@pytest.mark.parametrize("name", theme_names())
@pytest.mark.parametrize("system", [ColorSystem.STANDARD, ColorSystem.EIGHT_BIT])
def test_each_theme_stays_legible_in_16_and_256_colours(name, system):
    palette = dict(re.findall(r"^\$qari-([\w-]+):\s*([^;]+);", load_theme(name).css, re.M))

    def reduced(role: str) -> int | None:
        return Color.parse(palette[role]).downgrade(system).number

    for ink, paper in [
        ("foreground", "background"),
        ("primary", "background"),
        ("accent", "surface"),
        ("muted", "background"),
        ("cursor", "surface"),
        ("foreground", "cursor"),
        ("foreground", "panel"),
    ]:
        assert reduced(ink) != reduced(paper), (ink, paper)
