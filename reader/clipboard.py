"""Copying to the clipboard of the reader's own terminal, with OSC 52:

    ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL

The terminal sets its clipboard itself, so this works over SSH too, where
no clipboard program of the server's could reach the reader's. Base64 is
letters, digits, `+`, `/` and `=` only: nothing in the text can end the
sequence or start another. It ends with BEL, as Textual's own copy does:
the ending every terminal with OSC 52 takes (ST is newer to some).

Terminals cap what they take: hterm and the terminal plugins modelled on it
100,000 bytes for the whole sequence, and some drop a longer one whole
rather than cut it. Qari stays under that cap (`MAX_SEQUENCE_BYTES`) and
says when it had to copy less than was asked.
"""

from __future__ import annotations

import base64
import re
from typing import NamedTuple

MAX_SEQUENCE_BYTES = 100_000
_START = "\x1b]52;c;"
_END = "\x07"
# The base64 that fits, in whole 4-character groups, and the bytes it holds.
_MAX_BASE64 = (MAX_SEQUENCE_BYTES - len(_START) - len(_END)) // 4 * 4
MAX_COPY_BYTES = _MAX_BASE64 // 4 * 3
# Controls a paste would act on (a newline is text; ESC [ 201 ~ ends a
# bracketed paste early, a carriage return runs a command line).
_PASTE_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Copy(NamedTuple):
    sequence: str
    """What to send to the terminal."""
    text: str
    """What the clipboard gets: the text without controls, and only its
    start if it was longer than `MAX_COPY_BYTES`."""
    cut: bool


def copy_sequence(text: str) -> Copy:
    """The OSC 52 sequence that puts `text` (logical Unicode) on the clipboard."""
    text = _PASTE_CONTROLS.sub("", text)
    encoded = text.encode("utf-8", "replace")
    cut = len(encoded) > MAX_COPY_BYTES
    if cut:
        text = _cut(encoded[:MAX_COPY_BYTES].decode("utf-8", "ignore"))
        encoded = text.encode("utf-8")
    payload = base64.b64encode(encoded).decode("ascii")
    return Copy(f"{_START}{payload}{_END}", text, cut)


def _cut(start: str) -> str:
    """`start` (text that had to be cut) ended at its last paragraph, or at
    its last word, rather than inside one."""
    for boundary in ("\n\n", "\n", " "):
        end = start.rfind(boundary)
        if end > len(start) // 2:
            return start[:end]
    return start
