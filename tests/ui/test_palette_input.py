"""The command palette's field shows Arabic as the article does."""

from __future__ import annotations

import inspect

from textual.command import CommandInput, CommandPalette

from reader.text.shape import shape
from reader.ui.screens.palette import PaletteInput
from tests.ui.conftest import SEED
from tests.ui.helpers import press, run, screen_text


def test_arabic_typed_into_the_palette_shows_shaped_and_in_order(make_app, library, xdg):
    config, _ = xdg
    app = make_app(library / SEED.name)

    async def scenario(pilot):
        await press(pilot, "ctrl+p", "م", "ت", "ر", "و")
        await pilot.pause()
        field = app.screen.query_one(CommandInput)
        assert isinstance(field, PaletteInput)
        assert field.value == "مترو"
        row = next(line for line in screen_text(app).splitlines() if "🔎" in line)
        # Beside the icon, as the results below read from the left.
        assert row.index(shape("مترو")[::-1]) == row.index("🔎") + 3
        assert "ورتم" not in row
        # Typed into the field, not taken as shortcuts (و is no key, but
        # ت is j and م is l on the Arabic layout).
        assert app.session.options.bidi == "visual"

    run(app, scenario)
    assert not (config / "settings.toml").exists()


def test_the_palette_still_runs_a_command(make_app, library):
    app = make_app(library / SEED.name)

    async def scenario(pilot):
        keys = [{" ": "space", ":": "colon"}.get(char, char) for char in "Bidi mode: logical"]
        await press(pilot, "ctrl+p", *keys, "enter")
        await pilot.pause()
        assert app.session.options.bidi == "logical"

    run(app, scenario)


def test_the_seam_into_the_palette_is_where_textual_keeps_it():
    # ReaderPalette swaps the CommandInput its compose yields. If Textual
    # stops composing the field itself (or names it otherwise), the palette
    # falls back to an input that shows Arabic reversed.
    source = inspect.getsource(CommandPalette.compose)
    assert "yield CommandInput(" in source
    assert CommandPalette.AUTO_FOCUS == "CommandInput"
