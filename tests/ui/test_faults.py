"""Faults around the reader (issue: untrusted input and faults): a terminal
shrunk to one cell, floods of resizes and keys, files that change under it.
None may crash it, hang it or lose the article being read."""

from __future__ import annotations

import os
import random
import shutil
import unicodedata

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.keys import _get_unicode_name_from_key

from reader.ui.app import QariApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.line_list import LineList
from tests.ui.conftest import LTR_ARTICLE, SEED, SEED_SECTIONS
from tests.ui.helpers import main_screen, press, run, screen_text, settle, top_block, view


def bound_keys() -> list[str]:
    """Every key the reader binds, Arabic twins included, but those that quit."""
    keys = {
        binding.key
        for owner in (ArticleView, LineList, MainScreen, QariApp)
        for binding in Binding.make_bindings(owner.BINDINGS)
        if binding.action != "quit"
    }
    return sorted(keys)


def shows_text(app: QariApp) -> bool:
    """Whether the article view has laid-out text on screen."""
    article_view = view(app)
    page = article_view.page
    if page is None or not any(line.text.strip() for line in page.lines):
        return False
    region = article_view.content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return any(row[region.x : region.right].strip() for row in rows)


def test_a_terminal_of_one_cell_and_back(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "2", "j")
        place = view(app).position
        for size in [(1, 1), (2, 1), (1, 3), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
        assert view(app).position == place
        assert shows_text(app)
        await press(pilot, "1")  # and it still answers
        assert top_block(app) == ("heading", SEED_SECTIONS[0])

    run(app, scenario)


def key_event(key: str) -> events.Key:
    """The event a terminal's key press becomes (as `Pilot.press` makes it)."""
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def test_a_flood_of_resizes_and_keys(make_app, library):
    app = make_app(library)
    keys = bound_keys()
    chance = random.Random(20240502)
    # 200 resizes among 500 keys, queued faster than they are handled:
    # Pilot's own `press` would wait for each key to be done.
    flood: list[events.Event] = [key_event(chance.choice(keys)) for _ in range(500)]
    for _ in range(200):
        size = Size(chance.randint(1, 160), chance.randint(1, 60))
        flood.insert(chance.randrange(len(flood) + 1), events.Resize(size, size))

    async def scenario(pilot) -> None:
        driver = app._driver
        for number, event in enumerate(flood):
            if isinstance(event, events.Resize):
                driver._size = event.size  # what a terminal reports when asked
            app.post_message(event)
            if number % 50 == 49:
                await pilot.pause()
        await pilot.resize_terminal(80, 24)
        # Back to the reading screen, whatever the keys left open.
        while app.screen is not main_screen(app):
            app.pop_screen()
            await pilot.pause()
        await settle(pilot)
        assert app.is_running
        assert shows_text(app)
        await press(pilot, "escape", "g")  # the article, at its top
        assert view(app).has_focus and view(app).top_line == 0
        await press(pilot, "?")
        assert app.screen is not main_screen(app)

    run(app, scenario)


def test_files_deleted_or_rewritten_while_open_give_a_notice(make_app, library):
    third = library / "third.md"
    shutil.copy(LTR_ARTICLE, third)
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        open_path = view(app).article.path
        others = [path for path in screen._sidebar.paths if path != open_path]
        deleted, rewritten = others
        deleted.unlink()
        rewritten.write_bytes(b"\x00\xff\xfe" * 1000)
        open_path.write_bytes(b"\x00" * 10)  # the open article, too
        for path in (deleted, rewritten):
            sidebar = screen._sidebar
            await press(pilot, "s", "s")  # shows and focuses the library
            sidebar.cursor = sidebar.index_of(path)
            await press(pilot, "enter")
            assert view(app).article.path == open_path  # what was read stays
        messages = [str(notification.message) for notification in app._notifications]
        assert any(deleted.name in message and "no such file" in message for message in messages)
        assert any(rewritten.name in message and "binary" in message for message in messages)
        assert all(len(message.splitlines()) <= 2 for message in messages)
        await press(pilot, "escape", "]")
        assert top_block(app) == ("heading", SEED_SECTIONS[0])
        assert shows_text(app)

    run(app, scenario)


def test_a_file_name_that_is_not_utf8_is_shown_and_keeps_its_place(make_app, tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    path = folder / os.fsdecode(b"caf\xe9 \x1b[2J.md")  # Latin-1 and an escape
    path.write_text("\n\n".join(f"Paragraph {n} of a long article." for n in range(60)))
    first = make_app(path)
    places = []

    async def read_on(pilot) -> None:
        await press(pilot, "j", "j", "j")
        places.append(view(first).position)
        assert "caf\ufffd ␛[2J" in screen_text(first)  # the title is the file's name

    run(first, read_on)
    first.session.close()
    assert not first._notifications  # nothing failed to save
    again = make_app(path)

    async def reopen(pilot) -> None:
        assert view(again).position == places[0] != (0, 0)

    run(again, reopen)
