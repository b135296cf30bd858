import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reader
from reader.state.readmarks import ReadMarks


@pytest.fixture(params=["file", "memory"])
def marks(request, tmp_path):
    if request.param == "memory":
        store = ReadMarks.in_memory()
    else:
        store, notice = ReadMarks.open(tmp_path / "state" / "readmarks.sqlite3")
        assert notice is None
    yield store
    store.close()


def test_marks_in_memory_write_no_file_and_end_with_the_session(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = ReadMarks.in_memory()
    store.add_unread([("f/a.md", "f")])
    assert store.toggle("f/a.md", "f") == (True, None)
    assert store.path is None
    store.close()
    assert list(tmp_path.iterdir()) == []
    assert ReadMarks.in_memory().unread_counts() == {}


def test_new_items_are_unread_and_counted_per_folder(marks):
    marks.add_unread([("جزيرة/a.md", "جزيرة"), ("جزيرة/b.md", "جزيرة"), ("bbc/c.md", "bbc")])
    assert marks.unread_counts() == {"جزيرة": 2, "bbc": 1}
    assert not marks.is_read("جزيرة/a.md")
    assert marks.unread(["جزيرة/a.md", "bbc/c.md", "elsewhere.md"]) == {"جزيرة/a.md", "bbc/c.md"}


def test_all_unread_keys_at_once(marks):
    marks.add_unread([("f/a.md", "f"), ("f/b.md", "f"), ("g/c.md", "g")])
    marks.set_read("f/b.md", "f")
    assert marks.all_unread() == {"f/a.md", "g/c.md"}


def test_unknown_articles_count_as_read(marks):
    assert marks.is_read("my-own-notes.md")
    assert marks.unread_counts() == {}


def test_marking_read_and_unread(marks):
    marks.add_unread([("f/a.md", "f"), ("f/b.md", "f")])
    assert marks.set_read("f/a.md", "f") is None
    assert marks.is_read("f/a.md")
    assert marks.unread_counts() == {"f": 1}
    marks.set_read("f/a.md", "f", read=False)
    assert marks.unread_counts() == {"f": 2}


def test_toggle_flips_and_reports_the_new_state(marks):
    marks.add_unread([("f/a.md", "f")])
    assert marks.toggle("f/a.md", "f") == (True, None)
    assert marks.toggle("f/a.md", "f") == (False, None)
    # An unknown article is read, so a toggle makes it unread.
    assert marks.toggle("notes.md", "") == (False, None)
    assert marks.unread_counts() == {"f": 1, "": 1}


def test_an_item_saved_again_keeps_its_mark(marks):
    marks.add_unread([("f/a.md", "f")])
    marks.set_read("f/a.md", "f")
    marks.add_unread([("f/a.md", "f")])
    assert marks.is_read("f/a.md")


def test_forget_drops_marks_of_deleted_articles(marks):
    marks.add_unread([("f/a.md", "f"), ("f/b.md", "f")])
    marks.forget(["f/a.md"])
    assert marks.unread_counts() == {"f": 1}


def test_many_keys_at_once(marks):
    keys = [(f"f/{i}.md", "f") for i in range(2500)]
    marks.add_unread(keys)
    assert len(marks.unread(key for key, _ in keys)) == 2500


def test_a_damaged_file_is_moved_aside_with_a_notice(tmp_path):
    path = tmp_path / "readmarks.sqlite3"
    path.write_bytes(b"this is not a database at all, not even close" * 10)
    store, notice = ReadMarks.open(path)
    assert notice is not None and notice.startswith("Read marks in")
    store.add_unread([("f/a.md", "f")])
    assert store.unread_counts() == {"f": 1}
    store.close()


def test_closed_store_gives_notices_not_exceptions(marks):
    marks.close()
    assert marks.set_read("f/a.md", "f") is not None
    assert marks.toggle("f/a.md", "f")[1] is not None
    assert marks.is_read("f/a.md")
    assert marks.unread_counts() == {}


TOGGLER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.state.readmarks import ReadMarks

    # Widen the gap between reading the mark and writing its opposite, where
    # the other session's toggle would be lost without a transaction around both.
    read_mark = ReadMarks._is_read
    def slow_read(self, key):
        found = read_mark(self, key)
        time.sleep(0.05)
        return found
    ReadMarks._is_read = slow_read

    store, notice = ReadMarks.open(Path(sys.argv[1]))
    assert notice is None, notice
    print("ready", flush=True)
    for _ in sys.stdin:
        now_read, notice = store.toggle("shared.md", "f")
        assert notice is None, notice
        print(now_read, flush=True)
    store.close()
    """
)


def test_two_sessions_toggling_at_once_both_count(tmp_path):
    path = tmp_path / "readmarks.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(Path(reader.__file__).parents[1]))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", TOGGLER, str(path)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for child in children:
            assert child.stdout.readline() == "ready\n"
        for _ in range(4):
            for child in children:
                child.stdin.write("go\n")
                child.stdin.flush()
            results = sorted(child.stdout.readline().strip() for child in children)
            # One toggle after the other: one made it unread, the other read again.
            assert results == ["False", "True"]
    finally:
        for child in children:
            child.stdin.close()
            child.wait(timeout=30)
