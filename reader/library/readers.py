"""Reading many files: in this process, or spread over helper processes.

Parsing an article takes a core for a millisecond; a library of 30,000
takes half a minute of one core. Where it pays (a long list, more than one
core, and ``fork`` available), the reading is spread over processes forked
from this one. That is only safe from a process with no other thread: the
indexing worker, or the command line; never the reader itself, whose
threads (Textual's) could hold locks a child would inherit held.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TypeVar

# Below this many files, starting helpers costs more than it saves.
_SPREAD_FROM = 200
# Files handed to a helper at a time: large enough to amortise the
# messages, small enough that progress keeps flowing.
_CHUNK = 16
_MOST_HELPERS = 4

_Item = TypeVar("_Item")
_Outcome = TypeVar("_Outcome")


def helpers_to_use() -> int:
    """As many helpers as cores, within reason."""
    return max(1, min(os.cpu_count() or 1, _MOST_HELPERS))


class Readers:
    """Maps a reading function over files, in ``helpers`` processes when it pays.

    A context manager: leaving it ends the helpers.
    """

    def __init__(self, helpers: int = 1) -> None:
        self._helpers = helpers if "fork" in multiprocessing.get_all_start_methods() else 1
        self._pool: multiprocessing.pool.Pool | None = None

    def map(self, read: Callable[[_Item], _Outcome], items: Sequence[_Item]) -> Iterator[_Outcome]:
        """``read`` of each item, in order, as each is done."""
        if self._helpers < 2 or len(items) < _SPREAD_FROM:
            return map(read, items)
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self._helpers)
        return self._pool.imap(read, items, chunksize=_CHUNK)

    def __enter__(self) -> Readers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
