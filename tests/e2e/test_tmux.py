"""The real `qari` in a real terminal (tmux): open the seed, press `]`, and
read what the terminal shows."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.text.options import LayoutOptions
from reader.ui.labels import fit_label

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "000_be68ca890cbf5680.txt"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """One tmux server of our own (its own socket), so a reader's tmux is
    never touched."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout

    def screen(self, target: str = "qari") -> list[str]:
        return self("capture-pane", "-p", "-t", target).splitlines()

    def wait_for(self, predicate, seconds: float = 15, target: str = "qari") -> list[str]:
        deadline = time.monotonic() + seconds
        while True:
            lines = self.screen(target)
            if predicate(lines):
                return lines
            if time.monotonic() > deadline:
                pytest.fail("the screen never showed it:\n" + "\n".join(lines))
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path):
    server = Tmux(tmp_path / "tmux.sock")
    yield server
    subprocess.run(
        ["tmux", "-S", str(server.socket), "kill-server"], capture_output=True, timeout=10
    )


def shown(text: str) -> str:
    """`text` as Qari draws it in visual mode: shaped and reordered."""
    return fit_label(text, 200, LayoutOptions()).text


def start_qari(
    tmux: Tmux, tmp_path: Path, article: Path | None, more_env: dict[str, str] | None = None
) -> None:
    """Run `qari ARTICLE` (`qari` for None) in an 80x24 tmux session called
    qari, with XDG directories under `tmp_path`."""
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        **(more_env or {}),
    }
    # The shell reports the exit status on the screen: tmux's own record of
    # it (pane_dead_status) is not always filled in.
    qari = shlex.join([sys.executable, "-m", "reader", *([str(article)] if article else [])])
    command = f'{qari}; echo "qari exited with $?"; sleep 60'
    tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "qari",
        "-x",
        "80",
        "-y",
        "24",
        "-c",
        str(REPO),
        *(f"-e{key}={value}" for key, value in env.items()),
        command,
    )


def test_qari_opens_the_seed_and_jumps_to_the_next_section(tmux, tmp_path):
    start_qari(tmux, tmp_path, SEED)

    title = shown("سيول تحذر روسيا من أي تعاون عسكري مع كوريا الشمالية")
    first_heading = shown("الخلفية")
    lines = tmux.wait_for(lambda lines: any(title in line for line in lines))
    assert lines[0].rstrip().endswith(title)  # status line, mirrored: title on the right
    assert "0%" in lines[0]

    tmux("send-keys", "-t", "qari", "]")
    # The heading becomes the top line of the article (row 1, under the
    # status line), and the status line names the section.
    tmux.wait_for(lambda lines: first_heading in lines[1] and first_heading in lines[0])

    tmux("send-keys", "-t", "qari", "q")
    tmux.wait_for(lambda lines: "qari exited with 0" in lines)


def test_an_arabic_query_typed_in_the_terminal(tmux, tmp_path):
    start_qari(tmux, tmp_path, SEED)
    tmux.wait_for(lambda lines: "0%" in lines[0])

    # Typed as an Arabic keyboard sends it (UTF-8 text), in one burst with
    # the `/`: the letters land in the field, none on a shortcut (ة is m,
    # the bidi mode, on the Arabic layout).
    tmux("send-keys", "-t", "qari", "-l", "/كورية")
    # The field shows it shaped and in drawing order, on the article's side.
    tmux.wait_for(lambda lines: lines[-2].rstrip().endswith(shown("كورية")))
    tmux("send-keys", "-t", "qari", "BSpace", "ا", "Enter")
    # «كوريا» found in the title and the text; the status line counts.
    lines = tmux.wait_for(lambda lines: "1/" in lines[0])
    count = lines[0].split("1/")[1].split()[0]
    tmux("send-keys", "-t", "qari", "n")
    tmux.wait_for(lambda lines: f"2/{count}" in lines[0])
    tmux("send-keys", "-t", "qari", "Escape")
    tmux.wait_for(lambda lines: "/" not in lines[0])

    tmux("send-keys", "-t", "qari", "q")
    tmux.wait_for(lambda lines: "qari exited with 0" in lines)
    assert not (tmp_path / "config" / "qari" / "settings.toml").exists()


