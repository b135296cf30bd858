"""Loading in a child process (reader/article/load_process.py): the same
article as a load in this process, the same errors, and a load that stops
at once when cancelled."""

from __future__ import annotations

import threading
import time

import pytest

from reader.article.load import load_article
from reader.article.load_process import ArticleLoader, LoadCancelled
from reader.article.model import ArticleError
from reader.resources import articles_dir


@pytest.fixture
def loader():
    made = ArticleLoader()
    yield made
    made.close()


def test_every_bundled_article_comes_back_as_it_loads_here(loader):
    for path in sorted(articles_dir().iterdir()):
        assert loader.load(path) == load_article(path), path


def test_an_article_of_many_parts_comes_back_whole(loader, tmp_path):
    path = tmp_path / "many.md"
    path.write_text(
        # Parts end inside sections, and a block is larger than a part.
        "".join(f"## h{n}\n\n" + "".join(f"p{n}.{m}\n\n" for m in range(250)) for n in range(20))
        + "word " * 60_000
    )
    assert loader.load(path) == load_article(path)


def test_errors_are_the_errors_of_a_load_here(loader, tmp_path):
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00" * 50)
    for path in (tmp_path / "missing.txt", binary, tmp_path):
        with pytest.raises(ArticleError) as here:
            load_article(path)
        with pytest.raises(ArticleError) as there:
            loader.load(path)
        assert str(there.value) == str(here.value)


def test_a_cancelled_load_stops_at_once_and_the_next_one_works(loader, tmp_path):
    slow = tmp_path / "slow.md"
    slow.write_text("".join(f"p{n}\n\n" for n in range(2_000_000)))  # half a minute of parsing
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            loader.load(slow)
        except BaseException as error:  # the test looks at it
            outcome.append(error)

    thread = threading.Thread(target=load)
    thread.start()
    time.sleep(0.5)
    loader.cancel()
    thread.join(10)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], LoadCancelled)
    seed = articles_dir() / "000_be68ca890cbf5680.txt"
    assert loader.load(seed) == load_article(seed)


def test_cancel_keeps_an_idle_child_and_close_ends_it(loader):
    seed = articles_dir() / "000_be68ca890cbf5680.txt"
    loader.load(seed)
    process = loader._process
    loader.cancel()  # nothing under way: the child stays for the next load
    assert loader._process is process and process.poll() is None
    loader.close()
    assert process.poll() is not None


def test_a_child_that_died_is_replaced_by_the_next_load(loader):
    seed = articles_dir() / "000_be68ca890cbf5680.txt"
    loader.load(seed)
    loader._process.kill()
    loader._process.wait()
    assert loader.load(seed) == load_article(seed)


def test_the_child_dies_with_the_reader(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    # A reader that dies without closing its loader (SIGKILL; os._exit
    # after a lost terminal) must not leave a parse running.
    slow = tmp_path / "slow.md"
    slow.write_text("".join(f"p{n}\n\n" for n in range(2_000_000)))  # half a minute of parsing
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, threading, time\n"
            "from pathlib import Path\n"
            "from reader.article.load_process import ArticleLoader\n"
            "loader = ArticleLoader()\n"
            "threading.Thread(target=loader.load, args=(Path(sys.argv[1]),), daemon=True).start()\n"
            "while loader._process is None: time.sleep(0.01)\n"
            "time.sleep(0.5)\n"
            "print(loader._process.pid, flush=True)\n"
            "time.sleep(60)\n",
            str(slow),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    child = int(reader.stdout.readline())
    os.kill(reader.pid, signal.SIGKILL)
    reader.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except FileNotFoundError:
            return  # reaped
        if "State:\tZ" in status:
            return  # dead, waiting for whoever reaps orphans
        time.sleep(0.05)
    raise AssertionError("the loader's child outlived the reader")
