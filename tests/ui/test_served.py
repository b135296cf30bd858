"""The reader as `qari serve` runs it: it writes nothing but the session's
own reading state, and opens nothing outside the library."""

from __future__ import annotations

import os

from reader.text.options import LayoutOptions
from reader.ui.commands import ReaderCommands
from reader.ui.session import Session
from tests.ui.conftest import SEED
from tests.ui.helpers import main_screen, run, settle, view


def files_under(*folders):
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*"))


def test_an_anonymous_session_reads_and_writes_no_file(xdg, monkeypatch, tmp_path):
    config, state = xdg
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('theme = "sepia"\n')
    before = files_under(config, state)
    monkeypatch.setenv("QARI_SERVED", "anonymous")
    session = Session.open(LayoutOptions())
    try:
        assert session.served == "anonymous"
        assert session.theme == "dark"  # not the operator's sepia
        session.change(theme="light")
        session.save_position(SEED, 3, 10)
        assert session.position(SEED) == (3, 10)  # kept, in memory
        assert session.notices == []
    finally:
        session.close()
    assert files_under(config, state) == before


def test_a_key_session_keeps_its_state_where_the_server_points(xdg, monkeypatch):
    config, state = xdg
    monkeypatch.setenv("QARI_SERVED", "key")
    session = Session.open(LayoutOptions())
    try:
        assert session.served == "key"
        session.change(theme="light")
        session.save_position(SEED, 1, 0)
    finally:
        session.close()
    assert (config / "settings.toml").exists()
    assert (state / "positions.sqlite3").exists()


def test_a_local_reader_is_not_served(xdg):
    session = Session.open(LayoutOptions())
    try:
        assert session.served is None
    finally:
        session.close()


def palette_titles(app) -> list[str]:
    titles: list[str] = []

    async def look(pilot) -> None:
        titles.extend(command.title for command in app.get_system_commands(app.screen))

    run(app, look)
    return titles


def test_a_served_palette_has_no_screenshot(make_app, library, monkeypatch):
    assert "Screenshot" in palette_titles(make_app(library))
    monkeypatch.setenv("QARI_SERVED", "key")
    served = palette_titles(make_app(library))
    assert "Screenshot" not in served
    assert "Quit" in served


def test_a_served_reader_opens_nothing_a_link_leads_out_to(
    make_app, library, monkeypatch, tmp_path
):
    outside = tmp_path / "outside.txt"
    outside.write_text("Private notes\n\nNot for readers of the library.\n")
    os.symlink(outside, library / "zz-link.txt")
    monkeypatch.setenv("QARI_SERVED", "anonymous")
    app = make_app(library)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        assert "zz-link.txt" in [os.path.basename(s.path) for s in screen.library]
        before = view(app).article
        provider = ReaderCommands(app.screen)
        hits = sorted([hit async for hit in provider.search("Private notes")], reverse=True)
        assert hits
        hits[0].command()
        await settle(pilot)
        assert view(app).article is before

    run(app, scenario)


def test_a_local_reader_follows_the_link(make_app, library, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Private notes\n\nMine to read.\n")
    os.symlink(outside, library / "zz-link.txt")
    app = make_app(library)

    async def scenario(pilot) -> None:
        main_screen(app).open_article(library / "zz-link.txt")
        await settle(pilot)
        article = view(app).article
        assert article is not None and article.title == "Private notes"

    run(app, scenario)
