"""How each stage's time and memory grow with its input, per hostile shape.

    python bench/complexity.py                 # n = 1 MB: every stage up to 8 MB
    python bench/complexity.py --quick         # n = 64 KB, for a quick look
    python bench/complexity.py --stage markdown --shape tiny-paragraphs

Every stage (plain and Markdown parsing, summaries, page cutting, then wrap,
levels, shaping and source mapping over the pieces the page hands them) runs
on every shape of input it reads (realistic news, the shapes of issue 9, and
long runs of one character, of marks, of ZWJ/ZWNJ, of brackets, of explicit
embeddings, deeply nested Markdown…) at n, 2n, 4n and 8n bytes. Each run is a
fresh fork of this process, so one run's garbage or fragmentation cannot
hide the next one's memory. Printed per row: CPU seconds at each size (the
best of up to three runs); the growth exponent, the slope of log(time) over
log(size) (1 is linear, 2 quadratic; the goal is at most 1.2; "✗" above
it, "~" when the largest run is too quick to judge); and the peak memory
the run took beyond its input (VmHWM, reset before the run) as a multiple
of the input's UTF-8 bytes.

A second table runs the per-paragraph stages on ONE paragraph of 2,000 to
16,000 characters (the most the page hands them, MAX_BLOCK_CHARS): whatever
is superlinear inside a paragraph shows there, where the first table only
sees more paragraphs.
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.article.markdown import parse_markdown
from reader.article.plain import parse_plain
from reader.library import commands as library_commands
from reader.library.commands import list_library, search_library
from reader.page import MAX_BLOCK_CHARS, article_blocks
from reader.resources import articles_dir
from reader.text.levels import paragraph_levels
from reader.text.sanitise import sanitise
from reader.text.shape import shape, source_map
from reader.text.wrap import wrap

MB = 1_000_000
GOAL_EXPONENT = 1.2
# Below this at the largest size, noise on a shared machine decides the
# exponent: the row is marked "~" rather than judged.
JUDGED_SECONDS = 0.1

# -- shapes of input -------------------------------------------------------------


def _news_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(articles_dir().iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) > 80 and not line.startswith(("---", "#")):
                paragraphs.append(line)
    return paragraphs


def news(size: int) -> str:
    """Realistic Arabic news: the bundled articles' paragraphs, shuffled, with
    headings between, each paragraph with a few words of its own so that the
    text does not repeat."""
    rng = random.Random(size)
    base = _news_paragraphs()
    parts, total, n = ["عنوان الخبر\n\n"], 0, 0
    while total < size:
        n += 1
        paragraph = f"{rng.choice(base)} ({n} {rng.choice(base).split()[0]})\n\n"
        if n % 12 == 0:
            paragraph = f"قسم {n}\n\n{paragraph}"
        parts.append(paragraph)
        total += len(paragraph.encode())
    return "".join(parts)


def repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """`unit` repeated to about `size` UTF-8 bytes, between `head` and `tail`."""
    count = max(size // max(len(unit.encode()), 1), 1)
    return head + unit * count + tail


def _vowelled(size: int) -> str:
    harakat = "\u064e\u064f\u0650\u0651\u0652"
    rng = random.Random(size)
    text = news(size // 2)
    return "".join(c + rng.choice(harakat) if "\u0621" <= c <= "\u064a" else c for c in text)


def _numbered(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        part = f"p{n}\n\n"
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts)


def _nested_lists(size: int) -> str:
    lines, total, depth = [], 0, 0
    while total < size:
        line = "  " * depth + f"- item {depth}\n"
        lines.append(line)
        total += len(line)
        depth = (depth + 1) % 300
    return "".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "news": news,
    # Issue 9's shapes.
    "bullet-spaces": lambda size: repeat(" ", size, "Title\n\n- ", "!\n"),
    "one-paragraph": lambda size: repeat("كلمة ", size, "عنوان\n\n"),
    "beh-zwj": lambda size: repeat("ب\u200d", size, "عنوان\n\n"),
    "vowelled": _vowelled,
    "tiny-paragraphs": _numbered,
    # Runs of one kind of character.
    "one-letter": lambda size: repeat("ب", size, "عنوان\n\n"),
    "spaces": lambda size: repeat(" ", size, "عنوان\n\nا"),
    "marks": lambda size: repeat("\u064e", size, "عنوان\n\nب"),
    "zwj-zwnj": lambda size: repeat("\u200d\u200c", size, "عنوان\n\nب"),
    "brackets": lambda size: repeat("(", size // 2, "عنوان\n\n") + ")" * (size // 2),
    "square-brackets": lambda size: repeat("[", size, "Title\n\n"),
    "embeddings": lambda size: repeat("\u202b", size, "عنوان\n\nabc "),
    "isolates": lambda size: repeat("\u2067", size, "عنوان\n\nabc "),
    "digits-spaces": lambda size: repeat("1 ", size, "عنوان\n\n"),
    "masthead": lambda size: repeat("Editor\nJane Roe\n", size, "", "\nHeadline\n\nText.\n"),
    # Markdown's own.
    "nested-quotes": lambda size: repeat(">", size, "# t\n\n", " deep\n"),
    "nested-lists": _nested_lists,
    "emphasis": lambda size: repeat("*a ", size, "# t\n\n"),
    "backticks": lambda size: repeat("`a", size, "# t\n\n"),
    "entities": lambda size: repeat("&#", size, "# t\n\n"),
    "link-openers": lambda size: repeat("[a](", size, "# t\n\n"),
    "angle-brackets": lambda size: repeat("<a", size, "# t\n\n"),
    "front-matter": lambda size: repeat("key: value\n", size, "---\n"),
}
MARKDOWN_ONLY = {
    "nested-quotes",
    "nested-lists",
    "emphasis",
    "backticks",
    "entities",
    "link-openers",
    "angle-brackets",
    "front-matter",
}
# What the per-paragraph stages see: one paragraph, as the page cuts it.
PARAGRAPH_SHAPES = (
    "news",
    "one-paragraph",
    "beh-zwj",
    "vowelled",
    "one-letter",
    "spaces",
    "marks",
    "zwj-zwnj",
    "brackets",
    "embeddings",
    "isolates",
)

# -- stages ----------------------------------------------------------------------------


class Stage(NamedTuple):
    name: str
    prepare: Callable[[str], Any]
    """Turns the shape's text into the stage's input (not measured)."""
    run: Callable[[Any], object]
    """The measured work."""
    shapes: Callable[[str], bool] = lambda shape: shape not in MARKDOWN_ONLY


def _pieces(text: str) -> list[str]:
    """The texts the page hands the layout: blocks cut to MAX_BLOCK_CHARS."""
    return [sanitise(block.text) for block in article_blocks(parse_plain(text))]


def _shaped(text: str, keep_harakat: bool = True) -> list[tuple[str, str]]:
    return [(piece, shape(piece, keep_harakat=keep_harakat)) for piece in _pieces(text)]


def _glyphs(text: str) -> list[str]:
    return [glyphs for _, glyphs in _shaped(text)]


def _library(text: str) -> Path:
    """`text` as a library: files of 256 KB each (summaries read 64 KiB),
    plain text and Markdown in turn."""
    folder = Path(tempfile.mkdtemp(prefix="qari-complexity-"))
    # A fresh index for each run (prepared in the run's own fork), and
    # never the user's.
    os.environ["XDG_CACHE_HOME"] = str(folder / ".cache")  # hidden: not walked
    data, step = text.encode(), 256 * 1024
    for n, start in enumerate(range(0, len(data), step)):
        suffix = ".md" if n % 2 else ".txt"
        (folder / f"{n:05}{suffix}").write_bytes(data[start : start + step])
    return folder


def _summaries(folder: Path) -> object:
    # As `qari list` does: the library's index brought up to date (in this
    # process), each file's summary read from its head.
    try:
        return list_library(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _search_indexing(folder: Path) -> object:
    # As `qari search` does: every file read whole, its passages stored in
    # the full-text index, then one query over them.
    try:
        return search_library("المدرسة", folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# The library reads in helper processes on a machine of several cores, and a
# helper's CPU time is not the run's: one process, so that all of it counts.
library_commands.helpers_to_use = lambda: 1  # type: ignore[attr-defined]


def _each(work: Callable[[Any], object]) -> Callable[[Iterable[Any]], object]:
    return lambda items: [work(item) for item in items]


ARTICLE_STAGES: list[Stage] = [
    Stage("plain parsing", lambda text: text, parse_plain),
    Stage("markdown parsing", lambda text: text, parse_markdown, lambda shape: True),
    Stage("summaries", _library, _summaries, lambda shape: True),
    Stage("page cutting", parse_plain, lambda article: article_blocks(article)),
    Stage("shaping", _pieces, _each(shape)),
    Stage("levels", lambda text: _glyphs(text), _each(paragraph_levels)),
    Stage("wrap", lambda text: _glyphs(text), _each(lambda glyphs: wrap(glyphs, 60))),
    Stage(
        "source mapping",
        lambda text: _shaped(text, keep_harakat=False),
        _each(lambda pair: source_map(*pair)),
    ),
    Stage("search indexing", _library, _search_indexing, lambda shape: True),
]


def _one_paragraph(chars: int) -> Callable[[str], str]:
    """The shape's text as one paragraph of exactly `chars` characters."""
    return lambda text: sanitise(text.replace("\n", " "))[:chars]


