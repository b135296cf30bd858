"""The index as a cache: what a second run reads, what changes and removals
do, and what a damaged, locked or shared cache does."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import reader.library.index as index_module
import reader.library.indexer as indexer_module
from reader.library.find import library_for
from reader.library.index import LibraryIndex
from reader.library.indexer import update_index
from reader.library.query import parse_query
from reader.library.search import search
from reader.library.summary import UNDATED
from reader.library.updates import Finished, LeftOut, Listed, Notice, Progress, Removed


@pytest.fixture
def reads(monkeypatch):
    """The paths whose heads and whole texts were read, in that order."""
    seen: dict[str, list[str]] = {"head": [], "whole": []}
    real_summary, real_article = indexer_module.read_summary, indexer_module.read_article

    def read_summary(path, size):
        seen["head"].append(os.path.basename(path))
        return real_summary(path, size)

    def read_article(path, max_bytes):
        seen["whole"].append(path.name)
        return real_article(path, max_bytes)

    monkeypatch.setattr(indexer_module, "read_summary", read_summary)
    monkeypatch.setattr(indexer_module, "read_article", read_article)
    return seen


def _update(root: Path, cache: Path, **options) -> tuple[list, list]:
    updates: list = []
    index = LibraryIndex.open(cache)
    try:
        summaries = update_index(library_for(root), index, updates.append, **options)
    finally:
        index.close()
    return summaries, updates


def _titles(root: Path, cache: Path, typed: str) -> list[str]:
    index = LibraryIndex.open(cache)
    try:
        return [hit.path.name for hit in search(index, parse_query(typed), library_for(root))]
    finally:
        index.close()


def test_a_second_run_reads_nothing_that_has_not_changed(make_library, tmp_path, reads):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    first, _ = _update(root, cache)
    assert sorted(reads["head"]) == sorted(reads["whole"]) == sorted(p.name for p in root.iterdir())
    reads["head"].clear()
    reads["whole"].clear()
    second, updates = _update(root, cache)
    assert reads == {"head": [], "whole": []}
    assert second == first
    # Nothing to report but that the listing is complete: the reader reads
    # what the index knows from the index itself.
    assert not any(isinstance(update, Listed | Progress) for update in updates)
    assert Finished("summaries", 5) in updates


def test_the_listing_is_newest_first(make_library, tmp_path):
    summaries, _ = _update(make_library(), tmp_path / "index.sqlite3")
    assert [os.path.basename(s.path) for s in summaries][:3] == [
        "school.md",
        "emirates.txt",
        "lesson.txt",
    ]


def test_a_changed_file_is_read_again(make_library, tmp_path, reads):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    reads["head"].clear()
    reads["whole"].clear()
    lesson = root / "lesson.txt"
    lesson.write_text("درس جديد في الجغرافيا\n\nمجلة المعرفة\n\nنص عن الأنهار.\n", "utf-8")
    status = lesson.stat()
    os.utime(lesson, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    summaries, _ = _update(root, cache)
    assert reads == {"head": ["lesson.txt"], "whole": ["lesson.txt"]}
    assert "درس جديد في الجغرافيا" in [s.title for s in summaries]
    assert _titles(root, cache, "الأنهار") == ["lesson.txt"]
    assert _titles(root, cache, "آثار") == []


def test_a_removed_file_drops_out(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    assert _titles(root, cache, "الطاقة") == ["emirates.txt"]
    (root / "emirates.txt").unlink()
    summaries, updates = _update(root, cache)
    # Taken back from a reader that listed it from the index.
    assert Removed([str(root / "emirates.txt")]) in updates
    assert "emirates.txt" not in [os.path.basename(s.path) for s in summaries]
    assert _titles(root, cache, "الطاقة") == []
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (4,)
        assert db.execute("SELECT count(*) FROM texts").fetchone() == (4,)


def test_two_libraries_share_one_cache(make_library, tmp_path, reads):
    one = make_library({"a.txt": "عنوان أول\n\nنص عن المدرسة.\n"}, "one")
    two = make_library({"b.txt": "عنوان ثان\n\nنص عن المدرسة.\n"}, "one-two")
    cache = tmp_path / "index.sqlite3"
    _update(one, cache)
    _update(two, cache)
    reads["head"].clear()
    # Listing one library never drops the other's files ("one-two" starts
    # with "one" but is not under it).
    assert [os.path.basename(s.path) for s in _update(one, cache)[0]] == ["a.txt"]
    assert [os.path.basename(s.path) for s in _update(two, cache)[0]] == ["b.txt"]
    assert reads["head"] == []
    assert _titles(one, cache, "مدرسة") == ["a.txt"]


def test_a_file_library_lists_its_folder_only(make_library, tmp_path):
    root = make_library({"a.txt": "أ\n\nنص.\n", "sub/b.txt": "ب\n\nنص.\n"})
    cache = tmp_path / "index.sqlite3"
    _update(root, cache)  # the whole tree is in the cache now
    summaries, _ = _update(root / "a.txt", cache)
    assert [os.path.basename(s.path) for s in summaries] == ["a.txt"]
    assert os.path.basename(_update(root, cache)[0][1].path) == "b.txt"  # and still is


def test_an_opened_file_is_listed_whatever_its_name(make_library, tmp_path):
    root = make_library({"a.txt": "أ\n\nنص.\n", "notes.text": "ملاحظات\n\nنص.\n"})
    library = library_for(root / "notes.text")
    index = LibraryIndex.open(tmp_path / "index.sqlite3")
    summaries = update_index(library, index, lambda _: None, opened=root / "notes.text")
    index.close()
    assert sorted(os.path.basename(s.path) for s in summaries) == ["a.txt", "notes.text"]


def test_unreadable_files_are_left_out_with_their_reason_every_time(make_library, tmp_path):
    root = make_library()
    (root / "binary.txt").write_bytes(b"\x00\x01" * 10)
    cache = tmp_path / "index.sqlite3"
    for _ in range(2):
        summaries, updates = _update(root, cache)
        (left_out,) = [u for u in updates if isinstance(u, LeftOut)]
        assert [os.path.basename(path) for path, _ in left_out.files] == ["binary.txt"]
        assert "binary file" in left_out.files[0][1]
        assert "binary.txt" not in [os.path.basename(s.path) for s in summaries]


def test_summaries_come_before_full_text(make_library, tmp_path):
    _, updates = _update(make_library(), tmp_path / "index.sqlite3")
    kinds = [type(update).__name__ for update in updates]
    assert kinds.index("Finished") < next(
        n
        for n, update in enumerate(updates)
        if isinstance(update, Progress) and update.stage == "text"
    )
    assert [u.stage for u in updates if isinstance(u, Finished)] == ["summaries", "text"]
    last = [u for u in updates if isinstance(u, Progress) and u.stage == "text"][-1]
    assert last.done == last.total == 5


def test_a_damaged_cache_is_rebuilt_with_a_notice(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    cache.write_bytes(b"this is not a database" * 100)
    summaries, updates = _update(root, cache)
    assert len(summaries) == 5
    notices = [u.text for u in updates if isinstance(u, Notice)]
    assert len(notices) == 1 and "rebuilt" in notices[0]
    assert cache.read_bytes().startswith(b"SQLite format 3")
    again, updates = _update(root, cache)
    assert again == summaries
    assert not any(isinstance(update, Listed | Notice) for update in updates)


def test_a_cache_damaged_inside_is_rebuilt(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    data = bytearray(cache.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first
    cache.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{cache}{suffix}").unlink(missing_ok=True)
    summaries, updates = _update(root, cache)
    assert len(summaries) == 5
    assert any(isinstance(u, Notice) for u in updates)
    assert _titles(root, cache, "مدرسة") == ["school.md", "vowelled.txt"]


def test_a_locked_cache_is_bypassed_with_a_notice(make_library, tmp_path, monkeypatch):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        (root / "new.txt").write_text("جديد\n\nنص عن المدرسة.\n", "utf-8")
        summaries, updates = _update(root, cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "new.txt" in [os.path.basename(s.path) for s in summaries]
    notices = [u.text for u in updates if isinstance(u, Notice)]
    assert len(notices) == 1 and "this session only" in notices[0]


def test_a_cache_folder_that_cannot_be_made_is_bypassed(make_library, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    summaries, updates = _update(make_library(), blocker / "index.sqlite3")
    assert len(summaries) == 5
    assert any(isinstance(u, Notice) for u in updates)


def test_a_fifo_in_place_of_the_cache_does_not_block(make_library, tmp_path):
    cache = tmp_path / "index.sqlite3"
    os.mkfifo(cache)
    summaries, updates = _update(make_library(), cache)
    assert len(summaries) == 5
    assert any(isinstance(u, Notice) for u in updates)


_INDEX_IN_A_PROCESS = """
import sys
from pathlib import Path
from reader.library.find import library_for
from reader.library.index import LibraryIndex
from reader.library.indexer import update_index

