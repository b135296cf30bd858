"""The library: one entry per article, newest first, narrowed by a filter.

In a library of feeds (the user's, or the one `qari serve` serves) the
articles come in groups, one per feed and then "Files" for the rest, each
headed by its name and how many of its articles are unread; `enter` on a
heading folds the group. An unread title is bold and starts with a dot,
which reads in 16 colours and without colour too.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, overload

from textual.binding import BindingType

from reader.library.normalise import normalise
from reader.text.options import LayoutOptions
from reader.ui.keys import bind
from reader.ui.widgets.line_list import LineList, Row

if TYPE_CHECKING:
    from reader.library.summary import ArticleSummary

UNREAD_MARK = "•"
FILES = "Files"
"""The group of articles that belong to no feed."""


class Heading(NamedTuple):
    """A group's heading: its feed ("" for Files) and its unread articles."""

    feed: str
    unread: int
    folded: bool

    @property
    def label(self) -> str:
        name = self.feed or FILES
        counted = f"{name} ({self.unread})" if self.unread else name
        return f"+ {counted}" if self.folded else counted


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
    Sidebar > .line-list--unread {
        text-style: bold;
    }
    Sidebar > .line-list--group {
        text-style: bold underline;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "line-list--unread",
        "line-list--group",
    }
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
        self._shown: list[ArticleSummary | Heading] = []
        self._index: dict[str, int] = {}
        # What tells apart articles that share a title, by path.
        self._apart: dict[str, str] = {}
        self._filter: list[str] = []
        self._no_articles = kwargs.get("empty_text", "")
        # The feed of each article (None: no groups), asked once per article.
        self._feed_of: Callable[[str], str] | None = None
        self._feeds: dict[str, str] = {}
        self._unread: set[str] = set()
        self._folded: set[str] = set()
        # Where each feed's heading is in the list.
        self._headings: dict[str, int] = {}

    def show_library(
        self,
        summaries: list[ArticleSummary],
        current: Path | None,
        root: Path,
        unread: set[str] | None = None,
    ) -> None:
        """List `summaries` (in their order) of the library at `root`,
        marking `current` and, if given, the `unread` ones (paths); the
        cursor stays on the entry it was on."""
        self._library = summaries
        self._apart = _told_apart(summaries, root)
        if unread is not None:
            self._unread = set(unread)
        self._show(current)

    def set_grouping(self, feed_of: Callable[[str], str] | None) -> None:
        """Group the articles by the feed `feed_of` gives each path ("" for
        none: Files), or list them in one run (None)."""
        self._feed_of, self._feeds = feed_of, {}
        self._show(self._marked_path)

    def set_unread(self, unread: set[str]) -> None:
        """Which articles (paths) are unread; all others are read. Only the
        entries that change are drawn again (opening an article marks it read)."""
        changed = unread ^ self._unread
        if not changed:
            return
        # Changed in place: the entries shown read it when they are drawn.
        self._unread.clear()
        self._unread.update(unread)
        for path in changed:
            index = self._index.get(path)
            if index is not None:
                self.redraw_entry(index)
        counts = self._unread_counts()
        for feed, index in self._headings.items():
            heading = self._shown[index]
            if isinstance(heading, Heading) and heading.unread != counts[feed]:
                self._shown[index] = heading._replace(unread=counts[feed])
                self.redraw_entry(index)

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
        keep = _identity(self._shown[self.cursor]) if self._shown else None
        words = self._filter
        self._shown = self._grouped([s for s in self._library if all(w in s.key for w in words)])
        self._index, self._headings = {}, {}
        for n, item in enumerate(self._shown):
            if isinstance(item, Heading):
                self._headings[item.feed] = n
            else:
                self._index[item.path] = n
        at = None
        if keep is not None:
            at = self._index.get(keep) if keep[0] != "\0" else self._headings.get(keep[1:])
        apart = self._apart
        # The rows of an entry are made when it is drawn: of a library of
        # thousands, a screenful.
        heights = [
            1 if isinstance(s, Heading) else 1 + (s.path in apart) + bool(s.source or s.date)
            for s in self._shown
        ]
        self.set_entries(
            _Entries(self._shown, apart, self._unread),
            cursor=at if at is not None else self.index_of(current) or 0,
            heights=heights,
        )
        self.current = self.index_of(current)
        self._say_empty()

    def _grouped(self, summaries: list[ArticleSummary]) -> list[ArticleSummary | Heading]:
        """`summaries` under the heading of their feed's group, feeds by name
        and Files last; those of a folded group left out."""
        if self._feed_of is None:
            return list(summaries)
        groups: dict[str, list[ArticleSummary]] = {}
        feeds = self._feeds
        for summary in summaries:
            feed = feeds.get(summary.path)
            if feed is None:
                feed = self._feed(summary.path)
            groups.setdefault(feed, []).append(summary)
        counts = self._unread_counts()
        items: list[ArticleSummary | Heading] = []
        for feed in sorted(groups, key=lambda feed: (feed == "", feed.casefold(), feed)):
            folded = feed in self._folded
            items.append(Heading(feed, counts[feed], folded))
            if not folded:
                items.extend(groups[feed])
        return items

    def _unread_counts(self) -> Counter[str]:
        """Unread articles per feed, over the whole library (a filter aside):
        counted from the unread ones, a few in thousands."""
        return Counter(self._feed(path) for path in self._unread)

    def _feed(self, path: str) -> str:
        feed = self._feeds.get(path)
        if feed is None and self._feed_of is not None:
            feed = self._feeds[path] = self._feed_of(path)
        return feed or ""

    def action_pick(self) -> None:
        heading = self.heading_at(self.cursor)
        if heading is None:
            super().action_pick()
            return
        # A heading folds or unfolds its group instead of opening anything.
        self._folded ^= {heading.feed}
        self._show(self._marked_path)

    @property
    def _marked_path(self) -> Path | None:
        index = self.current
        return None if index is None else self.path_at(index)

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

    def path_at(self, index: int) -> Path | None:
        """The article of entry `index`; None for a group's heading."""
        item = self._shown[index]
        return None if isinstance(item, Heading) else Path(item.path)

    def heading_at(self, index: int) -> Heading | None:
        item = self._shown[index] if 0 <= index < len(self._shown) else None
        return item if isinstance(item, Heading) else None

    def group_paths(self, feed: str) -> list[str]:
        """The paths of every article of `feed`'s group, folded or not."""
        return [s.path for s in self._library if self._feed(s.path) == feed]

    @property
    def paths(self) -> list[Path]:
        return [Path(item.path) for item in self._shown if not isinstance(item, Heading)]


