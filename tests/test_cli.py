"""The `qari` command line contract: render, toc, list and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.cli import main
from reader.resources import articles_dir

SEED = articles_dir() / "000_be68ca890cbf5680.txt"
TITLE = "سيول تحذر روسيا من أي تعاون عسكري مع كوريا الشمالية"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("width", [40, 60, 80])
def test_render_fits_the_width_and_sends_no_escapes(capsys, width):
    code, out, err = run(capsys, "render", str(SEED), "--width", str(width))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) > 20
    assert all(cell_len(line) <= width for line in lines)
    assert "\x1b" not in out


def test_render_visual_shows_the_title_shaped_and_reordered(capsys):
    from reader.text.shape import shape

    code, out, _ = run(capsys, "render", str(SEED), "--width", "100", "--measure", "100")
    assert code == 0
    first = out.splitlines()[0].strip()
    # A purely right-to-left line (no digits, no marks) is drawn reversed.
    assert first == shape(TITLE)[::-1]
    assert first != TITLE


def test_render_logical_keeps_logical_unshaped_text(capsys):
    code, out, _ = run(
        capsys, "render", str(SEED), "--bidi", "logical", "--width", "100", "--measure", "100"
    )
    assert code == 0
    assert out.splitlines()[0].strip() == TITLE


def test_render_strips_harakat_on_request(capsys):
    poem = articles_dir() / "mutanabbi-poetry.txt"
    _, kept, _ = run(capsys, "render", str(poem))
    _, stripped, _ = run(capsys, "render", str(poem), "--harakat", "strip")
    assert any("\u064b" <= c <= "\u0652" for c in kept)
    assert not any("\u064b" <= c <= "\u0652" for c in stripped)


def test_toc_json_of_the_seed(capsys):
    code, out, _ = run(capsys, "toc", str(SEED), "--json")
    assert code == 0
    toc = json.loads(out)
    assert toc["title"] == TITLE
    assert toc["source"] == "صدى البلد"
    assert len(toc["credits"]) == 4 and toc["credits"][0] == "الإشراف العام"
    assert [(s["title"], s["paragraphs"]) for s in toc["sections"]] == [
        (None, 3),
        ("الخلفية", 2),
        ("التطورات الأخيرة", 3),
        ("الآثار المحتملة", 2),
    ]
    assert all(isinstance(s["level"], int) for s in toc["sections"])


def test_list_json_of_the_bundled_library(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 8
    assert {"path", "title", "source", "date"} <= set(rows[0])
    assert any(row["title"] == TITLE for row in rows)
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates, reverse=True)


_LIST_THEN_MODULES = """
import contextlib, io, sys
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["list", sys.argv[1], "--json"])
print(code, "multiprocessing" in sys.modules)
"""


def test_list_does_not_import_what_only_full_text_needs(tmp_path):
    # Helper processes read full texts; `qari list` reads none, and the
    # import of multiprocessing was a fiftieth of its second.
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", _LIST_THEN_MODULES, str(articles_dir())],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert done.stdout.split() == ["0", "False"]


def test_list_plain_prints_every_article(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert len(out.splitlines()) >= 8


@pytest.mark.parametrize(
    "make, argv",
    [
        (lambda tmp: None, ["render", "{tmp}/missing.txt"]),
        (lambda tmp: (tmp / "empty").mkdir(), ["list", "{tmp}/empty"]),
        (
            lambda tmp: (tmp / "bin.txt").write_bytes(b"\x00\x01\x02" * 100),
            ["render", "{tmp}/bin.txt"],
        ),
        (lambda tmp: None, ["toc", "{tmp}"]),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys, tmp_path, make, argv):
    make(tmp_path)
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv])
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("qari: ")
    assert "Traceback" not in err


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["render", str(SEED), "--width", "zero"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1


def test_error_messages_are_sanitised(capsys, tmp_path):
    code, _, err = run(capsys, "render", str(tmp_path / "evil\x1b]2;pwned\x07.txt"))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "␛" in err


def test_python_dash_m_reader_renders(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "render", str(SEED), "--width", "50"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert all(cell_len(line) <= 50 for line in result.stdout.splitlines())


def test_list_names_a_skipped_file_once(capsys, tmp_path):
    (tmp_path / "good.txt").write_text("عنوان\n\nفقرة.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00" * 64)
    code, _, err = run(capsys, "list", str(tmp_path))
    assert code == 0
    assert err.count("bad.txt") == 1


def test_a_locale_that_is_not_utf8_gets_utf8_and_one_line_saying_so():
    # PYTHONIOENCODING stands for a server locale such as en_US.ISO-8859-1,
    # which this machine may not have installed.
    import os

    env = dict(os.environ, PYTHONIOENCODING="iso-8859-1")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "render", str(SEED), "--width", "100", "--measure", "100"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0
    from reader.text.shape import shape

    assert done.stdout.decode("utf-8").splitlines()[0].strip() == shape(TITLE)[::-1]
    assert b"?" not in done.stdout.splitlines()[0]
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("qari: the locale's encoding is iso8859-1, not UTF-8")


def test_the_readme_documents_every_option_qari_help_shows(capsys):
    import re

    with pytest.raises(SystemExit):
        main(["--help"])
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", capsys.readouterr().out))
    assert {"--theme", "--no-mouse", "--bidi", "--no-justify"} <= options
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert sorted(option for option in options if f"`{option}" not in readme) == []


def test_error_lines_show_bidi_controls_as_tags(capsys, tmp_path):
    # A file name with an override must not reverse the rest of the line.
    code, _, err = run(capsys, "render", str(tmp_path / "report\u202efdp.exe.txt"))
    assert code == 1
    assert "\u202e" not in err and "report‹RLO›fdp.exe.txt" in err


def test_render_with_standard_output_closed_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "render", str(SEED)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
        # `>&-`: the child starts with descriptor 1 closed.
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "qari: standard output is closed; there is nowhere to print"
    ]


def test_render_to_a_full_disk_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "render", str(SEED)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=Path(__file__).parent.parent,
        )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "No space left" in result.stderr


def test_render_in_a_terminal_trusts_its_size_over_columns(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "render", str(SEED), "--bidi", "logical"],
            stdout=child,
            stderr=subprocess.PIPE,
            timeout=60,
            cwd=Path(__file__).parent.parent,
            env={**os.environ, "COLUMNS": "100000000"},
        )
        os.close(child)
        output = b""
        while True:
            try:
                chunk = os.read(parent, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(parent)
    assert result.returncode == 0, result.stderr
    lines = output.decode().replace("\r\n", "\n").splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 50


def test_list_a_file_lists_its_own_folder_only(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("العنوان الأول\n\nنص.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("العنوان الثاني\n\nنص.\n", encoding="utf-8")
    code, out, _ = run(capsys, "list", str(tmp_path / "a.txt"), "--json")
    assert code == 0
    assert [row["title"] for row in json.loads(out)] == ["العنوان الأول"]


def test_list_says_once_which_folders_it_could_not_read(capsys, tmp_path, monkeypatch):
    import os

    for name in ("open", "closed-1", "closed-2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text("عنوان\n\nنص.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if "closed" in str(path):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "list", str(tmp_path), "--json")
    assert code == 0 and len(json.loads(out)) == 1
    assert err == f"qari: could not read the folder {tmp_path / 'closed-1'} (and 1 more)\n"


def test_search_json_gives_path_title_section_paragraph_and_snippet(capsys):
    code, out, _ = run(capsys, "search", "وزير الخارجية", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and set(rows[0]) == {"path", "title", "section", "paragraph", "snippet"}
    seed = [row for row in rows if row["path"] == str(SEED)]
    assert seed == [
        {
            "path": str(SEED),
            "title": TITLE,
            "section": None,
            "paragraph": 1,
            "snippet": "وفي هذا الإطار، قال نائب وزير الخارجية الكوري الجنوبي، تشانج هو جين، إن"
            " روسيا يجب أن توقف فورا أي…",
        }
    ]


def test_search_finds_arabic_forms_of_the_query(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(
        "خبر\n\nالمصدر\n\nزار الوزير والمدرسة الجديدة.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("خبر آخر\n\nالمصدر\n\nدرس في التاريخ.\n", encoding="utf-8")
    code, out, _ = run(capsys, "search", "مَدْرَسَة", str(tmp_path), "--json")
    assert code == 0
    assert [Path(row["path"]).name for row in json.loads(out)] == ["a.txt"]


def test_search_with_no_hits_prints_an_empty_array(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("خبر\n\nنص.\n", encoding="utf-8")
    code, out, err = run(capsys, "search", "غير موجود", str(tmp_path), "--json")
    assert (code, out, err) == (0, "[]\n", "")


def test_search_text_output_is_laid_out_like_list(capsys):
    code, out, _ = run(capsys, "search", "الخلفية")
    assert code == 0
    lines = out.splitlines()
    assert lines and all(cell_len(line) <= 80 for line in lines)
    from reader.text.labels import fit_label
    from reader.text.options import LayoutOptions

    assert fit_label(TITLE, 200, LayoutOptions()).text in out


def test_search_json_escapes_what_a_terminal_would_obey(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(
        "عنوان \x9b31m\u202e\n\nنص فيه كلمة\x1b]2;x\x07 المدرسة.\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "search", "مدرسة", str(tmp_path), "--json")
    assert code == 0
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")
    assert json.loads(out)[0]["title"] == "عنوان \x9b31m\u202e"
