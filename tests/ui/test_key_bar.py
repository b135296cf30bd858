"""The key bar: the main keys of what has the focus; a click presses one."""

from __future__ import annotations

from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.sidebar import Sidebar
from tests.ui.conftest import SEED
from tests.ui.helpers import press, run, screen_text


def test_the_keys_follow_the_focus(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        assert "] Next" in screen_text(app).splitlines()[-1]
        await press(pilot, "tab")
        assert isinstance(app.focused, Sidebar)
        bar = screen_text(app).splitlines()[-1]
        assert "] Next" not in bar and "s Library" in bar

    run(app, scenario)


def test_a_click_on_a_key_presses_it(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        column = screen_text(app).splitlines()[-1].index("? Help")
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

    run(app, scenario)
