"""Which terminal Qari draws on, and what to write so that it does not reorder
Qari's text a second time.

In visual mode Qari shapes and reorders each line itself. A terminal that does
bidi by itself (implicit mode, the Terminal BiDi spec's default) would then
reorder it again and undo the joining. Each such terminal has its own way to
be told not to:

- VTE (GNOME Terminal, Tilix…) honours ECMA-48 BDSM: `CSI 8 l` (explicit
  mode) stops it, `CSI 8 h` gives it back. Sent to every terminal: those that
  do not know mode 8 ignore it.
- mlterm ignores BDSM; its configuration protocol switches its complex text
  layout per session: `OSC 5379 ; use_ctl=false BEL` (doc/en/PROTOCOL).
- Konsole ignores BDSM; `OSC 50 ; Property=value BEL` changes a property of
  the session's profile, in memory only (SessionManager's runtime profile),
  and `BidiRenderingEnabled` is one.
- mintty: `CSI ? 77096 h` disables its bidi (its CtrlSeqs documentation).

mlterm and Konsole re-render the rows already on the screen when their bidi
comes back, so the switch only lasts while Qari holds the screen: it serves
the reader, not `qari render`, whose lines stay behind in the terminal.

The terminal is known from the environment where that is certain, else from
its answers to a query (see `QUERY`): environment variables such as
KONSOLE_VERSION do not cross ssh, the answers do. Answers measured under Xvfb:

    terminal                  environment               DECRQM 8   DA2
    xterm 379                 XTERM_VERSION=XTerm(379)   0          41;379;0
    GNOME Terminal 3.46 (VTE) VTE_VERSION=7006           1          65;7006;1
    mlterm 3.9.0              MLTERM=3.9.0, TERM=mlterm  0          24;279;0
    Konsole 22.12.3           KONSOLE_VERSION=221203     (none)     1;115;0
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from reader.bidi_mode import BIDI_EXPLICIT, BIDI_IMPLICIT

# DECRQM for ANSI mode 8 (BDSM), then DA2, then DA1. Terminals answer in
# order and every one answers DA1, so its answer says that all have come.
QUERY = "\x1b[8$p\x1b[>c\x1b[c"

_BDSM_ANSWER = re.compile(rb"\x1b\[8;(\d)\$y")
_DA2_ANSWER = re.compile(rb"\x1b\[>([\d;]*)c")
_DA1_ANSWER = re.compile(rb"\x1b\[\?[\d;]*c")


class Terminal(NamedTuple):
    """A terminal, as far as Qari's text is concerned."""

    name: str = ""
    """As its users know it ("Konsole"); empty when unknown."""
    reorders: bool = False
    """It does bidi by itself unless told not to."""
    off: str = BIDI_EXPLICIT
    """Written while Qari draws visual text: the terminal stops reordering."""
    on: str = BIDI_IMPLICIT
    """Written to give the terminal its bidi back."""
    obeys: bool = True
    """Whether `off` reaches it and works."""
    lasting: bool = False
    """Whether what is written while off stays unreordered after `on`."""
    setting: str = ""
    """Where a user switches its bidi off by hand."""


UNKNOWN = Terminal()
XTERM = Terminal("xterm")
VTE = Terminal("VTE (GNOME Terminal, Tilix…)", reorders=True, lasting=True)


def _switched_by(name: str, off: str, on: str, setting: str) -> Terminal:
    """A terminal that reorders, and ignores BDSM but has `off` and `on` of its own."""
    return Terminal(
        name, reorders=True, off=BIDI_EXPLICIT + off, on=BIDI_IMPLICIT + on, setting=setting
    )


MLTERM = _switched_by(
    "mlterm",
    "\x1b]5379;use_ctl=false\x07",
    "\x1b]5379;use_ctl=true\x07",
    "start mlterm with --ctl=false (or put use_ctl = false in ~/.mlterm/main)",
)
KONSOLE = _switched_by(
    "Konsole",
    "\x1b]50;BidiRenderingEnabled=false\x07",
    "\x1b]50;BidiRenderingEnabled=true\x07",
    "Settings → Edit Current Profile → Appearance → Complex Text Layout → "
    "uncheck Bi-Directional text rendering",
)
MINTTY = _switched_by("mintty", "\x1b[?77096h", "\x1b[?77096l", "put Bidi=0 in ~/.minttyrc")
# Terminals that do no bidi at all (their documentation, or measured).
KITTY, FOOT, ALACRITTY, WEZTERM = (Terminal(n) for n in ("kitty", "foot", "Alacritty", "WezTerm"))
WINDOWS_TERMINAL, LINUX = Terminal("Windows Terminal"), Terminal("the Linux console")

