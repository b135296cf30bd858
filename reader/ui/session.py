"""What the reader remembers: settings (XDG config) and reading positions
(XDG state), and the layout options they give for this session."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from reader.state.positions import POSITIONS_FILENAME, Position, PositionSaver, PositionStore
from reader.state.settings import SETTINGS_FILENAME, Settings, SettingsStore
from reader.state.xdg import config_dir, state_dir
from reader.text.options import LayoutOptions


@dataclass
class Session:
    """Settings and positions of one run. Problems on disk never raise: they
    become one-line `notices` for the reader."""

    settings: SettingsStore
    positions: PositionStore
    options: LayoutOptions
    theme: str
    notices: list[str] = field(default_factory=list)
    saver: PositionSaver = field(init=False)
    """Saves positions off the UI thread (another Qari may hold the database)."""

    def __post_init__(self) -> None:
        self.saver = PositionSaver(self.positions)

    @classmethod
    def open(
        cls,
        command_line: LayoutOptions,
        theme: str | None = None,
        given: Collection[str] | None = None,
    ) -> Session:
        """Load the stores. The command line wins over the settings file, for
        this run only, for the options in `given` (the flags the user typed);
        without `given`, for whatever it sets away from the defaults."""
        settings = SettingsStore.load(config_dir() / SETTINGS_FILENAME)
        positions, positions_notice = PositionStore.open(state_dir() / POSITIONS_FILENAME)
        notices = [notice for notice in (settings.notice, positions_notice) if notice]
        options = _options_from(settings.settings, command_line, given)
        return cls(settings, positions, options, theme or settings.settings.theme, notices)

    def change(self, **changes: object) -> None:
        """Change settings (`theme`, `bidi_mode`, `harakat`, `sidebar`…) and
        save them; a failure to save becomes a notice."""
        notice = self.settings.update(**changes)
        if notice:
            self.notices.append(notice)

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices + self.saver.take_notices()

    def position(self, path: Path) -> tuple[int, int] | None:
        key = _key(path)
        found = self.saver.latest(key) or self.positions.get(key)
        notice = self.positions.take_notice()
        if notice:
            self.notices.append(notice)
        return None if found is None else (found.block, found.offset)

    def save_position(self, path: Path, block: int, offset: int) -> None:
        """Save in the background; a failure comes back through `take_notices`."""
        self.saver.put(_key(path), Position(max(block, 0), max(offset, 0)))

    def flush(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the saves put so far."""
        return self.saver.flush(timeout)

    def close(self) -> None:
        """Finish the saves, then close the database."""
        self.saver.close()
        self.positions.close()


def _key(path: Path) -> str:
    # The same file reached through another relative path is the same article.
    # A name that is not UTF-8 holds lone surrogates, which SQLite cannot
    # store: its undecodable bytes are written as `\xNN` instead.
    return os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")


# The layout options the settings file holds too.
_SETTABLE = ("mode", "harakat", "measure", "justify")


def _options_from(
    settings: Settings, command_line: LayoutOptions, given: Collection[str] | None
) -> LayoutOptions:
    if given is None:
        defaults = LayoutOptions()
        given = [
            name for name in _SETTABLE if getattr(command_line, name) != getattr(defaults, name)
        ]
    from_settings = command_line._replace(
        mode=settings.bidi_mode,
        harakat=settings.harakat,
        measure=settings.measure,
        justify=settings.justify,
    )
    chosen = {name: getattr(command_line, name) for name in _SETTABLE if name in given}
    return from_settings._replace(**chosen)
