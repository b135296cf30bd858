"""What every test shares: where CI requires the end-to-end tests, one that
is skipped (no tmux, no pty) fails instead, so CI cannot pass without them."""

from __future__ import annotations

import os
from collections.abc import Iterator

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
