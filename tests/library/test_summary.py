from pathlib import Path

from reader.library.summary import ArticleSummary, summarise
from reader.resources import articles_dir


def _article(root: Path, name: str, title: str, date: str | None = None) -> Path:
    path = root / name
    front = f"date: {date}\n" if date else ""
    path.write_text(f"---\ntitle: {title}\nsource: Wire\n{front}---\nText.\n", encoding="utf-8")
    return path


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
    summaries = summarise(paths)
    assert [summary.title for summary in summaries.articles] == [
        "New",
        "Same day A",
        "Same day B",
        "Old",
        "Apple",
        "Vague",
        "zebra",
    ]
    assert summaries.skipped == []


def test_a_summary_carries_title_source_and_date(tmp_path):
    path = _article(tmp_path, "a.md", "Storm", "2023-09-20")
    assert summarise([path]).articles == [ArticleSummary(path, "Storm", "Wire", "2023-09-20")]


def test_plain_text_articles_are_summarised_from_their_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Storm hits the coast\n\nDaily Ledger\n\n20/09/2023\n\nText.\n")
    assert summarise([path]).articles == [
        ArticleSummary(path, "Storm hits the coast", "Daily Ledger", "2023-09-20")
    ]


def test_unreadable_files_are_set_aside_with_a_reason(tmp_path):
    good = _article(tmp_path, "good.md", "Good")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    missing = tmp_path / "missing.txt"
    summaries = summarise([good, binary, missing])
    assert [summary.path for summary in summaries.articles] == [good]
    assert [path for path, _ in summaries.skipped] == [binary, missing]
    assert "binary file" in summaries.skipped[0][1]
    assert "no such file" in summaries.skipped[1][1]


def test_the_bundled_library_summarises_without_errors():
    summaries = summarise(sorted(articles_dir().iterdir()))
    assert summaries.skipped == []
    assert all(summary.title for summary in summaries.articles)
