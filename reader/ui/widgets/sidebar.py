"""The library: one entry per article, newest first, narrowed by a filter."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, overload

from textual.binding import BindingType

from reader.library.normalise import normalise
from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.widgets.line_list import LineList, Row

if TYPE_CHECKING:
    from reader.library.summary import ArticleSummary


class Sidebar(LineList):
    """Titles (shaped, flush with their own direction) over source and date.

    Articles that share a title get a line between with what tells them
    apart: the file's name, or its path in the library when names clash too.
    """

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
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("/", "screen.filter_library", "Filter", help="Filter by title or source", show=True),
        # The key works everywhere (the screen binds it too); it is shown here.
        bind(
            "ctrl+f",
            "screen.find_in_library",
            "Find",
            help="Search the text of every article in the library",
            show=True,
        ),
    ]

    def __init__(self, options: LayoutOptions, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        self._library: list[ArticleSummary] = []
        self._shown: list[ArticleSummary] = []
        self._index: dict[str, int] = {}
        # What tells apart articles that share a title, by path.
        self._apart: dict[str, str] = {}
        self._filter: list[str] = []
        self._no_articles = kwargs.get("empty_text", "")

    def show_library(
        self, summaries: list[ArticleSummary], current: Path | None, root: Path
    ) -> None:
        """List `summaries` (in their order) of the library at `root`,
        marking `current`; the cursor stays on the entry it was on."""
        self._library = summaries
        self._apart = _told_apart(summaries, root)
        self._show(current)

    def set_filter(self, text: str) -> None:
        """Show only the articles whose title or source holds every word of
        `text`, compared in their search form (harakat, hamza forms… aside)."""
        words = normalise(text).split()
        if words != self._filter:
            self._filter = words
            self._show(self._marked_path)

    def set_empty_text(self, text: str) -> None:
        """What the list says when the library has no articles."""
        self._no_articles = text
        self._say_empty()

    def _say_empty(self) -> None:
        filtered = self._filter and self._library
        super().set_empty_text("Nothing matches the filter." if filtered else self._no_articles)

    def _show(self, current: Path | None) -> None:
        keep = self._shown[self.cursor].path if self._shown else None
        words = self._filter
        self._shown = [s for s in self._library if all(w in s.key for w in words)]
        self._index = {summary.path: n for n, summary in enumerate(self._shown)}
        at = self._index.get(keep) if keep is not None else None
        apart = self._apart
        # The rows of an entry are made when it is drawn: of a library of
        # thousands, a screenful.
        heights = [1 + (s.path in apart) + bool(s.source or s.date) for s in self._shown]
        self.set_entries(
            _Entries(self._shown, apart),
            cursor=at if at is not None else self.index_of(current) or 0,
            heights=heights,
        )
        self.current = self.index_of(current)
        self._say_empty()

    @property
    def _marked_path(self) -> Path | None:
        index = self.current
        return Path(self._shown[index].path) if index is not None else None

    def mark(self, path: Path | None) -> None:
        """Mark the open article and put the cursor on it."""
        index = self.index_of(path)
        self.current = index
        if index is not None:
            self.cursor = index

    def index_of(self, path: Path | None) -> int | None:
        # The library lists absolute paths; an article opened by the path
        # typed may be relative.
        return None if path is None else self._index.get(os.path.abspath(path))

    def path_at(self, index: int) -> Path:
        return Path(self._shown[index].path)

    @property
    def paths(self) -> list[Path]:
        return [Path(summary.path) for summary in self._shown]


class _Entries(Sequence[tuple[Row, ...]]):
    """The sidebar's entries for `summaries`, each made when it is asked for."""

    def __init__(self, summaries: list[ArticleSummary], apart: dict[str, str]) -> None:
        self._summaries = summaries
        self._apart = apart

    def __len__(self) -> int:
        return len(self._summaries)

    @overload
    def __getitem__(self, index: int) -> tuple[Row, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Row, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Row, ...] | Sequence[tuple[Row, ...]]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        summary = self._summaries[index]
        return _entry(summary, self._apart.get(summary.path))


def _told_apart(summaries: list[ArticleSummary], root: Path) -> dict[str, str]:
    """For each article whose title another shares, what tells it apart."""
    titles = [summary.shown_title for summary in summaries]
    counts = Counter(titles)
    if len(counts) == len(titles):
        return {}
    groups: dict[str, list[str]] = {}
    for title, summary in zip(titles, summaries, strict=True):
        if counts[title] > 1:
            groups.setdefault(title, []).append(summary.path)
    apart = {}
    for paths in groups.values():
        names = [os.path.basename(path) for path in paths]
        unique = len(set(names)) == len(names)
        for path, name in zip(paths, names, strict=True):
            apart[path] = name if unique else os.path.relpath(path, root)
    return apart


def summary_details(summary: ArticleSummary) -> str:
    """Source and date, as the line under the title."""
    source, date = summary.source, summary.date
    if source and date:
        return f"{source} · {date}"
    return source or date or ""


def _entry(summary: ArticleSummary, apart: str | None) -> tuple[Row, ...]:
    details = summary_details(summary)
    rows = [Row(summary.shown_title, "title")]
    if apart:
        rows.append(Row(apart, "meta"))
    if details:
        rows.append(Row(details, "meta"))
    return tuple(rows)
