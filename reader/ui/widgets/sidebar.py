"""The library: one entry per article, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from reader.text.options import LayoutOptions
from reader.ui.widgets.line_list import LineList, Row


class Summary(Protocol):
    """What the sidebar shows of an article (reader.library.ArticleSummary)."""

    @property
    def path(self) -> Path: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...


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

    def show_library(self, summaries: list[Summary], current: Path | None) -> None:
        self._paths = [summary.path for summary in summaries]
        self.set_entries([_entry(summary) for summary in summaries])
        self.mark(current)

    def mark(self, path: Path | None) -> None:
        """Mark the open article and put the cursor on it."""
        index = self.index_of(path)
        self.current = index
        if index is not None:
            self.cursor = index

    def index_of(self, path: Path | None) -> int | None:
        if path is None:
            return None
        wanted = path.resolve()
        return next((n for n, known in enumerate(self._paths) if known.resolve() == wanted), None)

    def path_at(self, index: int) -> Path:
        return self._paths[index]

    @property
    def paths(self) -> list[Path]:
        return list(self._paths)


def _entry(summary: Summary) -> tuple[Row, ...]:
    title = summary.title or summary.path.name
    meta = " · ".join(part for part in (summary.source, summary.date) if part)
    rows = [Row(title, "title")]
    if meta:
        rows.append(Row(meta, "meta"))
    return tuple(rows)
