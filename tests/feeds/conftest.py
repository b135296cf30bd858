from pathlib import Path

import pytest

from reader.feeds.download import Limits
from reader.feeds.library import Places
from tests.feeds.server import FixtureServer

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture
def server():
    running = FixtureServer().start()
    yield running
    running.stop()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """Empty XDG directories, and no proxy from the machine's environment."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return tmp_path


@pytest.fixture
def places(home) -> Places:
    return Places.from_environment()


# Small and quick: the same checks as the defaults, at test scale.
LIMITS = Limits(
    max_bytes=256 * 1024, connect_timeout=2, read_timeout=0.5, total_timeout=1.5, per_host=2
)


def library_files(places: Places) -> list[Path]:
    return sorted(path for path in places.library.rglob("*") if path.is_file())
