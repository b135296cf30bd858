"""Where CI sets QARI_REQUIRE_E2E, a skipped end-to-end test fails (tests/conftest.py)."""

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
TESTS = """
import pytest

@pytest.mark.e2e
@pytest.mark.skipif(True, reason="tmux is not installed")
def test_in_tmux():
    pass

@pytest.mark.e2e
def test_skipped_inside():
    pytest.skip("no pty")

@pytest.mark.skipif(True, reason="not an end-to-end test")
def test_other():
    pass
"""


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(CONFTEST.read_text().replace('pytest_plugins = ["pytester"]', ""))
    pytester.makeini("[pytest]\nmarkers = e2e: drives the real program\n")
    pytester.makepyfile(TESTS)
    return pytester


def run(suite):
    # In process, without the snapshot plugin, whose session end expects its own run.
    return suite.runpytest("-p", "no:textual-snapshot", "-p", "no:cacheprovider")


def test_skips_are_skips_where_e2e_tests_are_not_required(suite, monkeypatch):
    monkeypatch.delenv("QARI_REQUIRE_E2E", raising=False)
    run(suite).assert_outcomes(skipped=3)


def test_a_skipped_e2e_test_fails_where_they_are_required(suite, monkeypatch):
    monkeypatch.setenv("QARI_REQUIRE_E2E", "1")
    result = run(suite)
    result.assert_outcomes(skipped=1, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*skipped where QARI_REQUIRE_E2E is set*tmux is not installed*"])
