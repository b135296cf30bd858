"""The `qari` command line: argument parsing only; the work is in the core.

`qari [PATH]` opens the reader; `qari render|toc|list|search` print what the core
computes, so the layout can be tested and piped without the TUI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO, TypedDict

from reader import __version__
from reader.article.model import Article, ArticleError
from reader.bidi_mode import BIDI_EXPLICIT, BIDI_IMPLICIT
from reader.startup import pause_collector, resume_collector
from reader.text.options import LAYOUT_OPTIONS, LayoutOptions, Option
from reader.text.sanitise import escape_json_controls, sanitise_line
from reader.utf8_output import use_utf8

_SUBCOMMANDS = ("render", "toc", "list", "search", "feed", "fetch", "add", "serve", "calibrate")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 (never a traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"qari: {sanitise_line(message)} (see qari --help)\n")


def _layout_arguments(parser: argparse.ArgumentParser) -> None:
    # Defaults are None so that the reader can tell a typed flag from an
    # untouched one: typed flags win over the settings file, others do not.
    for option in LAYOUT_OPTIONS:
        bounds = f", {option.bounds[0]}–{option.bounds[1]}" if option.bounds else ""
        help = f"{option.help} (default: {_shown_default(option.default)}{bounds})"
        if isinstance(option.default, bool):
            parser.add_argument(option.flag, action=argparse.BooleanOptionalAction, help=help)
        elif option.choices:
            parser.add_argument(option.flag, choices=option.choices, help=help)
        else:
            parser.add_argument(option.flag, type=_checked(option), metavar="N", help=help)


def _shown_default(default: object) -> str:
    if isinstance(default, bool):
        return "on" if default else "off"
    return str(default)


def _checked(option: Option[str | int | bool]) -> Callable[[str], int]:
    """An argparse type for `option`: a whole number it allows."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        problem = option.problem(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return value

    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _commands_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qari", description="Print articles as laid out for a terminal.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    render = commands.add_parser("render", help="print an article, laid out")
    render.add_argument("file", type=Path)
    render.add_argument(
        "--width", type=_positive, help="line width in cells (default: the terminal's, or 80)"
    )
    _layout_arguments(render)
    toc = commands.add_parser("toc", help="print an article's sections")
    toc.add_argument("file", type=Path)
    toc.add_argument("--json", action="store_true")
    listing = commands.add_parser("list", help="list the articles of a library")
    listing.add_argument("path", type=Path, nargs="?")
    listing.add_argument("--json", action="store_true")
    searching = commands.add_parser("search", help="find articles of a library by their text")
    searching.add_argument("query")
    searching.add_argument("path", type=Path, nargs="?")
    searching.add_argument("--json", action="store_true")
    _feed_parsers(commands)
    _serve_arguments(commands.add_parser("serve", help="let others read the library over SSH"))
    commands.add_parser("calibrate", help="see which bidi mode reads right here, and save it")
    return parser


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    from reader.serve.limits import Limits
    from reader.serve.options import DEFAULT_HOST, DEFAULT_PORT

    limits = Limits()
    serve.add_argument(
        "library", type=Path, nargs="?", help="a folder of articles (default: your library)"
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on ({DEFAULT_PORT})"
    )
    who = serve.add_mutually_exclusive_group()
    who.add_argument(
        "--authorized-keys", type=Path, metavar="FILE", help="readers with these public keys"
    )
    who.add_argument("--open", action="store_true", help="anyone who reaches the port, no key")
    serve.add_argument(
        "--max-sessions",
        type=_positive,
        default=limits.max_sessions,
        metavar="N",
        help=f"readers at once ({limits.max_sessions})",
    )
    serve.add_argument(
        "--max-per-address",
        type=_positive,
        default=limits.max_per_address,
        metavar="N",
        help=f"connections at once from one address ({limits.max_per_address})",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_positive,
        default=int(limits.idle_timeout),
        metavar="SECONDS",
        help=f"end a session after this long without a key ({int(limits.idle_timeout)})",
    )


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"not a port: {value}")
    return number


