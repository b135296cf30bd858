import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.article.load import load_article
from reader.article.model import ArticleError, BlockKind
from reader.resources import articles_dir


def test_a_text_file_is_parsed_as_plain_text(tmp_path):
    path = tmp_path / "storm.txt"
    path.write_text("Storm hits the coast\n\n# This is not a Markdown heading.\n")
    article = load_article(path)
    assert article.path == path
    assert article.metadata.title == "Storm hits the coast"
    assert article.blocks[0].text == "# This is not a Markdown heading."


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".MD"])
def test_markdown_suffixes_choose_the_markdown_parser(tmp_path, suffix):
    path = tmp_path / f"storm{suffix}"
    path.write_text("# Storm\n\n> quoted\n", encoding="utf-8")
    article = load_article(path)
    assert article.metadata.title == "Storm"
    assert article.blocks[0].kind is BlockKind.QUOTE


def test_an_unknown_suffix_is_read_as_plain_text(tmp_path):
    path = tmp_path / "storm.article"
    path.write_text("Storm\n\n> quoted.\n", encoding="utf-8")
    assert load_article(path).blocks[0].text == "> quoted."


def test_a_legacy_encoded_file_is_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("عنوان الخبر\n\nنص الخبر في سطر واحد.\n".encode("cp1256"))
    assert load_article(path).metadata.title == "عنوان الخبر"


def test_an_empty_file_is_an_article_titled_from_its_name(tmp_path):
    path = tmp_path / "no-news-today.txt"
    path.write_bytes(b"")
    article = load_article(path)
    assert article.metadata.title == "no-news-today"
    assert article.sections == ()


def test_a_missing_file_is_reported(tmp_path):
    path = tmp_path / "gone.txt"
    with pytest.raises(ArticleError, match=r"^no such file: .*gone\.txt$"):
        load_article(path)


def test_a_path_through_a_file_is_reported_as_missing(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "file.txt" / "child.txt")


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="is a directory, not an article"):
        load_article(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_article(fifo)
        except ArticleError as error:
            outcome.append(error)

    # Opening a FIFO for reading would block forever; run it where a hang
    # fails the test instead of stalling the suite.
    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "load_article blocked on a FIFO"
    assert "is a pipe, not an article" in str(outcome[0])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused():
    with pytest.raises(ArticleError, match="is a device, not an article"):
        load_article(Path("/dev/zero"))


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match=r"photo\.txt is a binary file, not an article"):
        load_article(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    with pytest.raises(ArticleError, match="permission denied"):
        load_article(path)


def test_a_symlink_to_an_article_is_followed(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("Headline\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert load_article(link).metadata.title == "Headline"


def test_a_file_over_the_cap_is_read_up_to_it_and_says_so(tmp_path):
    path = tmp_path / "huge.txt"
    paragraph = "A paragraph of a very long article, repeated many times.\n\n"
    path.write_text("Huge file\n\n" + paragraph * 100)
    article = load_article(path, max_bytes=1000)
    assert article.metadata.title == "Huge file"
    assert article.notices == ("Only the first 1000 bytes of huge.txt was read.",)
    assert 10 < len(article.blocks) < 20


def test_a_file_within_the_cap_has_no_notice(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text("Small\n\nText.\n")
    assert load_article(path).notices == ()


def test_every_bundled_article_loads():
    for path in sorted(articles_dir().iterdir()):
        article = load_article(path)
        assert article.metadata.title
        assert article.blocks, path


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md"]))
def test_any_file_loads_or_raises_article_error(tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        article = load_article(path)
    except ArticleError:
        return
    assert article.metadata.title
