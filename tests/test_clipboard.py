"""OSC 52: the exact bytes, the logical text, the cap."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from reader.clipboard import MAX_COPY_BYTES, MAX_SEQUENCE_BYTES, copy_sequence


def payload(sequence: str) -> str:
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    return base64.b64decode(sequence[7:-1], validate=True).decode("utf-8")


def test_the_exact_bytes():
    copy = copy_sequence("https://example.com/")
    assert copy.sequence == "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNvbS8=\x07"
    assert (copy.text, copy.cut) == ("https://example.com/", False)


def test_arabic_is_copied_in_logical_order_with_its_harakat():
    text = "ذَهَبَ الطالب إلى المدرسة (صباحًا) في 2024"
    copy = copy_sequence(text)
    assert payload(copy.sequence) == text
    assert copy.sequence.encode("ascii")


def test_controls_a_paste_would_act_on_are_left_out_and_lines_kept():
    copy = copy_sequence("one\x1b[201~two\rthree\x9b\nfour\tfive\u200f")
    assert payload(copy.sequence) == "one[201~twothree\nfour\tfive\u200f"


def test_a_long_text_is_cut_at_a_paragraph_under_the_cap():
    paragraph = "فقرة طويلة عن الأخبار " * 40
    text = "\n\n".join([paragraph] * 200)
    copy = copy_sequence(text)
    assert copy.cut
    assert len(copy.sequence.encode()) <= MAX_SEQUENCE_BYTES
    assert len(copy.text.encode()) <= MAX_COPY_BYTES
    assert text.startswith(copy.text) and copy.text.endswith(paragraph)
    assert payload(copy.sequence) == copy.text


def test_the_cap():
    assert MAX_SEQUENCE_BYTES == 100_000
    assert len(copy_sequence("x" * MAX_COPY_BYTES).sequence) <= MAX_SEQUENCE_BYTES
    assert not copy_sequence("x" * MAX_COPY_BYTES).cut
    assert copy_sequence("x" * (MAX_COPY_BYTES + 1)).cut


@given(st.text())
def test_nothing_but_the_sequence_reaches_the_terminal(text):
    sequence = copy_sequence(text).sequence
    body = sequence[len("\x1b]52;c;") : -1]
    assert body.isascii() and "\x1b" not in body and "\x07" not in body
