"""The Unicode conformance files for UAX #9 (15.0.0), run through levels.py and
reorder.py: `paragraph_levels` (rules P–I), then `line_levels` (L1) and
`visual_order` (L2) over the characters that rule X9 keeps.

Each file is one test that counts its cases and reports the first failures,
rather than hundreds of thousands of parametrised tests.
"""

import lzma
import re
from collections.abc import Iterator
from pathlib import Path

from reader.text.bidi_classes import X9_REMOVED_CLASS
from reader.text.levels import paragraph_levels
from reader.text.reorder import line_levels, visual_order

X9_REMOVED = re.compile(X9_REMOVED_CLASS)
DATA = Path(__file__).parent.parent / "data"
BIDI_CHARACTER_TEST = DATA / "BidiCharacterTest.txt.xz"
BIDI_TEST = DATA / "BidiTest.txt.xz"

CHARACTER_TEST_CASES = 91_707
# Data lines of BidiTest.txt, and the (sequence, paragraph level) cases their bitsets expand to.
BIDI_TEST_LINES = 490_846
BIDI_TEST_CASES = 770_241

# Field 1 of BidiCharacterTest.txt, and the bits of BidiTest.txt, as `paragraph_levels` bases.
CHARACTER_TEST_BASE = {"0": "L", "1": "R", "2": None}
BIDI_TEST_BASES = ((1, None), (2, "L"), (4, "R"))

# One character of each bidi class, for BidiTest.txt's class sequences.
REPRESENTATIVE = {
    "L": "a",
    "R": "\u05d0",
    "AL": "\u0627",
    "EN": "1",
    "ES": "+",
    "ET": "$",
    "AN": "\u0660",
    "CS": ",",
    "NSM": "\u0300",
    "BN": "\u00ad",
    "B": "\u2029",
    "S": "\t",
    "WS": " ",
    "ON": "!",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}
X9_CLASSES = {"BN", "LRE", "RLE", "PDF", "LRO", "RLO"}
MAX_REPORTED = 10


def _data_lines(path: Path) -> Iterator[str]:
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for raw in lines:
            line = raw.split("#", 1)[0].strip()
            if line:
                yield line


def _kept(text: str) -> list[int]:
    return [i for i, char in enumerate(text) if not X9_REMOVED.match(char)]


def test_data_files_are_small_and_unicode_15():
    for path in (BIDI_CHARACTER_TEST, BIDI_TEST):
        assert path.stat().st_size < 5_000_000
        with lzma.open(path, "rt", encoding="utf-8") as lines:
            assert "15.0.0" in lines.readline()
    assert (
        (DATA / "UNICODE-LICENSE.txt").read_text(encoding="utf-8").startswith("UNICODE LICENSE V3")
    )


def test_bidi_character_test():
    cases = 0
    failures: list[str] = []
    for line in _data_lines(BIDI_CHARACTER_TEST):
        codes, direction, paragraph_level, levels_field, order_field = line.split(";")
        cases += 1
        text = "".join(chr(int(code, 16)) for code in codes.split())
        expected = levels_field.split()
        kept = _kept(text)
        level, levels = paragraph_levels(text, CHARACTER_TEST_BASE[direction])
        resolved = line_levels(text, levels, level)
        got = [str(resolved[i]) if i in kept else "x" for i in range(len(text))]
        kept_levels = bytes(resolved[i] for i in kept)
        order = [kept[i] for i in visual_order(kept_levels)]
        expected_order = [int(i) for i in order_field.split()]
        if level != int(paragraph_level) or got != expected or order != expected_order:
            failures.append(
                f"{codes} dir={direction}: paragraph level {level} (want {paragraph_level}), "
                f"levels {' '.join(got)} (want {levels_field.strip()}), "
                f"order {order} (want {expected_order})"
            )
    assert cases == CHARACTER_TEST_CASES
    assert not failures, f"{len(failures)} of {cases} BidiCharacterTest cases fail:\n" + "\n".join(
        failures[:MAX_REPORTED]
    )


def test_representative_characters_have_their_class():
    import unicodedata

    for bidi_class, char in REPRESENTATIVE.items():
        assert unicodedata.bidirectional(char) == bidi_class
        assert bool(X9_REMOVED.match(char)) == (bidi_class in X9_CLASSES)


def test_bidi_test():
    # BidiTest.txt 15.0 puts B only at the end of a sequence ("each sequence is
    # assumed to consist of only one paragraph"), so python-bidi's split of
    # paragraphs at B never applies; `mid_paragraph_b` proves it stays so.
    lines = cases = mid_paragraph_b = 0
    failures: list[str] = []
    expected: list[str] = []
    kept: list[int] = []
    want = b""
    expected_order: list[int] = []
    order_checked = False
    for line in _data_lines(BIDI_TEST):
        if line.startswith("@Levels:"):
            expected = line.removeprefix("@Levels:").split()
            kept = [i for i, level in enumerate(expected) if level != "x"]
            want = bytes(int(expected[i]) for i in kept)
            order_checked = False
            continue
        if line.startswith("@Reorder:"):
            expected_order = [int(i) for i in line.removeprefix("@Reorder:").split()]
            order_checked = False
            continue
        if line.startswith("@"):
            continue
        if not order_checked:
            # Under one @Levels and one @Reorder line the levels are fixed and
            # so is their visual order: check it once.
            order = [kept[i] for i in visual_order(want)]
            if order != expected_order:
                failures.append(f"levels {list(want)}: order {order} (want {expected_order})")
            order_checked = True
        sequence, bitset = line.split(";")
        classes = sequence.split()
        lines += 1
        mid_paragraph_b += "B" in classes[:-1]
        if [i for i, name in enumerate(classes) if name not in X9_CLASSES] != kept:
            failures.append(f"{sequence}: X9 removes other characters than {expected}")
            continue
        text = "".join([REPRESENTATIVE[name] for name in classes])
        for bit, base in BIDI_TEST_BASES:
            if not int(bitset, 16) & bit:
                continue
            cases += 1
            level, levels = paragraph_levels(text, base)
            resolved = line_levels(text, levels, level)
            got = bytes([resolved[i] for i in kept])
            if got != want:
                failures.append(
                    f"{sequence}; paragraph {base or 'auto'}: "
                    f"levels {list(got)} (want {list(want)})"
                )
    assert (lines, cases) == (BIDI_TEST_LINES, BIDI_TEST_CASES)
    assert mid_paragraph_b == 0
    assert not failures, f"{len(failures)} of {cases} BidiTest cases fail:\n" + "\n".join(
        failures[:MAX_REPORTED]
    )
