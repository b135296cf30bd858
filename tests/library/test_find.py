import os
from pathlib import Path

import pytest

from reader.article.model import ArticleError
from reader.library.find import find_articles


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Headline\n")


def test_a_file_is_its_own_library(tmp_path):
    _touch(tmp_path, "one.txt")
    assert find_articles(tmp_path / "one.txt") == [tmp_path / "one.txt"]


def test_a_folder_is_searched_recursively_in_sorted_order(tmp_path):
    _touch(tmp_path, "b.md", "a.txt", "sub/c.markdown", "sub/deeper/d.TXT", "notes.pdf", "e.txt~")
    assert find_articles(tmp_path) == [
        tmp_path / "a.txt",
        tmp_path / "b.md",
        tmp_path / "sub" / "c.markdown",
        tmp_path / "sub" / "deeper" / "d.TXT",
    ]


def test_hidden_files_and_folders_are_skipped(tmp_path):
    _touch(tmp_path, "shown.txt", ".hidden.txt", ".git/HEAD.md", ".cache/x/y.txt")
    assert find_articles(tmp_path) == [tmp_path / "shown.txt"]


def test_a_folder_named_like_an_article_is_not_one(tmp_path):
    _touch(tmp_path, "real.txt")
    (tmp_path / "folder.md").mkdir()
    assert find_articles(tmp_path) == [tmp_path / "real.txt"]


def test_a_folder_without_articles_is_an_error(tmp_path):
    _touch(tmp_path, "photo.jpg")
    with pytest.raises(ArticleError, match="no articles"):
        find_articles(tmp_path)


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(ArticleError, match="no such file or folder"):
        find_articles(tmp_path / "missing")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlink_loop_does_not_hang(tmp_path):
    _touch(tmp_path, "a.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert find_articles(tmp_path) == [tmp_path / "a.txt"]
