"""What the reader remembers: settings (XDG config) and reading positions
(XDG state), and the layout options they give for this session."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from reader.state.positions import POSITIONS_FILENAME, Position, PositionSaver, PositionStore
from reader.state.served import Served, inside_library, served_mode
from reader.state.settings import SETTINGS_FILENAME, Settings, SettingsStore
from reader.state.xdg import config_dir, state_dir
from reader.text.options import LAYOUT_OPTIONS, LayoutOptions


@dataclass
class Session:
    """Settings and positions of one run. Problems on disk never raise: they
    become one-line `notices` for the reader."""

    settings: SettingsStore
    positions: PositionStore
    options: LayoutOptions
    theme: str
    notices: list[str] = field(default_factory=list)
    served: Served | None = None
    """How `qari serve` runs this reader (see reader/state/served.py), or
    None. Anything that writes files or reaches the network checks it first."""
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
        # The one place served mode is read: everything else asks `served`.
        served = served_mode()
        if served == "anonymous":
            settings = SettingsStore.in_memory()
            positions, positions_notice = PositionStore.in_memory(), None
        else:
            settings = SettingsStore.load(config_dir() / SETTINGS_FILENAME)
            positions, positions_notice = PositionStore.open(state_dir() / POSITIONS_FILENAME)
        notices = [notice for notice in (settings.notice, positions_notice) if notice]
        options = _options_from(settings.settings, command_line, given)
        theme = theme or settings.settings.theme
        return cls(settings, positions, options, theme, notices, served)

    def may_open(self, path: Path, library: Path) -> bool:
        """Whether the reader may open `path`: anything when run locally,
        only what is inside the library when served."""
        return self.served is None or inside_library(path, library)

    def change(self, **changes: object) -> None:
        """Change settings (`theme`, `bidi`, `harakat`, `sidebar`…) and
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

    def last_read(self, folder: Path) -> Path | None:
        """The article under `folder` whose position was saved last, if any."""
        found = self.positions.last_read(os.path.join(_key(folder), ""))
        notice = self.positions.take_notice()
        if notice:
            self.notices.append(notice)
        # A key is the path itself, but for names that are not UTF-8 (see
        # `_key`): such a path does not exist, and the caller passes it over.
        return None if found is None else Path(found)

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


def _options_from(
    settings: Settings, command_line: LayoutOptions, given: Collection[str] | None
) -> LayoutOptions:
    # The settings file and the layout options share their names.
    saved = [option for option in LAYOUT_OPTIONS if option.saved]
    if given is None:
        given = [o.name for o in saved if getattr(command_line, o.name) != o.default]
    from_settings = {o.name: getattr(settings, o.name) for o in saved if o.name not in given}
    return command_line._replace(**from_settings)
