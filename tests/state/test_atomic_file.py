import errno

import pytest

from reader.state import atomic_file
from reader.state.atomic_file import write_atomically, write_new_file


def test_a_new_file_is_created_whole(tmp_path):
    path = tmp_path / "library" / "feed" / "a.md"
    write_new_file(path, "نص".encode())
    assert path.read_text() == "نص"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def test_a_new_file_never_replaces_one(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("mine")
    with pytest.raises(FileExistsError):
        write_new_file(path, b"theirs")
    assert path.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_without_hard_links_the_name_is_still_taken_exclusively(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic_file.os, "link", no_links)
    write_new_file(tmp_path / "a.md", b"one")
    assert (tmp_path / "a.md").read_bytes() == b"one"
    with pytest.raises(FileExistsError):
        write_new_file(tmp_path / "a.md", b"two")
    assert (tmp_path / "a.md").read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_new_file(tmp_path / "a.md", b"x")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "b.md", b"x")
    assert list(tmp_path.iterdir()) == []
