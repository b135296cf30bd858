from pathlib import Path

import pytest

from reader.state.xdg import cache_dir, config_dir, data_dir, state_dir


def test_xdg_variables_are_used_with_an_app_folder():
    env = {
        "XDG_CONFIG_HOME": "/cfg",
        "XDG_STATE_HOME": "/st",
        "XDG_DATA_HOME": "/data",
        "HOME": "/home/u",
    }
    assert config_dir(env) == Path("/cfg/qari")
    assert state_dir(env) == Path("/st/qari")
    assert data_dir(env) == Path("/data/qari")


def test_home_fallbacks_when_variables_are_unset():
    env = {"HOME": "/home/u"}
    assert config_dir(env) == Path("/home/u/.config/qari")
    assert state_dir(env) == Path("/home/u/.local/state/qari")
    assert data_dir(env) == Path("/home/u/.local/share/qari")


@pytest.mark.parametrize("value", ["", "relative/dir", "."])
def test_empty_or_relative_variables_are_ignored(value):
    env = {
        "XDG_CONFIG_HOME": value,
        "XDG_STATE_HOME": value,
        "XDG_DATA_HOME": value,
        "HOME": "/home/u",
    }
    assert config_dir(env) == Path("/home/u/.config/qari")
    assert state_dir(env) == Path("/home/u/.local/state/qari")
    assert data_dir(env) == Path("/home/u/.local/share/qari")


def test_process_environment_is_read_when_no_mapping_is_given(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "s"))
    assert config_dir() == tmp_path / "c" / "qari"
    assert state_dir() == tmp_path / "s" / "qari"


def test_resolving_directories_creates_nothing(tmp_path):
    env = {"HOME": str(tmp_path)}
    config_dir(env)
    state_dir(env)
    data_dir(env)
    assert list(tmp_path.iterdir()) == []


def test_the_cache_directory_follows_xdg_cache_home():
    assert cache_dir({"XDG_CACHE_HOME": "/c", "HOME": "/home/u"}) == Path("/c/qari")
    assert cache_dir({"XDG_CACHE_HOME": "rel", "HOME": "/home/u"}) == Path("/home/u/.cache/qari")
    assert cache_dir({"HOME": "/home/u"}) == Path("/home/u/.cache/qari")
