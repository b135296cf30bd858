import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import compose as compose_module
from reader.text.compose import compose

from .strategies import ARABIC_LETTERS, HARAKAT, mixed_text

ALEF, WAW, YEH, HEH_GOAL, BEH = "\u0627", "\u0648", "\u064a", "\u06c1", "\u0628"
MADDA, HAMZA_ABOVE, HAMZA_BELOW = "\u0653", "\u0654", "\u0655"
FATHA, KASRA, SHADDA = "\u064e", "\u0650", "\u0651"


@pytest.mark.parametrize(
    ("text", "composed"),
    [
        (YEH + HAMZA_ABOVE, "\u0626"),  # ئ
        (WAW + HAMZA_ABOVE, "\u0624"),  # ؤ
        (ALEF + HAMZA_ABOVE, "\u0623"),  # أ
        (ALEF + HAMZA_BELOW, "\u0625"),  # إ
        (ALEF + MADDA, "\u0622"),  # آ
        (HEH_GOAL + HAMZA_ABOVE, "\u06c2"),  # ۂ
        ("e\u0301", "\u00e9"),
        # The harakat between the letter and its hamza stay, after the letter.
        (YEH + FATHA + HAMZA_ABOVE, "\u0626" + FATHA),
        (ALEF + HAMZA_BELOW + KASRA, "\u0625" + KASRA),
        # ... in their order in the text, even where NFC would sort them.
        (YEH + SHADDA + FATHA + HAMZA_ABOVE, "\u0626" + SHADDA + FATHA),
        # Nothing composes: unchanged.
        (BEH + HAMZA_ABOVE, BEH + HAMZA_ABOVE),
        (BEH + SHADDA + FATHA, BEH + SHADDA + FATHA),
        ("\u0623", "\u0623"),
        (HAMZA_ABOVE + ALEF, HAMZA_ABOVE + ALEF),
        ("", ""),
    ],
)
def test_a_letter_composes_with_its_hamza_or_madda(text, composed):
    assert compose(text) == composed


def test_a_long_run_of_marks_is_only_read_up_to_a_bound():
    # Thousands of marks on one letter (hostile text): the first hamza still
    # composes, the rest of the run is left as it is.
    text = ALEF + (KASRA + HAMZA_ABOVE) * 5000
    assert compose(text) == "\u0623" + KASRA + (KASRA + HAMZA_ABOVE) * 4999


ARABIC_WITH_HAMZA = st.text(
    ARABIC_LETTERS + HARAKAT + MADDA + HAMZA_ABOVE + HAMZA_BELOW + "\u06c1\u06d2\u06d5 ",
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mixed_text, ARABIC_WITH_HAMZA))
def test_composing_keeps_the_text_canonically_equivalent_and_never_longer(text):
    composed = compose(text)
    assert unicodedata.normalize("NFD", composed) == unicodedata.normalize("NFD", text)
    assert len(composed) <= len(text)


@settings(max_examples=300, deadline=None)
@given(ARABIC_WITH_HAMZA)
def test_arabic_composes_as_nfc_composes_it(text):
    # The same letters as NFC's, the marks perhaps in another order.
    composed = compose(text)
    assert unicodedata.normalize("NFC", composed) == unicodedata.normalize("NFC", text)
    assert len(composed) == len(unicodedata.normalize("NFC", text))


@pytest.mark.skipif(unicodedata.unidata_version != "14.0.0", reason="generated from Unicode 14")
def test_composing_marks_are_exactly_the_marks_that_end_a_canonical_composition():
    seconds = set()
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = [chr(int(part, 16)) for part in decomposition.split()]
        if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == chr(code):
            seconds.add(parts[1])
    marks = {char for char in seconds if unicodedata.category(char) == "Mn"}
    every = "".join(chr(code) for code in range(sys.maxunicode + 1))
    assert set(re.findall(f"[{compose_module.COMPOSING_MARKS}]", every)) == marks
