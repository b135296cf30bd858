"""`r` fetches every feed in the background, from a loopback server: the
status line counts, the library fills as items arrive, the keys go on
answering, errors are notices; disabled without subscriptions and when
served."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from reader.feeds.library import Places
from reader.feeds.subscriptions import FEEDS_FILENAME, Feed, save_feeds
from reader.resources import articles_dir
from reader.ui.widgets.sidebar import Heading, Sidebar
from tests.feeds.server import FixtureServer, Reply
from tests.ui.helpers import main_screen, press, run, settle, view

RSS = "application/rss+xml"
TITLES = [
    "استئناف مفاوضات سد النهضة في الخرطوم وسط تفاؤل حذر",
    "ارتفاع منسوب النيل الأزرق إلى أعلى مستوى منذ عشر سنوات",
    "الحكومة تثبت سعر رغيف الخبز المدعم حتى نهاية العام",
    "افتتاح أكبر محطة لتحلية المياه على ساحل البحر الأحمر",
    "مهرجان القاهرة السينمائي يعلن قائمة أفلام المسابقة الرسمية",
]


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    running = FixtureServer().start()
    yield running
    running.stop()


def subscribe(*feeds: Feed) -> None:
    places = Places.from_environment()
    places.config.mkdir(parents=True, exist_ok=True)
    save_feeds(places.config / FEEDS_FILENAME, feeds)


def notices(app) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def test_r_fetches_into_the_library_and_tells_each_failure(make_app, server):
    wadi = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    subscribe(Feed("wadi", wadi), Feed("gone", server.url("/gone.xml")))
    app = make_app(None)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        assert screen._library.folder == articles_dir()  # empty: the bundled articles
        assert screen.check_action("fetch", ()) is True
        await press(pilot, "r")
        await pilot.pause()
        library = Places.from_environment().library
        assert screen._library.folder == library
        assert sorted(s.title for s in screen.library) == sorted(TITLES)
        assert all(Path(s.path).parent == library / "wadi" for s in screen.library)
        # In the feed's group, all unread.
        assert screen.query_one(Sidebar).heading_at(0) == Heading("wadi", 5, False)
        assert "Feeds" not in screen._status.text  # done: the count is gone

    run(app, scenario)
    said = notices(app)
    assert "gone: the server answered 404 Not Found" in said
    assert "Fetched 2 feeds: 5 new, 1 failed" in said


def test_the_keys_answer_and_the_status_line_counts_while_a_feed_is_slow(make_app, library, server):
    wadi = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    # HTML where a feed was expected, and late: a one-line error, in the end.
    html = b"<html><body><p>\x1b]2;x\x07</p></body></html>"
    slow = server.reply(
        "/slow.xml", Reply(body=html, headers={"Content-Type": "text/html"}, delay=3)
    )
    subscribe(Feed("wadi", wadi), Feed("slow", slow))
    app = make_app(library)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        await pilot.press("r")
        # While the slow feed is still on its way: the key is disabled, the
        # status line counts, the article scrolls.
        deadline = time.monotonic() + 10
        while "Feeds 1/2 · 5 new" not in screen._status.text:
            assert time.monotonic() < deadline, screen._status.text
            await asyncio.sleep(0.02)
        assert screen.check_action("fetch", ()) is None
        await pilot.press("j", "j")
        await pilot.pause()
        assert view(app).top_line == 2
        assert app.workers._workers, "the fetch should still be running"
        await settle(pilot)
        await pilot.pause()
        assert "Feeds" not in screen._status.text
        assert screen.check_action("fetch", ()) is True

    run(app, scenario)
    assert any(notice.startswith("slow: ") for notice in notices(app))


def test_r_is_disabled_without_subscriptions_and_enabled_once_one_is_added(
    make_app, library, server
):
    app = make_app(library)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        assert screen.check_action("fetch", ()) is None
        await press(pilot, "r")
        assert not server.requests
        subscribe(Feed("wadi", server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)))
        screen._look_at_subscriptions()  # what the timer does every few seconds
        assert screen.check_action("fetch", ()) is True

    run(app, scenario)


def test_a_served_reader_cannot_fetch_and_writes_nothing(
    make_app, library, server, monkeypatch, tmp_path
):
    subscribe(Feed("wadi", server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)))
    monkeypatch.setenv("QARI_SERVED", "key")
    app = make_app(library)

    async def scenario(pilot) -> None:
        assert main_screen(app).check_action("fetch", ()) is False
        await press(pilot, "r")

    run(app, scenario)
    assert not server.requests
    assert not (tmp_path / "data").exists()


def test_quitting_stops_a_fetch_under_way(make_app, library, server):
    subscribe(Feed("slow", server.reply("/slow.xml", Reply(body=b"<rss/>", delay=10))))
    app = make_app(library)

    async def scenario(pilot) -> None:
        await pilot.press("r")
        while not server.requests:
            await asyncio.sleep(0.02)

    started = time.monotonic()
    run(app, scenario)  # leaving it quits the app, which waits for its workers
    assert time.monotonic() - started < 5
