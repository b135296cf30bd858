"""What building the reader imports: modules that only some paths need stay
out of every launch (each costs milliseconds of it; see bench/ssh.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import SEED

# Each is needed only by a path that a launch on a UTF-8 text article with
# no settings file does not take.
NOT_AT_LAUNCH = (
    "json",  # qari list/toc --json
    "tomllib",  # a settings file, or TOML front matter
    "reader.article.markdown",  # a Markdown article
    "reader.ui.widgets.toc",  # the contents panel, on `t`
    "reader.ui.commands",  # the command palette
    "reader.ui.screens.palette",  # the command palette, with its field
    "reader.ui.widgets.bidi_input",  # a text field: the palette, `/`
    "reader.library.find_in_article",  # `/` and enter
    "reader.ui.screens.help",  # `?`
    "reader.feeds.fetch",  # qari fetch, and the reader's `r` later
    "httpx",
    "feedparser",
    "trafilatura",  # qari add
    "lxml",
)

BUILD_AS_QARI_DOES = """
import sys
from reader.cli import _given, _options, _reader_parser
from reader.ui.app import build_app

args = _reader_parser().parse_args([sys.argv[1]])
build_app(args.path, options=_options(args), theme=args.theme, given=_given(args))
print(" ".join(name for name in sys.argv[2:] if name in sys.modules))
"""


def imported(names: tuple[str, ...], tmp_path: Path) -> list[str]:
    """Which of `names` are imported once the reader is built for the seed,
    in a fresh interpreter with empty XDG directories."""
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AS_QARI_DOES, str(SEED), *names],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    return done.stdout.split()


def test_building_the_reader_imports_nothing_it_does_not_need(tmp_path: Path):
    assert imported(NOT_AT_LAUNCH, tmp_path) == []


def test_the_check_sees_an_import(tmp_path: Path):
    # Told of modules the reader does import, the same check sees them.
    assert imported(("argparse", "reader.page"), tmp_path) == ["argparse", "reader.page"]
