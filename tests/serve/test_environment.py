from pathlib import Path

import pytest

from reader.serve.environment import (
    FALLBACK_TERM,
    client_locale,
    session_environment,
    terminal_type,
)
from reader.serve.homes import key_folder_name


def test_only_the_locale_passes_from_the_client():
    client = {
        "LANG": "ar_EG.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LC_MESSAGES": "sr_RS@latin",
        "LD_PRELOAD": "/tmp/evil.so",
        "PYTHONPATH": "/tmp",
        "PATH": "/tmp",
        "HOME": "/",
        "QARI_SERVED": "",
        "TERM": "evil",
        "LANGUAGE": "ar",
        "LC_": "x",
        "lc_all": "C",
    }
    assert client_locale(client) == {
        "LANG": "ar_EG.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LC_MESSAGES": "sr_RS@latin",
    }


@pytest.mark.parametrize("value", ["", "a b", "C.UTF-8\nX=1", "\x1b[31m", "../../etc", "x" * 80])
def test_a_locale_value_that_is_not_a_locale_name_is_dropped(value):
    assert client_locale({"LANG": value}) == {}


@pytest.mark.parametrize(
    "term", ["xterm-256color", "screen.xterm-256color", "tmux-256color", "vt100"]
)
def test_terminal_types_pass(term):
    assert terminal_type(term) == term


@pytest.mark.parametrize("term", [None, "", "xterm\n", "../x", "a b", "\x1b", "x" * 65, "-x"])
def test_odd_terminal_types_become_a_common_one(term):
    assert terminal_type(term) == FALLBACK_TERM


def test_the_environment_is_built_from_nothing(monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = session_environment(
        client={"LANG": "ar_EG.UTF-8", "SECRET": "x"},
        term="xterm-256color",
        home=Path("/srv/readers/a"),
        served="key",
    )
    assert env == {
        "PATH": "/usr/bin:/bin",
        "HOME": "/srv/readers/a",
        "XDG_CONFIG_HOME": "/srv/readers/a/config",
        "XDG_STATE_HOME": "/srv/readers/a/state",
        "XDG_DATA_HOME": "/srv/readers/a/data",
        "XDG_CACHE_HOME": "/srv/readers/a/cache",
        "LANG": "ar_EG.UTF-8",
        "TERM": "xterm-256color",
        "QARI_SERVED": "key",
        "MALLOC_ARENA_MAX": "2",
    }


def test_a_client_without_a_locale_gets_utf8():
    env = session_environment(client={}, term=None, home=Path("/h"), served="anonymous")
    assert env["LANG"] == "C.UTF-8"
    assert env["TERM"] == FALLBACK_TERM
    assert env["QARI_SERVED"] == "anonymous"


def test_a_fingerprint_names_a_folder():
    name = key_folder_name("SHA256:gbuUoU5NEO5gSQ0FWgqaRN+e4Vu0HB/3f+dcxNwoSvo")
    assert name == "SHA256-gbuUoU5NEO5gSQ0FWgqaRN-e4Vu0HB_3f-dcxNwoSvo"
    assert "/" not in name
