"""The terminal: whether the reader can run in it, and its bidi mode while
the reader runs (ECMA-48 BDSM).

Textual reads keys from standard input and draws on standard error, with
xterm sequences whatever `TERM` says. Every terminal in use today accepts
them, so an unknown or missing `TERM` is no reason to refuse; `TERM=dumb`
(Emacs' shell, some CI logs) says outright that they would print as garbage,
and without a terminal the reader would wait for keys that never come.

Some terminals reorder right-to-left text by themselves. Text the core
already reordered would then be reversed a second time, so in visual mode the
terminal is told to stop (`Terminal.off`: explicit mode, `CSI 8 l`, and the
sequence of its own that mlterm or Konsole needs; see reader/terminal/) and
given its bidi back (`Terminal.on`) when the reader stops, whether it quits,
crashes or is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TextIO, cast

from rich.console import Console

from reader.terminal.identify import UNKNOWN, Terminal
from reader.text.options import Bidi
from reader.text.sanitise import sanitise_line


class BidiModeSwitch:
    """Sets the terminal's bidi mode and remembers whether to restore it."""

    def __init__(self, stream: TextIO | None, terminal: Terminal = UNKNOWN) -> None:
        # Only a terminal understands the sequence; in a pipe it is garbage.
        self._stream = stream if stream is not None and _is_terminal(stream) else None
        self._terminal = terminal
        self._explicit = False
        # Explicit mode given back for a while (the reader is suspended).
        self._suspended = False

    @property
    def explicit(self) -> bool:
        return self._explicit

    def apply(self, bidi: Bidi, write: Callable[[str], object] | None = None) -> None:
        """Explicit mode for `visual`, implicit for `logical`. While Textual runs
        pass its driver's `write`, so the sequence cannot land inside a frame."""
        if self._stream is None:
            return
        explicit = bidi == "visual"
        if explicit == self._explicit:
            return
        sequence = self._terminal.off if explicit else self._terminal.on
        if write is None:
            self._write(sequence)
        else:
            write(sequence)
        self._explicit = explicit

    def suspend(self, write: Callable[[str], object]) -> None:
        """Give the terminal its own bidi back while the reader is suspended
        (ctrl+z): the shell and whatever runs in it meanwhile expect it."""
        if self._explicit and not self._suspended:
            write(self._terminal.on)
            self._suspended = True

    def resume(self, write: Callable[[str], object]) -> None:
        """The terminal's bidi off again, as the reader comes back from `suspend`."""
        if self._suspended:
            write(self._terminal.off)
            self._suspended = False

    def restore(self) -> None:
        """Give the terminal back its bidi. Safe to call twice."""
        if self._explicit and not self._suspended:
            self._write(self._terminal.on)
        self._explicit = self._suspended = False

    def _write(self, sequence: str) -> None:
        assert self._stream is not None
        try:
            self._stream.write(sequence)
            self._stream.flush()
        except (OSError, ValueError):
            # The terminal is gone (hung up, closed): there is nothing to restore.
            self._stream = None


def unusable_terminal(term: str | None, keys: TextIO | None, screen: TextIO | None) -> str | None:
    """Why the reader cannot run with `keys` (stdin) and `screen` (stderr)
    under `TERM=term`, in one line; None if it can."""
    if keys is None or screen is None or not (_is_terminal(keys) and _is_terminal(screen)):
        return (
            "the reader needs a terminal, and standard input or standard error is not one; "
            "to print an article use `qari render FILE`"
        )
    if term == "dumb":
        return (
            "this terminal (TERM=dumb) cannot show the reader; "
            "use `qari render FILE`, or run qari in a full terminal"
        )
    return None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


class SanitisedStream:
    """A text stream that shows every control character but the newline as a
    placeholder, and bidi controls as tags, for what Textual prints after a
    crash: its traceback quotes exception messages and local variables,
    which may hold article text."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write("\n".join(sanitise_line(line) for line in text.split("\n")))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        # Not a terminal for Rich: it then adds no escape sequences of its own.
        return False


def sanitised_error_console(stream: TextIO) -> Console:
    """Textual's error console, but plain (no colour sequences) and sanitised,
    so a crash report cannot carry a file's escape sequences to the terminal."""
    return Console(
        # Rich only writes and flushes; it needs no more of IO than this.
        file=cast(IO[str], SanitisedStream(stream)),
        markup=False,
        highlight=False,
        color_system=None,
        force_terminal=False,
    )
