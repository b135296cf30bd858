"""The status line: the article, the section being read and the progress.

Mirrored for right-to-left articles: the title sits at the right edge and the
progress at the left, as a reader of Arabic looks for them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from reader.text.options import LayoutOptions
from reader.ui.labels import Label, fit_label

_SEPARATOR = " · "


class StatusLine(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-line--title",
        "status-line--section",
        "status-line--progress",
    }
    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        height: 1;
    }
    """

    def __init__(self, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._options = options
        self._title = ""
        self._section = ""
        self._progress = ""
        self._percent: int | None = None
        self._hits = ""
        self._activity = ""
        self._rtl = False

    def show(self, title: str, section: str | None, percent: int | None, *, rtl: bool) -> None:
        section = section or ""
        self._percent = percent
        progress = self._progress_text()
        if (title, section, rtl) != (self._title, self._section, self._rtl):
            self._title, self._section, self._rtl, self._progress = title, section, rtl, progress
            self.refresh()
        elif progress != self._progress:
            self._show_progress(progress)

    def show_hits(self, found: tuple[int, int] | None) -> None:
        """Show which search hit is in view and how many there are ("3/17"),
        beside the progress; nothing for None."""
        self._hits = "" if found is None else f"{found[0]}/{found[1]}"
        self._update_progress()

    def show_activity(self, activity: str) -> None:
        """Show what the reader is doing meanwhile ("Library 120/3000", in
        ASCII), before the hits and the progress; nothing for ""."""
        self._activity = activity
        self._update_progress()

    def _update_progress(self) -> None:
        progress = self._progress_text()
        if progress != self._progress:
            self._show_progress(progress)

    def _progress_text(self) -> str:
        percent = "" if self._percent is None else f"{self._percent}%"
        return " · ".join(part for part in (self._activity, self._hits, percent) if part)

    def _show_progress(self, progress: str) -> None:
        """Repaint only the progress if nothing else moves. Most keys change
        just the percentage; over SSH the whole line is ten times the bytes.
        (Textual sends a widget's line from its left end, so this saves the
        bytes when the progress is on the left, in a right-to-left article.)"""
        width = self.size.width
        old, self._progress = self._progress, progress
        labels = self._labels(width - len(progress) - 3)
        cells = max(len(old), len(progress))
        if labels != self._labels(width - len(old) - 3) or _used(*labels) + cells + 2 > width:
            self.refresh()  # the title or the section is cut differently
            return
        start = 1 if self._rtl else width - 1 - cells
        self.refresh(Region(start, 0, cells, 1))

    def set_options(self, options: LayoutOptions) -> None:
        self._options = options
        self.refresh()

    @property
    def text(self) -> str:
        """What the line says, in logical order (for tests and screen readers)."""
        parts = (self._title, self._section, self._progress)
        return _SEPARATOR.join(part for part in parts if part)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        title, section = self._labels(width - len(self._progress) - 3)
        title_style = base + self.get_component_rich_style("status-line--title")
        section_style = base + self.get_component_rich_style("status-line--section")
        pieces = [(" ", base), (title.text, title_style)]
        if section.text:
            pieces += [(_SEPARATOR, section_style), (section.text, section_style)]
        if self._rtl:
            pieces.reverse()
        used = _used(title, section)
        gap = (" " * max(width - used - len(self._progress) - 1, 1), base)
        progress = (self._progress, base + self.get_component_rich_style("status-line--progress"))
        if self._rtl:
            # Reversed above, the pieces end with the title and the margin.
            ordered = [(" ", base), progress, gap, *pieces]
        else:
            ordered = [*pieces, gap, progress, (" ", base)]
        return Strip([Segment(text, style) for text, style in ordered]).crop_extend(0, width, base)

    def _labels(self, room: int) -> tuple[Label, Label]:
        """Title and section, cut so that both fit in `room` cells; the
        section keeps at least a third when both are long."""
        room = max(room, 1)
        if not self._section:
            return fit_label(self._title, room, self._options), Label("", 0, False)
        room -= len(_SEPARATOR)
        title = fit_label(self._title, room, self._options)
        section = fit_label(self._section, room, self._options)
        if title.cells + section.cells > room:
            section_room = min(section.cells, max(room // 3, room - title.cells))
            section = fit_label(self._section, max(section_room, 1), self._options)
            title = fit_label(self._title, max(room - section.cells, 1), self._options)
        return title, section


def _used(title: Label, section: Label) -> int:
    """Cells the margin, the title and the section take."""
    return 1 + title.cells + (len(_SEPARATOR) + section.cells if section.text else 0)
