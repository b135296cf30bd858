"""Addresses for the terminal: nothing but printable ASCII reaches it, and
OSC 8 only where the environment names a terminal that has it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.hyperlinks import MAX_HYPERLINK_BYTES, hyperlinks_supported, shown_url, terminal_url


@pytest.mark.parametrize(
    ("given_url", "sent"),
    [
        ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
        ("  HTTP://Example.COM/  ", "http://example.com/"),
        (
            "https://ar.example/أخبار/مدرسة",
            "https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%85%D8%AF%D8%B1%D8%B3%D8%A9",
        ),
        ("https://مثال.مصر/", "https://xn--mgbh0fb.xn--wgbh1c/"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        # An ESC, a BEL or a C1 ST would end the OSC and start the rest as a command.
        ("https://example.com/\x1b]2;pwned\x07", "https://example.com/%1B]2;pwned%07"),
        ("https://example.com/\x9c\x1b\\x", "https://example.com/%C2%9C%1B%5Cx"),
        ("https://example.com/\u202eevil", "https://example.com/%E2%80%AEevil"),
        ("https://user:pw@example.com:8080/", "https://user:pw@example.com:8080/"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
        # The already encoded stays as it is, not encoded twice.
        ("https://example.com/%D8%A7", "https://example.com/%D8%A7"),
    ],
)
def test_an_address_is_sent_as_printable_ascii(given_url, sent):
    assert terminal_url(given_url) == sent


@pytest.mark.parametrize(
    "not_web",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "/relative/path",
        "example.com/no-scheme",
        "https://",
        "https://exa\x1bmple.com/",
        "https://exa mple.com/",
        "https://exa\u202emple.com/",
        "https://example.com:99999/",
        "",
    ],
)
def test_what_is_not_a_web_address_is_not_sent(not_web):
    assert terminal_url(not_web) is None


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text):
    url = terminal_url("https://example.com/" + text)
    assert url is not None
    assert url.isascii() and url.isprintable() and " " not in url
    assert terminal_url(url) == url
    shown = shown_url(url)
    assert not any(unicodedata.category(c)[0] in "CZ" for c in shown), shown


def test_an_arabic_slug_is_shown_as_letters_and_the_rest_stays_encoded():
    url = terminal_url("https://ar.example/مدرسة جديدة/\u202e?q=ا\x07")
    assert url is not None
    assert shown_url(url) == "https://ar.example/مدرسة%20جديدة/%E2%80%AE?q=ا%07"
    # A host is never decoded: an Arabic one stays punycode, a lookalike is seen.
    assert shown_url("https://xn--mgbh0fb.xn--wgbh1c/") == "https://xn--mgbh0fb.xn--wgbh1c/"


def test_a_broken_escape_is_shown_as_it_is():
    assert shown_url("https://example.com/%D8%ZZ%d8%a7%D8") == "https://example.com/%D8%ZZا%D8"


def test_the_hyperlink_cap_is_the_one_vte_has():
    assert MAX_HYPERLINK_BYTES == 2083


@pytest.mark.parametrize(
    ("env", "supported"),
    [
        ({"TERM": "xterm-256color"}, False),
        ({}, False),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7200"}, True),
        ({"TERM": "xterm-256color", "VTE_VERSION": "4803"}, False),
        ({"TERM": "xterm-kitty"}, True),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, True),
        ({"TERM": "foot"}, True),
        ({"TERM": "foot-extra"}, True),
        ({"TERM": "alacritty"}, True),
        ({"TERM": "xterm-ghostty"}, True),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, True),
        (
            {
                "TERM": "xterm-256color",
                "TERM_PROGRAM": "iTerm.app",
                "TERM_PROGRAM_VERSION": "3.5.2",
            },
            True,
        ),
        (
            {
                "TERM": "xterm-256color",
                "TERM_PROGRAM": "iTerm.app",
                "TERM_PROGRAM_VERSION": "3.0.15",
            },
            False,
        ),
        (
            {"TERM": "xterm-256color", "TERM_PROGRAM": "vscode", "TERM_PROGRAM_VERSION": "1.90.0"},
            True,
        ),
        ({"TERM": "xterm-256color", "WT_SESSION": "5a1b"}, True),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230805"}, True),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, False),
        # tmux inherits the outer terminal's variables but not its abilities.
        ({"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0", "VTE_VERSION": "7200"}, False),
        ({"TERM": "screen-256color", "KITTY_WINDOW_ID": "1"}, False),
        ({"TERM": "xterm-256color", "FORCE_HYPERLINK": "1"}, True),
        ({"TERM": "xterm-kitty", "FORCE_HYPERLINK": "0"}, False),
        ({"TERM": "xterm-kitty", "VTE_VERSION": "not-a-number"}, True),
    ],
)
def test_which_terminals_get_hyperlinks(env, supported):
    assert hyperlinks_supported(env) is supported


def test_over_ssh_a_terminal_known_by_its_answers_gets_hyperlinks():
    from reader.terminal.identify import KONSOLE, VTE, XTERM, behind, from_answers

    over_ssh = {"TERM": "xterm-256color", "SSH_CONNECTION": "10.0.0.2 5 10.0.0.1 22"}
    # GNOME Terminal's answers, as identify.py measured them.
    gnome = from_answers(b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?62;22c")
    assert gnome == VTE
    assert hyperlinks_supported(over_ssh, gnome)
    assert not hyperlinks_supported(over_ssh, XTERM)
    assert not hyperlinks_supported(over_ssh, KONSOLE)  # no version in its answer
    assert not hyperlinks_supported({**over_ssh, "TMUX": "/tmp/t,1,0"}, behind("tmux", VTE))
    assert not hyperlinks_supported({**over_ssh, "FORCE_HYPERLINK": "0"}, VTE)
