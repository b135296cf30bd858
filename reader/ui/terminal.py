"""The terminal's bidi mode while the reader runs (ECMA-48 BDSM).

VTE terminals reorder right-to-left text by themselves (implicit mode). Text
the core already reordered would then be reversed a second time, so in visual
mode the terminal is put in explicit mode (`CSI 8 l`) and given back implicit
mode (`CSI 8 h`, every terminal's default) when the reader stops, whether it
quits, crashes or is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from reader.bidi_mode import BIDI_EXPLICIT, BIDI_IMPLICIT
from reader.text.options import BidiMode


class BidiModeSwitch:
    """Sets the terminal's bidi mode and remembers whether to restore it."""

    def __init__(self, stream: TextIO | None) -> None:
        # Only a terminal understands the sequence; in a pipe it is garbage.
        self._stream = stream if stream is not None and _is_terminal(stream) else None
        self._explicit = False

    @property
    def explicit(self) -> bool:
        return self._explicit

    def apply(self, mode: BidiMode, write: Callable[[str], object] | None = None) -> None:
        """Explicit mode for `visual`, implicit for `logical`. While Textual runs
        pass its driver's `write`, so the sequence cannot land inside a frame."""
        if self._stream is None:
            return
        explicit = mode == "visual"
        if explicit == self._explicit:
            return
        sequence = BIDI_EXPLICIT if explicit else BIDI_IMPLICIT
        if write is None:
            self._write(sequence)
        else:
            write(sequence)
        self._explicit = explicit

    def restore(self) -> None:
        """Give the terminal back its implicit mode. Safe to call twice."""
        if self._explicit:
            self._write(BIDI_IMPLICIT)
            self._explicit = False

    def _write(self, sequence: str) -> None:
        assert self._stream is not None
        try:
            self._stream.write(sequence)
            self._stream.flush()
        except (OSError, ValueError):
            # The terminal is gone (hung up, closed): there is nothing to restore.
            self._stream = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False
