"""Which way an article's language is written."""

from __future__ import annotations

import re

# Languages whose usual script runs right to left. Kurdish as "ku" is left
# out on purpose: Kurmanji is mostly written in Latin; Sorani is "ckb".
_RTL_LANGUAGES = frozenset(
    {"ar", "fa", "he", "iw", "ur", "yi", "ji", "ps", "ckb", "dv", "sd", "ug"}
)
# A script subtag overrides the language's usual script ("az-Arab", "pa-Arab").
_RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand"})
# Bounded repeats, matched whole against one subtag: a few steps at most.
_PRIMARY_LANGUAGE = re.compile(r"[a-z]{2,3}")
_SCRIPT = re.compile(r"[a-z]{4}")


def normalise_direction(value: str) -> str | None:
    """The direction a front-matter value names ("rtl" or "ltr"), or None."""
    lowered = value.strip().lower()
    return lowered if lowered in ("rtl", "ltr") else None


def direction_for_language(tag: str) -> str | None:
    """The direction of a BCP 47 tag such as "ar", "ar-EG" or "az_Arab".

    None when the tag is not a language tag at all.
    """
    subtags = tag.strip().lower().replace("_", "-").split("-")
    if not _PRIMARY_LANGUAGE.fullmatch(subtags[0]):
        return None
    scripts = [subtag for subtag in subtags[1:] if _SCRIPT.fullmatch(subtag)]
    if scripts:
        return "rtl" if scripts[0] in _RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in _RTL_LANGUAGES else "ltr"