def _feed_parsers(commands: argparse._SubParsersAction[_Parser]) -> None:
    feed = commands.add_parser("feed", help="subscribe to feeds: add, list, remove, import, export")
    feeds = feed.add_subparsers(dest="feed_command", required=True, parser_class=_Parser)
    add = feeds.add_parser("add", help="subscribe to a feed, or to the feed a web page names")
    add.add_argument("url")
    add.add_argument("--name", help="the feed's name (default: its title)")
    feeds.add_parser("list", help="the feeds").add_argument("--json", action="store_true")
    feeds.add_parser("remove", help="unsubscribe").add_argument("feed", metavar="NAME|URL")
    feeds.add_parser("import", help="subscribe to an OPML file's feeds").add_argument("file")
    feeds.add_parser("export", help="the feeds as OPML, on stdout")
    fetch = commands.add_parser("fetch", help="fetch the feeds and save their new articles")
    fetch.add_argument("feeds", nargs="*", metavar="NAME")
    fetch.add_argument("--json", action="store_true")
    page = commands.add_parser("add", help="save a web page (or an HTML file) as an article")
    page.add_argument("source", metavar="URL|FILE")


def _reader_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qari",
        description="A terminal reader for Arabic and other right-to-left articles. "
        "Commands: qari render FILE | qari toc FILE | qari list [PATH] | "
        "qari search QUERY [PATH] | qari feed add|list|remove|import|export | "
        "qari fetch [NAME…] | qari add URL|FILE | qari serve [LIBRARY] | qari calibrate.",
    )
    parser.add_argument(
        "path",
        type=Path,
        nargs="?",
        help="an article or a folder of articles (default: your library, "
        "or the bundled articles while it is empty)",
    )
    _layout_arguments(parser)
    parser.add_argument(
        "--theme",
        help="dark, light, sepia, high-contrast, or a theme of your own in "
        "$XDG_CONFIG_HOME/qari/themes/ (default: the settings file's, or dark)",
    )
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.add_argument("--version", action="version", version=f"qari {__version__}")
    return parser


def _given(args: argparse.Namespace) -> frozenset[str]:
    """The layout options the user typed."""
    return frozenset(o.name for o in LAYOUT_OPTIONS if getattr(args, o.name) is not None)


def _options(args: argparse.Namespace) -> LayoutOptions:
    return LayoutOptions()._replace(**{name: getattr(args, name) for name in _given(args)})


