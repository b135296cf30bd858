"""Files from the web: each hostile shape is handled without a crash, a hang
or a control character reaching the terminal (issue: untrusted input)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.article.load import load_article
from reader.cli import main
from reader.page import Page
from reader.text.options import LayoutOptions

# What must never reach a terminal: C0 (but newline), DEL, C1 and the bidi
# controls (in visual mode).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def render(capsys, path: Path, *options: str) -> str:
    code = main(["render", str(path), "--width", "60", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not FORBIDDEN.search(out)
    assert all(cell_len(line) <= 60 for line in out.splitlines())
    return out


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86\n\n\xff\xfe\xfd ok \xc3(\n",
            id="invalid-utf8",
        ),
        pytest.param("عنوان\n\na \udc80 b\n".encode("utf-8", "surrogatepass"), id="lone-surrogate"),
        pytest.param("عنوان\r\n\r\nفقرة أولى.\r\n".encode(), id="crlf"),
        pytest.param("عنوان\rفقرة أولى.\rفقرة ثانية.\r".encode(), id="lone-cr"),
        pytest.param("\ufeffعنوان\n\nفقرة.\n".encode(), id="bom"),
        pytest.param(("عنوان\n\nب" + "\u064e" * 5000 + " كلمة.\n").encode(), id="5000-harakat"),
        pytest.param(b"", id="empty"),
        pytest.param(
            b"title \x1b]2;pwned\x07\n\nclear \x1b[2J clip \x1b]52;c;ZXZpbA==\x07 csi \xc2\x9b31m\n",
            id="escapes",
        ),
        pytest.param(
            "عنوان\n\nقال \u202eالمسؤول\u202c إن \u2067abc\u2069 انتهى.\n".encode(),
            id="bidi-overrides",
        ),
    ],
)
def test_hostile_text_renders_safely(capsys, tmp_path, data):
    render(capsys, write(tmp_path, "a.txt", data))


def test_escape_sequences_are_shown_as_placeholders(capsys, tmp_path):
    path = write(tmp_path, "a.txt", b"title\n\nclear \x1b[2J here \xc2\x9b31m.\n")
    out = render(capsys, path, "--direction", "ltr")
    assert "␛[2J" in out and "␦31m" in out


def test_bidi_override_acts_only_inside_its_paragraph(capsys, tmp_path):
    # An unterminated RLO in one paragraph must not reverse the next one.
    path = write(
        tmp_path, "a.txt", b"Title\n\nfirst \xe2\x80\xae paragraph.\n\nsecond paragraph.\n"
    )
    out = render(capsys, path)
    assert "second paragraph." in out
    assert "hpargarap" in out


def test_reveal_controls_names_them(capsys, tmp_path):
    path = write(tmp_path, "a.txt", "Title\n\nx \u202eabc\u202c y.\n".encode())
    out = render(capsys, path, "--reveal-controls")
    assert "‹RLO›" in out and "‹PDF›" in out


def test_a_megabyte_line_without_spaces(capsys, tmp_path):
    out = render(capsys, write(tmp_path, "a.txt", ("عنوان\n\n" + "ب" * 1_000_000).encode()))
    assert len(out.splitlines()) > 16_000


def test_markdown_nested_deeper_than_the_parser_goes(capsys, tmp_path):
    text = "# t\n\n" + "> " * 150 + "deep\n\n" + "  " * 120 + "- item\n\nafter.\n"
    out = render(capsys, write(tmp_path, "a.md", text.encode()))
    assert "after." in out


def test_link_shows_its_real_target(capsys, tmp_path):
    path = write(tmp_path, "a.md", b"# t\n\nSee [bank.example](https://evil.example/login).\n")
    out = render(capsys, path)
    assert "https://evil.example/login" in out


def test_binary_file_is_refused(capsys, tmp_path):
    code = main(["render", str(write(tmp_path, "a.txt", b"PK\x03\x04\x00\x00" * 50))])
    assert code == 1
    assert "binary" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_special_files_are_refused_without_blocking(capsys, tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif kind == "dev-zero":
        path = Path("/dev/zero")
    else:
        path = tmp_path
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(main(["render", str(path)])))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "qari blocked on a special file"
    assert result == [1]
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_200_megabyte_file_opens_at_once(tmp_path):
    path = tmp_path / "huge.txt"
    chunk = ("فقرة عربية تتكرر لملء الملف الكبير جدا. " * 20 + "\n\n").encode()
    with path.open("wb") as file:
        file.write("عنوان ضخم\n\n".encode())
        file.write(chunk * (200_000_000 // len(chunk)))
    article = load_article(path)
    assert article.notices  # says it read only part of the file
    page = Page(article, 80, LayoutOptions())
    page.extend(24)
    assert len(page.lines) >= 24
    assert not page.done  # the rest is laid out only when asked for


def test_a_file_rewritten_after_loading_keeps_the_loaded_text(tmp_path):
    path = write(tmp_path, "a.txt", "عنوان\n\nفقرة أولى.\n".encode())
    article = load_article(path)
    path.write_bytes(b"\x00" * 10)
    path.unlink()
    lines = list(Page(article, 40, LayoutOptions()))
    assert any(line.text for line in lines)
