"""The metadata block at the top of a Markdown article.

YAML between ``---`` lines (as Jekyll, Hugo and Pandoc write it) or TOML
between ``+++`` lines (Hugo). A block that does not parse is dropped and the
article is read without it: a typo in the metadata must not hide the text.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from reader.article.dates import parse_date
from reader.article.language import direction_for_language, normalise_direction
from reader.article.model import Metadata

# The fence lines that open a block, and those that may close it.
_YAML_FENCES = ("---", ("---", "..."))
_TOML_FENCES = ("+++", ("+++",))
# Metadata is a few lines; a block that has not closed by then is not
# metadata but Markdown that begins with a rule. The bound also keeps the
# YAML and TOML loaders, which are not linear-time on every input, to a
# small input.
MAX_FRONT_MATTER_CHARS = 64 * 1024
# Everything a hostile or careless block can make the loaders raise:
# ValueError for impossible dates ("2023-02-30") and for YAML errors (see
# _load_yaml), RecursionError for thousands of nested brackets.
_LOAD_ERRORS = (tomllib.TOMLDecodeError, ValueError, RecursionError)


# What an article without usable front matter has: everything unknown.
NO_FRONT_MATTER = Metadata(title="")


def split_front_matter(text: str) -> tuple[Metadata, str]:
    """The front matter of ``text`` and the Markdown that follows it.

    The title is "" when the front matter names none; the direction comes
    from ``dir``, or else from the language.
    """
    for fences, load in ((_YAML_FENCES, _load_yaml), (_TOML_FENCES, tomllib.loads)):
        block = _fenced_block(text, *fences)
        if block is None:
            continue
        source, end = block
        try:
            fields = load(source)
        except _LOAD_ERRORS:
            return NO_FRONT_MATTER, text[end:]
        if fields is None:
            # An empty YAML block.
            return NO_FRONT_MATTER, text[end:]
        if not isinstance(fields, Mapping):
            # "---", a sentence, "---" is Markdown (two rules around a
            # paragraph), not metadata.
            return NO_FRONT_MATTER, text
        return _front_matter(fields), text[end:]
    return NO_FRONT_MATTER, text


def _fenced_block(text: str, opening: str, closing: tuple[str, ...]) -> tuple[str, int] | None:
    """The lines between an ``opening`` fence line at the very top and the
    first ``closing`` one, and where the text after that line starts.

    A fence line may end in spaces and tabs; the closing one may end the
    text. Read line by line with ``find``, each character once: no pattern
    here could backtrack over a hostile file.
    """
    limit = min(len(text), MAX_FRONT_MATTER_CHARS)
    newline = text.find("\n", 0, limit)
    if newline < 0 or text[:newline].rstrip(" \t") != opening:
        return None
    body = start = newline + 1
    while True:
        newline = text.find("\n", start, limit)
        if newline < 0 and limit < len(text):
            return None
        end = len(text) if newline < 0 else newline
        if text[start:end].rstrip(" \t") in closing:
            return text[body:start], min(end + 1, len(text))
        if newline < 0:
            return None
        start = end + 1


def _load_yaml(source: str) -> Any:
    # Imported here: PyYAML costs start-up time, and only Markdown with YAML
    # front matter needs it.
    import yaml

    # The C loader when PyYAML was built with libyaml; both are the safe subset.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(source, Loader=loader)
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from error


def _front_matter(fields: Mapping[Any, Any]) -> Metadata:
    lowered = {str(key).strip().lower(): value for key, value in fields.items()}

    def first(*keys: str, convert: Callable[[Any], str | None]) -> str | None:
        for key in keys:
            value = convert(lowered.get(key))
            if value is not None:
                return value
        return None

    language = first("lang", "language", convert=_scalar_text)
    return Metadata(
        title=first("title", convert=_scalar_text) or "",
        source=first("source", convert=_scalar_text),
        author=first("author", "authors", convert=_names),
        date=first("date", convert=_date_text),
        language=language,
        direction=first("dir", "direction", convert=_direction)
        or (direction_for_language(language) if language else None),
        credits=_lines(lowered.get("credits")),
        url=first("url", "link", convert=_scalar_text),
    )


def _scalar_text(value: Any) -> str | None:
    # Only scalars: ``str`` of a YAML structure built from aliases can be
    # exponentially large ("billion laughs").
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str | int | float):
        text = " ".join(str(value).split())
        return text or None
    return None


def _direction(value: Any) -> str | None:
    text = _scalar_text(value)
    return normalise_direction(text) if text else None


def _date_text(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = _scalar_text(value)
    if text is None:
        return None
    return parse_date(text) or text


def _names(value: Any) -> str | None:
    names = _lines(value)
    return ", ".join(names) if names else None


def _lines(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[Any] = value.splitlines()
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    return tuple(text for item in items if (text := _scalar_text(item)) is not None)
