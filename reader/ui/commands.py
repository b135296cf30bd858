"""Command palette (ctrl+p): open an article, go to a section, pick a theme
or a bidi mode.

Titles and headings are matched in logical order, as the reader types them,
but shown shaped and reordered like every other text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from reader.text.options import BIDI
from reader.ui.labels import fit_label
from reader.ui.screens.main import MainScreen
from reader.ui.themes import theme_names
from reader.ui.widgets.sidebar import summary_details

if TYPE_CHECKING:
    from reader.ui.app import QariApp

# Room for a title in the palette, which is narrower than the screen.
_TITLE_CELLS = 48


@dataclass(frozen=True)
class _Command:
    verb: str
    subject: str
    """Logical text: what is matched, and shown after laying it out."""
    run: Callable[[], object]
    help: str = ""
    """Logical text too: shown below, laid out the same way."""

    @property
    def text(self) -> str:
        return f"{self.verb}: {self.subject}"


class ReaderCommands(Provider):
    def _commands(self) -> Iterator[_Command]:
        app = cast("QariApp", self.app)
        screen = self.screen
        if isinstance(screen, MainScreen):
            for summary in screen.library:
                yield _Command(
                    "Open",
                    summary.shown_title,
                    partial(screen.open_article, Path(summary.path)),
                    summary_details(summary),
                )
            article = screen.view.article
            if article is not None:
                for number, section in enumerate(article.headings):
                    yield _Command(
                        "Go to section",
                        section.heading or "",
                        partial(screen.go_to_section, number),
                    )
        for name in theme_names():
            yield _Command("Theme", name, partial(app.use_theme, name))
        for bidi in BIDI.choices:
            yield _Command(
                "Bidi mode",
                bidi,
                partial(app.use_bidi, bidi),
                "visual: Qari shapes and reorders; logical: the terminal does",
            )

    def _display(self, command: _Command) -> tuple[Content, str | None]:
        """The prompt, and the help as the markup the palette expects."""
        options = cast("QariApp", self.app).session.options
        subject = fit_label(command.subject, _TITLE_CELLS, options).text
        help_text = fit_label(command.help, _TITLE_CELLS, options).text if command.help else ""
        return Content(f"{command.verb}: {subject}"), escape(help_text) or None

    async def discover(self) -> Hits:
        for command in self._commands():
            prompt, help_markup = self._display(command)
            yield DiscoveryHit(prompt, command.run, command.text, help_markup)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.text)
            if score > 0:
                prompt, help_markup = self._display(command)
                yield Hit(score, prompt, command.run, command.text, help_markup)
