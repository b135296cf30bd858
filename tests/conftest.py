"""What every test shares: where CI requires the end-to-end tests, one that
is skipped (no tmux, no pty) fails instead, so CI cannot pass without them;
and no test writes the library index into the real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

REQUIRE_E2E = "QARI_REQUIRE_E2E"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    if report.skipped and item.get_closest_marker("e2e") and os.environ.get(REQUIRE_E2E):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"an end-to-end test was skipped where {REQUIRE_E2E} is set: {reason}"
    return report


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache / "qari"
