"""The table of contents: the headings of the open article."""

from __future__ import annotations

from typing import Any

from reader.article.model import Article
from reader.text.options import LayoutOptions
from reader.ui.widgets.line_list import LineList, Row

_INDENT_PER_LEVEL = 2


class Toc(LineList):
    """One entry per heading; the section being read is marked as you scroll."""

    DEFAULT_CSS = """
    Toc {
        dock: right;
        width: 26%;
        max-width: 30;
        min-width: 14;
        height: 100%;
    }
    Toc.-left {
        dock: left;
    }
    """

    def __init__(self, options: LayoutOptions, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        # Entry n shows `article.sections[self._sections[n]]`.
        self._sections: list[int] = []

    def show_article(self, article: Article | None) -> None:
        sections = [] if article is None else list(enumerate(article.sections))
        headed = [(number, section) for number, section in sections if section.heading]
        self._sections = [number for number, _ in headed]
        top = min((section.level for _, section in headed), default=1)
        self.set_entries(
            [
                (Row(section.heading or "", "title", _INDENT_PER_LEVEL * (section.level - top)),)
                for _, section in headed
            ]
        )
        self.current = None

    def mark_section(self, section: int) -> None:
        """Mark the entry of article section `section` (none for the lead)."""
        entry = self.entry_of(section)
        if entry != self.current:
            self.current = entry
            # The cursor follows the reading, so that opening the contents
            # starts from here; not while the reader is moving it.
            if not self.has_focus:
                self.cursor = entry or 0

    def entry_of(self, section: int) -> int | None:
        return self._sections.index(section) if section in self._sections else None
