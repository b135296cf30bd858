"""Bidi levels of the common paragraph, resolved here rather than by the engine.

A news paragraph has no explicit embeddings, overrides or isolates, so it is
a single isolating run sequence at the paragraph level, and UAX #9 needs
only its implicit rules (W1–W7, N0–N2, I1–I2) to resolve it. Here each
character becomes one letter naming its bidi class, and each rule is a
regular expression or a string method over those letters: C speed instead
of python-bidi's debug dump, from which the levels are otherwise read.

`resolve` answers None for any paragraph with a character outside the
table (explicit formatting characters, isolates, brackets other than ( [ {,
scripts not listed, unassigned code points): the engine resolves those.
The classes come from `unicodedata`, one character at a time as it is first
met, and only for blocks whose classes are stable across the Unicode
versions involved; tests compare every character of the table and a large
corpus with the engine.
"""

from __future__ import annotations

import re
import unicodedata

# One letter per bidi class. X: not resolved here.
_CODE = {
    "L": "L",
    "R": "R",
    "AL": "A",
    "EN": "E",
    "ES": "P",
    "ET": "T",
    "AN": "N",
    "CS": "C",
    "NSM": "M",
    "BN": "B",
    "WS": "W",
    "ON": "O",
}
_UNRESOLVED = "X"
# Blocks whose characters are resolved here (inclusive ranges): Latin,
# combining diacritics, Hebrew, Arabic and its supplements and presentation
# forms, general punctuation, currency signs, variation selectors.
_BLOCKS = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x0300, 0x036F),
    (0x0590, 0x05FF),
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0xFB1D, 0xFDFF),
    (0xFE00, 0xFE0F),
    (0xFE70, 0xFEFF),
)
# Bracket pairs (BD14, BD15) in those blocks that rule N0 handles here; the
# others there (⁅ ⁆) are left to the engine, as are the ornate parentheses,
# whose pairing has changed between Unicode versions.
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {")", "]", "}"}
_LEFT_TO_ENGINE = "\u2045\u2046\ufd3e\ufd3f"


def _class_code(code: int) -> str:
    char = chr(code)
    if char in _OPENING:
        return "("
    if char in _CLOSING:
        return ")"
    if char in _LEFT_TO_ENGINE or not any(start <= code <= end for start, end in _BLOCKS):
        return _UNRESOLVED
    return _CODE.get(unicodedata.bidirectional(char), _UNRESOLVED)


class _ClassTable(dict[int, str]):
    """Code point → class letter, filled in as characters are first met (a
    table of all of Unicode would cost the launch time to build)."""

    def __missing__(self, code: int) -> str:
        found = self[code] = _class_code(code)
        return found


_CLASSES = _ClassTable()

# Each expression starts with the class it looks for (no lookbehind), so that
# `re` skips to the few places where it may match.
_BN = re.compile("B+")
_NSM = re.compile("M+")
_AFTER_AL = re.compile("A[^LR]*")
_AFTER_L = re.compile("L[^R]*")
_EN_SEPARATOR = re.compile("E[PC](?=E)")
_AN_SEPARATOR = re.compile("NC(?=N)")
_ET_AFTER_EN = re.compile("ET+")
_ET_BEFORE_EN = re.compile("T+(?=E)")
_BRACKET = re.compile("[()]")
_NEUTRALS_IN_L = re.compile("L[OW]+(?=L)")
_NEUTRALS_IN_R = re.compile("([REN])([OW]+)(?=[REN])")
_SEPARATORS_TO_ON = str.maketrans("PCT()", "OOOOO")
_NEUTRALS_TO = {"L": str.maketrans("OW", "LL"), "R": str.maketrans("OW", "RR")}
# Rules I1 and I2: the level of each resolved class, on an even or odd paragraph.
_LEVELS = (str.maketrans("LREN", "\x00\x01\x02\x02"), str.maketrans("LREN", "\x02\x01\x02\x02"))
_MAX_BRACKET_DEPTH = 63  # BD16's stack


def resolve(text: str, base: str | None) -> tuple[int, bytes] | None:
    """The paragraph level and a level per character of `text`, as
    `levels.paragraph_levels` gives them, or None if the engine must."""
    classes = text.translate(_CLASSES)
    if _UNRESOLVED in classes:
        return None
    if base is None:
        first = re.search("[LRA]", classes)
        level = 0 if first is None or first.group() == "L" else 1
    else:
        level = 1 if base == "R" else 0
    removed = [match.span() for match in _BN.finditer(classes)]
    if removed:
        classes = _BN.sub("", classes)
    if "(M" in classes or ")M" in classes:
        return None  # N0's rule for marks after a bracket: rare, left to the engine
    if level == 1 and "L" not in classes and "E" not in classes and "N" not in classes:
        # Nothing strong but right-to-left, and no numbers: every rule ends in R.
        return level, b"\x01" * len(text)
    embedding = "R" if level else "L"
    resolved = _resolve_types(embedding + classes + embedding, text, removed)
    if resolved is None:
        return None
    levels = resolved[1:-1].translate(_LEVELS[level]).encode("latin-1")
    if removed:
        levels = _with_removed(levels, removed, level)
    return level, levels


