"""The library: one entry per article, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.text.options import LayoutOptions
from reader.ui.widgets.line_list import LineList, Row

if TYPE_CHECKING:
    from reader.library.summary import ArticleSummary


class Sidebar(LineList):
    """Titles (shaped, flush with their own direction) over source and date."""

    DEFAULT_CSS = """
    Sidebar {
        dock: left;
        width: 30%;
        max-width: 34;
        min-width: 16;
        height: 100%;
    }
    Sidebar.-right {
        dock: right;
    }
    """

    def __init__(self, options: LayoutOptions, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        self._paths: list[Path] = []
        # Resolved once: the open article is looked up on every switch.
        self._resolved: dict[Path, int] = {}

    def show_library(self, summaries: list[ArticleSummary], current: Path | None) -> None:
        self._paths = [summary.path for summary in summaries]
        self._resolved = {path.resolve(): n for n, path in enumerate(self._paths)}
        self.set_entries([_entry(summary) for summary in summaries])
        self.mark(current)

    def mark(self, path: Path | None) -> None:
        """Mark the open article and put the cursor on it."""
        index = self.index_of(path)
        self.current = index
        if index is not None:
            self.cursor = index

    def index_of(self, path: Path | None) -> int | None:
        return None if path is None else self._resolved.get(path.resolve())

    def path_at(self, index: int) -> Path:
        return self._paths[index]

    @property
    def paths(self) -> list[Path]:
        return list(self._paths)


def summary_title(summary: ArticleSummary) -> str:
    """The title to show: the file's name when the article has none."""
    return summary.title or summary.path.name


def summary_details(summary: ArticleSummary) -> str:
    """Source and date, as the line under the title."""
    return " · ".join(part for part in (summary.source, summary.date) if part)


def _entry(summary: ArticleSummary) -> tuple[Row, ...]:
    details = summary_details(summary)
    rows = [Row(summary_title(summary), "title")]
    if details:
        rows.append(Row(details, "meta"))
    return tuple(rows)
