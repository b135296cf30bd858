"""Asking the terminal what it is, without making the reader wait for it.

Where the environment does not tell (over ssh above all), Qari asks the
terminal (`identify.QUERY`) as soon as it starts, and reads the answers only
when it is about to draw: the question then travels while Python imports
Textual and loads the article, so a round trip over ssh shorter than that
costs the launch nothing.

Until the answers are read the terminal does not echo (they would show on the
screen) and gives what it receives at once, not by lines; its settings are
given back as soon as the answers are in, before Textual takes the terminal.
A key typed in that moment is read with the answers and lost.
"""

from __future__ import annotations

import os
import select
import termios
import time
from collections.abc import Mapping
from typing import Any

from reader.terminal.identify import (
    QUERY,
    UNKNOWN,
    Terminal,
    answers_complete,
    from_answers,
    from_environment,
)

# Time for the answers to arrive. Every terminal measured answers at once, so
# this is the round trip of a slow ssh link. Once the first answer is in, the
# rest are on their way and are waited for longer: an answer that came after
# Textual took the terminal would reach the reader as keys.
ANSWER_SECONDS = 1.0
REST_SECONDS = 3.0
_MAX_ANSWER = 4096


class TerminalQuery:
    """The query, sent to the terminal, and its answers once read."""

    def __init__(self, keys: int, saved: list[Any], sent: float) -> None:
        self._keys = keys
        self._saved: list[Any] | None = saved
        self._sent = sent

    @classmethod
    def send(cls, keys: int, screen: int) -> TerminalQuery | None:
        """Ask the terminal on `keys` (read) and `screen` (written); None if
        they are not a terminal."""
        try:
            if not (os.isatty(keys) and os.isatty(screen)):
                return None
            saved = termios.tcgetattr(keys)
            quiet = termios.tcgetattr(keys)
            quiet[3] &= ~(termios.ECHO | termios.ICANON)
            quiet[6][termios.VMIN] = 0
            quiet[6][termios.VTIME] = 0
            termios.tcsetattr(keys, termios.TCSANOW, quiet)
        except (OSError, termios.error):
            return None
        query = cls(keys, saved, time.monotonic())
        try:
            os.write(screen, QUERY.encode())
        except OSError:
            query.close()
            return None
        return query

    def answers(self) -> bytes:
        """What the terminal answered, read until its last answer or the
        deadline; the terminal's settings are given back."""
        received = b""
        try:
            while self._saved is not None and not answers_complete(received):
                waited = REST_SECONDS if received else ANSWER_SECONDS
                left = self._sent + waited - time.monotonic()
                if left <= 0 or len(received) > _MAX_ANSWER:
                    break
                ready, _, _ = select.select([self._keys], [], [], left)
                if not ready:
                    break
                chunk = os.read(self._keys, 1024)
                if not chunk:
                    break
                received += chunk
        except OSError:
            pass
        finally:
            self.close()
        return received

    def close(self) -> None:
        """Give the terminal its settings back (safe to call twice)."""
        if self._saved is not None:
            try:
                termios.tcsetattr(self._keys, termios.TCSANOW, self._saved)
            except (OSError, termios.error):
                pass  # the terminal is gone
            self._saved = None


class PendingTerminal:
    """The terminal as far as it is known at start: from the environment,
    or from a query whose answers are read by `terminal()`."""

    def __init__(self, known: Terminal | None, query: TerminalQuery | None) -> None:
        self._known = known
        self._query = query

    @classmethod
    def start(
        cls, environ: Mapping[str, str], keys: int = 0, screen: int = 2, ask: bool = True
    ) -> PendingTerminal:
        """From the environment, or else (if `ask`) a query sent now."""
        known = from_environment(environ)
        if known is not None or not ask or environ.get("TERM") == "dumb":
            return cls(known, None)
        return cls(None, TerminalQuery.send(keys, screen))

    def terminal(self) -> Terminal:
        """The terminal: waits for the answers if they are not in yet."""
        if self._known is None:
            self._known = from_answers(self._query.answers()) if self._query else UNKNOWN
            self._query = None
        return self._known

    def close(self) -> None:
        """Give the terminal its settings back if the answers were never read."""
        if self._query is not None:
            self._query.close()

    def __enter__(self) -> PendingTerminal:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()
