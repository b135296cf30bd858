"""The read marks as the reader sees them: keys, feeds, unread, marking."""

from __future__ import annotations

import pytest

from reader.feeds.library import Places
from reader.feeds.unread import Unread
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks


@pytest.fixture
def saved(places: Places) -> list[str]:
    """Two items of one feed, one of another, as a fetch leaves them: unread."""
    paths = [
        places.library / "الجزيرة" / "a.md",
        places.library / "الجزيرة" / "b.md",
        places.library / "bbc" / "c.md",
    ]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    marks.add_unread(
        [("الجزيرة/a.md", "الجزيرة"), ("الجزيرة/b.md", "الجزيرة"), ("bbc/c.md", "bbc")]
    )
    marks.close()
    return [str(path) for path in paths]


def test_saved_items_are_unread_in_their_feed_and_other_files_are_read(places, saved, tmp_path):
    unread = Unread.for_reader(places.library, None)
    mine = str(tmp_path / "notes.md")
    assert unread.root == places.library
    assert unread.unread([*saved, mine]) == set(saved)
    assert [unread.feed(path) for path in [*saved, mine]] == ["الجزيرة", "الجزيرة", "bbc", ""]
    assert unread.key(saved[0]) == ("الجزيرة/a.md", "الجزيرة")
    assert unread.key(mine) == (mine, "")
    unread.close()


def test_opening_marks_read_and_u_toggles(places, saved):
    unread = Unread.for_reader(places.library, None)
    assert unread.mark_read(saved[0]) is True
    assert unread.mark_read(saved[0]) is False  # read already: nothing written
    assert unread.toggle(saved[0]) is True  # unread again
    assert unread.toggle(saved[1]) is False
    unread.close()
    # Kept: another session sees the same marks.
    again = Unread.for_reader(places.library, None)
    assert again.unread(saved) == {saved[0], saved[2]}
    again.close()


def test_opening_a_file_of_ones_own_writes_no_mark(places, tmp_path):
    unread = Unread.for_reader(places.library, None)
    assert unread.mark_read(str(tmp_path / "notes.md")) is False
    unread.close()
    assert not (places.state / READMARKS_FILENAME).exists()


def test_a_key_reader_of_qari_serve_names_articles_in_the_served_library(tmp_path, places):
    served = tmp_path / "served"
    unread = Unread.for_reader(served, "key")
    assert unread.root == served
    assert unread.key(str(served / "wadi" / "x.md")) == ("wadi/x.md", "wadi")
    assert unread.toggle(str(served / "wadi" / "x.md")) is True
    unread.close()
    assert (places.state / READMARKS_FILENAME).exists()  # the key's own state dir


def test_an_anonymous_reader_keeps_its_marks_in_memory(tmp_path, places):
    served = tmp_path / "served"
    unread = Unread.for_reader(served, "anonymous")
    assert unread.toggle(str(served / "wadi" / "x.md")) is True
    assert unread.is_unread(str(served / "wadi" / "x.md"))
    unread.close()
    assert not places.state.exists()


def test_a_fetch_after_the_first_look_is_seen_once_forgotten(places, saved):
    unread = Unread.for_reader(places.library, None)
    new = str(places.library / "bbc" / "d.md")
    assert unread.unread([new]) == set()
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    marks.add_unread([("bbc/d.md", "bbc")])
    marks.close()
    unread.look_again([new])
    assert unread.unread([new]) == {new}
    unread.close()


def test_keys_match_what_a_fetch_records_also_through_a_link(places, saved, tmp_path):
    link = tmp_path / "link-to-data"
    link.symlink_to(places.library.parent.parent)
    through = Unread(link / "qari" / "library")
    assert through.key(saved[2]) == ("bbc/c.md", "bbc")
    assert through.key(str(link / "qari" / "library" / "bbc" / "c.md")) == ("bbc/c.md", "bbc")
    assert through.unread(saved) == set(saved)
    through.close()


def test_whether_a_library_is_made_of_feeds(places, tmp_path):
    unread = Unread.for_reader(places.library, None)
    assert unread.holds(places.library)
    assert unread.holds(places.library / "bbc")
    assert not unread.holds(tmp_path / "elsewhere")
    assert not unread.holds(places.library.parent / "library-old")
