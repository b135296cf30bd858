"""Web addresses for the terminal: made safe to send, shown readably, and
sent as OSC 8 hyperlinks only where the terminal is known to take them.

An address comes from an article, that is from the network: it may carry
control characters, bidi controls, spaces, an ESC that would end an OSC
early, or a scheme that is not the web's. `terminal_url` gives the one form
that may reach the terminal, printable ASCII with everything else
percent-encoded (the host in punycode), or nothing at all.

OSC 8 (`ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST`) is ignored by most
terminals that do not know it, but some print it; and there is no way to
ask a terminal. So it is used only where the environment, or the terminal's own answers
(reader/terminal/identify.py: over ssh only they say), name a terminal that
has it (see `hyperlinks_supported`); elsewhere the address is plain text,
which most terminals still let one click or select.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote, unquote_to_bytes, urlsplit, urlunsplit

from reader.terminal.identify import ALACRITTY, FOOT, KITTY, UNKNOWN, VTE, WEZTERM, Terminal

# VTE refuses longer hyperlinks (and the OSC 8 spec asks for no more); a
# longer address is shown and copied, not linked.
MAX_HYPERLINK_BYTES = 2083
# What a URL may keep as it is (RFC 3986's reserved and unreserved
# characters, and `%` of escapes already made); anything else is encoded.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?#[]"
_SCHEMES = ("http", "https")
# "%D8%A7" runs in a URL, decoded for showing when they are letters.
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Terminals known by their answers that have OSC 8: every VTE in use (from
# 0.50, 2017); the others by TERM as well. Konsole answers without its version.
_ANSWERED_WITH_HYPERLINKS = (VTE, KITTY, FOOT, ALACRITTY, WEZTERM)


def terminal_url(text: str) -> str | None:
    """`text` as an http(s) address of printable ASCII only, safe inside an
    OSC and on a command line; None if it is not a web address."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if parts.scheme.lower() not in _SCHEMES or not host:
        return None
    try:
        # IDNA 2003, in the standard library: enough for Arabic domain names,
        # and it refuses controls, spaces and bidi controls in a host.
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if ":" in ascii_host:
        ascii_host = f"[{ascii_host}]"  # an IPv6 address, given back its brackets
    if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", ascii_host):
        return None
    netloc = ascii_host if port is None else f"{ascii_host}:{port}"
    if parts.username is not None:
        # "https://bank.example@evil.example": kept, but never unreadable.
        netloc = quote(parts.netloc.rpartition("@")[0], safe=":%") + "@" + netloc
    url = urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )
    # quote() leaves nothing else, but this is the line that keeps an ESC or
    # a BEL out of the terminal: it is checked, not assumed.
    return url if url.isascii() and url.isprintable() and " " not in url else None


def shown_url(url: str) -> str:
    """A `terminal_url` as a reader reads it: escapes of letters, marks and
    digits (an Arabic slug) decoded, every other escape left as it is, so
    no control, space or bidi control comes back."""

    def decode(match: re.Match[str]) -> str:
        text = unquote_to_bytes(match.group()).decode("utf-8", "surrogateescape")
        return "".join(c if unicodedata.category(c)[0] in "LMN" else _escaped(c) for c in text)

    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}{slash}{_ESCAPES.sub(decode, path)}"


def _escaped(character: str) -> str:
    # A byte that was not UTF-8 came back as a lone surrogate (surrogateescape).
    if "\udc80" <= character <= "\udcff":
        return f"%{ord(character) - 0xDC00:02X}"
    return quote(character, safe="")


def hyperlinks_supported(env: Mapping[str, str], terminal: Terminal = UNKNOWN) -> bool:
    """Whether the terminal this environment describes, or that `terminal`
    (identified from its answers) is, shows OSC 8 links.

    `FORCE_HYPERLINK` (1 or 0, the convention of other terminal tools)
    decides if set. Inside tmux or screen the outer terminal is unknown
    (tmux passes links on only when configured to): plain text. Over SSH
    only `TERM` arrives, which names kitty, foot, Alacritty, WezTerm and
    Ghostty, and the answers, which name VTE; locally the other terminals
    say who they are in variables of their own.
    """
    forced = env.get("FORCE_HYPERLINK")
    if forced is not None and forced.strip():
        return forced.strip() != "0"
    term = env.get("TERM", "")
    if env.get("TMUX") or env.get("STY") or term.startswith(("screen", "tmux")):
        return False
    if term in ("xterm-kitty", "alacritty", "wezterm", "xterm-ghostty") or term.startswith("foot"):
        return True
    if any(env.get(name) for name in ("KITTY_WINDOW_ID", "WT_SESSION", "ALACRITTY_WINDOW_ID")):
        return True
    program = env.get("TERM_PROGRAM", "")
    version = _version(env.get("TERM_PROGRAM_VERSION", ""))
    if program in ("WezTerm", "ghostty"):
        return True
    if program == "iTerm.app":
        return version >= (3, 1)
    if program == "vscode":
        return version >= (1, 72)
    # VTE (GNOME Terminal, Tilix…) from 0.50, written 5000; Konsole from 20.12.
    if _number(env.get("VTE_VERSION")) >= 5000 or _number(env.get("KONSOLE_VERSION")) >= 201200:
        return True
    return terminal in _ANSWERED_WITH_HYPERLINKS


def _version(text: str) -> tuple[int, ...]:
    numbers = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(n) for n in numbers.group().split(".")) if numbers else ()


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0
