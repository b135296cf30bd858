"""What the Pilot tests share: waiting for the app, reading the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from reader.ui.app import QariApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_view import ArticleView


async def settle(pilot: Pilot) -> None:
    """Wait until the library is listed and the article workers are done and drawn."""
    # A finished worker hands its result over with call_from_thread, which
    # may start the next worker (the library opens its newest article).
    while pilot.app.workers._workers or not _listed(pilot.app):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _listed(app: QariApp) -> bool:
    # The library comes from a worker process, not a Textual worker.
    screen = app.screen_stack[0] if app.screen_stack else None
    return not isinstance(screen, MainScreen) or screen.library_listed


def main_screen(app: QariApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def view(app: QariApp) -> ArticleView:
    return main_screen(app).view


def screen_text(app: QariApp) -> str:
    """The screen as plain text, row by row, as a terminal would show it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def top_block(app: QariApp) -> tuple[str | None, str]:
    """Role and logical text of the block the article view's top line shows."""
    article_view = view(app)
    page = article_view.page
    assert page is not None
    line = page.lines[article_view.top_line]
    return line.role, page.blocks[line.block].text


def run(
    app: QariApp,
    scenario: Callable[[Pilot], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
) -> None:
    """Run `scenario` against `app` in a headless terminal of `size`."""

    async def drive() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(drive())


async def press(pilot: Pilot, *keys: str) -> None:
    """Press `keys` and wait until what they started is done."""
    for key in keys:
        await pilot.press(key)
    await settle(pilot)
