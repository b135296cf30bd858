"""How a text is to be laid out: the choices a reader can change."""

from __future__ import annotations

from typing import Literal, NamedTuple

from reader.text.levels import Direction

BidiMode = Literal["visual", "logical"]
Harakat = Literal["keep", "strip"]

DEFAULT_MEASURE = 72


class LayoutOptions(NamedTuple):
    """`visual` shapes and reorders for terminals that do neither; `logical`
    leaves both to a terminal that does bidi itself (mlterm, Konsole)."""

    mode: BidiMode = "visual"
    harakat: Harakat = "keep"
    direction: Direction = "auto"
    measure: int = DEFAULT_MEASURE
    justify: bool = False
    reveal_controls: bool = False
