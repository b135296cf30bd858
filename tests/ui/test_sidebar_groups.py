"""The library grouped by feed, with unread counts; opening marks read, `u`
toggles; unread titles stand out without colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.feeds.library import Places
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks
from reader.ui.widgets.sidebar import Heading, Sidebar
from tests.ui.helpers import main_screen, press, run, settle, view

FEEDS = {
    "الجزيرة": ["سد النهضة", "النيل الأزرق", "رغيف الخبز"],
    "bbc": ["Harbour lights", "Tide tables"],
}


def article(title: str, feed: str, day: int) -> str:
    return (
        f"---\ntitle: {title}\nsource: {feed}\ndate: 2026-08-{day:02d}\n"
        f"url: https://{feed}.example/{day}\n---\n\nنص الخبر {title}.\n"
    )


@pytest.fixture
def feeds() -> dict[str, Path]:
    """Saved items of two feeds, unread as a fetch leaves them, and a file
    of the user's own beside them: path by title."""
    places = Places.from_environment()
    paths = {}
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    day = 1
    for feed, titles in FEEDS.items():
        (places.library / feed).mkdir(parents=True)
        for title in titles:
            path = places.library / feed / f"2026-08-{day:02d}-{day}.md"
            path.write_text(article(title, feed, day))
            marks.add_unread([(f"{feed}/{path.name}", feed)])
            paths[title] = path
            day += 1
    marks.close()
    own = places.library / "notes.md"
    own.write_text("---\ntitle: ملاحظاتي\n---\n\nنص.\n")
    paths["ملاحظاتي"] = own
    return paths


def sidebar(app) -> Sidebar:
    return main_screen(app).query_one(Sidebar)


def listed(app) -> list[str | Heading]:
    """The sidebar's entries: a heading, or an article's title."""
    found = sidebar(app)._shown
    return [item if isinstance(item, Heading) else item.shown_title for item in found]


def unread_in_store() -> set[str]:
    marks, _ = ReadMarks.open(Places.from_environment().state / READMARKS_FILENAME)
    try:
        return marks.unread(
            f"{feed}/2026-08-{day:02d}-{day}.md" for feed in FEEDS for day in range(1, 6)
        )
    finally:
        marks.close()