def test_an_arabic_query_typed_into_the_library_search(tmux, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(REPO / "articles", library)
    start_qari(tmux, tmp_path, library)
    # Listed and indexed: the status line no longer counts.
    tmux.wait_for(lambda lines: "%" in lines[0] and "Library" not in lines[0])
    tmux.wait_for(lambda lines: "Indexing" not in lines[0])

    # Typed without the hamza, as one often does: «أسواق» is found.
    tmux("send-keys", "-t", "qari", "C-f")
    tmux("send-keys", "-t", "qari", "-l", "اسواق الخليج")
    # The field shows it shaped and in drawing order, flush right in the box.
    tmux.wait_for(lambda lines: any(shown("اسواق الخليج") + " │" in line for line in lines))
    title = "أسواق الخليج تغلق على ارتفاع مع تعافي أسعار النفط وترقب قرار الفائدة"
    lines = tmux.wait_for(
        lambda lines: any(shown("أسواق الخليج")[-10:] in line for line in lines[2:])
    )
    assert (
        sum(1 for line in lines if "│" in line and line.strip("│ ")) >= 3
    )  # field, title, snippet
    tmux("send-keys", "-t", "qari", "Enter")  # to the results
    time.sleep(0.5)
    tmux("send-keys", "-t", "qari", "Enter")  # open the first
    # The article at its hit, the hits counted in the status line.
    lines = tmux.wait_for(lambda lines: re.search(r"\d+/\d+ · ", lines[0]) is not None)
    assert shown(title)[-20:] in lines[0]

    tmux("send-keys", "-t", "qari", "q")
    tmux.wait_for(lambda lines: "qari exited with 0" in lines)


def test_r_fetches_the_feeds_from_a_loopback_server(tmux, tmp_path):
    from reader.feeds.subscriptions import Feed, save_feeds
    from tests.feeds.server import FixtureServer, Reply

    server = FixtureServer().start()
    try:
        wadi = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", "application/rss+xml")
        # Late, so that the status line shows the count half way.
        gone = server.reply("/gone.xml", Reply(404, b"gone", delay=4))
        (tmp_path / "config" / "qari").mkdir(parents=True)
        save_feeds(
            tmp_path / "config" / "qari" / "feeds.toml", [Feed("wadi", wadi), Feed("gone", gone)]
        )
        env = {
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            # tmux hands on its own environment: no proxy of the machine's.
            "NO_PROXY": "*",
            "no_proxy": "*",
        }
        start_qari(tmux, tmp_path, None, env)
        tmux.wait_for(lambda lines: "0%" in lines[0])  # the bundled articles, meanwhile

        tmux("send-keys", "-t", "qari", "r")
        # The status line counts; the library lists the items as they come.
        tmux.wait_for(
            lambda lines: (
                "Feeds 1/2 · 5 new" in lines[0]
                and sum("wadi · 2026-08-2" in line for line in lines) >= 3
            )
        )
        # The keys answer meanwhile: G goes to the article's end.
        tmux("send-keys", "-t", "qari", "G")
        tmux.wait_for(lambda lines: "Feeds 1/2 · 5 new · 100%" in lines[0])
        lines = tmux.wait_for(lambda lines: any("1 failed" in line for line in lines))
        assert any("Fetched 2 feeds: 5 new, 1 failed" in line for line in lines), lines
        assert any("gone: the server answered 404" in line for line in lines), lines
    finally:
        server.stop()
    tmux("send-keys", "-t", "qari", "q")
    tmux.wait_for(lambda lines: "qari exited with 0" in lines)
    saved = list((tmp_path / "data" / "qari" / "library" / "wadi").glob("*.md"))
    assert len(saved) == 5