# Variables a terminal sets for the programs it runs. A terminal started from
# another inherits the other's variable too, so only a lone one is believed.
_VARIABLES = {
    "KONSOLE_VERSION": KONSOLE,
    "MLTERM": MLTERM,
    "VTE_VERSION": VTE,
    "XTERM_VERSION": XTERM,
    "KITTY_WINDOW_ID": KITTY,
    "ALACRITTY_WINDOW_ID": ALACRITTY,
    "WEZTERM_EXECUTABLE": WEZTERM,
    "WT_SESSION": WINDOWS_TERMINAL,
}
_TERM_PROGRAMS = {"mintty": MINTTY, "WezTerm": WEZTERM}
# TERM values that name one terminal; TERM crosses ssh.
_TERMS = {
    "mlterm": MLTERM,
    "xterm-kitty": KITTY,
    "foot": FOOT,
    "alacritty": ALACRITTY,
    "wezterm": WEZTERM,
    "mintty": MINTTY,
    "linux": LINUX,
    # Emacs' term answers no query: asking would only cost the wait.
    "eterm": Terminal("Emacs term"),
    "eterm-color": Terminal("Emacs term"),
}
# The first parameters of the DA2 answer that name a terminal.
_DA2 = {(24, 279): MLTERM, (1, 115): KONSOLE, (41,): XTERM, (65,): VTE, (77,): MINTTY}


def from_environment(environ: Mapping[str, str]) -> Terminal | None:
    """The terminal, when the environment says for certain; None when only
    asking it can tell (over ssh, or where two terminals claim the session)."""
    multiplexer = _multiplexer(environ)
    claims = {terminal for name, terminal in _VARIABLES.items() if environ.get(name)}
    program = _TERM_PROGRAMS.get(environ.get("TERM_PROGRAM", ""))
    if program is not None:
        claims.add(program)
    if multiplexer is not None:
        # Qari's sequences stop at the multiplexer, and so would a query.
        outer = claims.pop() if len(claims) == 1 else UNKNOWN
        return behind(multiplexer, outer)
    term = environ.get("TERM", "")
    named = _TERMS.get(term.split("-")[0] if term.startswith(("foot", "mlterm")) else term)
    if named is not None:
        claims.add(named)
    return claims.pop() if len(claims) == 1 else None


def _multiplexer(environ: Mapping[str, str]) -> str | None:
    term = environ.get("TERM", "")
    if environ.get("TMUX") or term.startswith("tmux"):
        return "tmux"
    if environ.get("STY") or term.startswith("screen"):
        return "screen"
    return None


def behind(multiplexer: str, outer: Terminal) -> Terminal:
    """`outer`, seen through `multiplexer`, which passes on none of the
    sequences that would switch its bidi off."""
    if not outer.reorders:
        return Terminal(multiplexer)
    return outer._replace(
        name=f"{outer.name} (through {multiplexer})",
        off=BIDI_EXPLICIT,
        on=BIDI_IMPLICIT,
        obeys=False,
        setting=outer.setting or f"run Qari outside {multiplexer}",
    )


def answers_complete(answers: bytes) -> bool:
    """Whether the answer to the query's last question has come."""
    return _DA1_ANSWER.search(answers) is not None


def from_answers(answers: bytes) -> Terminal:
    """The terminal that gave `answers` to `QUERY` (UNKNOWN if they do not say)."""
    da2 = _DA2_ANSWER.search(answers)
    if da2 is not None:
        parameters = tuple(int(p) for p in da2.group(1).split(b";") if p.isdigit())
        for prefix, terminal in _DA2.items():
            if parameters[: len(prefix)] == prefix:
                return terminal
    bdsm = _BDSM_ANSWER.search(answers)
    state = int(bdsm.group(1)) if bdsm is not None else 0
    # DECRQM: 1 set and 2 reset (it has the mode, and obeys it), 3
    # permanently set (it always reorders), 0 and 4 (unknown, or never
    # reorders: nothing to do).
    if state in (1, 2):
        return Terminal(reorders=True, lasting=True)
    if state == 3:
        return Terminal(
            "This terminal",
            reorders=True,
            obeys=False,
            setting="switch off its bidi (right-to-left) rendering, or try `qari calibrate`",
        )
    return UNKNOWN


def reader_notice(terminal: Terminal) -> str | None:
    """What to tell a reader in visual mode, once: the terminal will reorder
    the text and Qari cannot stop it."""
    if terminal.reorders and not terminal.obeys:
        return f"{terminal.name} reorders Qari's text, and Qari cannot switch that off: " + (
            terminal.setting
        )
    return None


def render_notice(terminal: Terminal) -> str | None:
    """What to tell after printing visual text to `terminal`: whether it will
    reorder the lines left behind."""
    if terminal.reorders and not (terminal.obeys and terminal.lasting):
        return f"{terminal.name} reorders Qari's text: {terminal.setting}"
    return None
