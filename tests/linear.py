"""For tests that pin down a linear algorithm where its work cannot be
counted (a regular expression's steps): run it on an input where the
quadratic one it replaced would take hours, and fail if it does not finish
in a time the linear one needs a thousandth of. Not a speed goal, only a
bound that a backtracking expression cannot meet."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

GENEROUS_SECONDS = 60.0


def finishes(work: Callable[[], T], seconds: float = GENEROUS_SECONDS) -> T:
    """`work()`'s result; a test failure if it is still running after `seconds`
    (the thread is left behind: a daemon, it dies with the test run)."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"still running after {seconds} s: not linear"
    return result[0]
