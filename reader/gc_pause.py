"""Pausing Python's cycle collector while tens of thousands of rows are built.

Listing a library of 30,000 articles makes hundreds of thousands of tuples
and strings. Each 700 new containers start a collection, and the older
generations' collections traverse the whole heap, Textual's included: about
a third of the time of a warm listing went to collections that found
nothing, since rows hold no reference cycles. The collector is paused for
such a stretch and restored after it, from any thread (the reader reads its
listing in a thread while the UI runs). Starting the reader pauses it from
the start to the first frame, for the same reason: see reader/startup.py;
a pause here leaves that one as it finds it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off while inside; as it was once every user has left."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
