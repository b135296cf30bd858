"""The Qari application, and `run_tui`: what `qari [PATH]` runs."""

from __future__ import annotations

import asyncio
import atexit
import os
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.dom import DOMNode
from textual.screen import Screen

from reader.article.model import Article, ArticleError
from reader.library.find import Library, library_for
from reader.startup import resume_collector
from reader.state.session import Session
from reader.terminal.identify import UNKNOWN, reader_notice
from reader.terminal.query import PendingTerminal
from reader.terminal.size import trust_the_terminal
from reader.text.options import Bidi, Harakat, LayoutOptions
from reader.text.sanitise import sanitise_line
from reader.ui.driver import QariDriver
from reader.ui.keys import bind, layout_keymap
from reader.ui.screens.main import MainScreen
from reader.ui.shutdown import Shutdown
from reader.ui.terminal import BidiModeSwitch, sanitised_error_console, unusable_terminal
from reader.ui.textual_seams import driver_write
from reader.ui.themes import DEFAULT_THEME, ThemeError, load_palette, next_theme, theme_names
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.line_list import LineList
from reader.ui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from reader.clipboard import Copy
from reader.utf8_output import use_utf8


def _reader_commands() -> type[Provider]:
    # Imported when the palette first opens: nothing of it is on the first paint.
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class QariApp(App[int]):
    TITLE = "Qari"
    CSS_PATH = "qari.tcss"
    COMMANDS = App.COMMANDS | {_reader_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("m", "toggle_bidi", "Bidi", id="bidi", help="Bidi mode: visual or logical", show=True),
        bind("h", "toggle_harakat", "Harakat", id="harakat", help="Keep or strip the harakat"),
        bind(
            "c",
            "toggle_controls",
            "Controls",
            id="controls",
            help="Show or hide the bidi controls (as ‹RLO›, ‹LRI›…)",
        ),
        bind("T", "next_theme", "Theme", id="theme", help="Next theme", show=True),
        bind(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            id="suspend",
            help="Suspend the reader (fg resumes it)",
        ),
        bind("?", "help", "Help", id="help", help="This help", show=True),
        bind("q", "quit", "Quit", id="quit", show=True),
    ]

    def __init__(
        self,
        session: Session,
        library: Library,
        article: Article | None = None,
    ) -> None:
        super().__init__()
        # Every frame costs bytes over SSH: scrolling jumps, it never glides.
        self.animation_level = "none"
        self.session = session
        self._main = MainScreen(session, library, article)
        self.bidi_switch: BidiModeSwitch | None = None
        self._hyperlinks: bool | None = None
        self.terminal = UNKNOWN
        """Set by `run_tui`: the terminal, as its environment or its answers tell."""
        """Set by `run_tui`: switching the bidi mode also switches the terminal's."""
        self.shutdown: Shutdown | None = None
        """Set by `run_tui`: SIGTERM, SIGHUP and SIGQUIT quit like `q`, so the
        terminal is given back (Textual leaves them to Python, which just
        dies), and so does losing the terminal."""
        self.keymap = self._user_keymap()
        """The settings file's [keymap], with the Arabic-layout twins of its keys."""
        if self.keymap:
            self.set_keymap(self.keymap)
        self._theme_name = DEFAULT_THEME
        try:
            self._wear(session.theme)
        except ThemeError as error:
            session.notices.append(f"{error}; using the {DEFAULT_THEME} theme")
            self.use_theme(DEFAULT_THEME, save=False)

    def _user_keymap(self) -> dict[str, str]:
        keymap = dict(self.session.settings.settings.keymap)
        if not keymap:
            return {}
        known = binding_ids()
        unknown = sorted(keymap.keys() - known)
        if unknown:
            self.session.notices.append(
                f"The settings file's keymap names no key binding {', '.join(unknown)} "
                f"(they are: {', '.join(sorted(known))})."
            )
        return layout_keymap({name: keys for name, keys in keymap.items() if name in known})

    @property
    def theme_name(self) -> str:
        """The Qari theme in use (`dark`, `sepia`…)."""
        return self._theme_name

    @property
    def sixteen_colours(self) -> bool:
        """Whether the terminal shows only 16 colours (TERM=xterm, the Linux console)."""
        return self.console.color_system in ("standard", "windows")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Only worn when no theme file could be read (a broken install): the
        # stylesheet's own variables must still exist, on Textual's theme.
        return {
            "qari-muted": "ansi_bright_black",
            "qari-code": "ansi_green",
            "qari-cursor": "ansi_blue",
        }

    def on_mount(self) -> None:
        self.call_after_refresh(resume_collector)
        if self.shutdown is not None:
            self.shutdown.install(asyncio.get_running_loop())

    def terminal_lost(self) -> None:
        """The terminal has gone (called by the driver, from any thread)."""
        if self.shutdown is not None:
            self.shutdown.lose_terminal()

    def exit_with_status(self, status: int) -> None:
        """Quit as `q` does, with exit status `status`."""
        self.exit(return_code=status)

    def save_now(self, seconds: float) -> None:
        """Save the reading position within `seconds`, from any thread: the
        last thing done when Textual cannot end in time."""
        place = self._main.reading_place()
        if place is not None:
            self.session.save_position(*place)
        self.session.flush(seconds)

    def get_default_screen(self) -> Screen[None]:
        return self._main

    def action_command_palette(self) -> None:
        # Textual's palette, with a field that shows Arabic as the article does.
        from reader.ui.screens.palette import ReaderPalette

        if self.use_command_palette and not isinstance(self.screen, ReaderPalette):
            self.push_screen(ReaderPalette(self.session.options, id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        # Textual's own theme command lists Textual's themes, not Qari's; a
        # served reader writes no screenshot files on the server.
        left_out = {"Theme", "Screenshot"} if self.session.served else {"Theme"}
        for command in super().get_system_commands(screen):
            if command.title not in left_out:
                yield command

    # -- settings the keys change ----------------------------------------------

    def use_theme(self, name: str, *, save: bool = True) -> bool:
        """Wear the theme called `name` (and remember it if `save`). A theme
        that cannot be read leaves a notice and False."""
        try:
            self._wear(name)
        except ThemeError as error:
            self.session.notices.append(str(error))
            return False
        if save:
            self.session.change(theme=name)
        return True

    def _wear(self, name: str) -> None:
        theme = load_palette(name).textual_theme(self.sixteen_colours)
        self.register_theme(theme)
        self.theme = theme.name
        self._theme_name = name

    def use_bidi(self, bidi: Bidi) -> None:
        self._use_options(self.session.options._replace(bidi=bidi), bidi=bidi)
        if self.bidi_switch is not None:
            self.bidi_switch.apply(bidi, write=self.terminal_writer())

    # -- what the terminal is told besides the frames ----------------------------

    def terminal_writer(self) -> Callable[[str], None] | None:
        """What sends a sequence the terminal acts on (bidi mode, clipboard)
        rather than draws: Textual's driver, which queues it between two
        frames, never inside one. None before the app runs."""
        return driver_write(self)

    @property
    def hyperlinks(self) -> bool:
        """Whether this terminal shows OSC 8 hyperlinks (see reader/hyperlinks.py)."""
        if self._hyperlinks is None:
            from reader.hyperlinks import hyperlinks_supported

            self._hyperlinks = hyperlinks_supported(os.environ, self.terminal)
        return self._hyperlinks

    def copy_to_clipboard(self, text: str) -> None:
        # Textual's own (a field's ctrl+c) sends any length and every
        # control: every copy goes through `copy_text` instead.
        self.copy_text(text)

    def copy_text(self, text: str) -> Copy:
        """Put `text` (logical Unicode) on the terminal's clipboard with OSC
        52, capped (see reader/clipboard.py); returns what was copied."""
        from reader.clipboard import copy_sequence

        copy = copy_sequence(text)
        # What Textual's fields paste from (App.clipboard), as its own copy keeps it.
        self._clipboard = copy.text
        write = self.terminal_writer()
        if write is not None:
            write(copy.sequence)
        return copy

    def use_harakat(self, harakat: Harakat) -> None:
        self._use_options(self.session.options._replace(harakat=harakat), harakat=harakat)

    def _use_options(self, options: LayoutOptions, **setting: str) -> None:
        self.session.options = options
        self.session.change(**setting)
        self._main.apply_options(options)
        self._main.show_notices()

    def action_next_theme(self) -> None:
        name = self.theme_name
        for _ in theme_names():  # past any theme that cannot be read
            name = next_theme(name)
            if self.use_theme(name):
                break
        self._main.show_notices()
        # Queued after the stylesheet's refresh for the new theme, so that
        # the notice comes with the new colours, not before them.
        self.call_next(
            self.notify, f"Theme: {sanitise_line(self.theme_name)}", timeout=2, markup=False
        )

    def action_toggle_bidi(self) -> None:
        bidi: Bidi = "logical" if self.session.options.bidi == "visual" else "visual"
        self.use_bidi(bidi)
        self.notify(f"Bidi mode: {bidi}", timeout=2)

    def action_toggle_harakat(self) -> None:
        harakat: Harakat = "strip" if self.session.options.harakat == "keep" else "keep"
        self.use_harakat(harakat)
        self.notify(f"Harakat: {harakat}", timeout=2)

    def action_toggle_controls(self) -> None:
        # Not saved: revealing is for inspecting a suspicious article, now.
        reveal = not self.session.options.reveal_controls
        self._use_options(self.session.options._replace(reveal_controls=reveal))
        self.notify(f"Bidi controls: {'shown' if reveal else 'hidden'}", timeout=2)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        main = self._main
        # Each group's keys are its class's own bindings; whether one can run
        # now is asked of the widget on screen.
        groups: list[tuple[str, str, type[DOMNode], DOMNode]] = [
            ("Reading", "", ArticleView, main.view),
            ("Lists", "the library, the contents", LineList, main.sidebar),
            ("Library", "", Sidebar, main.sidebar),
            ("Panels", "", MainScreen, main),
            ("Reader", "", QariApp, self),
        ]
        self.push_screen(HelpScreen(groups, self.session.options, self.keymap))


def binding_ids() -> set[str]:
    """The id of every key binding, the names a keymap may give keys to."""
    from reader.ui.screens.contents import ContentsScreen
    from reader.ui.screens.help import HelpScreen
    from reader.ui.screens.library_search import LibrarySearchScreen
    from reader.ui.screens.links import LinksScreen

    owners = (
        ArticleView,
        LineList,
        Sidebar,
        MainScreen,
        QariApp,
        HelpScreen,
        ContentsScreen,
        LibrarySearchScreen,
        LinksScreen,
    )
    return {
        binding.id
        for owner in owners
        for binding in Binding.make_bindings(owner.BINDINGS)
        if binding.id is not None
    }


def run_tui(
    path: Path | None,
    *,
    options: LayoutOptions,
    theme: str | None = None,
    no_mouse: bool = False,
    given: Collection[str] | None = None,
    terminal: PendingTerminal | None = None,
) -> int:
    """Run the reader on the bundled library (`path` None), a folder, or one
    article (its folder is the library). Returns the exit status. `given`
    names the options typed on the command line: they win over the settings
    file for this run. `terminal` is what is known of the terminal (its
    answers are read just before the reader draws).

    Raises `ArticleError` if `path` is missing or is not a readable article.
    """
    keys, screen = sys.__stdin__, sys.__stderr__
    problem = unusable_terminal(os.environ.get("TERM"), keys, screen)
    if problem is not None or screen is None:
        print(f"qari: {problem}", file=sys.stderr)
        return 1
    trust_the_terminal(screen.fileno())
    # Textual draws on standard error.
    encoding_notice = use_utf8(screen)
    app = build_app(path, options=options, theme=theme, given=given)
    known = terminal.terminal() if terminal is not None else UNKNOWN
    notice = reader_notice(known)
    if notice is not None and app.session.options.bidi == "visual":
        app.session.notices.append(notice)
    switch = BidiModeSwitch(sys.__stdout__, known)
    if encoding_notice is not None:
        app.session.notices.append(encoding_notice[0].upper() + encoding_notice[1:] + ".")
    app.bidi_switch = switch
    app.terminal = known
    shutdown = app.shutdown = Shutdown(app.exit_with_status, app.save_now)
    app.driver_class = QariDriver
    app.error_console = sanitised_error_console(screen)
    # atexit as well as finally: a crash inside Textual's own shutdown, or an
    # exit from a thread, skips the finally but not the interpreter's exit.
    atexit.register(switch.restore)
    try:
        switch.apply(app.session.options.bidi)
        app.run(mouse=not no_mouse)
        status = app.return_code or 0
    finally:
        shutdown.uninstall()
        switch.restore()
        atexit.unregister(switch.restore)
        app.session.close()
        shutdown.finished()
    if shutdown.terminal_lost:
        # Nothing can reach the terminal now, and the interpreter's last
        # flush of what could not be written would fail the exit (status 120).
        os._exit(status)
    return status


def build_app(
    path: Path | None,
    *,
    options: LayoutOptions,
    theme: str | None = None,
    given: Collection[str] | None = None,
) -> QariApp:
    """The reader for `path` (see `run_tui`), with the settings and positions
    of the XDG directories, not yet running."""
    library, article, hint = _library_and_article(path)
    session = Session.open(options, theme, given)
    if hint is not None:
        session.notices.append(hint)
    return QariApp(session, library, article)


def _library_and_article(path: Path | None) -> tuple[Library, Article | None, str | None]:
    if path is None:
        from reader.feeds.library import default_library

        folder, hint = default_library()
        return library_for(folder), None, hint
    library = library_for(path)
    if library.recursive:
        _check_something_to_read(library)
        return library, None, None
    from reader.article.load import load_article

    return library, load_article(path), None


# Enough of a file to tell an article from a binary or a broken file.
_PROBE_BYTES = 64 * 1024


def _check_something_to_read(library: Library) -> None:
    """Raise `ArticleError` if no file of `library` is an article, saying what
    was skipped: a folder with nothing to read ends the reader as a file
    that is not an article does, with one line, not an empty screen."""
    from reader.article.load import load_article
    from reader.library.find import no_articles, walk_articles

    # Walked lazily: the first article read is enough (the library finds the
    # rest), and a library of 30,000 must not be walked before the screen.
    skipped: list[tuple[str, str]] = []
    for file in walk_articles(library):
        try:
            load_article(Path(file.path), max_bytes=_PROBE_BYTES)
        except (ArticleError, OSError, ValueError, RecursionError, MemoryError) as error:
            why = str(error) if isinstance(error, ArticleError) else repr(error)
            skipped.append((file.path, why))
        else:
            return
    if not skipped:
        raise ArticleError(no_articles(library.folder))
    first = min(skipped)[1]  # the same file named whatever order the walk took
    more = f" (and {len(skipped) - 1} more files)" if len(skipped) > 1 else ""
    raise ArticleError(f"nothing to read in {library.folder}: {first}{more}")
