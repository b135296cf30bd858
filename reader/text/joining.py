"""Arabic joining for a whole paragraph at C speed: arabic-reshaper's choices,
from its own tables, without its loop over every character.

arabic-reshaper reads its settings, calls functions and matches a regular
expression for each character it shapes; that was a quarter of the cost of
layout. `ArabicJoining` makes the same choices with string methods:

1. each character becomes a byte saying how it joins: bit 0 to the letter
   after it, bit 1 to the letter before it (dual-joining letters both,
   right-joining letters bit 1, anything else neither); bit 2 marks the
   reshaper's harakat, which letters join across;
2. read as one big integer, shifts and masks give every letter its form
   at once: medial between two letters it joins, initial before one, final
   after one, isolated otherwise;
3. the form goes into the high bits of each code point (through UTF-32),
   and one `str.translate` maps (letter, form) to its presentation form;
4. the ligatures (lam-alef) replace their joined pair, harakat between
   the two moving after the ligature, as the reshaper has them.

It covers Qari's reshaper settings (harakat and tatweel kept, no ZWJ, which
`shape` replaces) and answers None for a paragraph it does not cover (a
letter with an unusual set of forms, characters beyond the BMP): the
reshaper shapes those. Tests compare the two on every pair of letters and
a large corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

Forms = tuple[str, str, str, str]
"""A letter's isolated, initial, medial and final forms ("" where none)."""

_ISOLATED, _INITIAL, _MEDIAL, _FINAL = 0, 1, 2, 3
_ZWJ = "\u200d"
# How a letter joins, by the forms it has: both sides, to the letter before
# only, or not at all; a letter with another set of forms is not covered.
_JOINS: dict[tuple[bool, ...], str] = {(True,) * 4: "\x03", (True, False, False, True): "\x02"}
_JOINS_NOTHING = "\x00"
_ONLY_ISOLATED = (True, False, False, False)
_HARAKA, _NOT_COVERED = "\x04", "X"


class ArabicJoining:
    """Shapes paragraphs as an `ArabicReshaper` with these letters, harakat
    and ligatures does, with harakat and tatweel kept."""

    def __init__(
        self,
        letters: Mapping[str, Forms],
        harakat: re.Pattern[str],
        ligatures: Iterable[tuple[str, Forms]],
    ) -> None:
        joins: dict[int, str] = {}
        glyphs: dict[int, str] = {}
        for char, forms in letters.items():
            present = tuple(bool(form) for form in forms)
            not_joining = _JOINS_NOTHING if present == _ONLY_ISOLATED else _NOT_COVERED
            joins[ord(char)] = _JOINS.get(present, not_joining)
            for form, glyph in enumerate(forms):
                if glyph:
                    glyphs[form << 16 | ord(char)] = glyph
        self._joins = _JoinsTable(joins, harakat)
        self._glyphs = glyphs
        self._ligatures = _ligature_pairs(letters, ligatures)
        self._ligature_of = dict(self._ligatures)
        # A ligature's pair with harakat between: the harakat follow it.
        firsts = "".join(sorted({pair[0] for pair, _ in self._ligatures}))
        seconds = "".join(sorted({pair[1] for pair, _ in self._ligatures}))
        self._ligature_over_harakat = (
            re.compile(f"([{re.escape(firsts)}])({harakat.pattern}+)([{re.escape(seconds)}])")
            if self._ligatures
            else None
        )

    def shape(self, text: str) -> str | None:
        """`text` shaped, or None where the reshaper must shape it."""
        joins = text.translate(self._joins)
        if _NOT_COVERED in joins or _ZWJ in text:
            return None
        harakat = _HARAKA in joins
        forms = _forms(joins.encode("latin-1"), harakat)
        tagged = bytearray(text.encode("utf-32-le"))
        if tagged[2::4].count(0) != len(text):
            return None  # beyond the BMP: the tag would not fit
        tagged[2::4] = forms
        shaped = tagged.decode("utf-32-le").translate(self._glyphs)
        for pair, glyph in self._ligatures:
            shaped = shaped.replace(pair, glyph)
        if harakat and self._ligature_over_harakat is not None:
            shaped = self._ligature_over_harakat.sub(self._join_over_harakat, shaped)
        return shaped

    def _join_over_harakat(self, match: re.Match[str]) -> str:
        ligature = self._ligature_of.get(match[1] + match[3])
        return match.group() if ligature is None else ligature + match[2]


def _forms(joins: bytes, harakat: bool) -> bytes:
    """The form of each letter (0 isolated, 1 initial, 2 medial, 3 final)
    from how each joins: all letters at once, one byte each of an integer."""
    count = len(joins)
    each = int.from_bytes(joins, "little")
    ones = int.from_bytes(b"\x01" * count, "little")
    # How each character joins, a haraka taking the bits of the nearest
    # letter before it (`previous`) or after it (`following`).
    previous = following = each
    if harakat:
        # Each haraka takes the bits of the nearest letter on either side.
        # Step k copies them 2**k places along harakat whose 2**k neighbours
        # on that side are all harakat: a run of n takes log2(n) steps.
        previous_run = following_run = ((each >> 2) & ones) * 3
        shift = 8
        while previous_run or following_run:
            previous |= (previous << shift) & previous_run
            following |= (following >> shift) & following_run
            previous_run &= previous_run << shift
            following_run &= following_run >> shift
            shift <<= 1
    joins_next = each & (following >> 9) & ones  # it joins after it, the next before it
    joins_previous = (previous << 8) & (each >> 1) & ones
    # (previous, next): (0, 1) initial 1, (1, 1) medial 2, (1, 0) final 3.
    form = joins_next ^ (joins_previous * 3)
    return form.to_bytes(count, "little")


def _ligature_pairs(
    letters: Mapping[str, Forms], ligatures: Iterable[tuple[str, Forms]]
) -> list[tuple[str, str]]:
    """(joined pair of forms, ligature) for each way the pair may join,
    with the reshaper's choice of form: initial + final gives the isolated
    ligature, medial + final the final one, and so on."""
    pairs = []
    for letters_pair, forms in ligatures:
        if len(letters_pair) != 2:
            raise ValueError(f"only two-letter ligatures are supported: {letters_pair!r}")
        first, second = (letters[char] for char in letters_pair)
        for a in (_INITIAL, _MEDIAL):
            for b in (_MEDIAL, _FINAL):
                ends = b == _FINAL
                if a == _INITIAL:
                    form = _ISOLATED if ends else _INITIAL
                else:
                    form = _FINAL if ends else _MEDIAL
                if first[a] and second[b] and forms[form]:
                    pairs.append((first[a] + second[b], forms[form]))
    return pairs


class _JoinsTable(dict[int, str]):
    """Code point → how it joins: the letters' bits, T for the reshaper's
    harakat, nothing for anything else (filled in as characters are first
    met)."""

    def __init__(self, letters: dict[int, str], harakat: re.Pattern[str]) -> None:
        super().__init__(letters)
        self._harakat = harakat

    def __missing__(self, code: int) -> str:
        found = self[code] = _HARAKA if self._harakat.match(chr(code)) else _JOINS_NOTHING
        return found
