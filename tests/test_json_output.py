"""Whatever text a document quotes, the JSON the CLI writes carries nothing a
terminal would act on, and parses back to the same text (issue 9: `qari toc
--json` and `qari list --json` wrote U+009B, CSI, raw)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.article.load import load_article
from reader.cli import _write_json, main, table_of_contents
from reader.library.commands import list_library

# What must never reach a terminal: C0 but the newline, DEL, C1, the bidi
# controls, and lone surrogates (no terminal encoding carries them).
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# Every kind of character, controls and surrogates most of all.
ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec=None),
        st.sampled_from("\x1b\x07\x7f\x85\x9b\x9c\x9d\u061c\u200e\u200f\u202a\u202e\u2066\u2069"),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=40,
)
JSON_DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)


def written(document: object, encoding: str = "utf-8") -> str:
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    assert _write_json(out, document) == 0
    out.flush()
    data = out.buffer.getvalue()  # type: ignore[attr-defined]
    return data.decode(encoding)


@given(JSON_DOCUMENTS)
def test_the_json_writer_escapes_every_control_and_keeps_the_text(document):
    text = written(document)
    assert not FORBIDDEN.search(text)
    assert json.loads(text) == document


@given(JSON_DOCUMENTS)
def test_an_ascii_only_stdout_gets_escapes_not_question_marks(document):
    text = written(document, encoding="ascii")
    assert json.loads(text) == document


# File names: any bytes a name may hold (not UTF-8 either), as an article.
# A name starting with "." is a hidden file, which a library does not list.
FILE_NAMES = st.binary(min_size=1, max_size=60).map(
    lambda raw: (
        (b"_" + raw[1:] if raw.startswith(b".") else raw).replace(b"/", b"_").replace(b"\x00", b"_")
        + b".txt"
    )
)


def plain_article(title: str, heading: str, body: str) -> str:
    # One line each: the parser reads the title, a heading between two
    # paragraphs, and the paragraphs as they are. No NUL: that is a binary file.
    def line(text: str) -> str:
        return " ".join(text.replace("\x00", "").split()) or "x"

    return f"{line(title)}\n\n{line(body)}.\n\n{line(heading)}\n\n{line(body)} end.\n"


# capsys is read (and so emptied) after every command.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=ANY_TEXT, heading=ANY_TEXT, body=ANY_TEXT, name=FILE_NAMES)
def test_every_command_writes_json_with_no_control_in_it(capsys, title, heading, body, name):
    folder = Path(tempfile.mkdtemp())
    try:
        path = Path(os.fsdecode(folder / os.fsdecode(name)))
        text = plain_article(title, heading, body)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: bad UTF-8
        for argv, expected in (
            (["toc", str(path), "--json"], lambda: table_of_contents(load_article(path))),
            (["list", str(folder), "--json"], lambda: library_rows(folder)),
        ):
            code = main(argv)
            out, err = capsys.readouterr()
            assert code == 0, err
            assert not FORBIDDEN.search(out), argv
            assert not FORBIDDEN.search(err.replace("\n", "")), argv
            assert json.loads(out) == expected()
    finally:
        shutil.rmtree(folder)


def library_rows(folder: Path) -> list[dict[str, str | None]]:
    summaries, _ = list_library(folder)
    return [
        {"path": str(s.path), "title": s.title, "source": s.source, "date": s.date}
        for s in summaries
    ]
