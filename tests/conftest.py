"""What every test shares: private XDG directories on request; no test
writes the library index into the real home; and, where CI requires the
end-to-end tests, a failure for one that is skipped (no tmux, no pty), so
that CI cannot pass without them."""

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


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """XDG config and state directories under tmp_path (and HOME there too),
    so that no test reads or writes the real ones; returns Qari's two."""
    config, state = tmp_path / "config", tmp_path / "state"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return config / "qari", state / "qari"


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache / "qari"


@pytest.fixture
def listed_folders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every folder listed (os.scandir) from here on, in order: what a walk
    of the library cost."""
    listed: list[str] = []
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        listed.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return listed
