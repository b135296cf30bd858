"""Fetching 20 feeds of 50 items each from a loopback server: time and peak memory.

    python bench/feeds.py [--rounds 5] [--feeds 20] [--items 50] [--latency 0.1]

The feeds are built from the bundled articles' paragraphs (every item a different
title, date and run of paragraphs, Arabic RSS 2.0 with HTML content) and served by a
threaded HTTP server on each of 10 loopback addresses (127.0.0.1 to 127.0.0.10, port
0: feeds come from many sites, and Qari limits downloads per host), which waits
`--latency` seconds before each answer (loopback has none; a news site abroad has about
that much, and it is what fetching concurrently is for). Each round, in fresh XDG folders:

- a first fetch with the default limits (2 per host, 8 at once), saving every item;
- the same first fetch one download at a time (1 per host, 1 at once), alternating
  which goes first, for the median of paired ratios;
- a second fetch of the same feeds: conditional GETs answered 304, nothing saved.

Then the peak memory of one first fetch in a child process (ru_maxrss, and the
Python heap's peak from tracemalloc in another child), so that one measure does not
slow the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.feeds.download import Limits
from reader.feeds.fetch import fetch_feeds
from reader.feeds.library import Places
from reader.feeds.subscriptions import Feed
from reader.resources import articles_dir

_HOSTS = 10


def paragraphs() -> list[str]:
    found = []
    for path in sorted(articles_dir().iterdir()):
        if path.suffix in (".txt", ".md"):
            text = path.read_text(encoding="utf-8")
            found += [line for line in text.splitlines() if len(line) > 80]
    return found


def feed_document(number: int, items: int, pool: list[str]) -> bytes:
    entries = []
    for item in range(items):
        n = number * items + item
        first = pool[n % len(pool)]
        body = "".join(f"<p>{escape(pool[(n * 7 + k) % len(pool)])}</p>" for k in range(3))
        title = " ".join(first.split()[:9]) + f" ({number}-{item})"
        date = formatdate(1_787_000_000 - n * 3600, usegmt=True)
        entries.append(
            f"<item><title>{escape(title)}</title><link>https://feed{number}.example/{item}</link>"
            f"<guid>feed{number}-{item}</guid><pubDate>{date}</pubDate>"
            f"<description><![CDATA[<h2>{escape(first[:40])}</h2>{body}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>feed {number}</title><link>https://feed{number}.example/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def serve(documents: dict[str, bytes], latency: float, host: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            time.sleep(latency)
            body = documents.get(self.path)
            etag = f'"{len(body or b"")}"'
            if body is not None and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def places_in(folder: Path) -> Places:
    return Places(folder / "library", folder / "config", folder / "state")


def timed_fetch(feeds: list[Feed], places: Places, limits: Limits) -> tuple[float, int]:
    started = time.perf_counter()
    results = fetch_feeds(feeds, places, limits=limits)
    elapsed = time.perf_counter() - started
    assert all(result.ok for result in results), [r.error for r in results if r.error]
    return elapsed, sum(len(result.new) for result in results)


CHILD = textwrap.dedent(
    """
    import json, resource, sys, tracemalloc
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from reader.feeds.fetch import fetch_feeds
    from reader.feeds.library import Places
    from reader.feeds.subscriptions import Feed
    folder, urls, trace = Path(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4] == "trace"
    feeds = [Feed(f"feed {n}", url) for n, url in enumerate(urls)]
    if trace:
        tracemalloc.start()
    results = fetch_feeds(feeds, Places(folder / "library", folder / "config", folder / "state"))
    assert all(r.ok for r in results)
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, peak)
    """
)


def peak_memory(urls: list[str], trace: bool) -> tuple[int, int]:
    import json

    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                CHILD,
                str(Path(__file__).resolve().parent.parent),
                folder,
                json.dumps(urls),
                "trace" if trace else "plain",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
        )
    maxrss, traced = done.stdout.split()
    return int(maxrss), int(traced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    for name in list(os.environ):
        if "proxy" in name.lower():
            del os.environ[name]

    pool = paragraphs()
    documents = {f"/feed{n}.xml": feed_document(n, args.items, pool) for n in range(args.feeds)}
    servers = [serve(documents, args.latency, f"127.0.0.{n + 1}") for n in range(_HOSTS)]
    urls = []
    for number, path in enumerate(documents):
        host, port = servers[number % _HOSTS].server_address[:2]
        urls.append(f"http://{host}:{port}{path}")
    feeds = [Feed(f"feed {n}", url) for n, url in enumerate(urls)]
    size = sum(len(body) for body in documents.values())
    print(f"{args.feeds} feeds × {args.items} items, {size / 1e6:.1f} MB of RSS, ", end="")
    print(f"{len(pool)} paragraphs, {args.latency * 1000:.0f} ms server latency")

    concurrent, serial, again, ratios = [], [], [], []
    one_at_a_time = Limits(per_host=1, connections=1)
    for round_number in range(args.rounds):
        times = {}
        order = [("concurrent", Limits()), ("serial", one_at_a_time)]
        for label, limits in order if round_number % 2 == 0 else reversed(order):
            with tempfile.TemporaryDirectory() as folder:
                places = places_in(Path(folder))
                times[label], saved = timed_fetch(feeds, places, limits)
                assert saved == args.feeds * args.items, saved
                if label == "concurrent":
                    second, saved_again = timed_fetch(feeds, places, Limits())
                    assert saved_again == 0
                    again.append(second)
        concurrent.append(times["concurrent"])
        serial.append(times["serial"])
        ratios.append(times["serial"] / times["concurrent"])
    server_rss, _ = peak_memory(urls, trace=False)
    _, traced = peak_memory(urls, trace=True)
    for server in servers:
        server.shutdown()

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f})"

    items = args.feeds * args.items
    print(f"first fetch, concurrent:      {ms(concurrent)}, {items} articles saved")
    print(f"first fetch, one at a time:   {ms(serial)}")
    print(f"second fetch (all 304):       {ms(again)}, nothing saved")
    ratio = statistics.median(ratios)
    print(f"one at a time / concurrent:   median of {len(ratios)} paired ratios {ratio:.2f}")
    print(
        f"peak memory of a first fetch: {server_rss / 1024:.0f} MB resident (ru_maxrss), "
        f"{traced / 1e6:.1f} MB Python heap peak (tracemalloc)"
    )


if __name__ == "__main__":
    main()
