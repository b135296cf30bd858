"""The collector paused while the reader starts (reader/startup.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reader.cli import main
from tests.ui.conftest import SEED
from tests.ui.helpers import run


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does, the collector is back as it was after it."""
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_comes_back_after_the_first_frame(make_app, collector):
    app = make_app(SEED)
    gc.disable()  # as `qari` does before importing Textual
    frozen_before = gc.get_freeze_count()

    async def scenario(pilot) -> None:
        await pilot.pause()
        assert gc.isenabled()
        # What starting created is frozen: later collections skip it.
        assert gc.get_freeze_count() > frozen_before

    run(app, scenario)


def test_the_collector_comes_back_when_the_reader_cannot_start(tmp_path, collector, capsys):
    assert main([str(tmp_path / "missing.txt")]) == 1
    assert capsys.readouterr().err.startswith("qari: ")
    assert gc.isenabled()