def _identity(item: ArticleSummary | Heading) -> str:
    # A NUL is in no path: a heading's identity cannot be an article's.
    return "\0" + item.feed if isinstance(item, Heading) else item.path


class _Entries(Sequence[tuple[Row, ...]]):
    """The sidebar's entries for `items`, each made when it is asked for."""

    def __init__(
        self, items: list[ArticleSummary | Heading], apart: dict[str, str], unread: set[str]
    ) -> None:
        self._items = items
        self._apart = apart
        self._unread = unread

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> tuple[Row, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Row, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Row, ...] | Sequence[tuple[Row, ...]]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        item = self._items[index]
        if isinstance(item, Heading):
            return (Row(item.label, "group"),)
        return _entry(item, self._apart.get(item.path), item.path in self._unread)


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


def _entry(summary: ArticleSummary, apart: str | None, unread: bool) -> tuple[Row, ...]:
    details = summary_details(summary)
    if unread:
        # The mark leads the title on its own side (UAX #9: a neutral at the
        # paragraph's start takes the direction of the title after it).
        rows = [Row(f"{UNREAD_MARK} {summary.shown_title}", "unread")]
    else:
        rows = [Row(summary.shown_title, "title")]
    if apart:
        rows.append(Row(apart, "meta"))
    if details:
        rows.append(Row(details, "meta"))
    return tuple(rows)
