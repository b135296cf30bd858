"""The library at scale: indexing, listing and launching with N articles.

    python bench/library.py [--sizes 1000 10000 30000] [--repeat 3] [--keep DIR]

Generates libraries of N distinct Arabic news articles of 1-5 KB (see
arabic_news.py; under a temporary folder, or --keep DIR) and measures, each
in a fresh interpreter with its own XDG folders:

- cold indexing by the reader's own worker process (`IndexProcess`, with its
  helpers) on an empty cache: summaries per second, and the seconds until
  the full text is searchable; the peak memory of the largest of its
  processes;
- `qari list DIR --json` with the index present (wall time of the command);
- a warm start of the reader, in a headless Textual run (`App.run_test`, the
  real app with its real worker process): seconds from the interpreter's
  start to the first article on screen, to a fully listed sidebar, and to
  the end of the walk that confirms nothing changed; the peak memory of the
  reader and of its worker process;
- the first painted article with 30,000 articles against 10, in pairs run
  alternately, as the median of their ratios.

The sizes are run in turn within each repetition, and each figure is the
median of the repetitions. The last row gives the growth per added article
between the smallest and the largest library. The files were just written,
so "cold" means an empty index, not an empty disk cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def _environment(work: Path, library: Path, state: str) -> dict[str, str]:
    name = library.name
    return dict(
        os.environ,
        PYTHONPATH=str(REPO),
        HOME=str(work / "home"),
        XDG_CACHE_HOME=str(work / f"cache-{name}"),
        XDG_STATE_HOME=str(work / f"state-{state}"),
        XDG_CONFIG_HOME=str(work / "config"),
    )


def _cold(work: Path, library: Path) -> dict[str, float]:
    """Index `library` into an empty cache (and leave the cache for the warm runs)."""
    env = _environment(work, library, "cold")
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return _child("--cold", str(library), env=env)


def _child(*args: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# -- what runs in the child interpreters ---------------------------------------


def _cold_index(library: str) -> dict[str, float]:
    import resource
    import threading

    from reader.library.find import library_for
    from reader.library.process import IndexProcess
    from reader.library.readers import helpers_to_use
    from reader.library.updates import Failed, Finished

    started = time.perf_counter()
    marks: dict[str, float] = {}
    articles = 0
    ended = threading.Event()

    def hear(update: object) -> None:
        nonlocal articles
        if isinstance(update, Finished):
            marks[update.stage] = time.perf_counter() - started
            if update.stage == "summaries":
                articles = update.articles
            else:
                ended.set()
        elif isinstance(update, Failed):
            marks["failed"] = 0.0
            print(f"the worker failed: {update.message}", file=sys.stderr)
            ended.set()

    # The reader's own worker process, with its helpers.
    worker = IndexProcess(library_for(Path(library)), hear)
    worker.start()
    ended.wait()
    # Its end, helpers reaped: their peak memory is then counted among
    # this process's children.
    if worker.pid is not None:
        os.waitpid(worker.pid, 0)
    if "failed" in marks:
        raise SystemExit(1)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "articles": articles,
        "summaries_s": marks["summaries"],
        "text_s": marks["text"],
        "peak_mb": peak / 1024,
        "helpers": helpers_to_use(),
        "cpu_s": _cpu(resource.RUSAGE_CHILDREN),
    }


def _cpu(who: int) -> float:
    import resource

    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _peak_mb(pid: int | None) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, TypeError):
        pass
    return 0.0


def _warm_start(library: str, expected: int, started: float) -> dict[str, float]:
    import asyncio
    import resource

    from reader.text.options import LayoutOptions
    from reader.ui.app import build_app
    from reader.ui.screens.main import MainScreen

    result: dict[str, float] = {}

    async def run() -> None:
        app = build_app(Path(library), options=LayoutOptions())
        async with app.run_test(size=(100, 30)):
            screen = app.screen_stack[0]
            assert isinstance(screen, MainScreen)
            worker = 0.0
            while True:
                now = time.perf_counter() - started
                if "first_article_s" not in result and screen.view.page is not None:
                    result["first_article_s"] = now
                if "listed_s" not in result and len(screen.library) == expected:
                    result["listed_s"] = now  # every entry in the sidebar
                    result["listed_cpu_s"] = _cpu(resource.RUSAGE_SELF)
                if screen.library_listed and "listed_s" in result and "first_article_s" in result:
                    result["walked_s"] = now  # and the folders walked: nothing changed
                    break
                indexer = screen._indexer
                worker = max(worker, _peak_mb(indexer.pid if indexer else None))
                if now > 120:
                    raise SystemExit(f"not listed after 120 s: {len(screen.library)} of {expected}")
                await asyncio.sleep(0.005)
            result["reader_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            result["worker_mb"] = worker
        app.session.close()

    asyncio.run(run())
    return result


def _list_json(library: str) -> dict[str, float]:
    import resource

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", library, "--json"],
        capture_output=True,
        check=True,
    )
    return {
        "list_s": time.perf_counter() - started,
        "list_cpu_s": _cpu(resource.RUSAGE_CHILDREN),
        "rows": len(json.loads(done.stdout)),
    }


# -- the parent ----------------------------------------------------------------

_FIRST_ARTICLE = """---
title: "الحكومة تعلن خطة جديدة لدعم الطاقة المتجددة في القاهرة"
source: وكالة الأنباء العربية
date: DATE
lang: ar
---

أعلنت الحكومة اليوم خطة جديدة لدعم الطاقة المتجددة في القاهرة، بتكلفة تقدر بنحو 300
مليون دولار. وقال المتحدث الرسمي باسم الوزارة إن المرحلة المقبلة تتطلب تنسيقا أكبر
بين الجهات المعنية.

