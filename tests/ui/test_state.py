"""Reading positions and settings, as the reader uses them."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SEED, SEED_SECTIONS
from tests.ui.helpers import main_screen, press, run, top_block, view


def test_the_reading_position_is_restored_on_reopen(make_app, library):
    path = library / SEED.name
    first = make_app(path)

    async def read_on(pilot) -> None:
        await press(pilot, "2", "j", "j")

    run(first, read_on)
    first.session.close()

    again = make_app(path)

    async def reopen(pilot) -> None:
        article_view = view(again)
        page = article_view.page
        assert page is not None
        heading_line = page.block_line(
            next(n for n, block in enumerate(page.blocks) if block.text == SEED_SECTIONS[1])
        )
        assert article_view.top_line == heading_line + 2

    run(again, reopen)


def test_the_position_is_kept_per_article_when_switching(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        await press(pilot, "3")
        await press(pilot, "tab", "k", "enter")  # the other article, at its top
        assert view(app).top_line == 0
        await press(pilot, "tab", "j", "enter")  # back to the seed
        assert top_block(app) == ("heading", SEED_SECTIONS[2])

    run(app, scenario)


def test_resize_keeps_the_reading_position(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "2", "j", "j", "j")
        before = view(app).position
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert view(app).page.width < 50
        assert view(app).position == before
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert view(app).position == before

    run(app, scenario)


def test_a_broken_settings_file_gives_a_notice_and_is_never_overwritten(make_app, xdg):
    xdg[0].mkdir(parents=True)
    settings = xdg[0] / "settings.toml"
    broken = b'theme = "sepia"\nmeasure = [oops\n'
    settings.write_bytes(broken)
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        notices = [str(n.message) for n in app._notifications]
        assert any("settings.toml" in notice and "TOML" in notice for notice in notices)
        assert app.theme_name == "dark"
        await press(pilot, "T", "m")
        assert app.theme_name == "light"

    run(app, scenario)
    assert settings.read_bytes() == broken


def test_a_damaged_positions_database_gives_a_notice(make_app, xdg):
    xdg[1].mkdir(parents=True)
    (xdg[1] / "positions.sqlite3").write_bytes(b"not a database at all")
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        notices = [str(n.message) for n in app._notifications]
        assert any("damaged" in notice for notice in notices)
        await press(pilot, "2")
        main_screen(app).save_position()

    run(app, scenario)


def test_an_article_that_cannot_be_read_is_a_sanitised_notice(make_app, library):
    hostile = library / "evil\x1b]0;pwned\x07.txt"
    hostile.mkdir()  # a folder where an article should be
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        main_screen(app).open_article(hostile)
        await press(pilot)
        messages = [str(notification.message) for notification in app._notifications]
        assert any("evil␛]0;pwned␇" in message for message in messages)
        assert not any("\x1b" in message or "\x07" in message for message in messages)
        assert view(app).article is not None  # the open article stays open

    run(app, scenario)


def test_nothing_to_read_is_one_line_whatever_the_path(tmp_path):
    # A missing file, a file that is not an article, a folder without article
    # files, a folder whose only file is not an article: the reader does not
    # start, and the one line it ends with says what was skipped.
    from reader.article.model import ArticleError
    from reader.text.options import LayoutOptions
    from reader.ui.app import build_app

    empty, binary_only = tmp_path / "empty", tmp_path / "binary-only"
    empty.mkdir()
    binary_only.mkdir()
    binary = binary_only / "scan.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00" * 50)
    cases = [
        (tmp_path / "missing.txt", "no such file"),
        (binary, f"{binary} is a binary file"),
        (empty, f"no articles (.txt, .md, .markdown files) in {empty}"),
        (binary_only, f"nothing to read in {binary_only}: {binary} is a binary file"),
    ]
    for path, reason in cases:
        with pytest.raises(ArticleError) as error:
            build_app(path, options=LayoutOptions())
        assert reason in str(error.value)
        assert "\n" not in str(error.value)


def test_a_large_library_is_not_walked_before_the_reader_starts(tmp_path, listed_folders):
    # One article read is enough to know there is something to read; the
    # rest of the library is the worker's to walk, after the first screen.
    from reader.text.options import LayoutOptions
    from reader.ui.app import build_app

    for name in ("top.txt", "feed/one.txt", "feed/older/two.txt"):
        path = tmp_path / "library" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Headline\n\nText.\n")
    app = build_app(tmp_path / "library", options=LayoutOptions())
    app.session.close()
    assert listed_folders == [str(tmp_path / "library")]


def test_a_notice_shows_bidi_controls_as_tags_and_stays_short(make_app, library):
    from reader.ui.screens.main import MAX_NOTICE_CHARS

    spoofed = library / "report\u202efdp.exe.txt"
    spoofed.mkdir()  # a folder where an article should be: a notice names it
    app = make_app(library / SEED.name)

    async def scenario(pilot) -> None:
        main_screen(app).open_article(spoofed)
        main_screen(app).tell("x" * 1_000_000)
        await press(pilot)
        messages = [str(notification.message) for notification in app._notifications]
        assert any("report‹RLO›fdp.exe.txt" in message for message in messages)
        assert not any("\u202e" in message for message in messages)
        assert all(len(message) <= MAX_NOTICE_CHARS for message in messages)

    run(app, scenario)


def test_the_library_does_not_wait_for_a_slow_first_article(make_app, library, monkeypatch):
    # The library is read after the first article is on screen, so that a
    # large one does not slow it; but a huge first article must not keep
    # the sidebar empty and the indexing waiting for as long as it loads.
    import asyncio
    import threading
    import time

    from reader.article import load_process
    from reader.library.find import library_for
    from reader.library.index import LibraryIndex
    from reader.library.indexer import update_index

    release = threading.Event()
    real_load = load_process.ArticleLoader.load

    def slow_load(self, path, **options):
        release.wait(30)
        return real_load(self, path, **options)

    # Indexed already: the first article is then the index's newest.
    index = LibraryIndex.open()
    update_index(library_for(library), index, lambda _: None)
    index.close()
    monkeypatch.setattr(load_process.ArticleLoader, "load", slow_load)
    app = make_app(library)

    async def scenario() -> None:
        async with app.run_test() as pilot:
            screen = main_screen(app)
            deadline = time.monotonic() + 10
            while len(screen.library) < 2 and time.monotonic() < deadline:
                await pilot.pause(0.05)
            listed, opened = len(screen.library), screen.view.article
            release.set()
            while screen.view.article is None and time.monotonic() < deadline + 10:
                await pilot.pause(0.05)
            assert (listed, opened) == (2, None)
            assert screen.view.article is not None

    try:
        asyncio.run(scenario())
    finally:
        release.set()
