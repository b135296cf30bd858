import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reader
from reader.state import positions
from reader.state.positions import Position, PositionStore

# A child process that opens the store, says "ready", waits for a line on stdin and then
# saves `count` positions (forever when count is 0), printing each index once it is saved.
WRITER = textwrap.dedent(
    """
    import itertools, sys
    from pathlib import Path
    from reader.state.positions import Position, PositionStore

    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store, notice = PositionStore.open(path)
    assert notice is None, notice
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(count) if count else itertools.count():
        notice = store.put(f"{prefix}{i}", Position(i, i * 7))
        if notice is not None:
            print("notice", notice, flush=True)
        store.put("shared", Position(i, 0))
        print(i, flush=True)
    store.close()
    """
)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "state" / "qari" / "positions.sqlite3"


def start_writer(db_path: Path, prefix: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(reader.__file__).parents[1]))
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout.readline() == "ready\n"
    return child


def integrity(db_path: Path) -> str:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def open_store(db_path: Path) -> PositionStore:
    store, notice = PositionStore.open(db_path)
    assert notice is None
    return store


def test_positions_round_trip_across_sessions(db_path):
    store = open_store(db_path)
    assert store.get("/news/a.md") is None
    assert store.put("/news/a.md", Position(12, 340)) is None
    assert store.put("/news/b.md", Position(0, 5)) is None
    assert store.put("/news/a.md", Position(13, 0)) is None
    assert store.get("/news/a.md") == Position(13, 0)
    store.close()
    store = open_store(db_path)
    assert store.get("/news/a.md") == Position(13, 0)
    assert store.get("/news/b.md") == Position(0, 5)
    store.close()


def test_database_uses_wal(db_path):
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_negative_positions_are_refused():
    with pytest.raises(ValueError):
        Position(-1, 0)


def test_hand_edited_rows_are_ignored_not_fatal(db_path):
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("INSERT INTO positions VALUES ('x', 'three', -1, 0)")
    connection.commit()
    connection.close()
    store = open_store(db_path)
    assert store.get("x") is None
    store.close()


def test_two_processes_saving_at_once_keep_every_position(db_path):
    open_store(db_path).close()
    children = [start_writer(db_path, prefix, 200) for prefix in ("a", "b")]
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        output, _ = child.communicate(timeout=30)
        assert child.returncode == 0
        assert "notice" not in output
    store = open_store(db_path)
    for prefix in ("a", "b"):
        for i in range(200):
            assert store.get(f"{prefix}{i}") == Position(i, i * 7)
    assert store.get("shared") == Position(199, 0)
    store.close()
    assert integrity(db_path) == "ok"


def test_a_killed_writer_loses_at_most_the_save_in_progress(db_path):
    child = start_writer(db_path, "k", 0)
    child.stdin.write("go\n")
    child.stdin.flush()
    while int(child.stdout.readline()) < 150:
        pass
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    reported = [int(line) for line in rest.split()]
    last_saved = max(reported, default=150)
    store = open_store(db_path)
    for i in range(last_saved + 1):
        assert store.get(f"k{i}") == Position(i, i * 7)
    store.close()
    assert integrity(db_path) == "ok"


def test_a_corrupt_database_is_moved_aside_and_a_fresh_one_started(db_path):
    db_path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    db_path.write_bytes(garbage)
    (db_path.parent / "positions.sqlite3-wal").write_bytes(b"stale wal")
    store, notice = PositionStore.open(db_path)
    assert notice is not None
    assert "\n" not in notice
    [aside] = db_path.parent.glob("positions.sqlite3.corrupt-*[0-9]")
    assert aside.name in notice
    assert aside.read_bytes() == garbage
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"stale wal"
    assert store.put("a", Position(1, 2)) is None
    assert store.get("a") == Position(1, 2)
    store.close()
    assert integrity(db_path) == "ok"


def test_moving_aside_twice_never_overwrites_an_earlier_copy(db_path):
    db_path.parent.mkdir(parents=True)
    for round_ in range(2):
        db_path.write_bytes(b"not a database %d" % round_ + os.urandom(4096))
        store, notice = PositionStore.open(db_path)
        assert notice is not None
        store.close()
        db_path.unlink()
        for companion in db_path.parent.glob("positions.sqlite3-*"):
            companion.unlink()
    kept = sorted(p.read_bytes()[:16] for p in db_path.parent.glob("*.corrupt-*"))
    assert kept == [b"not a database 0", b"not a database 1"]