## التفاصيل

ويأتي ذلك في وقت تشهد فيه المدينة نقاشا واسعا حول النقل العام ومياه الشرب.
"""


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the libraries here")
    parser.add_argument(
        "--cold-from", type=Path, help="reuse the cold figures a run saved in this JSON file"
    )
    args = parser.parse_args()
    load = os.getloadavg()
    work = args.keep or Path(tempfile.mkdtemp(prefix="qari-library-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    from arabic_news import write_library

    sizes = sorted(args.sizes)
    libraries: dict[int, Path] = {}
    for count in [10, *sizes]:
        library = work / f"library-{count}"
        if not library.exists():
            written = write_library(library, count, seed=count)
            print(f"generated {count} articles, {written / 1e6:.1f} MB, in {library}", flush=True)
        # The newest article, the one a launch opens, is the same in every
        # library, so the first paints compare like with like.
        first, newest = _FIRST_ARTICLE.replace("DATE", "2099-12-31"), library / "newest.md"
        if not newest.exists() or newest.read_text(encoding="utf-8") != first:
            newest.write_text(first, encoding="utf-8")
        libraries[count] = library

    cold: dict[int, dict[str, float]] = {}
    if args.cold_from:
        cold = {
            int(count): figures for count, figures in json.loads(args.cold_from.read_text()).items()
        }
    for count in sizes:
        if count not in cold:
            cold[count] = _cold(work, libraries[count])
            print(f"cold index of {count}: {cold[count]}", flush=True)
    (work / "cold.json").write_text(json.dumps(cold))

    warm: dict[int, list[dict[str, float]]] = {count: [] for count in [10, *sizes]}
    listing: dict[int, list[dict[str, float]]] = {count: [] for count in sizes}
    articles = {count: int(cold[count]["articles"]) for count in sizes}
    articles[10] = int(_cold(work, libraries[10])["articles"])
    for repetition in range(args.repeat):
        for count in [10, *sizes]:
            library = libraries[count]
            env = _environment(work, library, f"warm-{repetition}-{count}")
            expected = str(articles[count])  # with the common newest article
            warm[count].append(_child("--warm", str(library), expected, env=env))
            if count in listing:
                listing[count].append(_child("--list", str(library), env=env))
        print(f"repetition {repetition + 1} of {args.repeat} done", flush=True)

    _report(sizes, cold, warm, listing)
    print(f"load average at the start {load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}")


def _report(
    sizes: list[int],
    cold: dict[int, dict[str, float]],
    warm: dict[int, list[dict[str, float]]],
    listing: dict[int, list[dict[str, float]]],
) -> None:
    columns = (
        ("summaries/s", lambda n: cold[n]["articles"] / cold[n]["summaries_s"], "{:9.0f}"),
        ("text ready s", lambda n: cold[n]["text_s"], "{:9.2f}"),
        ("  its CPU s", lambda n: cold[n].get("cpu_s", 0.0), "{:9.2f}"),
        ("cold peak MB", lambda n: cold[n]["peak_mb"], "{:9.1f}"),
        ("warm listed s", lambda n: _median(warm[n], "listed_s"), "{:9.3f}"),
        ("  its CPU s", lambda n: _median(warm[n], "listed_cpu_s"), "{:9.3f}"),
        ("walked s", lambda n: _median(warm[n], "walked_s"), "{:9.3f}"),
        ("list --json s", lambda n: _median(listing[n], "list_s"), "{:9.3f}"),
        ("  its CPU s", lambda n: _median(listing[n], "list_cpu_s"), "{:9.3f}"),
        ("1st article s", lambda n: _median(warm[n], "first_article_s"), "{:9.3f}"),
        ("reader MB", lambda n: _median(warm[n], "reader_mb"), "{:9.1f}"),
        ("worker MB", lambda n: _median(warm[n], "worker_mb"), "{:9.1f}"),
    )
    print()
    print("articles  " + " ".join(f"{name:>13}" for name, _, _ in columns))
    for count in sizes:
        cells = " ".join(f"{form.format(value(count)):>13}" for _, value, form in columns)
        print(f"{count:>8}  {cells}")
    low, high = sizes[0], sizes[-1]
    if high > low:
        growth = []
        for name, value, _ in columns:
            per = (value(high) - value(low)) / (high - low)
            unit = "KB" if name.endswith("MB") else ("" if name.endswith("/s") else "µs")
            scale = 1024 if unit == "KB" else (1 if unit == "" else 1e6)
            growth.append(f"{per * scale:+9.2f}{unit:>2}")
        print(f"{'per added':>8}  " + " ".join(f"{cell:>13}" for cell in growth))
    ratios = [
        big["first_article_s"] / small["first_article_s"]
        for big, small in zip(warm[high], warm[10], strict=True)
    ]
    each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(
        f"\nfirst painted article, {high} articles against 10: median ratio "
        f"{statistics.median(ratios):.3f} over {len(ratios)} pairs ({each})"
    )
    print("goals: warm listed < 1 s and list --json < 1 s at 30,000; >= 3,000 summaries/s;")
    print("       text ready <= 30 s at 30,000; first article within 10% of 10's; < 100 MB")


if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[1:2] == ["--cold"]:
        print(json.dumps(_cold_index(sys.argv[2])))
    elif sys.argv[1:2] == ["--warm"]:
        print(json.dumps(_warm_start(sys.argv[2], int(sys.argv[3]), started)))
    elif sys.argv[1:2] == ["--list"]:
        print(json.dumps(_list_json(sys.argv[2])))
    else:
        main()
