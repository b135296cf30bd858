"""Key bindings that also answer to the keys of an Arabic keyboard layout.

A reader of Arabic articles usually has the Arabic layout active; the physical
key that gives `]` on a US layout then sends `د`. Every binding also listens
for the character the same physical key sends on the common Arabic (101)
layout, so no one has to switch layouts to turn a page.
"""

from __future__ import annotations

from textual.binding import Binding

# Latin character → what the same physical key sends on the Arabic (101)
# layout (Windows "Arabic (101)", X11 `ara`). Where X11 sends a lam-alef
# ligature (b, G, T, B) it is one character, U+FEF5…U+FEFB; Windows sends the
# two letters instead, which cannot be bound as one key.
ARABIC_LAYOUT: dict[str, str] = {
    "q": "ض",
    "w": "ص",
    "e": "ث",
    "r": "ق",
    "t": "ف",
    "y": "غ",
    "u": "ع",
    "i": "ه",
    "o": "خ",
    "p": "ح",
    "[": "ج",
    "]": "د",
    "a": "ش",
    "s": "س",
    "d": "ي",
    "f": "ب",
    "g": "ل",
    "h": "ا",
    "j": "ت",
    "k": "ن",
    "l": "م",
    ";": "ك",
    "'": "ط",
    "z": "ئ",
    "x": "ء",
    "c": "ؤ",
    "v": "ر",
    "b": "\ufefb",
    "n": "ى",
    "m": "ة",
    ".": "ز",
    "/": "ظ",
    "`": "ذ",
    "T": "\ufef9",
    "G": "\ufef7",
    "B": "\ufef5",
    "Y": "إ",
    "H": "أ",
    "N": "آ",
    "P": "؛",
    "?": "؟",
}

# Some Arabic layouts put the Arabic-Indic digits on the number row, the
# Persian layout its Extended Arabic-Indic ones.
ARABIC_INDIC_DIGITS: dict[str, str] = {str(digit): chr(0x0660 + digit) for digit in range(10)}
PERSIAN_DIGITS: dict[str, str] = {str(digit): chr(0x06F0 + digit) for digit in range(10)}

_LAYOUTS = (ARABIC_LAYOUT, ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)


def with_layout_aliases(keys: str) -> str:
    """`keys` (a comma-separated Textual key list) plus the characters the same
    physical keys send on an Arabic layout: "j,down" → "j,down,ت"."""
    names = [key.strip() for key in keys.split(",")]
    aliases = [layout[key] for key in names for layout in _LAYOUTS if key in layout]
    return ",".join(names + aliases)


def bind(
    keys: str,
    action: str,
    description: str = "",
    *,
    help: str = "",
    show: bool = False,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    """A `Binding` for `keys` and their Arabic-layout aliases. The footer
    shows the first key and the short `description`; the help screen all
    the keys and `help` (the description if there is none). A `priority`
    binding runs as the key arrives, before the keys after it are handed out."""
    return Binding(
        with_layout_aliases(keys),
        action,
        description,
        show=show,
        key_display=key_display,
        tooltip=help,
        priority=priority,
    )
