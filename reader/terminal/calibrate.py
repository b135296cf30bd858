"""`qari calibrate`: show a sample in each bidi mode, let the user say which
reads right, and save that as the `bidi` setting.

Detection (reader/terminal/identify.py) knows the terminals that were
measured; this is for the others, and for the user who wants to see. Each
sample is shown on its own, in its mode, and judged before the next: mlterm
and Konsole switch their bidi for the whole screen, rows already drawn
included, so two samples side by side could not both be as their mode draws
them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from reader.state.settings import SETTINGS_FILENAME, SettingsStore
from reader.state.xdg import config_dir
from reader.terminal.identify import Terminal
from reader.terminal.query import PendingTerminal
from reader.text.align import indent
from reader.text.options import Bidi, LayoutOptions
from reader.text.paragraph import lay_out, prepare
from reader.text.sanitise import sanitise

# A lam-alef (لا), a number, brackets and a Latin word: what goes wrong first.
SAMPLE = "لا أعرف إن كان العدد 42 (تقريبا) في Qari صحيحا."
_WHAT_IS_RIGHT = (
    "Right is: read from the right, letters joined (lam-alef as one sign), "
    "42 as forty-two, the brackets facing the word they hold, Qari spelt left to right."
)
_MODES: tuple[tuple[Bidi, str], ...] = (
    ("visual", "Qari shapes and reorders the text"),
    ("logical", "the terminal does"),
)
_SAMPLE_WIDTH = 60


def calibrate(keys: TextIO, screen: TextIO, environ: Mapping[str, str]) -> int:
    """Ask on `keys` and `screen` (both the terminal) which mode reads right;
    save it. Returns the exit status."""
    if not (keys.isatty() and screen.isatty()):
        return _fail(screen, "calibrate needs a terminal to show its samples in")
    terminal = PendingTerminal.start(environ, keys.fileno(), screen.fileno()).terminal()
    screen.write(f"Which way does Arabic read right in this terminal?\n{_WHAT_IS_RIGHT}\n")
    for number, (mode, who) in enumerate(_MODES, 1):
        answer = _ask(keys, screen, terminal, mode, f"{number}/{len(_MODES)}: {mode} ({who})")
        if answer is None:
            return _fail(screen, "calibration stopped; nothing saved")
        if answer:
            return _save(screen, mode)
    screen.write("Neither reads right; nothing saved. ")
    if terminal.setting:
        screen.write(f"{terminal.name}: {terminal.setting}.\n")
    else:
        screen.write("Check that the terminal's font has Arabic letters.\n")
    return 1


def _ask(keys: TextIO, screen: TextIO, terminal: Terminal, mode: Bidi, title: str) -> bool | None:
    """Show the sample in `mode`; whether it reads right (None: no answer)."""
    screen.write(f"\n{title}\n")
    if mode == "visual":
        # The terminal's bidi off while the visual sample is judged: as the
        # reader does while it runs.
        screen.write(terminal.off)
    try:
        for line in sample_lines(mode, _width(screen)):
            screen.write(line + "\n")
        screen.write("Does this read right? [y/n] ")
        screen.flush()
        answer = keys.readline()
    finally:
        if mode == "visual":
            screen.write(terminal.on)
            screen.flush()
    if not answer:
        screen.write("\n")
        return None
    return answer.strip().lower().startswith(("y", "ن"))


def sample_lines(mode: Bidi, width: int) -> list[str]:
    """The sample as the reader lays it out in `mode`, flush right."""
    paragraph = prepare(SAMPLE, LayoutOptions(bidi=mode))
    return [
        " " * indent(line.cells, width, 0, paragraph.rtl) + line.text
        for line in lay_out(paragraph, width)
    ]


def _width(screen: TextIO) -> int:
    try:
        columns = os.get_terminal_size(screen.fileno()).columns
    except (OSError, ValueError):
        columns = _SAMPLE_WIDTH
    return max(min(columns - 1, _SAMPLE_WIDTH), 20)


def _save(screen: TextIO, mode: Bidi) -> int:
    path = config_dir() / SETTINGS_FILENAME
    store = SettingsStore.load(path)
    problem = store.update(bidi=mode)
    if problem is None and store.settings.bidi != mode:
        problem = f"could not save bidi = {mode}"
    if problem is not None:
        return _fail(screen, problem)
    screen.write(f"Saved: bidi = {mode} (in {path}).\n")
    return 0


def _fail(screen: TextIO, message: str) -> int:
    screen.flush()
    print(f"qari: {sanitise(message)}", file=sys.stderr)
    return 1
