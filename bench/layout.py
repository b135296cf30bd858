"""Layout speed and memory on distinct Arabic news text, side by side with a
naive loop and GNU fribidi.

    python bench/layout.py [--sizes 1 10] [--pairs 5] [--width 80] [--app-runs 3]
                           [--skip-app] [--skip-articles]

The text is bench/corpus.py's: distinct paragraphs of news-like Arabic (no
line repeats, the vocabulary grows with the size), written to a temporary
directory. Every measurement runs in a fresh process, so that no cache is
warm from an earlier run, and times only the work named (not the imports).

Throughput, per size: rounds of Qari's layout (Page → render_text, what
`qari render` does after parsing), the naive loop `get_display(reshape(line))`
per line, and `fribidi --width N` (Debian: libfribidi-bin), in turn, each on
the same lines; CPU time. Printed: the medians, and the median of the
paired ratios naive/Qari (above 1: Qari is faster) and Qari/fribidi. The
naive loop does less: no wrapping, no sanitising, no map back to the source.
fribidi breaks words mid-way and stacks a wrapped paragraph's lines upside
down: it is the C reference for speed, not for correctness.

Articles (Markdown, a heading every 20 paragraphs): the whole layout of a
1 MB article (CPU), the first screen of a 10 MB article (CPU of the layout
of 24 lines, the parse apart), the memory the 10 MB article holds once laid
out (tracemalloc: what Python has allocated and not freed; and the growth
of the resident set), and in the real app, headless (Textual Pilot, 80x24):
`G` and a jump to the last section on the 10 MB article, wall time from the
key until the view has drawn the place.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import describe, news_article, news_paragraphs

_ANSWER_TIMEOUT = 600.0


# -- in the child process ------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def child_qari(path: Path, width: int) -> dict[str, float]:
    from reader.article.model import Article, Block, BlockKind, Metadata, Section
    from reader.page import Page, render_text
    from reader.text.options import LayoutOptions

    blocks = tuple(Block(BlockKind.PARAGRAPH, line) for line in _lines(path))
    article = Article(None, Metadata(""), (Section(None, 0, blocks),))
    start = time.process_time()
    for _ in render_text(Page(article, width, LayoutOptions())):
        pass
    return {"cpu": time.process_time() - start}


def child_naive(path: Path, width: int) -> dict[str, float]:
    from arabic_reshaper import reshape
    from bidi import get_display

    lines = _lines(path)
    start = time.process_time()
    for line in lines:
        get_display(reshape(line))
    return {"cpu": time.process_time() - start}


def child_whole(path: Path, width: int) -> dict[str, float]:
    from reader.article.load import load_article
    from reader.page import Page
    from reader.text.options import LayoutOptions

    start = time.process_time()
    article = load_article(path)
    loaded = time.process_time()
    Page(article, width, LayoutOptions()).finish()
    return {"load": loaded - start, "cpu": time.process_time() - loaded}


def child_first(path: Path, width: int) -> dict[str, float]:
    from reader.article.load import load_article
    from reader.page import Page
    from reader.text.options import LayoutOptions

    start = time.process_time()
    article = load_article(path)
    loaded = time.process_time()
    Page(article, width, LayoutOptions()).extend(24)
    return {"load": loaded - start, "cpu": time.process_time() - loaded}


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def child_memory(path: Path, width: int) -> dict[str, float]:
    import tracemalloc

    from reader.article.load import load_article
    from reader.page import Page
    from reader.text.options import LayoutOptions

    gc.collect()
    rss = _rss()
    tracemalloc.start()
    traced = tracemalloc.get_traced_memory()[0]
    article = load_article(path)
    page = Page(article, width, LayoutOptions())
    page.finish()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - traced
    tracemalloc.stop()
    return {"traced": held, "rss": _rss() - rss, "lines": len(page.lines)}


def child_app(path: Path, width: int, where: str) -> dict[str, float]:
    from textual.strip import Strip

    from reader.text.options import LayoutOptions
    from reader.ui.app import build_app
    from reader.ui.screens.main import MainScreen

    app = build_app(path, options=LayoutOptions())
    result: dict[str, float] = {}

    async def until(condition: Callable[[], object], timeout: float) -> None:
        start = time.perf_counter()
        while not condition():
            if time.perf_counter() - start > timeout:
                raise TimeoutError
            await asyncio.sleep(0.002)

    async def drive() -> None:
        async with app.run_test(size=(width, 24)):
            screen = app.screen_stack[0]
            assert isinstance(screen, MainScreen)
            view = screen.view
            # When the view first draws a row while it is at the place asked for.
            there: list[Callable[[], bool]] = [lambda: False]
            drawn: list[float] = []
            render_line = view.render_line

            def record(y: int) -> Strip:
                if not drawn and there[0]():
                    drawn.append(time.perf_counter())
                return render_line(y)

            view.render_line = record  # type: ignore[method-assign]
            await until(lambda: view.page is not None, 60)
            await asyncio.sleep(0.5)  # the first frame is out; the layout goes on
            article = view.article
            assert article is not None
            last_section = len(article.sections) - 1
            start = time.perf_counter()
            if where == "end":
                there[0] = lambda: view.percent == 100
                app.simulate_key("G")
            else:
                there[0] = lambda: view.section == last_section
                screen.go_to_section(view.heading_count - 1)
            await until(lambda: bool(drawn), _ANSWER_TIMEOUT)
            result["wall"] = drawn[0] - start
            page = view.page
            assert page is not None
            result["done"] = float(page.done)

    asyncio.run(drive())
    app.session.close()
    return result


def path_shares(paragraphs: list[str], width: int) -> dict[str, float]:
    """Share of paragraphs (or lines) each fast path takes."""
    from reader.text.implicit_levels import resolve
    from reader.text.options import LayoutOptions
    from reader.text.paragraph import line_spans, prepare
    from reader.text.sanitise import sanitise
    from reader.text.shape import _has_arabic, _shaped_words, shape
    from reader.text.wrap import _wrap_by_line

    joining = _shaped_words()._joining
    counts = dict.fromkeys(("levels", "joining", "arabic", "wrap", "lines", "one run"), 0)
    for text in paragraphs:
        source = sanitise(text)
        if _has_arabic(source):
            counts["arabic"] += 1
            counts["joining"] += joining.shape(source) is not None
        glyphs = shape(source)
        paragraph = prepare(text, LayoutOptions())
        counts["levels"] += resolve(glyphs, None) is not None
        counts["wrap"] += _wrap_by_line(glyphs, width, width) is not None
        for start, end, _ in line_spans(paragraph, width):
            counts["lines"] += 1
            counts["one run"] += paragraph.levels.count(paragraph.base, start, end) == end - start
    total = len(paragraphs)
    return {
        "levels resolved by implicit_levels (else python-bidi)": counts["levels"] / total,
        "Arabic paragraphs joined whole (else arabic-reshaper)": counts["joining"]
        / max(counts["arabic"], 1),
        "wrapped a line at a time (else a word at a time)": counts["wrap"] / total,
        "lines of one run, reversed whole (else run by run)": counts["one run"]
        / max(counts["lines"], 1),
    }


def bundled_blocks() -> list[str]:
    """The text of every block of the bundled articles: titles, bylines,
    headings, paragraphs, as the reader lays them out."""
    from reader.article.load import load_article
    from reader.page import article_blocks
    from reader.resources import articles_dir

    return [
        block.text
        for path in sorted(articles_dir().iterdir())
        for block in article_blocks(load_article(path))
        if block.text
    ]


def print_shares(paragraphs: list[str], width: int, name: str) -> None:
    print(f"  fast paths, {name}:")
    for label, share in path_shares(paragraphs, width).items():
        print(f"    {share:6.1%}  {label}")


def run_child(mode: str, path: Path, width: int, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), "--width", str(width)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        sys.exit(f"bench child {mode} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def fribidi_cpu(path: Path, width: int) -> float | None:
    fribidi = shutil.which("fribidi")
    if fribidi is None:
        return None
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen([fribidi, "--width", str(width), str(path)], stdout=null)
        _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_utime + usage.ru_stime


# -- in the parent -------------------------------------------------------------


def throughput(tmp: Path, megabytes: float, pairs: int, width: int, env: dict[str, str]) -> None:
    paragraphs = news_paragraphs(megabytes, seed=1)
    path = tmp / f"corpus-{megabytes:g}.txt"
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    size = path.stat().st_size / 1e6
    qari: list[float] = []
    naive: list[float] = []
    fribidi: list[float] = []
    for _ in range(pairs):
        qari.append(run_child("qari", path, width, env)["cpu"])
        naive.append(run_child("naive", path, width, env)["cpu"])
        seconds = fribidi_cpu(path, width)
        if seconds is not None:
            fribidi.append(seconds)
    print(f"\ncorpus: {describe(paragraphs)}; width {width}; {pairs} rounds")
    print(f"  {'':8} {'CPU s':>8} {'MB/s':>7}")
    for name, times in (("qari", qari), ("naive", naive), ("fribidi", fribidi)):
        if times:
            median = statistics.median(times)
            print(f"  {name:8} {median:8.3f} {size / median:7.2f}")
    print(
        f"  naive/qari (median of paired ratios; goal >= 1.3): "
        f"{statistics.median(n / q for n, q in zip(naive, qari, strict=True)):.2f}x"
    )
    if fribidi:
        ratio = statistics.median(q / f for q, f in zip(qari, fribidi, strict=True))
        print(f"  qari/fribidi (median of paired ratios): {ratio:.1f}x the time")
    else:
        print("  fribidi: not installed (Debian: apt-get install libfribidi-bin)")
    print_shares(paragraphs, width, "this corpus")


def fresh_state(env: dict[str, str], folder: Path) -> dict[str, str]:
    """`env` with XDG directories of their own: a reading position saved by
    one run would open the next where the jump goes."""
    return dict(env, XDG_CONFIG_HOME=str(folder / "config"), XDG_STATE_HOME=str(folder / "state"))


def articles(tmp: Path, width: int, runs: int, app: bool, env: dict[str, str]) -> None:
    one, ten = tmp / "one" / "one.md", tmp / "ten" / "ten.md"
    for path, megabytes in ((one, 1), (ten, 10)):
        path.parent.mkdir()
        path.write_text(news_article(megabytes, seed=2), encoding="utf-8")
    print(f"\narticles: {one.stat().st_size / 1e6:.1f} MB and {ten.stat().st_size / 1e6:.1f} MB")
    whole = [run_child("whole", one, width, env) for _ in range(runs)]
    print(
        f"  whole layout, 1 MB (goal < 1 s): "
        f"{statistics.median(r['cpu'] for r in whole):.2f} s CPU "
        f"(parse {statistics.median(r['load'] for r in whole):.2f} s)"
    )
    first = [run_child("first", ten, width, env) for _ in range(runs)]
    print(
        f"  first screen, 10 MB (goal < 150 ms): "
        f"{1000 * statistics.median(r['cpu'] for r in first):.0f} ms CPU "
        f"(parse {statistics.median(r['load'] for r in first):.2f} s)"
    )
    memory = run_child("memory", ten, width, env)
    size = ten.stat().st_size
    print(
        f"  memory after the full layout, 10 MB (goal < 8x): tracemalloc "
        f"{memory['traced'] / 1e6:.0f} MB = {memory['traced'] / size:.1f}x the file, "
        f"RSS growth {memory['rss'] / 1e6:.0f} MB = {memory['rss'] / size:.1f}x "
        f"({memory['lines']:.0f} lines)"
    )
    if not app:
        return
    for where, label in (("end", "G"), ("section", "jump to the last section")):
        answers = [
            run_child(f"app-{where}", ten, width, fresh_state(env, tmp / f"{where}{n}"))
            for n in range(runs)
        ]
        done = sum(int(answer["done"]) for answer in answers)
        print(
            f"  {label}, 10 MB, in the app (goal < 1 s): "
            f"{statistics.median(a['wall'] for a in answers):.2f} s "
            f"(layout finished by then in {done} of {runs})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--app-runs", type=int, default=3)
    parser.add_argument("--skip-app", action="store_true")
    parser.add_argument("--skip-articles", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, file = args.child
        children = {"qari": child_qari, "naive": child_naive, "whole": child_whole}
        children.update(first=child_first, memory=child_memory)
        if mode.startswith("app-"):
            result = child_app(Path(file), args.width, mode.removeprefix("app-"))
        else:
            result = children[mode](Path(file), args.width)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(
            os.environ,
            XDG_CONFIG_HOME=str(tmp / "config"),
            XDG_STATE_HOME=str(tmp / "state"),
            XDG_DATA_HOME=str(tmp / "data"),
            XDG_CACHE_HOME=str(tmp / "cache"),
        )
        print_shares(bundled_blocks(), args.width, "the bundled articles' blocks")
        for megabytes in args.sizes:
            throughput(tmp, megabytes, args.pairs, args.width, env)
        if not args.skip_articles:
            articles(tmp, args.width, args.app_runs, not args.skip_app, env)


if __name__ == "__main__":
    main()
