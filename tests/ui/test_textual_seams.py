"""Guards for the seams of reader/ui/textual_seams.py: what each relies on in
Textual, checked on plain Textual widgets, and the Textual code each copies
or calls, fingerprinted. A Textual upgrade that changes one fails here and
names the seam to check."""

from __future__ import annotations

import asyncio
import hashlib
import inspect

import pytest
import textual
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from reader.ui.textual_seams import driver_write, grow_quietly, move_quietly

# Textual's private code a seam copies or calls: its source, fingerprinted.
FINGERPRINTS = {
    "Widget._scroll_update": ("seam 1 (grow_quietly)", "edb9f6257285830d"),
    "ScrollView._size_updated": ("seam 1 (grow_quietly), seam 2", "1606ca15d9392999"),
    "Widget._size_updated": ("seam 2 (ArticleView._size_updated)", "21ffb00b8a983315"),
    "ScrollView.watch_scroll_y": ("seam 3 (ArticleView.watch_scroll_y)", "5bf45265b7c96d2b"),
}
OWNERS = {"Widget": Widget, "ScrollView": ScrollView}


@pytest.mark.parametrize("name", FINGERPRINTS)
def test_the_textual_code_a_seam_relies_on_is_unchanged(name):
    owner, attribute = name.split(".")
    source = inspect.getsource(getattr(OWNERS[owner], attribute))
    seam, expected = FINGERPRINTS[name]
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == expected, (
        f"Textual {textual.__version__} changed {name}, which {seam} of "
        "reader/ui/textual_seams.py relies on: check the seam, then update this fingerprint"
    )


class Rows(ScrollView):
    """A Line API view of numbered rows that records what it draws."""

    def __init__(self) -> None:
        super().__init__()
        self.virtual_size = Size(20, 50)
        self.events: list[str] = []

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if size.height:
            self.events.append("sized")
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self) -> None:
        self.events.append("resized")

    def render_line(self, y: int) -> Strip:
        self.events.append("painted")
        return Strip.blank(self.size.width)


class Viewer(App[None]):
    def compose(self) -> ComposeResult:
        yield Rows()


def drive(scenario) -> None:
    async def run() -> None:
        app = Viewer()
        async with app.run_test(size=(20, 10)) as pilot:
            await pilot.pause()
            await scenario(app, app.query_one(Rows), pilot)

    asyncio.run(run())


def test_seam_1_a_quiet_growth_scrolls_further_without_a_repaint():
    async def scenario(app, rows, pilot) -> None:
        rows.events.clear()
        grow_quietly(rows, Size(20, 100))
        await pilot.pause()
        assert rows.events == [], "growing the virtual size repainted the view"
        height = rows.scrollable_content_region.height
        assert rows.max_scroll_y == 100 - height
        rows.scroll_to(y=99, animate=False, immediate=True)
        assert rows.scroll_y == 100 - height

    drive(scenario)


def test_seam_2_a_widget_is_sized_before_its_first_paint_and_resized_after():
    async def scenario(app, rows, pilot) -> None:
        events = rows.events
        assert "sized" in events and "painted" in events
        assert events.index("sized") < events.index("painted")
        # Why the seam is there: the Resize event comes only after a paint.
        assert events.index("painted") < events.index("resized")

    drive(scenario)


def test_seam_5_a_quiet_move_changes_the_offset_without_a_repaint():
    async def scenario(app, rows, pilot) -> None:
        rows.events.clear()
        move_quietly(rows, 7)
        await pilot.pause()
        assert rows.events == [], "moving the offset quietly repainted the view"
        assert rows.scroll_y == 7 and rows.scroll_target_y == 7
        assert rows.scroll_offset.y == 7
        rows.refresh()
        await pilot.pause()
        assert "painted" in rows.events

    drive(scenario)


def test_seam_4_the_driver_writes_while_the_app_runs():
    app = Viewer()
    assert driver_write(app) is None  # not running: the caller writes itself

    async def scenario(app, rows, pilot) -> None:
        write = driver_write(app)
        assert callable(write)
        assert list(inspect.signature(write).parameters) == ["data"]

    drive(scenario)
