"""The library in the reader: filled by a worker process, told apart,
filtered with `/`, searched with ctrl+f."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.article.load as load_module
from reader.library.index import LibraryIndex
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library_search import LibrarySearchScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.status import StatusLine
from tests.ui.helpers import main_screen, press, run, settle, top_block, view

ARTICLES = {
    "school.md": (
        "---\ntitle: افتتاح المدرسة الجديدة في الحي\nsource: صحيفة الحي\ndate: 2024-03-01\n---\n\n"
        "زار المحافظ اليوم المستشفى الجديد في الحي.\n\n## التفاصيل\n\n"
        "وقال المدير إن والمدرسة ستستقبل خمسمائة طالب في العام الأول.\n"
    ),
    "emirates.txt": (
        "الإمارات تعلن خطة للطاقة\n\nوكالة الأنباء\n\n2024-02-10\n\n"
        "أعلنت دولة الإمارات العربية المتحدة اليوم خطة جديدة للطاقة النظيفة.\n"
    ),
    "lesson.txt": "درس في التاريخ\n\nمجلة المعرفة\n\n2024-01-05\n\nيتناول هذا الدرس تاريخ المنطقة.\n",
}


def typed(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


@pytest.fixture
def arabic_library(tmp_path: Path) -> Path:
    root = tmp_path / "arabic"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def sidebar(app) -> Sidebar:
    return main_screen(app).query_one(Sidebar)


def listed(app) -> list[str]:
    return [path.name for path in sidebar(app).paths]


def test_the_library_comes_from_a_process_not_from_the_reader(
    make_app, arabic_library, monkeypatch
):
    # Parsing a library file in the reader's own process (a thread) would
    # let a hostile file hold its interpreter lock: here it would fail.
    def parsed_here(*args, **kwargs):
        raise AssertionError("a library file was parsed in the reader's process")

    # Summaries, and only they, read through load_metadata (looked up when called).
    monkeypatch.setattr(load_module, "load_metadata", parsed_here)
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        assert listed(app) == ["school.md", "emirates.txt", "lesson.txt"]
        indexer = main_screen(app)._indexer
        assert indexer is not None and indexer.pid is not None

    run(app, scenario)


def test_the_newest_opens_first_then_the_one_read_last(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        assert view(app).article.path.name == "school.md"
        main_screen(app).open_article(arabic_library / "lesson.txt")
        await settle(pilot)

    run(app, scenario)
    again = make_app(arabic_library)

    async def reopened(pilot) -> None:
        assert view(again).article.path.name == "lesson.txt"

    run(again, reopened)


def test_the_status_line_counts_while_the_library_is_indexed(make_app, tmp_path, monkeypatch):
    root = tmp_path / "many"
    root.mkdir()
    for n in range(40):
        (root / f"{n:02}.txt").write_text(f"العنوان {n}\n\nالمصدر\n\nنص {n}.\n", "utf-8")
    shown: list[str] = []
    real = StatusLine.show_activity

    def show_activity(self, text: str) -> None:
        shown.append(text)
        real(self, text)

    monkeypatch.setattr(StatusLine, "show_activity", show_activity)
    app = make_app(root)

    async def scenario(pilot) -> None:
        while not main_screen(app).library_searchable:
            await pilot.pause(0.05)
        assert main_screen(app)._status.text.endswith("0%")  # the counts are gone

    run(app, scenario)
    assert "Library 40/40" in shown and "Indexing 40/40" in shown
    assert shown.index("Library 40/40") < shown.index("Indexing 40/40")
    assert shown[-1] == ""


def test_entries_that_share_a_title_are_told_apart(make_app, tmp_path):
    root = tmp_path / "logs"
    for folder in ("2023", "2024"):
        (root / folder).mkdir(parents=True)
        (root / folder / "log0.txt").write_text("سجل اليوم\n\nنص.\n", encoding="utf-8")
    (root / "2024" / "log1.txt").write_text("سجل اليوم\n\nنص آخر.\n", encoding="utf-8")
    (root / "other.txt").write_text("عنوان فريد\n\nنص.\n", encoding="utf-8")
    app = make_app(root)

    async def scenario(pilot) -> None:
        rows = [[row.text for row in entry] for entry in sidebar(app)._entries]
        assert sorted(rows) == [
            ["سجل اليوم", "2023/log0.txt"],
            ["سجل اليوم", "2024/log0.txt"],
            ["سجل اليوم", "2024/log1.txt"],
            ["عنوان فريد"],
        ]

    run(app, scenario)


def test_names_tell_apart_what_paths_need_not(make_app, tmp_path):
    root = tmp_path / "same"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).write_text("العنوان نفسه\n\nنص.\n", encoding="utf-8")
    app = make_app(root)

    async def scenario(pilot) -> None:
        rows = [[row.text for row in entry] for entry in sidebar(app)._entries]
        assert sorted(rows) == [["العنوان نفسه", "a.txt"], ["العنوان نفسه", "b.txt"]]

    run(app, scenario)


def test_slash_in_the_library_filters_it_as_one_types(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        screen = main_screen(app)
        options = app.session.options
        sidebar(app).focus()
        await press(pilot, "slash")
        field = screen.query_one("#library-filter")
        assert field.has_focus
        # ة is the bidi key (m) on the Arabic layout, ي is d, ل is g: typed
        # into the field, they change nothing else.
        await press(pilot, *typed("المدرسة"))
        assert field.value == "المدرسة"
        assert listed(app) == ["school.md"]
        assert app.session.options == options
        assert not (Path(app.session.settings.path)).exists()
        await press(pilot, "backspace", "backspace", "backspace", "backspace")
        assert field.value == "الم"  # in «المدرسة» and «المعرفة»
        assert listed(app) == ["school.md", "lesson.txt"]
        await press(pilot, "enter")
        assert sidebar(app).has_focus
        await press(pilot, "down", "enter")
        assert view(app).article.path.name == "lesson.txt"
        await press(pilot, "escape")
        assert listed(app) == ["school.md", "emirates.txt", "lesson.txt"]
        assert not field.display

    run(app, scenario)


def test_the_filter_ignores_harakat_and_hamza_forms(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        sidebar(app).focus()
        await press(pilot, "slash", *typed("الامارات"))
        assert listed(app) == ["emirates.txt"]
        await press(pilot, "escape")
        sidebar(app).focus()
        await press(pilot, "slash", *typed("مَجَلَّة"))
        assert listed(app) == ["lesson.txt"]
        await press(pilot, *typed(" zzz"))
        assert listed(app) == []
        assert "Nothing matches" in sidebar(app)._empty_text

    run(app, scenario)


async def searchable(pilot, app) -> MainScreen:
    """The reading screen, once the full text of the library is indexed."""
    screen = main_screen(app)
    while not screen.library_searchable:
        await pilot.pause(0.05)
    return screen


async def _find(pilot, app, query: str) -> LibrarySearchScreen:
    await press(pilot, "ctrl+f")
    screen = app.screen
    assert isinstance(screen, LibrarySearchScreen)
    await press(pilot, *typed(query))
    while screen._query != query:
        await pilot.pause(0.05)
    return screen


def test_ctrl_f_lists_the_articles_that_match_with_a_snippet(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        await searchable(pilot, app)
        found = await _find(pilot, app, "مدرسة")
        entries = found._hits_list._entries
        assert [[row.text for row in entry] for entry in entries] == [
            [
                "افتتاح المدرسة الجديدة في الحي · التفاصيل",
                "وقال المدير إن والمدرسة ستستقبل خمسمائة طالب في العام الأول.",
            ]
        ]
        # Letters typed in the field are not shortcuts.
        assert app.session.options.bidi == "visual"

    run(app, scenario)


def test_enter_opens_the_article_at_the_hit_with_the_hits_highlighted(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        main_screen(app).open_article(arabic_library / "lesson.txt")
        screen = await searchable(pilot, app)
        await _find(pilot, app, "خمسمائة")
        await press(pilot, "enter", "enter")
        assert app.screen is screen
        assert view(app).article.path.name == "school.md"
        role, text = top_block(app)
        assert (role, text) == ("heading", "التفاصيل")
        assert view(app).found == (1, 1)
        assert view(app).has_focus

    run(app, scenario)


def test_ctrl_f_with_nothing_found_says_so_and_escape_closes(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        screen = await searchable(pilot, app)
        found = await _find(pilot, app, "غائب")
        assert found._hits_list.entry_count == 0
        assert "Nothing found" in found._hits_list._empty_text
        await press(pilot, "escape")
        assert app.screen is screen

    run(app, scenario)


def test_ctrl_f_is_in_the_help_and_in_the_library_key_bar(make_app, arabic_library):
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        sidebar(app).focus()
        await pilot.pause()
        keys, _ = main_screen(app)._keys._shown()
        assert ("^f", "Find") in [(key.display, key.description) for key in keys]
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {keys.split()[0]: text for keys, text in app.screen._rows(Sidebar)}
        assert rows == {
            "/": "Filter by title or source",
            "^f": "Search the text of every article in the library",
        }

    run(app, scenario)


def test_a_second_launch_lists_from_the_index_and_follows_changes(make_app, arabic_library):
    run(make_app(arabic_library), lambda pilot: settle(pilot))
    (arabic_library / "lesson.txt").unlink()
    school = arabic_library / "school.md"
    school.write_text(ARTICLES["school.md"].replace("افتتاح", "تدشين"), encoding="utf-8")
    os.utime(school, ns=(school.stat().st_atime_ns, school.stat().st_mtime_ns + 10**9))
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        assert listed(app) == ["school.md", "emirates.txt"]
        titles = [entry[0].text for entry in sidebar(app)._entries]
        assert titles[0] == "تدشين المدرسة الجديدة في الحي"

    run(app, scenario)


def test_a_failed_first_read_of_the_index_is_made_up_for(make_app, arabic_library, monkeypatch):
    run(make_app(arabic_library), lambda pilot: settle(pilot))
    real = LibraryIndex.summaries
    calls: list[int] = []

    def summaries(self, library):
        calls.append(1)
        return [] if len(calls) == 1 else real(self, library)

    monkeypatch.setattr(LibraryIndex, "summaries", summaries)
    app = make_app(arabic_library)

    async def scenario(pilot) -> None:
        # The worker reports no change, and three articles listed: the
        # reader reads the index again.
        assert listed(app) == ["school.md", "emirates.txt", "lesson.txt"]
        assert len(calls) == 2

    run(app, scenario)
