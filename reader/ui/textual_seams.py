"""Where Qari leans on Textual behaviour that is not its public API: every
such seam, what it relies on, and why it earns its keep. Each is guarded by
tests/ui/test_textual_seams.py, which names the seam when a Textual upgrade
changes what it relies on.

1. `grow_quietly` (the article view, while the rest of a long article is
   laid out after the first frame). Setting a widget's `virtual_size`
   reactive, a layout reactive, lays out and repaints the whole view: over
   SSH a screenful of bytes each time, though nothing on screen changes. It
   relies on `Widget.set_reactive` and on `Widget._scroll_update(size)`
   being all that `ScrollView._size_updated` does for a new virtual size
   (scrollbars, scroll offsets clamped to the new size).

2. `ArticleView._size_updated` (an override). Textual sizes the widgets,
   paints, and only then sends `Resize`; the article is laid out as soon as
   the view has a size, so that the first frame shows its text rather than a
   blank view (a second frame, and a second screenful over SSH). It relies
   on Textual calling `_size_updated(size, virtual_size, container_size,
   layout)` before the first paint of the widget.

3. `ArticleView.watch_scroll_y` (an override of ScrollView's watcher).
   ScrollView's watcher moves the scrollbar and repaints the whole view; the
   article view repaints all but its right margin, which spares a cursor
   move per line in Textual's partial update. It relies on ScrollView's
   watcher doing nothing else.

4. `driver_write`: the sequence that sets the terminal's own bidi mode goes
   through Textual's driver while the app runs, so that it cannot land in
   the middle of a frame. It relies on `App._driver` and its `write`.

5. `move_quietly` (the article view, when lines above a jump are laid out
   and the estimated line numbers above the screen change). The same lines
   stay on screen under a new number: setting `scroll_y` as a reactive
   would run ScrollView's watcher and repaint the whole view. It relies on
   `Widget.set_reactive` setting `scroll_y` and `scroll_target_y` without
   calling their watchers, and on the offset being read from `scroll_y`
   when the view is next drawn.

6. `QariDriver` (reader/ui/driver.py, a subclass of Textual's LinuxDriver):
   the terminal's bidi mode is given back around a suspend, and a terminal
   that hangs up ends the reader instead of leaving Textual's writer thread
   blocked. What it relies on is listed there, and guarded by
   tests/ui/test_driver.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView


def grow_quietly(view: ScrollView, size: Size) -> None:
    """Give `view` a larger virtual size without a relayout or a repaint:
    only how far it scrolls changes (seam 1)."""
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)


def driver_write(app: App[Any]) -> Callable[[str], None] | None:
    """What writes to the terminal between Textual's frames, or None before
    the app runs (seam 4)."""
    driver = app._driver
    return driver.write if driver is not None else None


def move_quietly(view: ScrollView, y: int) -> None:
    """Give `view` the scroll offset `y` without a repaint: the caller shows
    the same lines under their new numbers (seam 5)."""
    view.set_reactive(ScrollView.scroll_y, float(y))
    view.set_reactive(ScrollView.scroll_target_y, float(y))
