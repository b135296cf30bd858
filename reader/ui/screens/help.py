"""The `?` screen: every key, gathered from the bindings themselves so that
the help cannot drift from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.text.labels import fit_label
from reader.text.options import LayoutOptions
from reader.text.sanitise import sanitise
from reader.ui.keys import bind


class HelpScreen(ModalScreen[None]):
    """The keys of each part of the reader, with their Arabic-layout twins."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape,q,?", "app.pop_screen", "Close"),
    ]

    def __init__(self, groups: Iterable[tuple[str, type[DOMNode]]], options: LayoutOptions) -> None:
        super().__init__()
        self._groups = list(groups)
        self._options = options

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table())

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for title, owner in self._groups:
            table.add_row(f"[u]{sanitise(title)}[/u]", "")
            for keys, description in self._rows(owner):
                table.add_row(keys, sanitise(description))
        table.add_row("ctrl+p", "Command palette: open article, go to section, theme, bidi mode")
        return table

    def _rows(self, owner: type[DOMNode]) -> list[tuple[str, str]]:
        keys_by_description: dict[str, list[str]] = {}
        for binding in Binding.make_bindings(owner.BINDINGS):
            description = binding.tooltip or binding.description
            if not description:
                continue
            shown = keys_by_description.setdefault(description, [])
            key = binding.key_display or self._key_display(binding)
            if key not in shown:
                shown.append(key)
        return [(" ".join(keys), description) for description, keys in keys_by_description.items()]

    def _key_display(self, binding: Binding) -> str:
        display = self.app.get_key_display(binding)
        if display.isascii():
            return sanitise(display)
        # An Arabic letter alone, shaped as the terminal should show it.
        return fit_label(display, 4, self._options).text