PARAGRAPH_STAGES: list[Stage] = [
    Stage("shaping", lambda text: text, shape),
    Stage("levels", shape, paragraph_levels),
    Stage("wrap", shape, lambda glyphs: wrap(glyphs, 60)),
    Stage(
        "source mapping",
        lambda text: (text, shape(text, keep_harakat=False)),
        lambda pair: source_map(*pair),
    ),
]

# -- measuring ---------------------------------------------------------------------------


class Run(NamedTuple):
    seconds: float | None
    """None: did not finish within the time allowed."""
    peak_bytes: int
    input_bytes: int


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def _measure(stage: Stage, text: str, input_bytes: int) -> tuple[float, int]:
    prepared = stage.prepare(text)
    baseline = _status("VmRSS:")
    # Resets VmHWM to the present size (Linux 4.0+): the peak is this run's.
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    # CPU time, not wall time: on a shared machine the wall clock also
    # counts the time other processes had the CPU, which swamped growth.
    start = time.process_time()
    result = stage.run(prepared)
    seconds = time.process_time() - start
    peak = _status("VmHWM:") - baseline
    del result
    return seconds, peak


def measure(stage: Stage, text: str, timeout: float) -> Run:
    """The fastest of up to three runs of `stage` on `text` (one when it
    takes 0.3 s or more): the machine is shared, and noise only adds."""
    best = _measure_once(stage, text, timeout)
    for _ in range(2):
        if best.seconds is None or best.seconds >= 0.3:
            break
        again = _measure_once(stage, text, timeout)
        if again.seconds is not None and again.seconds < best.seconds:
            best = again._replace(peak_bytes=max(again.peak_bytes, best.peak_bytes))
    return best


