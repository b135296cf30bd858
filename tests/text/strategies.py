"""Hypothesis strategies for text an article may carry: Arabic with harakat,
Hebrew, Latin, digits, brackets, bidi controls, terminal controls and
anything else Unicode has."""

import re

from hypothesis import strategies as st

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
LATIN = "abcdefghijklmnopqrstuvwxyzNATO"
DIGITS = "0123456789\u0660\u0661\u0662\u06f1\u06f2"
SPACES = "     \u00a0\u2009\u200b\u3000"
BRACKETS = "()[]{}«»<>"
PUNCTUATION = ".,;:!?،؛؟-—'\"/%$+"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
TERMINAL_CONTROLS = "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x7F, 0xA0)))
JOINERS = "\u200c\u200d\u0640\u00ad\ufeff"
# Sequences whose width is not the sum of their characters' (for Rich, at
# least), and grapheme clusters of more than a base and its marks (UAX #29).
EMOJI = (
    "\u2764\ufe0f",
    "\u263a\ufe0f",
    "👨\u200d👩\u200d👧",
    "🇸🇦",
    "🇸🇦🇪🇬🇯",
    "👍🏽",
    "中文",
    "1\ufe0f\u20e3",
    "🏳\ufe0f\u200d🌈",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\u1100\u1161\u11a8",  # Hangul jamo: one syllable
    "\u0915\u094d\u0937\u093f",  # Devanagari, with a spacing vowel sign
    "\u0e01\u0e33",  # Thai SARA AM, a spacing mark
    "\u0600\u0661\u0662",  # the Arabic number sign, prepended
)

_ALPHABETS = (
    ARABIC_LETTERS,
    HARAKAT,
    HEBREW,
    LATIN,
    DIGITS,
    SPACES,
    BRACKETS,
    PUNCTUATION,
    BIDI_CONTROLS,
    TERMINAL_CONTROLS,
    JOINERS,
)

_ORPHAN_HARAKAT = re.compile(f"(?<= )[{HARAKAT}]+")

arabic_text = st.builds(
    lambda first, rest: _ORPHAN_HARAKAT.sub("", first + rest),
    st.sampled_from(ARABIC_LETTERS),
    st.text(ARABIC_LETTERS + HARAKAT + "  ", max_size=80),
)
"""Arabic words with harakat, every haraka on a letter."""

_pieces = st.one_of(
    *(st.text(alphabet, min_size=1, max_size=6) for alphabet in _ALPHABETS),
    arabic_text,
    st.sampled_from(EMOJI),
    st.text(st.characters(), max_size=4),  # anything at all, lone surrogates included
)

mixed_text = st.lists(_pieces, max_size=16).map("".join)
"""Text mixing every script and control above, in runs, with arbitrary text."""