def _resolve_types(classes: str, text: str, removed: list[tuple[int, int]]) -> str | None:
    """Rules W1–N2 on `classes`, which has sos and eos at its ends: only
    L, R, EN and AN are left."""
    if "M" in classes:  # W1: a mark takes the class of what it follows
        marked = classes  # never a mark before a run of marks
        classes = _NSM.sub(lambda m: marked[m.start() - 1] * len(m.group()), classes)
    if "E" in classes:
        if "A" in classes:  # W2: European digits after Arabic letters are Arabic
            classes = _AFTER_AL.sub(lambda m: m.group().replace("E", "N"), classes)
        if "P" in classes or "C" in classes:  # W4
            classes = _EN_SEPARATOR.sub("EE", classes)
        if "T" in classes:  # W5, from either side of the number
            classes = _ET_AFTER_EN.sub(lambda m: "E" * len(m.group()), classes)
            classes = _ET_BEFORE_EN.sub(lambda m: "E" * len(m.group()), classes)
    classes = classes.replace("A", "R")  # W3
    if "N" in classes and "C" in classes:  # W4
        classes = _AN_SEPARATOR.sub("NN", classes)
    if "E" in classes and "L" in classes:  # W7
        classes = _AFTER_L.sub(lambda m: m.group().replace("E", "L"), classes)
    embedding = classes[0]
    if "(" in classes or ")" in classes:
        paired = _pair_brackets(classes, text, removed, embedding)
        if paired is None:
            return None
        classes = paired
    classes = classes.translate(_SEPARATORS_TO_ON)  # W6, and unpaired brackets
    if embedding == "R":  # N1, then N2
        classes = _NEUTRALS_IN_L.sub(lambda m: "L" * len(m.group()), classes)
    else:
        classes = _NEUTRALS_IN_R.sub(lambda m: m[1] + "R" * len(m[2]), classes)
    return classes.translate(_NEUTRALS_TO[embedding])


def _pair_brackets(
    classes: str, text: str, removed: list[tuple[int, int]], embedding: str
) -> str | None:
    """Rule N0 over the bracket pairs of BD16 (EN and AN count as R)."""
    pairs = _bracket_pairs(classes, _text_without(text, removed))
    if pairs is None:
        return None
    resolved = bytearray(classes, "ascii")
    same, opposite = (_R_LIKE, _L_LIKE) if embedding == "R" else (_L_LIKE, _R_LIKE)
    for opening, closing in pairs:
        if any(resolved.find(strong, opening + 1, closing) >= 0 for strong in same):
            direction = embedding
        elif any(resolved.find(strong, opening + 1, closing) >= 0 for strong in opposite):
            # N0 c: the opposite direction only if the context before is
            # too, else the embedding's: the direction of the last strong
            # character before (sos, at 0, ends each search at the latest).
            before = max(resolved.rfind(strong, 0, opening) for strong in _L_LIKE + _R_LIKE)
            direction = "L" if resolved[before] == ord("L") else "R"
        else:
            continue
        resolved[opening] = resolved[closing] = ord(direction)
    return resolved.decode("ascii")


_L_LIKE = (b"L",)
_R_LIKE = (b"R", b"E", b"N")


def _bracket_pairs(classes: str, text: str) -> list[tuple[int, int]] | None:
    """BD16: the bracket pairs, as positions in `classes` (which has sos in
    front of `text`), sorted by their opening bracket."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for match in _BRACKET.finditer(classes):
        at = match.start()
        char = text[at - 1]
        if char in _OPENING:
            if len(stack) == _MAX_BRACKET_DEPTH:
                return None
            stack.append((_OPENING[char], at))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == char:
                pairs.append((stack[depth][1], at))
                del stack[depth:]
                break
    pairs.sort()
    return pairs


def _text_without(text: str, removed: list[tuple[int, int]]) -> str:
    if not removed:
        return text
    kept = []
    last = 0
    for start, end in removed:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return "".join(kept)


def _with_removed(levels: bytes, removed: list[tuple[int, int]], level: int) -> bytes:
    """Levels with the characters X9 removed put back: each takes the level
    of the character before it, or the paragraph's at the start, as the
    engine gives them."""
    out = bytearray()
    taken = 0
    for start, end in removed:
        count = start - len(out)
        out += levels[taken : taken + count]
        taken += count
        out += bytes([out[-1] if out else level]) * (end - start)
    out += levels[taken:]
    return bytes(out)
