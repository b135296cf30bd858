"""Flat TOML files (the settings, the theme palettes), read without importing
tomllib when they are as simple as Qari writes them.

Importing tomllib compiles its regular expressions, which costs a launch more
than the rest of reading its settings and its theme. Qari writes its settings
as `key = value` lines, and a theme is such lines under `[table]` headers; a
file with anything else (a user's inline table, a multi-line string, a date…)
goes to tomllib. Either way the result is what tomllib gives, or its error.
"""

from __future__ import annotations

import re
from typing import Any

# One line of the simple shape: blank, a table header or a key with a basic
# string (no escapes, no control characters), a whole number or a boolean;
# then perhaps a comment (TOML allows no control characters but the tab there).
_LINE = re.compile(
    r"[ \t]*(?:"
    r'(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?P<string>[^"\\\x00-\x1f\x7f]*)"'
    r"|(?P<integer>0|-?[1-9][0-9]*)|(?P<boolean>true|false))"
    r"|\[[ \t]*(?P<table>[A-Za-z0-9_-]+)[ \t]*\]"
    r")?[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
)


def loads(text: str) -> dict[str, Any]:
    """`text` as tomllib reads it. Raises `ValueError` (tomllib's
    `TOMLDecodeError`) for a file that is not TOML."""
    document = _simple(text)
    if document is None:
        import tomllib

        return tomllib.loads(text)
    return document


def _simple(text: str) -> dict[str, Any] | None:
    """The document, if every line has the simple shape; else None."""
    document: dict[str, Any] = {}
    table = document
    for line in text.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        if match["table"] is not None:
            if match["table"] in document:
                return None  # tomllib says what is wrong with a repeated name
            table = document[match["table"]] = {}
        elif match["key"] is not None:
            if match["key"] in table:
                return None
            table[match["key"]] = _value(match)
    return document


def _value(match: re.Match[str]) -> str | int | bool:
    if match["string"] is not None:
        return match["string"]
    if match["integer"] is not None:
        return int(match["integer"])
    return match["boolean"] == "true"
