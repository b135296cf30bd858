"""reader/state/flat_toml.py gives what tomllib gives, whatever the file."""

import tomllib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.state import flat_toml
from reader.state.settings import Settings, settings_toml

KEYS = st.text("abz_-09", min_size=1, max_size=4)
VALUES = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["true", "false", "True", "1.5", "-0", "07", "+3", "1_000", "inf", "[]"]),
    st.text(max_size=6).map(lambda text: '"' + text + '"'),
    st.text(max_size=6).map(lambda text: "'" + text + "'"),
)
LINES = st.one_of(
    st.builds(
        lambda k, v, space: f"{k}{space}={space}{v}", KEYS, VALUES, st.sampled_from(["", " ", "\t"])
    ),
    KEYS.map(lambda k: f"[{k}]"),
    KEYS.map(lambda k: f"[ {k} ]"),
    st.text(max_size=8).map(lambda text: "# " + text),
    st.just(""),
    st.text(max_size=10),
)


def outcome(read, text):
    try:
        return read(text)
    except tomllib.TOMLDecodeError:
        return "error"


@given(st.lists(LINES, max_size=8), st.sampled_from(["\n", "\r\n"]))
@example(['a = "x"', "[a]"], "\n")
@example(["[t]", "k = 1", "[t]"], "\n")
@example(['k = "a\tb"  # tab'], "\n")
@example(["k = 1 # \x7f"], "\n")
def test_the_result_is_tomllibs(lines, newline):
    text = newline.join(lines)
    assert outcome(flat_toml.loads, text) == outcome(tomllib.loads, text)


@given(
    st.builds(
        Settings,
        theme=st.text("abc-é ", min_size=1, max_size=8).filter(str.isprintable),
        measure=st.integers(20, 500),
        justify=st.booleans(),
    )
)
def test_the_settings_qari_writes_are_read_without_tomllib(settings):
    assert flat_toml._simple(settings_toml(settings)) == tomllib.loads(settings_toml(settings))


@pytest.mark.parametrize(
    "text", ['k = """multi\nline"""', "k = 1979-05-27", "a.b = 1", "k = {x = 1}"]
)
def test_what_is_not_flat_goes_to_tomllib(text):
    assert flat_toml._simple(text) is None
    assert flat_toml.loads(text) == tomllib.loads(text)