def main(argv: Sequence[str] | None = None) -> int:
    """Run `qari`; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # None when started with standard output closed (`qari render … >&-`).
    stdout: TextIO | None = sys.stdout
    try:
        if argv and argv[0] in _SUBCOMMANDS:
            args = _commands_parser().parse_args(argv)
            if stdout is None:
                print("qari: standard output is closed; there is nowhere to print", file=sys.stderr)
                return 1
            notice = use_utf8(stdout)
            use_utf8(sys.stderr)  # file names in messages: one notice says it
            if notice is not None:
                print(f"qari: {notice}", file=sys.stderr)
            return _COMMANDS[args.command](args, stdout)
        args = _reader_parser().parse_args(argv)
        pause_collector()  # until the first frame: see reader/startup.py
        from reader.terminal.query import PendingTerminal

        try:
            # Asked before Textual is imported, so the answers travel meanwhile.
            with PendingTerminal.start(os.environ) as terminal:
                from reader.ui.app import run_tui  # Textual only when the reader runs

                return run_tui(
                    args.path,
                    options=_options(args),
                    theme=args.theme,
                    no_mouse=args.no_mouse,
                    given=_given(args),
                    terminal=terminal,
                )
        finally:
            resume_collector()  # if it never drew a frame
    except ArticleError as error:
        print(f"qari: {sanitise_line(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `qari render … | head`: the reader went away; that is not an error.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        # Whatever a hostile file or a full disk provokes: one line, never a
        # traceback (the reader is not a debugger).
        print(
            f"qari: {sanitise_line(type(error).__name__)}: {sanitise_line(str(error))}",
            file=sys.stderr,
        )
        return 1


def _render(args: argparse.Namespace, out: TextIO) -> int:
    from reader.article.load import load_article
    from reader.page import Page, render_text
    from reader.terminal.identify import render_notice
    from reader.terminal.query import PendingTerminal

    article = load_article(args.file)
    _tell(article)
    tty = out.isatty()
    width = args.width or _width(out)
    options = _options(args)
    page = Page(article, width, options)
    explicit = tty and options.bidi == "visual"
    # Asked before the text is written, answered after: no wait in between.
    screen = out.fileno() if explicit else -1
    with PendingTerminal.start(os.environ, screen=screen, ask=explicit) as terminal:
        if explicit:
            out.write(BIDI_EXPLICIT)
        try:
            _write_lines(out, render_text(page))
        finally:
            if explicit:
                out.write(BIDI_IMPLICIT)
            out.flush()
        notice = render_notice(terminal.terminal()) if explicit else None
    if notice is not None:
        print(f"qari: {notice}", file=sys.stderr)
    return 0


def _toc(args: argparse.Namespace, out: TextIO) -> int:
    from reader.article.load import load_article

    article = load_article(args.file)
    _tell(article)
    table = table_of_contents(article)
    if args.json:
        return _write_json(out, table)
    lines = [table["title"] or ""]
    for number, section in enumerate(table["sections"], 1):
        heading = section["title"] or "—"
        lines.append(f"{number}. {heading} ({section['paragraphs']})")
    _write_lines(out, _laid_out(lines, out))
    return 0


def _write_json(out: TextIO, document: object) -> int:
    """The one way the CLI writes JSON: whatever the document quotes, nothing
    in it reaches the terminal as a control (see `escape_json_controls`)."""
    import json  # here, not at the top: the reader itself never needs it

    # Where stdout cannot take all of Unicode, `\\uXXXX` keeps the text intact
    # (its errors="replace" would turn letters into "?").
    ascii_only = (getattr(out, "encoding", None) or "").lower().replace("_", "-") != "utf-8"
    if isinstance(document, list) and document and all(isinstance(r, dict) for r in document):
        # A listing: one row per line, each by the C encoder (indenting
        # takes the pure-Python one, twice as slow on 30,000 rows).
        encode = json.JSONEncoder(ensure_ascii=ascii_only).encode
        text = "[\n" + ",\n".join(f"  {encode(row)}" for row in document) + "\n]"
    else:
        text = json.dumps(document, ensure_ascii=ascii_only, indent=2)
    out.write(escape_json_controls(text) + "\n")
    return 0


class TocSection(TypedDict):
    title: str | None
    level: int
    paragraphs: int


class TableOfContents(TypedDict):
    title: str
    source: str | None
    credits: list[str]
    sections: list[TocSection]


def table_of_contents(article: Article) -> TableOfContents:
    """The `qari toc --json` document, in logical (unshaped) Unicode."""
    meta = article.metadata
    return {
        "title": meta.title,
        "source": meta.source,
        "credits": list(meta.credits),
        "sections": [
            {"title": section.heading, "level": section.level, "paragraphs": len(section.blocks)}
            for section in article.sections
        ],
    }


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from reader.feeds.library import default_library
    from reader.library.commands import list_library

    summaries, messages = list_library(args.path if args.path is not None else default_library()[0])
    _warn(messages)
    if args.json:
        rows = [
            {"path": str(s.path), "title": s.title, "source": s.source, "date": s.date}
            for s in summaries
        ]
        return _write_json(out, rows)
    from reader.text.details import details_line

    lines = [details_line((s.date, s.title, s.source)) for s in summaries]
    _write_lines(out, _laid_out(lines, out))
    return 0


def _search(args: argparse.Namespace, out: TextIO) -> int:
    from reader.feeds.library import default_library
    from reader.library.commands import search_library

    hits, messages = search_library(
        args.query, args.path if args.path is not None else default_library()[0]
    )
    _warn(messages)
    if args.json:
        rows = [
            {
                "path": str(hit.path),
                "title": hit.title,
                "section": hit.section,
                "paragraph": hit.paragraph,
                "snippet": hit.snippet,
            }
            for hit in hits
        ]
        return _write_json(out, rows)
    lines: list[str] = []
    for hit in hits:
        lines += [" · ".join(p for p in (hit.title, hit.section) if p), hit.snippet]
    _write_lines(out, _laid_out(lines, out))
    return 0


def _warn(messages: Iterable[str]) -> None:
    for message in messages:
        # Every message already names its file.
        print(f"qari: {sanitise_line(message)}", file=sys.stderr)


def _feeds(args: argparse.Namespace, out: TextIO) -> int:
    from reader.feeds.commands import run

    return run(args, _Printer(out))


class _Printer:
    """Where the feed commands write: laid-out lines, JSON, raw text, errors."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def lines(self, texts: Iterable[str]) -> None:
        _write_lines(self._out, _laid_out(texts, self._out))
        self._out.flush()

    def json(self, document: object) -> None:
        _write_json(self._out, document)

    def text(self, text: str) -> None:
        self._out.write(text)

    def error(self, message: str) -> None:
        print(f"qari: {sanitise_line(message)}", file=sys.stderr)