def test_groups_by_feed_then_files_each_with_its_unread_count(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        # The newest article (bbc's Tide tables) opens, and so is read.
        assert view(app).article.title == "Tide tables"
        assert listed(app) == [
            Heading("bbc", 1, False),
            "Tide tables",
            "Harbour lights",
            Heading("الجزيرة", 3, False),
            "رغيف الخبز",
            "النيل الأزرق",
            "سد النهضة",
            Heading("", 0, False),
            "ملاحظاتي",
        ]

    run(app, scenario)
    assert "bbc/2026-08-05-5.md" not in unread_in_store()
    assert len(unread_in_store()) == 4


def row_texts(app) -> list[str]:
    return [row.text for rows in sidebar(app)._entries for row in rows if row.role != "meta"]


def test_unread_titles_are_bold_with_a_mark_and_headings_say_files(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        assert row_texts(app) == [
            "bbc (1)",
            "Tide tables",
            "• Harbour lights",
            "الجزيرة (3)",
            "• رغيف الخبز",
            "• النيل الأزرق",
            "• سد النهضة",
            "Files",
            "ملاحظاتي",
        ]
        side = sidebar(app)
        unread_style = side.get_component_rich_style("line-list--unread")
        heading_style = side.get_component_rich_style("line-list--group")
        # Bold reads in 16 colours and in none; the mark reads in any.
        assert unread_style.bold and heading_style.bold and heading_style.underline
        title_style = side.get_component_rich_style("line-list--title")
        assert not title_style.bold

    run(app, scenario)


def test_opening_an_article_from_the_library_marks_it_read(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        await press(pilot, "tab")  # the library
        side = sidebar(app)
        side.cursor = side.index_of(feeds["النيل الأزرق"])
        await press(pilot, "enter")
        assert view(app).article.title == "النيل الأزرق"
        assert Heading("الجزيرة", 2, False) in listed(app)

    run(app, scenario)
    assert "الجزيرة/2026-08-02-2.md" not in unread_in_store()


def test_u_toggles_the_open_article_and_the_one_under_the_cursor(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        await press(pilot, "u")  # the open article, read since opened: unread again
        assert Heading("bbc", 2, False) in listed(app)
        await press(pilot, "tab")
        side = sidebar(app)
        side.cursor = side.index_of(feeds["سد النهضة"])
        await press(pilot, "u")
        assert Heading("الجزيرة", 2, False) in listed(app)
        side.cursor = side.index_of(feeds["ملاحظاتي"])  # a file of one's own, too
        await press(pilot, "u")
        assert Heading("", 1, False) in listed(app)

    run(app, scenario)
    unread = unread_in_store()
    assert "bbc/2026-08-05-5.md" in unread
    assert "الجزيرة/2026-08-01-1.md" not in unread


def test_on_a_heading_enter_folds_and_u_marks_the_whole_feed_read(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        await press(pilot, "tab")
        side = sidebar(app)
        side.cursor = listed(app).index(Heading("الجزيرة", 3, False))
        await press(pilot, "enter")
        assert Heading("الجزيرة", 3, True) in listed(app)
        assert "سد النهضة" not in listed(app)
        assert view(app).article.title == "Tide tables"  # nothing opened
        await press(pilot, "u")
        assert Heading("الجزيرة", 0, True) in listed(app)
        await press(pilot, "enter")
        assert "سد النهضة" in listed(app)

    run(app, scenario)
    assert unread_in_store() == {"bbc/2026-08-04-4.md"}


def test_a_library_of_no_feeds_has_no_headings(make_app, library):
    app = make_app(library)

    async def scenario(pilot) -> None:
        assert not any(isinstance(item, Heading) for item in listed(app))
        assert len(listed(app)) == 2

    run(app, scenario)


def test_an_anonymous_served_reader_keeps_its_marks_in_memory(make_app, feeds, monkeypatch, xdg):
    monkeypatch.setenv("QARI_SERVED", "anonymous")
    _, state = xdg
    before = sorted(p.name for p in state.iterdir())
    app = make_app(Places.from_environment().library)

    async def scenario(pilot) -> None:
        # Its own marks: nothing unread to start with, and what it marks stays.
        assert Heading("bbc", 0, False) in listed(app)
        await press(pilot, "u")
        assert Heading("bbc", 1, False) in listed(app)

    run(app, scenario)
    assert sorted(p.name for p in state.iterdir()) == before
    assert len(unread_in_store()) == 5  # the owner's marks, untouched


def test_items_a_fetch_saves_join_their_group_unread(make_app, feeds):
    app = make_app(None)

    async def scenario(pilot) -> None:
        from reader.feeds.fetch import ItemSaved
        from reader.feeds.subscriptions import Feed
        from reader.ui.fetching import FetchCount, FetchProgress, _summary

        screen = main_screen(app)
        places = Places.from_environment()
        new = places.library / "bbc" / "2026-08-09-9.md"
        new.write_text(article("Storm warning", "bbc", 9))
        marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
        marks.add_unread([("bbc/2026-08-09-9.md", "bbc")])
        marks.close()
        # As a fetch under way reports an item it saved.
        screen._fetch = FetchCount(total=1)
        feed = Feed("bbc", "https://bbc.example/feed")
        screen.post_message(FetchProgress(ItemSaved(feed, new, "Storm warning"), _summary(new)))
        await pilot.pause(0.4)
        await settle(pilot)
        assert listed(app)[:2] == [Heading("bbc", 2, False), "Storm warning"]

    run(app, scenario)


def files_under(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file())


def test_a_key_served_reader_writes_its_marks_and_nothing_else(make_app, feeds, monkeypatch, xdg):
    config, _ = xdg
    monkeypatch.setenv("QARI_SERVED", "key")
    places = Places.from_environment()
    data_before, config_before = files_under(places.library), files_under(config.parent)
    app = make_app(places.library)

    async def scenario(pilot) -> None:
        assert main_screen(app).check_action("fetch", ()) is False
        await press(pilot, "u", "r")

    run(app, scenario)
    # The newest was opened (read), then u made it unread again: the mark is kept,
    # in the state dir the server points the session to.
    assert "bbc/2026-08-05-5.md" in unread_in_store()
    assert files_under(places.library) == data_before
    assert files_under(config.parent) == config_before
