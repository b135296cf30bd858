"""Make any text safe to send to a terminal, one character for one character.

Article text comes from the web. A terminal obeys ESC, CSI (also the 8-bit
U+009B), OSC and the other controls, so a file could retitle the window, clear
the screen or write the clipboard (OSC 52). Every control is replaced by a
visible placeholder instead. The replacement is strictly one character for one
character so that positions in the sanitised text are positions in the
original: search hits and saved reading positions need no second map.

Characters whose width terminals disagree on are replaced too: Textual
counts a line's cells with Rich's table, the terminal moves its cursor by its
own (glibc's wcwidth in xterm, tmux and most others), and where the two
differ a line ends short of its place or runs over the pane beside it.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING

from reader.text import disputed_widths

if TYPE_CHECKING:
    import re

# U+2400..U+241F are the Control Pictures for C0 (␀ ␁ … ␛ … ␟); U+2421 is ␡.
_C0_PICTURES = {code: 0x2400 + code for code in range(0x20)}
# C1 controls have no pictures of their own; U+2426 (␦) marks them.
_C1_PLACEHOLDER = 0x2426
# Within one paragraph, line and paragraph breaks are plain spaces: a real
# break would split the bidi paragraph and a terminal would move the cursor.
_BREAKS_AS_SPACE = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x2028, 0x2029)
_REPLACEMENT = 0xFFFD
# Emoji modifiers (skin tones) are 0 cells to Rich, which draws 👍🏽 as one
# emoji, and 2 to glibc, which draws two: the tone is dropped for a ZWNJ,
# invisible to both and, like the modifier, part of the emoji's cluster.
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
_ZWNJ = 0x200C
# VS16 makes Rich count the emoji before it two cells (❤️), glibc one: the
# text presentation selector (VS15) is one cell to both.
_VS16, _VS15 = 0xFE0F, 0xFE0E
# Characters looked up beyond the fixed entries are remembered, up to this
# many: text with every character of Unicode must not grow the table without
# bound.
_TABLE_LIMIT = 1 << 16


class _Table(dict[int, int]):
    """What `str.translate` replaces each character with: the fixed entries,
    then, looked up once per character, the disputed widths (U+FFFD)."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        at = bisect_right(disputed_widths.STARTS, char) - 1
        disputed = at >= 0 and char <= disputed_widths.ENDS[at]
        replacement = _REPLACEMENT if disputed else code
        if len(self) < _TABLE_LIMIT:
            self[code] = replacement
        return replacement


@cache
def _table() -> _Table:
    table = _Table(_C0_PICTURES)
    table[0x7F] = 0x2421
    for code in range(0x80, 0xA0):
        table[code] = _C1_PLACEHOLDER
    for code in _BREAKS_AS_SPACE:
        table[code] = 0x20
    # Lone surrogates (from a surrogateescape decode) cannot be encoded for the
    # terminal at all.
    for code in range(0xD800, 0xE000):
        table[code] = _REPLACEMENT
    table.update(dict.fromkeys(_EMOJI_MODIFIERS, _ZWNJ))
    table[_VS16] = _VS15
    return table


def name_text(name: str) -> str:
    """A file name as text: each byte that was not UTF-8 (a surrogate escape
    from the file system) as U+FFFD. A lone surrogate is no text: SQLite and
    every output refuse to encode it."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def sanitise(text: str) -> str:
    """Return `text` with every control replaced by a visible placeholder,
    and every character of disputed width by one of agreed width.

    Bidi formatting characters (U+061C, U+200E/F, U+202A–E, U+2066–9) are kept:
    they take part in the bidi algorithm, and the layout leaves them out of the
    lines it draws once the levels are resolved (reader/text/paragraph.py).
    """
    return text.translate(_table())


# The explicit formatting characters of UAX #9 plus the implicit marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_DELETE_BIDI_CONTROLS = {ord(c): None for c in BIDI_CONTROLS}

_CONTROL_NAMES = dict(
    zip(
        BIDI_CONTROLS,
        ("ALM", "LRM", "RLM", "LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"),
        strict=True,
    )
)

# Visible stand-ins for the bidi controls, for the "reveal controls" view:
# the letters name the control (RLO, LRI, …). Each tag is a left-to-right
# isolate (LRI … PDI), so inside right-to-left text it reads ‹RLO›, not a
# mirrored jumble, and does not disturb the text around it.
_REVEAL = {
    ord(control): f"\u2066\u2039{name}\u203a\u2069" for control, name in _CONTROL_NAMES.items()
}


def reveal_bidi_controls(text: str) -> str:
    """Show each bidi formatting character as a visible tag, e.g. ‹RLO›.

    The controls no longer act: the only ones left are the balanced isolates
    around each tag, removed again after reordering. Meant for inspecting
    suspicious text; one control becomes several characters, so offsets in
    the revealed text are not offsets in the original.
    """
    return text.translate(_REVEAL)


@cache
def _line_table() -> dict[int, int | str]:
    table: dict[int, int | str] = dict(_table())
    table.update({ord(control): f"\u2039{name}\u203a" for control, name in _CONTROL_NAMES.items()})
    return table


def sanitise_line(text: str) -> str:
    """`text` made safe to print as a one-line message: a notice, an error.

    Such a line reaches the terminal as it is, not through the layout that
    resolves and then removes bidi controls, so each is shown as its tag
    (‹RLO›) instead of acting: an override in a file name would otherwise
    reverse the rest of the line, and a name like "report‮fdp.exe" would
    pass for "reportexe.pdf". A tag rather than nothing: what the name
    really holds is what the reader needs to see. Other controls become
    placeholders, line breaks spaces, as in `sanitise`.
    """
    return text.translate(_line_table())


@cache
def _json_escaped() -> re.Pattern[str]:
    # C0 controls need no place here: JSON writers escape them already.
    # A character class, linear: one character per match, nothing repeated.
    import re

    return re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def escape_json_controls(json_text: str) -> str:
    """JSON text with every character a terminal would act on written as a
    `\\uXXXX` escape: DEL, the C1 controls (U+009B is CSI), the bidi controls,
    and lone surrogates, which no terminal encoding can carry.

    Outside strings JSON is ASCII, so these can only be inside strings, where
    the escape is the same text to a JSON reader. C0 controls are escaped by
    every JSON writer already (`json.dumps` does).
    """
    # Found by one regular expression search, and replaced one by one: the
    # text is megabytes for a large library and the characters are rare
    # (str.translate looks up every character in a dict).
    return _json_escaped().sub(_json_escape, json_text)
