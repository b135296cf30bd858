"""The key bar: the main keys of whatever has the focus, on one line.

Textual's Footer is a widget per key, composed again whenever the focus
moves: over SSH each time is a frame, and its dozen widgets are styled and
laid out before the first paint. This bar draws the same keys as one strip,
and repaints only when they change.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from reader.text.cells import cell_width

_DIVIDER = "▏"


# Kept when the bar is too narrow for every key: the way out and the way to
# every other key.
_ESSENTIAL = ("help", "quit")


class _Key(NamedTuple):
    key: str
    """What a click on it presses."""
    display: str
    description: str
    enabled: bool = True
    essential: bool = False


class KeyBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--divider",
        "key-bar--disabled",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[_Key, ...] | None = None
        self._palette: _Key | None = None
        self._show_palette = True
        # Where each key was drawn, for clicks: (first cell, past the last, key).
        self._spans: list[tuple[int, int, str]] = []

    @property
    def show_command_palette(self) -> bool:
        """Whether the command palette's key shows at the right end."""
        return self._show_palette

    @show_command_palette.setter
    def show_command_palette(self, show: bool) -> None:
        if show != self._show_palette:
            self._show_palette = show
            self._keys = None
            self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Every focus change announces new bindings; most show the same keys.
        if self._keys is not None and self._collect(screen) != (self._keys, self._palette):
            self._keys = None
            self.refresh()

    def _shown(self) -> tuple[tuple[_Key, ...], _Key | None]:
        if self._keys is None:
            self._keys, self._palette = self._collect(self.screen)
        return self._keys, self._palette

    def _collect(self, screen: Screen[object]) -> tuple[tuple[_Key, ...], _Key | None]:
        app = self.app
        by_action: dict[str, _Key] = {}
        palette: _Key | None = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING:
                if self._show_palette and app.ENABLE_COMMAND_PALETTE:
                    palette = _Key(key, app.get_key_display(binding), binding.description)
            elif binding.show and binding.action not in by_action:
                # The first key of an action stands for its Arabic-layout twins.
                display = app.get_key_display(binding)
                essential = binding.id in _ESSENTIAL
                by_action[binding.action] = _Key(
                    key, display, binding.description, active.enabled, essential
                )
        return tuple(by_action.values()), palette

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        keys, palette = self._shown()
        key_style = base + self.get_component_rich_style("key-bar--key")
        description_style = base + self.get_component_rich_style("key-bar--description")
        disabled_style = base + self.get_component_rich_style("key-bar--disabled")
        segments: list[Segment] = []
        self._spans = []
        x = 0
        for key in _fitting(keys, width):
            # The space after a description shares its segment: fewer style changes.
            description = f" {key.description} "
            if key.enabled:
                segments += [
                    Segment(key.display, key_style),
                    Segment(description, description_style),
                ]
            else:
                segments.append(Segment(key.display + description, disabled_style))
            end = x + _cells(key)
            if key.enabled:
                self._spans.append((x, end, key.key))
            x = end
        if palette is not None:
            right = self._palette_segments(palette, key_style, description_style)
            right_width = sum(cell_width(segment.text) for segment in right)
            if x + right_width <= width:
                segments.append(Segment(" " * (width - x - right_width), base))
                self._spans.append((width - right_width, width, palette.key))
                segments += right
        return Strip(segments).crop_extend(0, width, base)

    def _palette_segments(
        self, palette: _Key, key_style: Style, description_style: Style
    ) -> list[Segment]:
        divider_style = self.rich_style + self.get_component_rich_style("key-bar--divider")
        return [
            Segment(_DIVIDER, divider_style),
            Segment(palette.display, key_style),
            Segment(f" {palette.description} ", description_style),
        ]

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _cells(key: _Key) -> int:
    return cell_width(key.display) + cell_width(key.description) + 2


def _fitting(keys: tuple[_Key, ...], width: int) -> list[_Key]:
    """`keys` in their order, less the last ones that are not essential
    until the rest fit in `width` cells."""
    kept = list(keys)
    while sum(map(_cells, kept)) > width:
        droppable = [n for n, key in enumerate(kept) if not key.essential]
        if not droppable:
            break
        del kept[droppable[-1]]
    return kept
