"""Keys that cannot run now are shown disabled (check_action), and the
settings file's [keymap] gives bindings other keys, Arabic twins included."""

from __future__ import annotations

from rich.style import Style

from reader.ui.app import binding_ids
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar
from tests.ui.conftest import SEED, SEED_SECTIONS
from tests.ui.helpers import press, run, screen_text, top_block, view


def key_states(app) -> dict[str, bool]:
    """Each shown key's action and whether the key bar draws it enabled."""
    keys, _ = app.screen.query_one(KeyBar)._shown()
    return {key.description: key.enabled for key in keys}


def write_settings(xdg, text: str) -> None:
    xdg[0].mkdir(parents=True, exist_ok=True)
    (xdg[0] / "settings.toml").write_text(text)


def test_section_keys_are_disabled_where_they_lead_nowhere(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        article = view(app)
        assert key_states(app) == key_states(app) | {"Next": True, "Prev": False}
        assert article.check_action("section", (len(SEED_SECTIONS) - 1,)) is True
        assert article.check_action("section", (len(SEED_SECTIONS),)) is None  # `4`: no 4th
        for _ in SEED_SECTIONS:
            await press(pilot, "right_square_bracket")
        assert top_block(app) == ("heading", SEED_SECTIONS[-1])
        assert key_states(app)["Next"] is False
        assert key_states(app)["Prev"] is True
        place = article.top_line
        await press(pilot, "right_square_bracket", "4", "9")  # disabled: nothing moves
        assert article.top_line == place

    run(app, scenario)


def test_contents_are_disabled_for_an_article_without_headings(make_app, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("عنوان\n\nفقرة أولى بلا عناوين.\n\nوفقرة ثانية.\n", encoding="utf-8")
    app = make_app(plain)

    async def scenario(pilot) -> None:
        assert key_states(app)["Contents"] is False
        assert key_states(app)["Next"] is False
        await press(pilot, "t")
        assert len(app.screen.query("#toc")) == 0

    run(app, scenario)


def test_the_help_dims_the_keys_that_cannot_run(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {description: text for text, description in app.screen._rows(ArticleView, view(app))}
        assert keys["Previous section"].style == "dim"  # at the top
        assert keys["Next section"].style == ""
        digits = keys["Section 1–9"]
        assert digits.plain == "1–3 4–9"  # the seed has three sections
        dim = [digits.plain[span.start : span.end] for span in digits.spans if span.style == "dim"]
        assert dim == [" 4–9"]

    run(app, scenario)


def test_a_keymap_gives_a_binding_other_keys_and_their_arabic_twins(make_app, xdg):
    write_settings(xdg, '[keymap]\nnext-section = "l"\n')
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "right_square_bracket")
        assert top_block(app)[0] != "heading"  # `]` no longer moves
        await press(pilot, "l")
        assert top_block(app) == ("heading", SEED_SECTIONS[0])
        await press(pilot, "م")  # `l` on the Arabic layout
        assert top_block(app) == ("heading", SEED_SECTIONS[1])
        assert "l Next" in screen_text(app).splitlines()[-1]

    run(app, scenario)


def test_a_keymap_naming_no_binding_is_a_notice(make_app, xdg):
    write_settings(xdg, '[keymap]\nturn-page = "n"\n')
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        notices = [str(notification.message) for notification in app._notifications]
        assert [n for n in notices if "turn-page" in n and "next-section" in n]

    run(app, scenario)


def test_every_binding_has_an_id():
    ids = binding_ids()
    assert {"next-section", "previous-section", "section-9", "contents", "help", "quit"} <= ids


def test_a_narrow_key_bar_keeps_help_and_quit(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        bar = screen_text(app).splitlines()[-1]
        assert "? Help" in bar and "q Quit" in bar

    run(app, scenario, size=(40, 12))


def test_a_disabled_key_is_drawn_muted(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        bar = app.screen.query_one(KeyBar)
        muted = bar.get_component_rich_style("key-bar--disabled").color
        strip = bar.render_line(0)
        prev = next(segment for segment in strip if "Prev" in segment.text)
        assert isinstance(prev.style, Style) and prev.style.color == muted

    run(app, scenario)


def test_the_readme_names_every_binding():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    documented = readme[readme.index("#### Your own keys") :]
    for name in binding_ids() - {f"section-{n}" for n in range(2, 9)}:
        assert f"`{name}`" in documented, name


def test_next_hit_is_disabled_until_something_is_searched_for(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        assert view(app).check_action("next_hit", (1,)) is None

    run(app, scenario)
