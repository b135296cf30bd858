"""File and folder names made from titles and feed names, which come from the network.

A name is one path component whatever the text: no separators, no dot files, no control,
format (bidi) or unassigned characters, bounded in bytes, so a hostile title cannot
choose where a file goes nor hide what it is called.
"""

from __future__ import annotations

import re
import unicodedata

# Of the 255 bytes a name may have on common filesystems, room is left for the date in
# front, a "-12" to make it unique and the suffix.
MAX_NAME_BYTES = 200
# Control, format (bidi marks, zero-width characters), surrogate, private-use,
# unassigned, and line and paragraph separators.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Separators on some system, and characters Windows and shells treat specially.
_FORBIDDEN = re.compile(r'[/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")


def safe_name(text: str, *, max_bytes: int = MAX_NAME_BYTES, fallback: str = "untitled") -> str:
    """`text` as one safe file name component, spaces kept; `fallback` if nothing is left."""
    kept = "".join(
        character
        for character in unicodedata.normalize("NFC", text)
        if unicodedata.category(character) not in _DROPPED_CATEGORIES
    )
    name = _SPACES.sub(" ", _FORBIDDEN.sub(" ", kept)).strip()
    # No dot files (nor "." and ".."), nothing that reads as a command-line option, and no
    # trailing dots or spaces, which Windows strips.
    name = _cut(name.lstrip(".-–— "), max_bytes).rstrip(". ")
    return name or fallback


def slug(text: str, *, max_bytes: int = MAX_NAME_BYTES, fallback: str = "untitled") -> str:
    """A safe name with hyphens for spaces, as article files are named."""
    return safe_name(text, max_bytes=max_bytes, fallback=fallback).replace(" ", "-")


def _cut(name: str, max_bytes: int) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    cut = encoded[:max_bytes].decode("utf-8", "ignore")
    # A cut through a word keeps the whole words before it when that loses little.
    space = cut.rfind(" ")
    return cut[:space] if space > len(cut) * 2 // 3 else cut