index = LibraryIndex.open(Path(sys.argv[2]))
summaries = update_index(library_for(Path(sys.argv[1])), index, lambda _: None)
print(len(summaries), index.take_notices())
index.close()
"""


def test_two_processes_may_index_into_one_cache_at_once(tmp_path):
    root = tmp_path / "library"
    root.mkdir()
    for n in range(300):
        (root / f"{n:03}.txt").write_text(
            f"العنوان رقم {n}\n\nالمصدر\n\nنص المقالة {n} عن المدرسة والطلاب.\n", "utf-8"
        )
    cache = tmp_path / "index.sqlite3"
    command = [sys.executable, "-c", _INDEX_IN_A_PROCESS, str(root), str(cache)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    counts = [output.strip() for output in outputs]
    assert counts == ["300 []", "300 []"]
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (300,)
        assert db.execute("SELECT count(*) FROM texts").fetchone() == (300,)
    assert len(_titles(root, cache, "مدرسة")) == 300


def test_a_read_only_index_never_creates_or_deletes_the_cache(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    reader = LibraryIndex.open(cache, read_only=True)
    assert reader.known(library_for(root)) == ({}, {}, {}, set())
    assert reader.take_notices() == []
    reader.close()
    assert not cache.exists()
    cache.write_bytes(b"damaged" * 100)
    reader = LibraryIndex.open(cache, read_only=True)
    assert reader.newest(library_for(root)) is None
    reader.close()
    assert cache.read_bytes() == b"damaged" * 100


def test_the_newest_article_comes_from_the_index(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    reader = LibraryIndex.open(cache, read_only=True)
    assert reader.newest(library_for(root)) == root / "school.md"
    reader.close()


def test_the_index_lists_in_the_order_of_newest_first(make_library, tmp_path):
    from reader.library.summary import newest_first

    articles = {
        f"{n}.md": f"---\ntitle: {title}\ndate: {date}\n---\n\nنص.\n"
        for n, (title, date) in enumerate(
            [
                ("zebra", "2023-01-02"),
                ("Apple", "2023-01-02"),
                ("ÉCLAIR", "2023-01-02"),
                ("Straße", "last spring"),
                ("strasse", ""),
                ("الأخبار", "2024-12-31"),
                ("الاخبار", "2019-07-01"),
                ("beta", "20/09/2023"),
            ]
        )
    }
    root, cache = make_library(articles), tmp_path / "index.sqlite3"
    listed, _ = _update(root, cache)
    index = LibraryIndex.open(cache, read_only=True)
    from_index = index.summaries(library_for(root))
    index.close()
    assert from_index == newest_first(from_index) == listed


_INDEX_WITH_HELPERS = """
import multiprocessing, sys
from pathlib import Path
from reader.library.find import library_for
from reader.library.index import LibraryIndex
from reader.library.indexer import update_index
from reader.library.query import parse_query
from reader.library.search import search

