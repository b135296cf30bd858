import os

import pytest

from reader.state.served import inside_library, served_mode


def test_not_served_without_the_variable():
    assert served_mode({}) is None
    assert served_mode({"QARI_SERVED": ""}) is None


def test_served_for_a_key_or_anonymously():
    assert served_mode({"QARI_SERVED": "key"}) == "key"
    assert served_mode({"QARI_SERVED": "anonymous"}) == "anonymous"


@pytest.mark.parametrize("value", ["1", "yes", "KEY", "key ", "no"])
def test_any_other_value_is_the_strictest(value):
    assert served_mode({"QARI_SERVED": value}) == "anonymous"


def test_the_process_environment_is_read(monkeypatch):
    monkeypatch.setenv("QARI_SERVED", "key")
    assert served_mode() == "key"


def test_inside_the_library_after_following_links(tmp_path):
    library = tmp_path / "library"
    (library / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    (library / "sub" / "a.txt").write_text("x")
    os.symlink(secret, library / "link.txt")
    os.symlink(library / "sub" / "a.txt", library / "inner.txt")
    assert inside_library(library / "sub" / "a.txt", library)
    assert inside_library(library / "inner.txt", library)
    assert not inside_library(library / "link.txt", library)
    assert not inside_library(library / ".." / "secret.txt", library)
    assert not inside_library(tmp_path / "library-2" / "a.txt", library)


def test_a_link_loop_is_not_inside(tmp_path):
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    assert not inside_library(tmp_path / "a", tmp_path / "lib")
