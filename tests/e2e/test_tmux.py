"""The real `qari` in a real terminal (tmux): open the seed, press `]`, and
read what the terminal shows."""

from __future__ import annotations

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


def start_qari(tmux: Tmux, tmp_path: Path, article: Path) -> None:
    """Run `qari ARTICLE` in an 80x24 tmux session called qari, with XDG
    directories under `tmp_path`."""
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }
    # The shell reports the exit status on the screen: tmux's own record of
    # it (pane_dead_status) is not always filled in.
    qari = shlex.join([sys.executable, "-m", "reader", str(article)])
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
