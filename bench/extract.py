"""Main-text extraction on the fixture news pages: trafilatura (what `qari add` uses)
against readability-lxml.

    python bench/extract.py [--rounds 20]
    (readability-lxml is not a dependency: pip install readability-lxml to compare)

Each page under tests/feeds/fixtures/pages/ has a .truth.json listing its article
paragraphs and the boilerplate around them (navigation, ads, comments, related links,
footers). Per extractor and page it prints the share of the article's paragraphs kept
and the share of boilerplate lines kept (a paragraph or line counts as kept when its
text, white space folded, is in the extracted text), how many of the title, author,
date and site came out right, and the median time of `--rounds` runs, the two extractors taking
turns; then the median of the paired time ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lxml.html

from reader.feeds.charset import decode_document

PAGES = Path(__file__).resolve().parent.parent / "tests" / "feeds" / "fixtures" / "pages"


def folded(text: str) -> str:
    return " ".join(text.split())


def text_of(html: str | None) -> str:
    return folded(lxml.html.fromstring(html).text_content()) if html else ""


def with_trafilatura(page: str) -> tuple[str, dict[str, str | None]]:
    from reader.feeds.page import page_entry

    entry = page_entry(page, None)
    meta = {
        "title": entry.title,
        "author": entry.author,
        "date": str(entry.published) if entry.published else None,
        "site": entry.source,
    }
    return text_of(entry.html), meta


def with_readability(page: str) -> tuple[str, dict[str, str | None]]:
    from readability import Document

    document = Document(page)
    return text_of(document.summary(html_partial=True)), {"title": document.short_title()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    extractors: dict[str, Callable[[str], tuple[str, dict[str, str | None]]]] = {
        "trafilatura": with_trafilatura
    }
    try:
        import readability  # noqa: F401

        extractors["readability"] = with_readability
    except ImportError:
        print("readability-lxml is not installed: trafilatura alone\n")
    totals = {name: [0, 0, 0, 0, 0, 0] for name in extractors}
    ratios = []
    for path in sorted(PAGES.glob("*.html")):
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        page = decode_document(path.read_bytes())
        times: dict[str, list[float]] = {name: [] for name in extractors}
        for round_number in range(args.rounds):
            names = list(extractors)
            for name in names if round_number % 2 == 0 else reversed(names):
                started = time.perf_counter()
                extractors[name](page)
                times[name].append(time.perf_counter() - started)
        if len(extractors) == 2:
            ratios += [
                r / t for t, r in zip(times["trafilatura"], times["readability"], strict=True)
            ]
        for name, extract in extractors.items():
            text, meta = extract(page)
            kept = sum(folded(p) in text for p in truth["paragraphs"])
            noise = sum(folded(b) in text for b in truth["boilerplate"])
            fields = [field for field in ("title", "author", "date", "site") if truth[field]]
            found = sum(meta.get(field) == truth[field] for field in fields)
            wanted = len(fields)
            total = totals[name]
            for index, value in enumerate(
                (kept, len(truth["paragraphs"]), noise, len(truth["boilerplate"]), found, wanted)
            ):
                total[index] += value
            print(
                f"{path.stem:26} {name:12} paragraphs {kept}/{len(truth['paragraphs'])}"
                f"  boilerplate {noise}/{len(truth['boilerplate'])}"
                f"  metadata {found}/{wanted}"
                f"  {statistics.median(times[name]) * 1000:5.1f} ms"
            )
    print()
    for name, (kept, paragraphs, noise, lines, found, wanted) in totals.items():
        print(
            f"{name:12} article paragraphs kept {kept}/{paragraphs} ({kept / paragraphs:.0%}),"
            f" boilerplate lines kept {noise}/{lines} ({noise / lines:.0%}),"
            f" metadata fields right {found}/{wanted}"
        )
    if ratios:
        print(
            f"readability / trafilatura time: median of {len(ratios)} paired ratios "
            f"{statistics.median(ratios):.2f}"
        )


if __name__ == "__main__":
    main()
