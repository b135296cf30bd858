"""Turning an article file's bytes into text, whatever encoding it was saved in.

Arabic news still travels in the two legacy single-byte encodings, and their
files carry no label, so they are told apart by which decoding reads as
Arabic: see ``_plausibility``.
"""

from __future__ import annotations

import codecs
import re

from reader.article.model import ArticleError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Listed most common first: on a tie the first wins.
_LEGACY_ARABIC = ("cp1256", "iso-8859-6")

# Scoring a prefix is enough to tell the encodings apart and keeps a huge
# file from being scanned character by character three times.
_SAMPLE_BYTES = 256 * 1024

# Patterns, not compiled expressions: only a file without a BOM that is not
# UTF-8 needs them (re compiles and caches them then), and compiling them
# at import would slow every launch. They run on a bounded sample, and are
# linear anyway: single characters and fixed pairs, nothing repeated.
_ARABIC_LETTER = r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FC]"
# C1 controls never appear in real text; ISO-8859-6 decodes 0x80-0x9F to them.
_IMPOSSIBLE = r"[\uFFFD\u0080-\u009F]"
# Controls that text never holds (tab, line and page breaks aside).
_TEXT_CONTROL = r"[\x00-\x08\x0b\x0e-\x1f\x7f]"
# An accented Latin letter (or × ÷) touching an Arabic letter is the mark of
# a wrong single-byte guess: Windows-1256 puts French letters where
# ISO-8859-6 has و ي ه ق, so ISO text read as 1256 is full of "è", "ê", "ç".
_MIXED_SCRIPT = r"[\u0621-\u064A][\u00C0-\u024F]|[\u00C0-\u024F][\u0621-\u064A]"


def decode_article_bytes(data: bytes, *, name: str = "this file") -> str:
    """Decode an article, detecting its encoding, with line ends made "\\n".

    Never fails on text: undecodable bytes become U+FFFD. Raises
    ArticleError when the bytes are not text at all; ``name`` names the file
    in that message.
    """
    text = _decode_with_bom(data)
    if text is None and b"\x00" in data:
        text = _decode_utf16_unlabelled(data)
        if text is None:
            raise ArticleError(f"{name} is a binary file, not an article")
    elif text is None:
        text = _decode_unlabelled(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _decode_utf16_unlabelled(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark (Windows tools do), or None
    when the NULs in `data` say it is binary.

    In UTF-16 text the NULs fall in the high byte of each character below
    U+0100 (the spaces, line breaks, digits and punctuation of any text) and
    almost never in the low one; and the text decodes without error to
    characters that are not controls. Random binary data has its NULs on
    both sides, decodes to C0 controls, or does not decode at all.
    """
    sample = data[: _SAMPLE_BYTES & ~1]
    for encoding, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        high_nuls, low_nuls = sample[high::2].count(0), sample[1 - high :: 2].count(0)
        if high_nuls < len(sample) // 40 or low_nuls * 100 > high_nuls:
            continue
        try:
            # Not final: the sample may end inside a surrogate pair.
            decoded = codecs.getincrementaldecoder(encoding)("strict").decode(sample)
        except UnicodeDecodeError:
            continue
        if not re.search(_TEXT_CONTROL, decoded):
            return data.decode(encoding, errors="replace")
    return None


def _decode_unlabelled(data: bytes) -> str:
    as_utf8 = data.decode("utf-8", errors="replace")
    if _is_mostly_utf8(as_utf8):
        return as_utf8
    sample = data[:_SAMPLE_BYTES]
    best = max(
        _LEGACY_ARABIC,
        key=lambda encoding: _plausibility(sample.decode(encoding, errors="replace")),
    )
    return data.decode(best, errors="replace")


def _is_mostly_utf8(text: str) -> bool:
    # In a legacy Arabic file nearly every letter byte is an invalid UTF-8
    # sequence, and valid ones occur only by accident; a UTF-8 file with a
    # few damaged bytes is the other way round.
    invalid = text.count("\ufffd")
    if invalid == 0:
        return True
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - invalid >= invalid


def _plausibility(text: str) -> int:
    """How much a decoding reads like real text: higher is better."""
    letters = len(re.findall(_ARABIC_LETTER, text))
    impossible = len(re.findall(_IMPOSSIBLE, text))
    mixed = len(re.findall(_MIXED_SCRIPT, text))
    return letters - 10 * impossible - 3 * mixed
