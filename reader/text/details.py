"""A line of details (source, author, date) made of parts that each keep
their own direction.

Each part goes in its own first-strong isolate (FSI … PDI): beside Arabic
parts, a Latin source name stays left-to-right and an ISO date keeps its
order (2026-11-02, not 02-11-2026), instead of its digits and hyphens taking
the direction of the Arabic around them (UAX #9 W2 and N1).
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.text.sanitise import reveal_bidi_controls

SEPARATOR = " · "


def details_line(parts: Iterable[str | None], *, reveal_controls: bool = False) -> str:
    """The non-empty `parts`, each isolated, joined by a middle dot. With
    `reveal_controls` the bidi controls of the parts show as tags (‹RLO›…),
    and the isolates added here do not: they are not in the file."""
    return SEPARATOR.join(
        f"\u2068{reveal_bidi_controls(part) if reveal_controls else part}\u2069"
        for part in parts
        if part
    )