def test_damaged_pages_fail_the_integrity_check(db_path):
    store = open_store(db_path)
    for i in range(2000):
        store.put(f"/news/{i:05}.md", Position(i, i))
    store.close()
    data = bytearray(db_path.read_bytes())
    page_size = 4096
    data[page_size * 2 : page_size * 6] = bytes(range(256)) * 64
    db_path.write_bytes(bytes(data))
    store, notice = PositionStore.open(db_path)
    assert notice is not None
    assert "moved to positions.sqlite3.corrupt-" in notice
    assert store.get("/news/00001.md") is None
    store.close()


def test_an_unopenable_path_falls_back_to_memory(tmp_path):
    (tmp_path / "state").write_text("a file where the directory should be")
    store, notice = PositionStore.open(tmp_path / "state" / "positions.sqlite3")
    assert notice is not None
    assert store.put("a", Position(3, 4)) is None
    assert store.get("a") == Position(3, 4)
    store.close()


def test_a_locked_database_gives_a_notice_not_an_exception(db_path, monkeypatch):
    monkeypatch.setattr(positions, "BUSY_TIMEOUT_SECONDS", 0.05)
    store = open_store(db_path)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        notice = store.put("a", Position(1, 1))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert notice is not None
    assert "locked" in notice
    assert store.put("a", Position(1, 1)) is None
    store.close()


def test_use_after_close_gives_notices_not_exceptions(db_path):
    store = open_store(db_path)
    store.close()
    assert store.put("a", Position(0, 0)) is not None
    assert store.get("a") is None
    assert store.take_notice() is not None
    assert store.take_notice() is None
    store.close()


# -- saving off the UI thread ---------------------------------------------------


def test_the_saver_saves_in_the_background_and_flush_waits_for_it(db_path):
    from reader.state.positions import PositionSaver

    store, _ = PositionStore.open(db_path)
    saver = PositionSaver(store)
    saver.put("/news/a.md", Position(3, 14))
    assert saver.flush(10)
    assert store.get("/news/a.md") == Position(3, 14)
    saver.close()
    store.close()


def test_a_save_does_not_wait_while_another_process_holds_the_database(db_path):
    from reader.state.positions import PositionSaver

    store, _ = PositionStore.open(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    saver = PositionSaver(store)
    try:
        saver.put("/news/a.md", Position(1, 2))  # returns at once: nothing to wait for
        saver.put("/news/a.md", Position(5, 6))  # the newest replaces what waits
        assert not saver.flush(0.2)  # the save itself is stuck behind the lock
        assert saver.latest("/news/a.md") in (Position(1, 2), Position(5, 6))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert saver.flush(10)
    saver.close()
    assert store.get("/news/a.md") == Position(5, 6)
    store.close()


def test_a_failed_background_save_becomes_a_notice(tmp_path):
    from reader.state.positions import PositionSaver

    store, _ = PositionStore.open(tmp_path / "positions.sqlite3")
    store.close()  # every save now fails
    saver = PositionSaver(store)
    saver.put("a", Position(0, 0))
    saver.close(10)
    [notice] = saver.take_notices()
    assert "Could not save" in notice


@pytest.mark.parametrize("companion", ["", "-wal", "-shm"])
def test_a_pipe_where_the_database_should_be_is_refused_without_blocking(tmp_path, companion):
    import threading

    path = tmp_path / "positions.sqlite3"
    os.mkfifo(path.with_name(path.name + companion))
    result = []
    thread = threading.Thread(target=lambda: result.append(PositionStore.open(path)), daemon=True)
    thread.start()
    thread.join(30)
    assert result, "opening blocked on the pipe"
    store, notice = result[0]
    assert store.path is None  # kept in memory for this session
    assert "it is a pipe, not a file" in notice


def test_last_read_is_the_latest_saved_under_a_prefix(tmp_path):
    from reader.state.positions import Position, PositionStore

    store, _ = PositionStore.open(tmp_path / "positions.sqlite3")
    for key in ("/lib/a.txt", "/lib/sub/b.txt", "/library-2/c.txt", "/lib/a.txt"):
        store.put(key, Position(1, 0))
    store.put("/other/d.txt", Position(1, 0))
    assert store.last_read("/lib/") == "/lib/a.txt"
    assert store.last_read("/library-2/") == "/library-2/c.txt"
    assert store.last_read("/none/") is None
    store.close()