def _laid_out(texts: Iterable[str], out: TextIO) -> Iterable[str]:
    """Short texts (titles, headings) laid out like article text, each alone."""
    from reader.text.align import indent
    from reader.text.paragraph import lay_out, prepare

    width = _width(out)
    options = LayoutOptions()
    for text in texts:
        paragraph = prepare(text, options)
        for line in lay_out(paragraph, width):
            yield " " * indent(line.cells, width, 0, paragraph.rtl) + line.text


def _width(out: TextIO) -> int:
    """The terminal's width (never COLUMNS over it), or 80 in a pipe."""
    from reader.terminal.size import output_columns

    return output_columns(out.fileno()) if out.isatty() else 80


def _tell(article: Article) -> None:
    """What the loader had to say (a size cap, dropped nesting): on stderr."""
    for notice in article.notices:
        print(f"qari: {sanitise_line(notice)}", file=sys.stderr)


def _write_lines(out: TextIO, lines: Iterable[str]) -> None:
    for line in lines:
        out.write(line + "\n")


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from reader.serve.limits import Limits
    from reader.serve.options import ServeOptions, user_library

    try:
        from reader.serve.server import serve
    except ModuleNotFoundError as error:
        if error.name != "asyncssh":
            raise
        print("qari: serving needs asyncssh: pip install 'qari[serve]'", file=sys.stderr)
        return 1
    limits = Limits(
        max_sessions=args.max_sessions,
        max_per_address=args.max_per_address,
        idle_timeout=args.idle_timeout,
    )
    library = args.library if args.library is not None else user_library()
    return serve(
        ServeOptions(
            library=library.resolve(),
            host=args.host,
            port=args.port,
            authorized_keys=args.authorized_keys,
            open=args.open,
            limits=limits,
        )
    )


def _calibrate(args: argparse.Namespace, out: TextIO) -> int:
    from reader.terminal.calibrate import calibrate

    return calibrate(sys.stdin, out, os.environ)


_COMMANDS = {
    "calibrate": _calibrate,
    "render": _render,
    "toc": _toc,
    "list": _list,
    "search": _search,
    "serve": _serve,
    "feed": _feeds,
    "fetch": _feeds,
    "add": _feeds,
}


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
