"""`o` lists the article's links, `y` copies its address and `Y` the text
on screen, with OSC 52 through the driver: the exact bytes, the address
made safe, the text in logical order."""

from __future__ import annotations

import base64
import re

import pytest
from rich.console import Console

from reader.clipboard import copy_sequence
from reader.text.options import LayoutOptions
from reader.ui.app import QariApp
from reader.ui.labels import fit_label
from reader.ui.screens.links import LinksScreen
from reader.ui.widgets.line_list import LineList
from tests.ui.helpers import main_screen, press, run, view

SAVED = """\
---
title: المدرسة الجديدة
source: وادي
url: https://news.example/ar/مدرسة
---

ذَهَبَ الطالب إلى المدرسة (صباحًا) في 2024، كما قال [بيان الوزارة](https://edu.example/بيان).

فقرة ثانية قصيرة.
"""
URL = "https://news.example/ar/%D9%85%D8%AF%D8%B1%D8%B3%D8%A9"
MINISTRY = "https://edu.example/%D8%A8%D9%8A%D8%A7%D9%86"


@pytest.fixture
def written(monkeypatch) -> list[str]:
    """What the app sends the terminal besides its frames."""
    sent: list[str] = []
    monkeypatch.setattr(QariApp, "terminal_writer", lambda app: sent.append)
    return sent


def saved(tmp_path, text: str = SAVED):
    folder = tmp_path / "library" / "wadi"
    folder.mkdir(parents=True)
    path = folder / "2026-09-01-school.md"
    path.write_text(text)
    return path


def clipboard(sequence: str) -> str:
    match = re.fullmatch(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", sequence)
    assert match, sequence
    return base64.b64decode(match.group(1)).decode()


def notices(app) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def test_y_copies_the_articles_address_as_the_exact_osc_52(make_app, tmp_path, written):
    app = make_app(saved(tmp_path))

    async def scenario(pilot) -> None:
        await press(pilot, "y")

    run(app, scenario)
    assert written == [copy_sequence(URL).sequence]
    assert written[0] == "\x1b]52;c;" + base64.b64encode(URL.encode()).decode() + "\x07"
    assert app.clipboard == URL
    assert "Copied https://news.example/ar/مدرسة" in notices(app)


def test_a_hostile_address_reaches_the_clipboard_encoded(make_app, tmp_path, written):
    hostile = SAVED.replace(
        "url: https://news.example/ar/مدرسة", 'url: "https://e.example/\\e]2;pwn\\a\\u202e"'
    )
    app = make_app(saved(tmp_path, hostile))

    async def scenario(pilot) -> None:
        await press(pilot, "y")

    run(app, scenario)
    assert [clipboard(sequence) for sequence in written] == [
        "https://e.example/%1B]2;pwn%07%E2%80%AE"
    ]


def test_y_without_an_address_says_so_and_sends_nothing(make_app, library, written):
    app = make_app(library / "000_be68ca890cbf5680.txt")

    async def scenario(pilot) -> None:
        await press(pilot, "y")

    run(app, scenario)
    assert written == []
    assert any("no web address of its own" in notice for notice in notices(app))


def test_Y_copies_the_paragraphs_on_screen_in_logical_order(make_app, tmp_path, written):
    app = make_app(saved(tmp_path))

    async def scenario(pilot) -> None:
        await press(pilot, "Y")

    run(app, scenario)
    (copied,) = [clipboard(sequence) for sequence in written]
    assert copied == (
        "المدرسة الجديدة\n\nوادي\n\n"
        "ذَهَبَ الطالب إلى المدرسة (صباحًا) في 2024، كما قال بيان الوزارة "
        "<https://edu.example/بيان>.\n\nفقرة ثانية قصيرة."
    )
    # Not what the screen shows: no presentation forms, nothing reversed.
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", copied)


def link_rows(app) -> list[tuple[str, str | None]]:
    screen = app.screen
    assert isinstance(screen, LinksScreen)
    links = screen.query_one(LineList)
    rows = []
    for y in range(links.size.height):
        strip = links.render_line(y)
        text = strip.text.strip()
        if text:
            found = {
                segment.style.link for segment in strip if segment.style and segment.style.link
            }
            rows.append((text, found.pop() if found else None))
    return rows


def test_o_lists_the_links_as_hyperlinks_where_the_terminal_has_them(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("FORCE_HYPERLINK", "1")
    app = make_app(saved(tmp_path))
    rendered: list[str] = []

    async def scenario(pilot) -> None:
        await press(pilot, "o")
        rows = link_rows(app)
        assert [link for _, link in rows] == [None, URL, None, MINISTRY]
        links = app.screen.query_one(LineList)
        rendered.append(links.render_line(1).render(Console(color_system="truecolor")))

    run(app, scenario)
    # The exact OSC 8 around the shown address: only printable ASCII inside.
    match = re.search(r"\x1b\]8;id=(\d+);([^\x1b]*)\x1b\\(.*?)\x1b\]8;;\x1b\\", rendered[0])
    assert match, rendered[0]
    assert match.group(2) == URL
    # Shaped and in drawing order, as every label.
    shown = fit_label("https://news.example/ar/مدرسة", 200, LayoutOptions()).text
    assert re.sub(r"\x1b\[[0-9;]*m", "", match.group(3)) == shown


def test_o_shows_plain_addresses_where_the_terminal_may_not_have_hyperlinks(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.delenv("FORCE_HYPERLINK", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("VTE_VERSION", "KITTY_WINDOW_ID", "WT_SESSION", "TERM_PROGRAM", "KONSOLE_VERSION"):
        monkeypatch.delenv(name, raising=False)
    app = make_app(saved(tmp_path))

    async def scenario(pilot) -> None:
        await press(pilot, "o")
        assert [link for _, link in link_rows(app)] == [None, None, None, None]

    run(app, scenario)


def test_picking_a_link_copies_it_and_closes_the_list(make_app, tmp_path, written):
    app = make_app(saved(tmp_path))

    async def scenario(pilot) -> None:
        await press(pilot, "o", "j", "enter")
        assert not isinstance(app.screen, LinksScreen)
        await press(pilot, "o", "y")

    run(app, scenario)
    assert [clipboard(sequence) for sequence in written] == [MINISTRY, URL]


def test_an_article_without_links_says_so(make_app, library):
    app = make_app(library / "000_be68ca890cbf5680.txt")

    async def scenario(pilot) -> None:
        await press(pilot, "o")
        assert app.screen is main_screen(app)
        assert view(app).article is not None

    run(app, scenario)
    assert any("no web address" in notice for notice in notices(app))
