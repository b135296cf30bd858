"""Reading many files: in this process, or spread over helper processes.

Parsing an article takes a core for a millisecond; a library of 30,000
takes half a minute of one core. Where it pays (a long list, more than one
core, and ``fork`` available), the reading is spread over processes forked
from this one. That is only safe from a process with no other thread: the
indexing worker, or the command line; never the reader itself, whose
threads (Textual's) could hold locks a child would inherit held.

Helpers run at a lower priority: the process writing what they read, and
the reader's screen, must not wait for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import multiprocessing.pool

# Below this many files, starting helpers costs more than it saves.
SPREAD_FROM = 200
# Files handed to a helper at a time: large enough to amortise the
# messages, small enough that progress keeps flowing.
_CHUNK = 16
_MOST_HELPERS = 4
# Added to the helpers' niceness: enough that the writing process and the
# reader come first on a busy core, with the helpers taking what is left.
_HELPER_NICENESS = 10

Reading = Callable[[Callable[[Any], Any], Sequence[Any]], Iterator[Any]]
"""Maps a reading function over files: the outcomes in order, as each is done."""


def helpers_to_use() -> int:
    """As many helpers as cores, within reason."""
    return max(1, min(os.cpu_count() or 1, _MOST_HELPERS))


@contextmanager
def readers(helpers: int = 1) -> Iterator[Reading]:
    """A ``map`` that reads in ``helpers`` processes when it pays; leaving
    the context ends them."""
    if helpers < 2 or not _can_fork():
        yield map
        return
    import multiprocessing.pool

    pool: multiprocessing.pool.Pool | None = None

    def spread(read: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        nonlocal pool
        if len(items) < SPREAD_FROM:
            return map(read, items)
        if pool is None:
            pool = multiprocessing.get_context("fork").Pool(helpers, initializer=_background)
        return pool.imap(read, items, chunksize=_CHUNK)

    try:
        yield spread
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _can_fork() -> bool:
    # Imported here, not at the top: `qari list` reads no text and has no
    # use for multiprocessing, a fiftieth of a second to import.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _background() -> None:
    try:
        os.nice(_HELPER_NICENESS)
    except OSError:
        pass  # not allowed here: the helper runs as it is
