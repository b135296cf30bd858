"""A line of details keeps each part's own direction, wherever it is shown."""

from types import SimpleNamespace

from reader.article.model import Article, Block, BlockKind, Metadata, Section
from reader.page import Page
from reader.text.details import details_line
from reader.text.labels import fit_label
from reader.text.options import LayoutOptions
from reader.ui.widgets.sidebar import summary_details

SOURCE, DATE = "صدى البلد", "2026-11-02"


def test_each_part_is_isolated_and_empty_parts_are_left_out():
    assert details_line([SOURCE, None, "", DATE]) == f"\u2068{SOURCE}\u2069 · \u2068{DATE}\u2069"


def test_the_library_and_the_palette_show_the_date_as_the_byline_does():
    summary = SimpleNamespace(title="عنوان", source=SOURCE, date=DATE)
    shown = fit_label(summary_details(summary), 60, LayoutOptions()).text  # type: ignore[arg-type]
    assert DATE in shown  # not 02-11-2026, its parts taking the Arabic direction
    page = Page(article(Metadata("عنوان", source=SOURCE, date=DATE)), 60, LayoutOptions())
    byline = next(line for line in page if line.role == "byline")
    assert DATE in byline.text


def article(metadata: Metadata) -> Article:
    body = Section(None, 1, (Block(BlockKind.PARAGRAPH, "فقرة."),))
    return Article(None, metadata, (body,))


def test_revealed_controls_are_the_files_not_the_isolates_qari_adds():
    reveal = LayoutOptions(reveal_controls=True)
    plain = Page(article(Metadata("عنوان", source="CNN", date=DATE)), 60, reveal)
    byline = next(line.text for line in plain if line.role == "byline")
    assert "FSI" not in byline and "PDI" not in byline
    spoofed = Page(article(Metadata("عنوان", source="CNN\u202e", date=DATE)), 60, reveal)
    byline = next(line.text for line in spoofed if line.role == "byline")
    assert "RLO" in byline and "FSI" not in byline
