"""Reading the publication dates news pages print, in Arabic or English.

Dates come out as ISO ``yyyy-mm-dd``. Only full dates with a four-digit year
count: "14 سبتمبر" alone cannot be placed in time. Digits may be Arabic-Indic
(٢٠٢٣): Python's ``\\d`` and ``int`` accept every decimal digit.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import NamedTuple

_MONTH_NAMES: dict[str, int] = {
    # Egyptian and Gulf usage (transliterated European names).
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4,
    "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8,
    "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine and Iraqi usage (Syriac month names).
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5,
    "ايار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9,
    "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الأول": 12, "كانون الاول": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Longest first, so "تشرين الثاني" is not read as a bare "تشرين" prefix and
# "september" not as "sep".
_MONTH = "|".join(re.escape(name) for name in sorted(_MONTH_NAMES, key=len, reverse=True))
# These expressions search article text (datelines of at most SHORT_LINE
# characters, front-matter values), and cannot backtrack over it: every
# repeat is bounded (`\d{1,2}`, the month names) or possessive (`*+`, `++`,
# `?+`) over spaces, which a following separator, digit or name can never
# start with, so giving spaces back could never let a match succeed. Each
# attempt at a position is a single pass over the spaces after it, and a
# day or a month name starts only after a non-digit or non-word character.
_SEP = r"\s*+(?:[,،]\s*+)?+"
_DASH = r"\s*+(?:-\s*+)?+"

_DAY = r"(?<!\d)(\d{1,2})"
_YEAR = r"(\d{4})(?!\d)"

# Every form below has a four-digit year: text without one is no date, and
# need not pay for compiling the month-name patterns (start-up time). A
# fixed-length pattern: at most four steps per position.
_FOUR_DIGITS = re.compile(r"\d{4}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...]:
    """Each pattern with the meaning of its groups, in order."""
    return (
        (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), ("y", "m", "d")),
        (re.compile(rf"{_DAY}[-/.](\d{{1,2}})[-/.]{_YEAR}"), ("d", "m", "y")),
        (
            re.compile(rf"{_DAY}{_DASH}({_MONTH})\.?{_SEP}{_YEAR}", re.IGNORECASE),
            ("d", "month", "y"),
        ),
        (
            re.compile(
                rf"(?<!\w)({_MONTH})\.?\s++{_DAY}(?:st|nd|rd|th)?{_SEP}{_YEAR}", re.IGNORECASE
            ),
            ("month", "d", "y"),
        ),
    )


# A dateline may carry a weekday, a time, a label ("نشر في", "Updated") and a
# time zone besides the date; more words than this and it is a sentence.
_MAX_OTHER_WORDS = 5
# One character class repeated with nothing after it: a run is taken whole.
_WORD = re.compile(r"[^\W\d_]+")


class DateMatch(NamedTuple):
    iso: str
    start: int
    end: int


def find_date(text: str) -> DateMatch | None:
    """The first full calendar date written in ``text``."""
    if not _FOUR_DIGITS.search(text):
        return None
    found: list[DateMatch] = []
    for pattern, fields in _patterns():
        for match in pattern.finditer(text):
            iso = _to_iso(dict(zip(fields, match.groups(), strict=True)))
            if iso is not None:
                found.append(DateMatch(iso, match.start(), match.end()))
                break
    return min(found, key=lambda date: date.start, default=None)


def parse_date(text: str) -> str | None:
    """``text`` as an ISO date, if it holds one."""
    match = find_date(text)
    return match.iso if match else None


def dateline(line: str) -> str | None:
    """The ISO date when ``line`` is a dateline rather than a sentence."""
    match = find_date(line)
    if match is None:
        return None
    rest = line[: match.start] + " " + line[match.end :]
    return match.iso if len(_WORD.findall(rest)) <= _MAX_OTHER_WORDS else None


def _to_iso(fields: dict[str, str]) -> str | None:
    month_name = fields.get("month")
    if month_name is not None:
        month = _MONTH_NAMES[month_name.lower()]
    else:
        month = int(fields["m"])
    day = int(fields["d"])
    # Numeric dates are day-first in Arabic and most other news; a month
    # over 12 can only be the American month-first order.
    if month_name is None and month > 12 >= day:
        day, month = month, day
    try:
        return dt.date(int(fields["y"]), month, day).isoformat()
    except ValueError:
        return None
