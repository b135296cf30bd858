"""Building the section tuple that both parsers hand to ``Article``."""

from __future__ import annotations

from collections.abc import Iterable

from reader.article.model import Block, Section


def fold_lines(lines: Iterable[str]) -> str:
    """Join the lines of one paragraph into the single line the model keeps.

    Every run of whitespace that contains a line break becomes one space;
    other spacing is left as the author typed it.
    """
    return " ".join(part for line in lines for part in [line.strip()] if part)


class SectionBuilder:
    """Collects blocks under the heading most recently started."""

    def __init__(self) -> None:
        self._sections: list[Section] = []
        self._heading: str | None = None
        self._level = 0
        self._blocks: list[Block] = []

    def start(self, heading: str, level: int) -> None:
        self._close()
        self._heading = heading
        self._level = level

    def add(self, block: Block) -> None:
        self._blocks.append(block)

    def build(self) -> tuple[Section, ...]:
        self._close()
        return tuple(self._sections)

    def _close(self) -> None:
        # An empty lead is noise; an empty titled section still carries its
        # heading, which is content.
        if self._heading is not None or self._blocks:
            self._sections.append(Section(self._heading, self._level, tuple(self._blocks)))
        self._heading = None
        self._level = 0
        self._blocks = []
