"""How a text is to be laid out: the choices a reader can change, in one table.

Each option has one name, used alike by the command line (`--bidi logical`),
the settings file (`bidi = "logical"`) and the layout (`LayoutOptions.bidi`);
all three read its type, default, bounds and help from `LAYOUT_OPTIONS`, and
reject a value with the same one-line reason (`Option.problem`).
"""

from __future__ import annotations

from typing import Generic, Literal, NamedTuple, TypeVar

from reader.text.levels import Direction

Bidi = Literal["visual", "logical"]
Harakat = Literal["keep", "strip"]

V = TypeVar("V", bound=str | int | bool, covariant=True)

_TYPE_NAMES: dict[type, str] = {str: "a string", int: "a whole number", bool: "true or false"}


class Option(Generic[V]):
    """One setting: its name, default, what values it allows, and its help.

    A plain class rather than a dataclass: defining one costs the launch."""

    __slots__ = ("bounds", "choices", "default", "help", "name", "saved")

    def __init__(
        self,
        name: str,
        default: V,
        help: str,
        *,
        choices: tuple[V, ...] = (),
        bounds: tuple[int, int] | None = None,
        saved: bool = True,
    ) -> None:
        self.name = name
        """The field, the settings key and (with dashes) the flag."""
        self.default = default
        self.help = help
        self.choices = choices
        self.bounds = bounds
        self.saved = saved
        """Whether the settings file keeps it (else it is for one run only)."""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def problem(self, value: object) -> str | None:
        """Why `value` cannot be this option, in one line; None when it can."""
        expected = type(self.default)
        # `type(...) is` rather than isinstance: `true` must not pass as a number.
        if type(value) is not expected:
            return f"{self.name} must be {_TYPE_NAMES[expected]}, not {shown(value)}"
        if self.choices and value not in self.choices:
            choices = ", ".join(map(str, self.choices))
            return f"{self.name} must be one of {choices}, not {shown(value)}"
        if self.bounds is not None and isinstance(value, int):
            low, high = self.bounds
            if not low <= value <= high:
                return f"{self.name} must be between {low} and {high}, not {value}"
        return None


def shown(value: object) -> str:
    """`value` quoted for a one-line message: repr keeps a newline as `\\n`,
    and a long value is cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


BIDI: Option[Bidi] = Option(
    "bidi",
    "visual",
    "visual: Qari shapes and reorders, and switches off the terminal's own bidi where it can; "
    "logical: the terminal reorders (wrong in every terminal measured)",
    choices=("visual", "logical"),
)
HARAKAT: Option[Harakat] = Option(
    "harakat", "keep", "keep or strip the harakat (short vowel marks)", choices=("keep", "strip")
)
DIRECTION: Option[Direction] = Option(
    "direction",
    "auto",
    "paragraph direction: auto (from each paragraph's letters), rtl or ltr",
    choices=("auto", "rtl", "ltr"),
    saved=False,
)
# Below 20 cells a line holds two or three Arabic words and wrapping
# degenerates; the upper bound catches typos such as 7200, not wide terminals.
MEASURE: Option[int] = Option("measure", 72, "widest text column, in cells", bounds=(20, 500))
JUSTIFY: Option[bool] = Option("justify", False, "justify paragraphs")
REVEAL_CONTROLS: Option[bool] = Option(
    "reveal_controls",
    False,
    "show bidi control characters as tags (‹RLO›…), to inspect a suspicious text",
    saved=False,
)

LAYOUT_OPTIONS: tuple[Option[str | int | bool], ...] = (
    BIDI,
    HARAKAT,
    DIRECTION,
    MEASURE,
    JUSTIFY,
    REVEAL_CONTROLS,
)


class LayoutOptions(NamedTuple):
    """One field per option of `LAYOUT_OPTIONS`, in its order, with its default."""

    bidi: Bidi = BIDI.default
    harakat: Harakat = HARAKAT.default
    direction: Direction = DIRECTION.default
    measure: int = MEASURE.default
    justify: bool = JUSTIFY.default
    reveal_controls: bool = REVEAL_CONTROLS.default


def options_problem(options: LayoutOptions) -> str | None:
    """The first reason `options` cannot be laid out, or None."""
    for option, value in zip(LAYOUT_OPTIONS, options, strict=True):
        problem = option.problem(value)
        if problem is not None:
            return problem
    return None
