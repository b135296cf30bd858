from pathlib import Path

from reader.library.summary import ArticleSummary, newest_first, read_summary
from reader.resources import articles_dir


def _article(root: Path, name: str, title: str, date: str | None = None) -> Path:
    path = root / name
    front = f"date: {date}\n" if date else ""
    path.write_text(f"---\ntitle: {title}\nsource: Wire\n{front}---\nText.\n", encoding="utf-8")
    return path


def _read(path: Path) -> ArticleSummary | str:
    return read_summary(str(path), path.stat().st_size if path.exists() else 0)


def test_dated_articles_come_newest_first_then_undated_by_title(tmp_path):
    paths = [
        _article(tmp_path, "1.md", "Old", "2021-01-01"),
        _article(tmp_path, "2.md", "zebra"),
        _article(tmp_path, "3.md", "New", "2023-09-20"),
        _article(tmp_path, "4.md", "Apple"),
        _article(tmp_path, "5.md", "Same day B", "2022-05-05"),
        _article(tmp_path, "6.md", "Same day A", "2022-05-05"),
        _article(tmp_path, "7.md", "Vague", "last spring"),
    ]
    summaries = [_read(path) for path in paths]
    assert all(isinstance(summary, ArticleSummary) for summary in summaries)
    assert [summary.title for summary in newest_first(summaries)] == [  # type: ignore[union-attr]
        "New",
        "Same day A",
        "Same day B",
        "Old",
        "Apple",
        "Vague",
        "zebra",
    ]


def test_a_summary_carries_title_source_date_size_and_filter_key(tmp_path):
    path = _article(tmp_path, "a.md", "Storm", "2023-09-20")
    assert _read(path) == ArticleSummary(
        str(path), "Storm", "Wire", "2023-09-20", size=path.stat().st_size, key="storm\nwire"
    )


def test_plain_text_articles_are_summarised_from_their_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Storm hits the coast\n\nDaily Ledger\n\n20/09/2023\n\nText.\n")
    summary = _read(path)
    assert isinstance(summary, ArticleSummary)
    assert (summary.title, summary.source, summary.date) == (
        "Storm hits the coast",
        "Daily Ledger",
        "2023-09-20",
    )


def test_the_filter_key_is_normalised(tmp_path):
    path = tmp_path / "untitled.md"
    path.write_text("---\nsource: الأهرام\n---\n\nنص.\n", encoding="utf-8")
    summary = _read(path)
    assert isinstance(summary, ArticleSummary)
    assert summary.shown_title == "untitled"  # the file's name stands for a title
    assert summary.key == "untitled\nالاهرام"


def test_unreadable_files_give_a_reason(tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert "binary file" in str(_read(binary))
    assert "no such file" in str(_read(tmp_path / "missing.txt"))


def test_the_bundled_library_summarises_without_errors():
    summaries = [_read(path) for path in sorted(articles_dir().iterdir())]
    assert all(isinstance(summary, ArticleSummary) and summary.title for summary in summaries)
