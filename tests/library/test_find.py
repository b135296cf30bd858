"""The scope of a library: a file's own folder, or a folder and its subfolders."""

import os
from pathlib import Path

import pytest

from reader.article.model import ArticleError
from reader.library.find import Library, find_articles, library_for


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Headline\n")


def _found(path: Path) -> list[str]:
    library = library_for(path)
    root = str(library.folder)
    return [os.path.relpath(file.path, root) for file in find_articles(library).files]


def test_a_file_lists_its_own_folder_only(tmp_path):
    _touch(tmp_path, "one.txt", "two.md", "sub/three.txt")
    assert library_for(tmp_path / "one.txt") == Library(tmp_path, recursive=False)
    assert _found(tmp_path / "one.txt") == ["one.txt", "two.md"]


def test_a_folder_is_searched_recursively_in_sorted_order(tmp_path):
    _touch(tmp_path, "b.md", "a.txt", "sub/c.markdown", "sub/deeper/d.TXT", "notes.pdf", "e.txt~")
    assert library_for(tmp_path) == Library(tmp_path, recursive=True)
    assert _found(tmp_path) == ["a.txt", "b.md", "sub/c.markdown", "sub/deeper/d.TXT"]


def test_found_files_carry_their_size_and_modification_time(tmp_path):
    _touch(tmp_path, "a.txt")
    status = (tmp_path / "a.txt").stat()
    (found,) = find_articles(library_for(tmp_path)).files
    assert (found.path, found.size, found.mtime_ns) == (
        str(tmp_path / "a.txt"),
        status.st_size,
        status.st_mtime_ns,
    )


def test_hidden_files_and_folders_are_skipped(tmp_path):
    _touch(tmp_path, "shown.txt", ".hidden.txt", ".git/HEAD.md", ".cache/x/y.txt")
    assert _found(tmp_path) == ["shown.txt"]


@pytest.mark.parametrize(
    "names",
    [
        ("venv/pyvenv.cfg", "venv/lib/site/README.md"),
        ("env/conda-meta/history", "env/share/doc.txt"),
        ("web/node_modules/pkg/README.md",),
        ("src/__pycache__/notes.txt",),
        ("lib/site-packages/pkg/LICENSE.txt",),
    ],
)
def test_folders_that_are_not_articles_are_skipped(tmp_path, names):
    _touch(tmp_path, "news.txt", *names)
    assert _found(tmp_path) == ["news.txt"]


def test_the_library_folder_itself_may_be_anything(tmp_path):
    # Only folders found inside are judged: `qari venv/` lists what was asked.
    _touch(tmp_path, "pyvenv.cfg", "news.txt")
    assert _found(tmp_path) == ["news.txt"]


def test_a_folder_named_like_an_article_is_not_one(tmp_path):
    _touch(tmp_path, "real.txt")
    (tmp_path / "folder.md").mkdir()
    assert _found(tmp_path) == ["real.txt"]


def test_a_folder_without_articles_finds_nothing(tmp_path):
    _touch(tmp_path, "photo.jpg")
    assert find_articles(library_for(tmp_path)).files == []


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(ArticleError, match="no such file or folder"):
        library_for(tmp_path / "missing")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlink_loop_does_not_hang(tmp_path):
    _touch(tmp_path, "a.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert _found(tmp_path) == ["a.txt"]


def test_a_folder_nested_deeper_than_the_recursion_limit(tmp_path):
    deep = str(tmp_path)
    for _ in range(1100):  # os.makedirs and Path.mkdir recurse themselves
        deep += "/d"
        os.mkdir(deep)
    Path(deep, "bottom.txt").write_text("Headline\n")
    _touch(tmp_path, "top.txt")
    try:
        found = _found(tmp_path)
    finally:
        # pytest's clean-up of tmp_path (shutil.rmtree) recurses too.
        os.unlink(deep + "/bottom.txt")
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)
    assert found[-1] == "top.txt"
    assert found[0].endswith("/bottom.txt") and found[0].count("/") == 1100


def test_unreadable_folders_are_left_out_and_named(tmp_path, monkeypatch):
    _touch(tmp_path, "open/a.txt", "closed/b.txt", "top.txt")
    closed = str(tmp_path / "closed")
    real_scandir = os.scandir

    def scandir(path):
        # Tests may run as root, whom permissions do not stop.
        if str(path) == closed:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_articles(library_for(tmp_path))
    assert [os.path.basename(file.path) for file in found.files] == ["a.txt", "top.txt"]
    assert found.unreadable == [closed]
