"""The command palette (ctrl+p), with a search field that reads right.

Textual's palette draws what is typed as Textual draws any text: Arabic
reversed and unjoined (`مترو` showed as `ورتم`). Its results are laid out by
the text core already (reader/ui/commands.py); this gives it a `BidiInput`
too. The one seam: `CommandPalette.compose` yields its `CommandInput`, which
is swapped for `PaletteInput` on the way out (the containers around it are
entered and left by Textual's own compose, so they are untouched).
tests/ui/test_palette_input.py fails if Textual composes it otherwise.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.command import CommandInput, CommandPalette

from reader.text.options import LayoutOptions
from reader.ui.widgets.bidi_input import BidiInput


class PaletteInput(CommandInput, BidiInput):
    """The palette's field: styled as Textual's, drawn as Qari's.

    CommandInput first: Textual's CSS types (the palette's style for its
    field, its AUTO_FOCUS, `query_one(CommandInput)`) follow the first base
    only. CommandInput overrides nothing, so BidiInput's drawing stands."""


class ReaderPalette(CommandPalette):
    def __init__(self, options: LayoutOptions, **palette: Any) -> None:
        super().__init__(**palette)
        self._options = options

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, CommandInput):
                # Flush left, beside the search icon, above results that
                # read from the left ("Open: …").
                yield PaletteInput(
                    self._options,
                    placeholder=widget.placeholder,
                    flush_left=True,
                    select_on_focus=widget.select_on_focus,
                )
            else:
                yield widget
