"""The text field: Arabic typed shows shaped, in drawing order, caret where
expected; Textual's editing kept; no shortcut fires while it has focus."""

from __future__ import annotations

import asyncio
import inspect

from textual.app import App, ComposeResult
from textual.widgets import Input

from reader.text.options import LayoutOptions
from reader.text.shape import shape
from reader.ui.widgets.bidi_input import BidiInput
from tests.ui.conftest import SEED
from tests.ui.helpers import main_screen, run, screen_text

VISUAL = LayoutOptions()


class FieldApp(App[None]):
    def __init__(self, options: LayoutOptions = VISUAL, **field: object) -> None:
        super().__init__()
        self._made = (options, field)
        self.field: BidiInput

    def compose(self) -> ComposeResult:
        # Made here, not in __init__: a value given to an Input before the
        # app runs posts a message with no app to take it.
        options, field = self._made
        self.field = BidiInput(options, compact=True, **field)  # type: ignore[arg-type]
        yield self.field


def drive(app: FieldApp, *keys: str, size=(30, 3)):
    """Type `keys` into the field; return the field's row and the cell the
    caret is drawn on (the one in the cursor's style)."""
    seen: dict[str, object] = {}

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            strip = app.screen._compositor.render_strips()[0]
            cursor_style = app.field.get_component_rich_style("input--cursor")
            cells, cursor = 0, None
            for segment in strip:
                if segment.style and segment.style.bgcolor == cursor_style.bgcolor:
                    cursor = cells
                cells += segment.cell_length
            seen.update(row=strip.text, cursor=cursor, hardware=app.cursor_position.x)

    asyncio.run(scenario())
    return seen


def typed(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def visual(text: str) -> str:
    return shape(text)[::-1]


def test_arabic_typed_shows_shaped_in_drawing_order_flush_right():
    app = FieldApp()
    seen = drive(app, *typed("مرحبا"))
    assert app.field.value == "مرحبا"
    assert seen["row"].rstrip().endswith(visual("مرحبا"))
    assert seen["row"].rstrip() == " " * (30 - 6) + visual("مرحبا")
    # The caret waits left of the last letter typed, and the terminal's
    # cursor (for input methods) is there too.
    assert seen["cursor"] == seen["hardware"] == 30 - 7


def test_a_mixed_line_and_the_arrows():
    app = FieldApp()
    seen = drive(app, *typed("مرحبا CNN"), "left", "left")
    row = seen["row"]
    assert row.rstrip().endswith("CNN " + visual("مرحبا"))
    # Two steps left of the end of «CNN»: on its C.
    assert seen["cursor"] == row.index("CNN") == seen["hardware"]


def test_home_and_backspace_work_on_the_logical_text():
    app = FieldApp()
    seen = drive(app, *typed("سلام"), "home", "delete", "end", "backspace")
    assert app.field.value == "لا"
    assert seen["row"].rstrip().endswith(visual("لا"))


def test_latin_behaves_as_a_plain_input():
    app = FieldApp()
    seen = drive(app, *typed("harbour"), "left", "left", "backspace")
    assert app.field.value == "harbur"
    assert seen["row"].startswith(" harbur ")
    assert seen["cursor"] == 1 + len("harb")


def test_logical_mode_draws_the_logical_text():
    app = FieldApp(LayoutOptions(bidi="logical"))
    seen = drive(app, *typed("مرحبا"))
    assert seen["row"].rstrip().endswith("مرحبا")


def test_what_is_typed_or_pasted_is_sanitised():
    app = FieldApp()

    async def scenario() -> None:
        async with app.run_test(size=(30, 3)) as pilot:
            await pilot.pause()
            app.field.insert_text_at_cursor("a\x1b[31mb\u009b")
            await pilot.pause()

    asyncio.run(scenario())
    assert app.field.value == "a\u241b[31mb\u2426"


def test_a_click_puts_the_caret_on_the_glyph_clicked():
    app = FieldApp(value="مرحبا CNN")

    async def scenario() -> None:
        async with app.run_test(size=(30, 3)) as pilot:
            await pilot.pause()
            row = screen_text(app).splitlines()[0]
            await pilot.click(BidiInput, offset=(row.index("C"), 0))
            await pilot.pause()
            # In a right-to-left field the caret is drawn on the glyph left
            # of it: clicked on C, it is right of C, after it in CNN.
            assert app.field.cursor_position == 7
            assert app.cursor_position.x == row.index("C")

    asyncio.run(scenario())


def test_the_seam_into_input_is_where_textual_keeps_it():
    # BidiInput replaces these two private members of Input: the cell of the
    # cursor (Input scrolls to it and puts the terminal's cursor there) and
    # the index a click lands on. If Textual renames them, the caret is
    # drawn in one place and the terminal cursor and scrolling in another.
    assert isinstance(inspect.getattr_static(Input, "_cursor_offset"), property)
    assert list(inspect.signature(Input._cell_offset_to_index).parameters) == ["self", "offset"]
    assert "_cursor_offset" in inspect.getsource(Input._watch_selection)
    assert "_cursor_offset" in inspect.getsource(Input.cursor_screen_offset.fget)  # type: ignore[attr-defined]
    assert "_cell_offset_to_index" in inspect.getsource(Input._on_mouse_down)


def test_no_shortcut_fires_while_the_field_has_focus(make_app, library, xdg):
    config, _ = xdg
    app = make_app(library / SEED.name)

    async def scenario(pilot):
        screen = main_screen(app)
        field = BidiInput(app.session.options, id="probe")
        await screen.mount(field)
        field.focus()
        await pilot.pause()
        # m, h, c, T, q, s, t and their Arabic-layout letters (ة is m).
        keys = ["m", "ة", "h", "ا", "c", "ؤ", "T", "s", "س", "t", "ف", "question_mark", "q", "ض"]
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        assert app.session.options == LayoutOptions()
        assert len(app.screen_stack) == 1
        assert main_screen(app).query_one("#sidebar").display
        assert field.value == "mةhاcؤTsسtف?qض"

    run(app, scenario)
    assert not (config / "settings.toml").exists()
