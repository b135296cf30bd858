"""The worker process that indexes a library for the reader: its updates,
its end, and what the reader hears when it is stopped or dies."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader.library.find import library_for
from reader.library.process import IndexProcess
from reader.library.readers import SPREAD_FROM
from reader.library.updates import Failed, Finished, Progress, Update


class Heard:
    def __init__(self) -> None:
        self.updates: list[Update] = []
        self._changed = threading.Condition()

    def __call__(self, update: Update) -> None:
        with self._changed:
            self.updates.append(update)
            self._changed.notify_all()

    def wait_for(self, wanted, seconds: float = 60) -> Update:
        deadline = time.monotonic() + seconds
        with self._changed:
            while True:
                found = next((update for update in self.updates if wanted(update)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                assert left > 0, f"never heard it; heard {self.updates[-5:]}"
                self._changed.wait(left)


def _library(root: Path, count: int) -> Path:
    root.mkdir()
    for n in range(count):
        (root / f"{n:04}.txt").write_text(
            f"العنوان {n}\n\nالمصدر\n\n" + f"نص المقالة {n} عن المدرسة. " * 40 + "\n", "utf-8"
        )
    return root


def _gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_updates_come_and_end_with_the_full_text(tmp_path):
    heard = Heard()
    worker = IndexProcess(
        library_for(_library(tmp_path / "library", 20)), heard, index_path=tmp_path / "i.db"
    )
    worker.start()
    try:
        heard.wait_for(lambda update: update == Finished("text"))
        assert Finished("summaries", 20) in heard.updates
        assert not any(isinstance(update, Failed) for update in heard.updates)
    finally:
        worker.stop()


def test_the_worker_reads_a_large_library_with_its_helpers(tmp_path):
    # Past the size where helper processes read the texts: the worker is
    # a daemon process, and multiprocessing forbids a daemon children.
    count = 2 * SPREAD_FROM
    heard = Heard()
    worker = IndexProcess(
        library_for(_library(tmp_path / "library", count)), heard, index_path=tmp_path / "i.db"
    )
    worker.start()
    try:
        heard.wait_for(lambda update: update == Finished("text") or isinstance(update, Failed))
        assert not any(isinstance(update, Failed) for update in heard.updates), heard.updates[-1]
    finally:
        worker.stop()
    with sqlite3.connect(tmp_path / "i.db") as db:
        assert db.execute("SELECT count(*) FROM texts").fetchone() == (count,)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_stop_ends_the_worker_and_its_helpers_at_once(tmp_path):
    heard = Heard()
    worker = IndexProcess(
        library_for(_library(tmp_path / "library", 1500)), heard, index_path=tmp_path / "i.db"
    )
    worker.start()
    heard.wait_for(lambda update: isinstance(update, Progress) and update.stage == "text")
    group = worker.pid
    assert group is not None and not _gone(group)
    asked = time.monotonic()
    worker.stop()
    assert time.monotonic() - asked < 2
    deadline = time.monotonic() + 5
    while not _gone(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(group), "a process of the worker's group outlived it"
    count = len(heard.updates)
    time.sleep(0.3)
    assert len(heard.updates) == count  # nothing delivered after stop


def test_a_worker_that_dies_is_reported(tmp_path):
    heard = Heard()
    worker = IndexProcess(
        library_for(_library(tmp_path / "library", 1500)), heard, index_path=tmp_path / "i.db"
    )
    worker.start()
    heard.wait_for(lambda update: isinstance(update, Progress))
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    failed = heard.wait_for(lambda update: isinstance(update, Failed), seconds=10)
    assert "stopped unexpectedly" in failed.message
    worker.stop()