def _measure_once(stage: Stage, text: str, timeout: float) -> Run:
    """One run of `stage` on `text`, in a fork of this process."""
    input_bytes = len(text.encode("utf-8", "surrogatepass"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, and leave without cleaning up
        os.close(read)
        try:
            os.write(write, pickle.dumps(_measure(stage, text, input_bytes)))
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)
        return Run(None, 0, input_bytes)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    if not data:
        return Run(None, 0, input_bytes)
    seconds, peak = pickle.loads(data)
    return Run(seconds, peak, input_bytes)


def exponent(sizes: list[int], runs: list[Run]) -> float | None:
    """The least-squares slope of log(seconds) over log(size)."""
    points = [
        (math.log(size), math.log(max(run.seconds, 1e-6)))
        for size, run in zip(sizes, runs, strict=True)
        if run.seconds is not None
    ]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def row(table: str, stage: str, shape: str, sizes: list[int], runs: list[Run]) -> str:
    times = " ".join(
        f"{run.seconds:8.3f}" if run.seconds is not None else "   (gave up)" for run in runs
    )
    growth = exponent(sizes, runs)
    finished = [run for run in runs if run.seconds is not None]
    mark = ""
    if growth is None or len(finished) < len(runs):
        growth_text = "   —"
        mark = "  ✗ unfinished"
    elif runs[-1].seconds is not None and runs[-1].seconds < JUDGED_SECONDS:
        growth_text = f"{growth:4.2f}"
        mark = "  ~"  # too quick for its growth to say anything
    else:
        growth_text = f"{growth:4.2f}"
        if growth > GOAL_EXPONENT:
            mark = "  ✗"
    last = finished[-1] if finished else None
    memory = (
        f"{last.peak_bytes / MB:8.1f} {last.peak_bytes / last.input_bytes:6.1f}x"
        if last
        else " " * 16
    )
    return f"{table:9} {stage:17} {shape:16} {times}  {growth_text} {memory}{mark}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 64 KB instead of 1 MB")
    parser.add_argument("--n", type=float, help="n in MB (default 1, or 0.064 with --quick)")
    parser.add_argument("--stage", action="append", help="only these stages (repeatable)")
    parser.add_argument("--shape", action="append", help="only these shapes (repeatable)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds a run may take")
    args = parser.parse_args()
    n = int((args.n or (0.064 if args.quick else 1.0)) * MB)
    sizes = [n, 2 * n, 4 * n, 8 * n]
    chars = [MAX_BLOCK_CHARS // 8, MAX_BLOCK_CHARS // 4, MAX_BLOCK_CHARS // 2, MAX_BLOCK_CHARS]
    wanted_shapes = args.shape or list(SHAPES)
    wanted_stages = args.stage

    header = f"{'table':9} {'stage':17} {'shape':16} " + " ".join(
        f"{size / MB:7.2f}M" for size in sizes
    )
    print(f"{header}  exp.  peak MB  ×input   (at the largest size)")
    for stage in ARTICLE_STAGES:
        if wanted_stages and stage.name not in wanted_stages:
            continue
        for shape_name in wanted_shapes:
            if not stage.shapes(shape_name):
                continue
            runs = []
            for size in sizes:
                run = measure(stage, SHAPES[shape_name](size), args.timeout)
                runs.append(run)
                if run.seconds is None:
                    runs += [run] * (len(sizes) - len(runs))
                    break
            print(row("article", stage.name, shape_name, sizes, runs), flush=True)

    print()
    print(f"{'table':9} {'stage':17} {'shape':16} " + " ".join(f"{c:7d}c" for c in chars))
    for stage in PARAGRAPH_STAGES:
        if wanted_stages and stage.name not in wanted_stages:
            continue
        for shape_name in PARAGRAPH_SHAPES:
            if shape_name not in wanted_shapes:
                continue
            source = SHAPES[shape_name](4 * MAX_BLOCK_CHARS)
            runs = [measure(stage, _one_paragraph(count)(source), args.timeout) for count in chars]
            print(row("paragraph", stage.name, shape_name, chars, runs), flush=True)


if __name__ == "__main__":
    main()
