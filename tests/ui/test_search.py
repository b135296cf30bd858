"""Searching the open article: `/`, enter, n / N, escape.

The highlight is read off the screen: the cells drawn in the hit styles must
be exactly the glyphs of the matched word, in drawing order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.text.reorder import reverse_run
from reader.text.shape import shape
from tests.ui.conftest import LTR_ARTICLE, SEED
from tests.ui.helpers import main_screen, press, run, settle, view

MIXED = """\
---
title: "بحث"
---

قالت شبكة CNN إن السَّلَامُ عاد إلى المدينة بعد الحرب.

سطر ثان بلا شيء.

وقالت CNN أيضا إن المدارس فتحت، والمدرسة الكبرى كذلك.
"""


def visual(text: str) -> str:
    return reverse_run(shape(text))


def typed(text: str) -> list[str]:
    names = {" ": "space", '"': "quotation_mark"}
    return [names.get(char, char) for char in text]


def highlighted(app, current: bool = True) -> list[str]:
    """The runs of the article view's cells drawn as the current hit (or
    as the other hits), as text, top to bottom."""
    article = view(app)
    region = article.region
    style_name = "article-view--current-hit" if current else "article-view--hit"
    wanted = article.get_component_rich_style(style_name, partial=True)
    runs: list[str] = []
    strips = app.screen._compositor.render_strips()
    for row in range(region.y, region.bottom):
        cell, run = 0, ""
        for segment in strips[row]:
            style = segment.style
            inside = region.x <= cell < region.right
            mark = style is not None and (
                (style.bgcolor == wanted.bgcolor and style.bold)
                if current
                else (style.reverse and style.bgcolor != wanted.bgcolor)
            )
            if inside and mark:
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
            cell += segment.cell_length
        if run:
            runs.append(run)
    return runs


@pytest.fixture
def mixed(library: Path) -> Path:
    path = library / "mixed.md"
    path.write_text(MIXED, encoding="utf-8")
    return path


def search(pilot, query: str):
    return press(pilot, "slash", *typed(query), "enter")


def test_a_word_in_an_rtl_line_is_highlighted_glyph_for_glyph(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot):
        await search(pilot, "روسيا")
        await pilot.pause()
        assert highlighted(app) == [visual("روسيا")]
        found = view(app).found
        assert found is not None and found[0] == 1 and found[1] > 2
        # The other hits in view are highlighted too, in their own style,
        # each a whole word («وروسيا» too: the stem without its و).
        assert set(highlighted(app, current=False)) == {visual("روسيا"), visual("وروسيا")}

    run(app, scenario, size=(100, 30))


def test_a_word_in_an_ltr_line(make_app, library):
    app = make_app(library / LTR_ARTICLE.name)

    async def scenario(pilot):
        await search(pilot, "HARBOUR")
        await pilot.pause()
        assert highlighted(app) == ["Harbour"]
        await press(pilot, "n")
        await pilot.pause()
        assert highlighted(app) == ["harbour"]

    run(app, scenario, size=(100, 30))


def test_mixed_lines_ligatures_and_harakat(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        # A Latin word in a right-to-left line reads left to right.
        await search(pilot, "cnn")
        assert highlighted(app) == ["CNN"]
        # A word with harakat and a lam-alef, found without them.
        await search(pilot, "السلام")
        assert highlighted(app) == [visual("السَّلَامُ")]
        # Light stemming: مدرسة finds المدرسة with its و, not المدارس.
        await search(pilot, "مدرسة")
        assert highlighted(app) == [visual("والمدرسة")]
        assert view(app).found == (1, 1)
        # A phrase across the change of direction: the space between the
        # words has the paragraph's level, so CNN sits at its left.
        await search(pilot, '"شبكة cnn"')
        assert highlighted(app) == ["CNN " + visual("شبكة")]

    run(app, scenario, size=(80, 24))


def test_n_and_capital_n_go_round_and_the_status_counts(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        status = main_screen(app)._status
        await search(pilot, "قالت")
        assert view(app).found == (1, 2)
        # ى is n on the Arabic layout.
        for key, shown in [("n", 2), ("n", 1), ("N", 2), ("ى", 1)]:
            await press(pilot, key)
            assert view(app).found == (shown, 2)
            assert f"{shown}/2" in status.text

    run(app, scenario)


def test_the_view_scrolls_to_a_hit_out_of_sight(make_app, library):
    app = make_app(library / LTR_ARTICLE.name)

    async def scenario(pilot):
        article_view = view(app)
        assert article_view.top_line == 0
        await search(pilot, "levy")
        page = article_view.page
        found = [n for n, line in enumerate(page.lines) if "levy" in line.text]
        assert article_view.top_line <= found[0] < article_view.top_line + 8
        assert article_view.top_line > 0
        assert highlighted(app) == ["levy"]

    run(app, scenario, size=(60, 12))


def test_escape_clears_the_search(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        await search(pilot, "CNN")
        assert highlighted(app)
        await press(pilot, "escape")
        await pilot.pause()
        assert view(app).found is None
        assert highlighted(app) == [] and highlighted(app, current=False) == []
        assert "/" not in main_screen(app)._status.text
        await press(pilot, "n")  # nothing to go to: a bell, nothing else
        assert view(app).found is None

    run(app, scenario)


def test_escape_in_the_field_closes_it(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        await press(pilot, "slash", "ا")
        field = main_screen(app).query_one("#search")
        assert field.display and field.has_focus
        await press(pilot, "escape")
        assert not field.display
        assert view(app).has_focus

    run(app, scenario)


def test_nothing_found_keeps_the_field_open(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        await search(pilot, "zzz")
        field = main_screen(app).query_one("#search")
        assert field.display and field.has_focus
        assert view(app).found is None
        assert any("Not found: zzz" in str(n.message) for n in app._notifications)

    run(app, scenario)


def test_typing_a_query_changes_no_setting(make_app, mixed, xdg):
    config, _ = xdg
    app = make_app(mixed)

    async def scenario(pilot):
        # ة is m (bidi mode), ا is h (harakat), ؤ is c, ف is t, س is s.
        await press(pilot, "slash", *typed("مدرسة ةاؤفس"))
        assert app.session.options.bidi == "visual"
        assert app.session.options.harakat == "keep"
        assert main_screen(app).query_one("#sidebar").display
        await press(pilot, "escape")

    run(app, scenario)
    assert not (config / "settings.toml").exists()


def test_the_field_shows_the_query_shaped_on_the_article_side(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        await press(pilot, "slash", *typed("مدرسة"))
        field = main_screen(app).query_one("#search")
        row = app.screen._compositor.render_strips()[field.region.y].text
        assert row.rstrip().endswith(visual("مدرسة"))

    run(app, scenario)


def test_highlight_snapshot(snap_compare, make_app, mixed):
    app = make_app(mixed)

    async def run_before(pilot):
        await settle(pilot)
        # The snapshot's harness may start the keys before the article has
        # taken the focus; `/` is for the article.
        while app.focused is None:
            await pilot.pause()
        await search(pilot, "السلام")

    assert snap_compare(app, terminal_size=(80, 16), run_before=run_before)


def test_slash_searches_the_article_only_while_it_has_focus(make_app, mixed):
    app = make_app(mixed)

    async def scenario(pilot):
        screen = main_screen(app)
        screen.query_one("#sidebar").focus()
        await press(pilot, "slash")
        assert not screen.query("#search")
        view(app).focus()
        await press(pilot, "slash")
        assert screen.query_one("#search").has_focus

    run(app, scenario)


def test_in_logical_mode_the_logical_characters_are_highlighted(make_app, mixed):
    # The terminal shapes and reorders: the cells sent are the word's own
    # letters, in logical order, and the terminal moves them with the word.
    app = make_app(mixed, bidi="logical")

    async def scenario(pilot):
        await search(pilot, "مدرسة")
        assert highlighted(app) == ["والمدرسة"]

    run(app, scenario)
