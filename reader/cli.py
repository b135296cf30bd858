"""The `qari` command line: argument parsing only; the work is in the core.

`qari [PATH]` opens the reader; `qari render|toc|list` print what the core
computes, so the layout can be tested and piped without the TUI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO, TypedDict

from reader import __version__
from reader.article.model import Article, ArticleError
from reader.bidi_mode import BIDI_EXPLICIT, BIDI_IMPLICIT
from reader.startup import pause_collector, resume_collector
from reader.text.options import DEFAULT_MEASURE, LayoutOptions
from reader.text.sanitise import escape_json_controls, sanitise_line

_SUBCOMMANDS = ("render", "toc", "list")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2 (never a traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"qari: {sanitise_line(message)} (see qari --help)\n")


def _layout_arguments(parser: argparse.ArgumentParser) -> None:
    # Defaults are None so that the reader can tell a typed flag from an
    # untouched one: typed flags win over the settings file, others do not.
    parser.add_argument(
        "--bidi",
        choices=("visual", "logical"),
        help="visual: shape and reorder here (default); logical: leave it "
        "to a terminal that does bidi itself",
    )
    parser.add_argument("--harakat", choices=("keep", "strip"))
    parser.add_argument("--direction", choices=("auto", "rtl", "ltr"))
    parser.add_argument(
        "--measure", type=_positive, help=f"widest text column in cells (default {DEFAULT_MEASURE})"
    )
    parser.add_argument("--justify", action="store_true", default=None, help="justify paragraphs")
    parser.add_argument(
        "--reveal-controls",
        action="store_true",
        default=None,
        help="show bidi control characters as visible tags",
    )


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
    return parser


def _reader_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qari",
        description="A terminal reader for Arabic and other right-to-left articles. "
        "Commands: qari render FILE | qari toc FILE | qari list [PATH].",
    )
    parser.add_argument(
        "path",
        type=Path,
        nargs="?",
        help="an article or a folder of articles (default: the bundled library)",
    )
    _layout_arguments(parser)
    parser.add_argument("--theme", help="dark, light, sepia or high-contrast")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.add_argument("--version", action="version", version=f"qari {__version__}")
    return parser


# LayoutOptions field → command-line flag (argparse dest).
_FLAGS = {
    "mode": "bidi",
    "harakat": "harakat",
    "direction": "direction",
    "measure": "measure",
    "justify": "justify",
    "reveal_controls": "reveal_controls",
}


def _given(args: argparse.Namespace) -> frozenset[str]:
    """The layout options the user typed."""
    return frozenset(field for field, flag in _FLAGS.items() if getattr(args, flag) is not None)


def _options(args: argparse.Namespace) -> LayoutOptions:
    typed = {field: getattr(args, _FLAGS[field]) for field in _given(args)}
    return LayoutOptions()._replace(**typed)


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
            return _COMMANDS[args.command](args, _utf8(stdout))
        args = _reader_parser().parse_args(argv)
        pause_collector()  # until the first frame: see reader/startup.py
        try:
            from reader.ui.app import run_tui  # Textual only when the reader runs

            return run_tui(
                args.path,
                options=_options(args),
                theme=args.theme,
                no_mouse=args.no_mouse,
                given=_given(args),
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

    article = load_article(args.file)
    _tell(article)
    tty = out.isatty()
    width = args.width or _width(out)
    options = _options(args)
    page = Page(article, width, options)
    explicit = tty and options.mode == "visual"
    if explicit:
        out.write(BIDI_EXPLICIT)
    try:
        _write_lines(out, render_text(page))
    finally:
        if explicit:
            out.write(BIDI_IMPLICIT)
        out.flush()
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
    from reader.library import find_articles, summarise
    from reader.resources import articles_dir

    root = args.path if args.path is not None else articles_dir()
    summaries, failures = summarise(find_articles(root))
    for _, message in failures:
        # Every message already names its file.
        print(f"qari: {sanitise_line(message)}", file=sys.stderr)
    if args.json:
        rows = [
            {"path": str(s.path), "title": s.title, "source": s.source, "date": s.date}
            for s in summaries
        ]
        return _write_json(out, rows)
    lines = [" · ".join(p for p in (s.date, s.title, s.source) if p) for s in summaries]
    _write_lines(out, _laid_out(lines, out))
    return 0


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
    from reader.terminal_size import output_columns

    return output_columns(out.fileno()) if out.isatty() else 80


def _tell(article: Article) -> None:
    """What the loader had to say (a size cap, dropped nesting): on stderr."""
    for notice in article.notices:
        print(f"qari: {sanitise_line(notice)}", file=sys.stderr)


def _write_lines(out: TextIO, lines: Iterable[str]) -> None:
    for line in lines:
        out.write(line + "\n")


_COMMANDS = {"render": _render, "toc": _toc, "list": _list}


def _utf8(stream: TextIO) -> TextIO:
    # Arabic must not crash a C-locale terminal: unencodable text degrades.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
