"""`qari serve`'s arguments: what it refuses to start with, in one line."""

import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.resources import articles_dir
from reader.serve.options import ServeOptions, options_problem, user_library

REPO = Path(__file__).resolve().parents[2]


def test_readers_must_be_named_or_the_server_open(tmp_path):
    problem = options_problem(ServeOptions(library=tmp_path))
    assert problem is not None
    assert "--authorized-keys" in problem and "--open" in problem
    assert options_problem(ServeOptions(library=tmp_path, open=True)) is None
    keys = ServeOptions(library=tmp_path, authorized_keys=tmp_path / "keys")
    assert options_problem(keys) is None


def test_both_at_once_is_refused(tmp_path):
    both = ServeOptions(library=tmp_path, open=True, authorized_keys=tmp_path / "k")
    assert options_problem(both) == "serve takes --authorized-keys FILE or --open, not both"


def test_the_library_must_be_a_folder(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("نص")
    assert options_problem(ServeOptions(library=article, open=True)) == (
        f"{article}: not a folder of articles"
    )
    missing = tmp_path / "missing"
    assert "not a folder" in (options_problem(ServeOptions(library=missing, open=True)) or "")


def test_the_users_library_is_the_bundled_one_for_now():
    assert user_library() == articles_dir()


def test_the_default_is_the_loopback_address(tmp_path):
    assert ServeOptions(library=tmp_path).host == "127.0.0.1"


def run_qari(*args, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=30,
    )


def test_without_keys_or_open_it_does_not_start(tmp_path):
    done = run_qari("serve", str(tmp_path), tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("qari: serve needs --authorized-keys FILE")
    # Nothing was made: no host key for a server that never ran.
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--open", "--authorized-keys", "k"],
        ["--open", "--port", "70000"],
        ["--open", "--port", "x"],
        ["--open", "--max-sessions", "0"],
        ["--open", "--idle-timeout", "-5"],
    ],
)
def test_bad_arguments_are_one_line(args, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["serve", str(tmp_path), *args])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("qari: ") and err.count("\n") == 1


def test_an_unreadable_keys_file_is_one_line(tmp_path):
    done = run_qari(
        "serve", str(tmp_path), "--authorized-keys", str(tmp_path / "nope"), tmp_path=tmp_path
    )
    assert done.returncode == 1
    assert done.stderr == f"qari: cannot read {tmp_path / 'nope'}: No such file or directory\n"


def test_without_asyncssh_it_says_how_to_get_it(tmp_path):
    # An install without the serve extra: asyncssh cannot be imported.
    code = (
        "import sys; sys.modules['asyncssh'] = None\n"
        "from reader.cli import main\n"
        f"sys.exit(main(['serve', {str(tmp_path)!r}, '--open']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=30
    )
    assert done.returncode == 1
    assert done.stderr == "qari: serving needs asyncssh: pip install 'qari[serve]'\n"
