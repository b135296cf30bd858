"""Reading many files in helper processes: in order, and behind the reader."""

import subprocess
import sys

_NICENESS_OF_HELPERS = """
import os
from reader.library.readers import SPREAD_FROM, readers

def niceness(_):
    return os.nice(0)

with readers(2) as reading:
    seen = set(reading(niceness, range(SPREAD_FROM)))
    order = list(reading(abs, range(-SPREAD_FROM, 0)))
print(os.nice(0), *sorted(seen), order == list(range(SPREAD_FROM, 0, -1)))
"""


def test_helpers_run_behind_their_parent_and_keep_the_order():
    # In a fresh interpreter: helpers are forked, which only a process with
    # no other thread may do (pytest's may have some).
    done = subprocess.run(
        [sys.executable, "-c", _NICENESS_OF_HELPERS], capture_output=True, text=True, check=True
    )
    parent, *helpers, ordered = done.stdout.split()
    assert ordered == "True"
    if int(parent) + 10 <= 19:  # the most niceness there is
        assert helpers == [str(int(parent) + 10)]
