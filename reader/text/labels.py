"""Short texts outside the article (titles, headings, sources, notices) laid
out by the text core, one line each.

Textual and Rich neither shape Arabic nor reorder it, and they wrap by
themselves; so every such text is shaped, reordered and cut to its width here,
and widgets only place the result.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from reader.text.cells import cell_width
from reader.text.options import LayoutOptions
from reader.text.paragraph import lay_out, prepare

ELLIPSIS = "…"


class Label(NamedTuple):
    """One line in drawing order, its width in cells and its direction."""

    text: str
    cells: int
    rtl: bool

    def aligned(self, width: int) -> str:
        """The label padded to `width`: flush right if right-to-left."""
        pad = " " * max(width - self.cells, 0)
        return pad + self.text if self.rtl else self.text + pad


@lru_cache(maxsize=4096)
def fit_label(text: str, width: int, options: LayoutOptions) -> Label:
    """`text` sanitised, shaped and reordered as one line of at most `width`
    cells; cut at a word with an ellipsis if it is longer."""
    # A title takes its own direction, whatever the article's, and is never
    # justified; the mode (visual, logical) and harakat follow the reader's.
    paragraph = prepare(text, options._replace(direction="auto", justify=False))
    width = max(width, 1)
    lines = lay_out(paragraph, width)
    if not lines:
        return Label("", 0, paragraph.rtl)
    if len(lines) == 1:
        return Label(lines[0].text, lines[0].cells, paragraph.rtl)
    first = lay_out(paragraph, max(width - 1, 1))[0]
    # In drawing order the end of a right-to-left line is its left edge; in
    # logical mode the terminal reorders, so the ellipsis goes last logically.
    if paragraph.rtl and paragraph.visual:
        shown = ELLIPSIS + first.text
    else:
        shown = first.text + ELLIPSIS
    return Label(shown, first.cells + cell_width(ELLIPSIS), paragraph.rtl)
