"""Throughput of the layout pipeline, side by side with fribidi.

    python bench/layout.py [--mb 5] [--width 80] [--distinct-words]

Builds a corpus of at least 5 MB of Arabic prose from the bundled articles
(one paragraph per line), lays it all out with Qari (sanitise, shape, levels,
wrap, reorder) and with `fribidi --width N` (Debian package libfribidi-bin)
on the same text in the same run, and prints the ratio. Then times the first
screen of a 10 MB article, from file to 24 laid-out lines. fribidi is the C
reference for speed, not correctness: it breaks words mid-way and stacks the
lines of a wrapped paragraph upside down.

Qari shapes each distinct word once. The corpus repeats the articles' words
as news repeats its own; `--distinct-words` gives every word a different
ending, so that no word is shaped from memory: the worst case.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.article.load import load_article
from reader.page import Page
from reader.resources import articles_dir
from reader.text.options import LayoutOptions
from reader.text.paragraph import lay_out, prepare


def arabic_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(articles_dir().glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) > 80:
                paragraphs.append(line)
    return paragraphs


_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _ending(n: int) -> str:
    """A different run of Arabic letters for each n."""
    letters = ""
    while True:
        n, digit = divmod(n, len(_LETTERS))
        letters += _LETTERS[digit]
        if not n:
            return letters


def corpus(megabytes: float, distinct_words: bool = False) -> list[str]:
    base = arabic_paragraphs()
    out: list[str] = []
    size = 0
    n = words = 0
    while size < megabytes * 1_000_000:
        # Vary the text so no cache could serve a repeated paragraph.
        paragraph = f"{base[n % len(base)]} ({n})"
        if distinct_words:
            parts = paragraph.split(" ")
            paragraph = " ".join(part + _ending(words + i) for i, part in enumerate(parts))
            words += len(parts)
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        n += 1
    return out


def time_qari(paragraphs: list[str], width: int) -> float:
    options = LayoutOptions()
    start = time.perf_counter()
    for paragraph in paragraphs:
        lay_out(prepare(paragraph, options), width)
    return time.perf_counter() - start


def time_fribidi(path: Path, width: int) -> float | None:
    fribidi = shutil.which("fribidi")
    if fribidi is None:
        return None
    start = time.perf_counter()
    subprocess.run(
        [fribidi, "--width", str(width), str(path)], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def first_screen(tmp: Path, width: int) -> tuple[float, int]:
    paragraphs = corpus(10)
    path = tmp / "huge.txt"
    text = "مقال طويل جدا\n\nالمصدر\n\n" + "\n\n".join(paragraphs) + "\n"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    page = Page(load_article(path), width, LayoutOptions())
    page.extend(24)
    return time.perf_counter() - start, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--distinct-words", action="store_true")
    args = parser.parse_args()
    paragraphs = corpus(args.mb, args.distinct_words)
    size = sum(len(p.encode("utf-8")) + 1 for p in paragraphs)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "corpus.txt"
        path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
        fribidi = time_fribidi(path, args.width)
        qari = time_qari(paragraphs, args.width)
        screen, huge = first_screen(tmp, args.width)
    kind = "every word distinct" if args.distinct_words else "the articles' words"
    print(f"corpus: {size / 1e6:.1f} MB, {len(paragraphs)} paragraphs ({kind}), width {args.width}")
    print(f"qari    {qari:7.2f} s  {size / 1e6 / qari:6.2f} MB/s")
    if fribidi is None:
        print("fribidi not found (Debian: apt-get install libfribidi-bin): no ratio")
    else:
        print(f"fribidi {fribidi:7.2f} s  {size / 1e6 / fribidi:6.2f} MB/s")
        print(f"ratio qari/fribidi: {qari / fribidi:.1f}x the time")
    print(
        f"first screen of a {huge / 1e6:.1f} MB article (load + 24 lines): {screen * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
