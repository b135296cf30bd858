"""The `?` screen: every key, gathered from the bindings themselves so that
the help cannot drift from what the keys do."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from itertools import groupby
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
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
        bind("escape,q,?", "app.pop_screen", "Close", id="close-help"),
    ]

    def __init__(
        self,
        groups: Iterable[tuple[str, str, type[DOMNode], DOMNode]],
        options: LayoutOptions,
        keymap: Mapping[str, str],
    ) -> None:
        super().__init__()
        self._groups = list(groups)
        self._options = options
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table())

    def _table(self) -> Table:
        # A third of the width for the keys, which wrap between keys: on a
        # narrow screen the descriptions keep room for a few words a line.
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(style="bold", ratio=1)
        table.add_column(ratio=2)
        for title, note, owner, node in self._groups:
            table.add_row(Text(title, style="underline"), Text(note, style="dim"))
            for keys, description in self._rows(owner, node):
                table.add_row(keys, Text(sanitise(description), style=keys.style))
        table.add_row("ctrl+p", "Command palette: open article, go to section, theme, bidi mode")
        return table

    def _rows(self, owner: type[DOMNode], node: DOMNode) -> list[tuple[Text, str]]:
        """The keys `owner` binds itself (as the keymap has them) by what they
        do; a key that `node` cannot run now is dim, as in the key bar."""
        bindings = BindingsMap(owner.BINDINGS)
        bindings.apply_keymap(dict(self._keymap))
        by_description: dict[str, list[tuple[Binding, bool]]] = {}
        for binding in (b for found in bindings.key_to_bindings.values() for b in found):
            description = binding.tooltip or binding.description
            if description:
                enabled = self._enabled(node, binding)
                by_description.setdefault(description, []).append((binding, enabled))
        return [(self._keys(found), description) for description, found in by_description.items()]

    def _keys(self, found: list[tuple[Binding, bool]]) -> Text:
        """The keys of one row, each dim if it cannot run now. Keys shown as
        one (`1–9`) are shown as ranges when only some of them can run."""
        shown: list[tuple[str, bool]] = []
        if len({(binding.key_display, enabled) for binding, enabled in found}) > 1:
            # Their Latin keys stand for the twins, as the key_display did.
            latin = [(binding.key, enabled) for binding, enabled in found if binding.key.isascii()]
            for enabled, run in groupby(latin, key=lambda pair: pair[1]):
                keys = [key for key, _ in run]
                shown.append((keys[0] if len(keys) == 1 else f"{keys[0]}–{keys[-1]}", enabled))
        else:
            for binding, enabled in found:
                entry = (self._key_display(binding), enabled)
                if entry not in shown:
                    shown.append(entry)
        text = Text(style="" if any(enabled for _, enabled in shown) else "dim")
        for n, (key, enabled) in enumerate(shown):
            text.append((" " if n else "") + key, style="" if enabled else "dim")
        return text

    def _enabled(self, node: DOMNode, binding: Binding) -> bool:
        namespace, name, parameters = parse_action(binding.action)
        target = self.app if namespace == "app" else node
        return target.check_action(name, parameters) is True

    def _key_display(self, binding: Binding) -> str:
        display = self.app.get_key_display(binding)
        if display == binding.key and len(display) > 1:
            # A character Textual knows only by its Unicode name (؟ is
            # "arabic_question_mark"): the character itself.
            display = _character(display)
        if display.isascii():
            return sanitise(display)
        # An Arabic letter alone, shaped as the terminal should show it.
        return fit_label(display, 4, self._options).text


def _character(key: str) -> str:
    try:
        character = unicodedata.lookup(key.replace("_", " "))
    except KeyError:
        return key  # a key name (f5, ctrl+n), not a character
    # Textual names the ASCII ones itself (space, tab); only the others are shown so.
    return key if character.isascii() else character