library = library_for(Path(sys.argv[1]))
index = LibraryIndex.open(Path(sys.argv[2]))
summaries = update_index(library, index, lambda _: None, helpers=int(sys.argv[3]))
hits = [hit.path.name for hit in search(index, parse_query("مدرسة"), library)]
index.close()
print(len(summaries), len(hits), sorted(hits)[:3], len(multiprocessing.active_children()))
"""


def test_helpers_index_exactly_what_one_process_does(tmp_path):
    # In a fresh interpreter: helpers are forked, which only a process with
    # no other thread may do (pytest's may have some).
    root = tmp_path / "library"
    root.mkdir()
    for n in range(260):
        subject = "المدرسة" if n % 3 == 0 else "المستشفى"
        (root / f"{n:03}.txt").write_text(
            f"العنوان {n}\\n\\nالمصدر\\n\\nنص المقالة {n} عن {subject}.\\n", "utf-8"
        )
    outputs = []
    for helpers in ("1", "2"):
        command = [
            sys.executable,
            "-c",
            _INDEX_WITH_HELPERS,
            str(root),
            str(tmp_path / f"{helpers}.db"),
            helpers,
        ]
        outputs.append(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert outputs[0] == outputs[1] == "260 87 ['000.txt', '003.txt', '006.txt'] 0\n"


def test_a_cache_edited_by_hand_gives_text_where_text_is_due(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    with sqlite3.connect(cache) as db:
        db.execute(
            "UPDATE articles SET title = 42, source = 7.5 WHERE path = ?",
            (os.fsencode(root / "lesson.txt"),),
        )
    index = LibraryIndex.open(cache, read_only=True)
    (lesson,) = [s for s in index.summaries(library_for(root)) if s.path.endswith("lesson.txt")]
    known = index.known(library_for(root)).summaries[str(root / "lesson.txt")]
    index.close()
    assert (lesson.title, lesson.source) == ("42", "7.5")
    assert known == lesson


def test_the_listing_is_read_in_the_order_of_its_index(make_library, tmp_path):
    # Tens of thousands of rows sorted at every launch cost a tenth of a
    # second; read through the listing index they come out in order.
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    where, arguments = index_module._scope(library_for(root), index_module._LISTED_PATH)
    with sqlite3.connect(cache) as db:
        for columns, condition in (
            (index_module._KNOWN_COLUMNS, ""),
            ("path", f"AND problem IS NULL AND listing_order < '{UNDATED}'"),
        ):
            plan = db.execute(
                f"EXPLAIN QUERY PLAN SELECT {columns} FROM articles"
                f" WHERE {where} {condition} {index_module._NEWEST_FIRST}",
                arguments,
            ).fetchall()
            steps = " / ".join(step[-1] for step in plan)
            assert "COVERING INDEX articles_listing" in steps, steps
            assert "TEMP B-TREE" not in steps, steps


def test_a_summary_of_the_version_indexed_keeps_its_text(make_library, tmp_path):
    # A helper (or another instance) may index a file before its head is
    # stored: storing that head must not forget the text of the same version.
    root, cache = make_library(), tmp_path / "index.sqlite3"
    _update(root, cache)
    library = library_for(root)
    index = LibraryIndex.open(cache)
    try:
        known = index.known(library)
        path = next(iter(sorted(known.indexed)))
        size, mtime_ns = known.stamps[path]
        file = index_module.ArticleFile(path, size, mtime_ns)
        index.store_summaries([(file, known.summaries[path])])
        assert path in index.known(library).indexed
        index.store_summaries([(file._replace(size=size + 1), known.summaries[path])])
        assert path not in index.known(library).indexed
    finally:
        index.close()


def test_the_worker_is_spared_the_listing_the_index_holds(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    listed, _ = _update(root, cache)
    assert listed
    assert _update(root, cache, listing=False)[0] == []
    index = LibraryIndex.open(cache)
    try:
        assert index.summaries(library_for(root)) == listed
    finally:
        index.close()


def test_a_cache_that_lost_its_listing_index_still_lists(make_library, tmp_path):
    root, cache = make_library(), tmp_path / "index.sqlite3"
    listed, _ = _update(root, cache)
    with sqlite3.connect(cache) as db:
        db.execute("DROP INDEX articles_listing")
    index = LibraryIndex.open(cache, read_only=True)
    try:
        assert index.summaries(library_for(root)) == listed
        assert index.newest(library_for(root)) == Path(listed[0].path)
        assert index.take_notices() == []
    finally:
        index.close()
