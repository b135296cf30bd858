import os
import threading
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.state import atomic_file
from reader.state.settings import (
    Settings,
    SettingsStore,
    load_settings,
    save_settings,
    settings_toml,
)
from reader.text.options import MEASURE


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "config" / "qari" / "settings.toml"


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_missing_file_gives_defaults_without_notice_and_creates_nothing(settings_path):
    assert load_settings(settings_path) == (Settings(), None)
    assert not settings_path.parent.exists()


def test_save_then_load_round_trips(settings_path):
    chosen = Settings(
        theme="light",
        bidi="logical",
        harakat="strip",
        measure=60,
        justify=True,
        sidebar="hidden",
    )
    save_settings(settings_path, chosen)
    assert load_settings(settings_path) == (chosen, None)


themes = st.text(min_size=1, max_size=30).filter(str.isprintable)


@given(
    theme=themes,
    measure=st.integers(*MEASURE.bounds),
    justify=st.booleans(),
    sidebar=st.sampled_from(["auto", "left", "right", "hidden"]),
)
def test_any_valid_settings_survive_the_hand_written_toml(theme, measure, justify, sidebar):
    settings = Settings(theme=theme, measure=measure, justify=justify, sidebar=sidebar)
    table = tomllib.loads(settings_toml(settings))
    assert Settings(**table) == settings


def test_awkward_theme_strings_are_escaped(settings_path):
    settings = Settings(theme='a "quoted" \\ back-slashed name')
    save_settings(settings_path, settings)
    assert load_settings(settings_path) == (settings, None)


def test_broken_toml_gives_defaults_and_a_notice_naming_the_file(settings_path):
    write(settings_path, b'theme = "light"\nmeasure = = 3\n')
    settings, notice = load_settings(settings_path)
    assert settings == Settings()
    assert notice is not None
    assert str(settings_path) in notice
    assert "TOML" in notice
    assert "\n" not in notice


def test_broken_file_is_never_overwritten_by_an_update(settings_path):
    original = b'theme = "light"\nmeasure = = 3\n# my notes\n'
    write(settings_path, original)
    store = SettingsStore.load(settings_path)
    assert store.broken
    notice = store.update(theme="sepia", measure=80)
    assert notice == store.notice
    assert store.settings.theme == "sepia"
    assert store.settings.measure == 80
    assert settings_path.read_bytes() == original
    assert os.listdir(settings_path.parent) == ["settings.toml"]


def test_bad_values_fall_back_one_key_at_a_time(settings_path):
    write(
        settings_path,
        b'theme = "light"\nbidi = "sideways"\nmeasure = "wide"\njustify = 1\n'
        b'sidebar = "right"\ncolour = "blue"\n',
    )
    settings, notice = load_settings(settings_path)
    assert settings == Settings(theme="light", sidebar="right")
    assert notice is not None
    for problem in ("bidi", "measure", "justify", "colour"):
        assert problem in notice
    assert "\n" not in notice


def test_file_with_bad_values_is_left_untouched_too(settings_path):
    original = b'theme = "light"\nmeasure = 7200\n'
    write(settings_path, original)
    store = SettingsStore.load(settings_path)
    assert store.settings == Settings(theme="light")
    assert store.update(justify=True) is not None
    assert settings_path.read_bytes() == original


@pytest.mark.parametrize(
    "content",
    [b"measure = true\n", b"measure = 72.0\n", b'theme = ""\n', b"[theme]\nname = 1\n"],
)
def test_wrong_types_are_reported(settings_path, content):
    write(settings_path, content)
    settings, notice = load_settings(settings_path)
    assert settings == Settings()
    assert notice is not None


def test_non_utf8_file_is_reported(settings_path):
    write(settings_path, b'theme = "\xff\xfe"\n')
    settings, notice = load_settings(settings_path)
    assert settings == Settings()
    assert notice is not None
    assert "UTF-8" in notice


def test_unreadable_path_is_reported_not_raised(settings_path):
    settings_path.mkdir(parents=True)
    settings, notice = load_settings(settings_path)
    assert settings == Settings()
    assert notice is not None
    store = SettingsStore(settings_path, settings, notice)
    assert store.update(theme="light") is not None
    assert settings_path.is_dir()


def test_update_saves_and_a_fresh_load_sees_it(settings_path):
    store = SettingsStore.load(settings_path)
    assert store.notice is None
    assert store.update(harakat="strip") is None
    assert load_settings(settings_path) == (Settings(harakat="strip"), None)


def test_update_without_a_change_writes_nothing(settings_path):
    store = SettingsStore.load(settings_path)
    assert store.update(theme="dark") is None
    assert not settings_path.exists()


def test_update_rejects_mistakes_in_the_caller(settings_path):
    store = SettingsStore.load(settings_path)
    with pytest.raises(ValueError):
        store.update(bidi="sideways")
    with pytest.raises(TypeError):
        store.update(colour="blue")
    assert store.settings == Settings()
    assert not settings_path.exists()


def test_failed_replace_leaves_the_old_file_and_no_temporary(settings_path, monkeypatch):
    save_settings(settings_path, Settings(theme="light"))
    before = settings_path.read_bytes()

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", refuse)
    store = SettingsStore.load(settings_path)
    notice = store.update(theme="sepia")
    assert notice is not None
    assert "No space left" in notice
    assert settings_path.read_bytes() == before
    assert os.listdir(settings_path.parent) == ["settings.toml"]


def test_save_keeps_the_file_mode_and_leaves_no_temporary(settings_path):
    save_settings(settings_path, Settings())
    settings_path.chmod(0o640)
    save_settings(settings_path, Settings(theme="light"))
    assert settings_path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(settings_path.parent) == ["settings.toml"]


def test_save_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "settings.toml"
    save_settings(real, Settings())
    link = tmp_path / "config" / "settings.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    save_settings(link, Settings(theme="light"))
    assert link.is_symlink()
    assert load_settings(real)[0].theme == "light"


def test_concurrent_writers_never_leave_a_torn_file(settings_path):
    save_settings(settings_path, Settings())
    candidates = [Settings(theme="a" * 500), Settings(theme="b", measure=40, justify=True)]
    seen_notices: list[str] = []
    done = threading.Event()

    def writer(settings):
        for _ in range(40):
            save_settings(settings_path, settings)

    def reader():
        while not done.is_set():
            settings, notice = load_settings(settings_path)
            if notice is not None:
                seen_notices.append(notice)
            assert settings in candidates or settings == Settings()

    threads = [threading.Thread(target=writer, args=(s,)) for s in candidates]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    watcher.join()
    assert seen_notices == []
    assert load_settings(settings_path)[0] in candidates
    assert os.listdir(settings_path.parent) == ["settings.toml"]


@pytest.mark.parametrize("theme", ["", "two\nlines", "bell\x07", "del\x7f"])
def test_themes_that_toml_would_need_escapes_for_are_rejected(theme):
    with pytest.raises(ValueError):
        Settings(theme=theme)


def test_the_old_key_bidi_mode_is_still_read_and_saved_as_bidi(settings_path):
    write(settings_path, b'bidi_mode = "logical"\ntheme = "light"\n')
    store = SettingsStore.load(settings_path)
    assert (store.settings, store.notice) == (Settings(theme="light", bidi="logical"), None)
    assert store.update(harakat="strip") is None
    saved = tomllib.loads(settings_path.read_text())
    assert saved["bidi"] == "logical" and "bidi_mode" not in saved


def test_the_new_key_wins_over_the_old_one(settings_path):
    write(settings_path, b'bidi = "visual"\nbidi_mode = "logical"\n')
    assert load_settings(settings_path) == (Settings(bidi="visual"), None)


def test_the_keymap_table_is_read_and_written_back(settings_path):
    write(settings_path, b'theme = "light"\n\n[keymap]\nnext-section = "n"\nquit = "ctrl+q,q"\n')
    store = SettingsStore.load(settings_path)
    assert store.notice is None
    assert store.settings.keymap == (("next-section", "n"), ("quit", "ctrl+q,q"))
    assert store.update(harakat="strip") is None
    assert tomllib.loads(settings_path.read_text())["keymap"] == {
        "next-section": "n",
        "quit": "ctrl+q,q",
    }


@pytest.mark.parametrize(
    "content", [b'keymap = "n"\n', b"[keymap]\nnext-section = 1\n", b'[keymap]\nquit = ""\n']
)
def test_a_bad_keymap_is_reported_and_ignored(settings_path, content):
    write(settings_path, content)
    settings, notice = load_settings(settings_path)
    assert settings.keymap == ()
    assert notice is not None and "keymap" in notice


# -- settings files of the wrong kind or size (issue 9) --------------------------


def load_within(path, seconds: float = 30):
    """load_settings, or a failure if it blocks (a pipe) instead of returning."""
    result = []
    thread = threading.Thread(target=lambda: result.append(load_settings(path)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, "load_settings blocked"
    return result[0]


def test_a_pipe_as_the_settings_file_is_refused_without_blocking(settings_path):
    settings_path.parent.mkdir(parents=True)
    os.mkfifo(settings_path)
    settings, notice = load_within(settings_path)
    assert settings == Settings()
    assert "is a pipe, not a file" in notice


def test_settings_linked_to_dev_zero_are_refused_unread(settings_path):
    settings_path.parent.mkdir(parents=True)
    settings_path.symlink_to("/dev/zero")
    settings, notice = load_within(settings_path)
    assert settings == Settings()
    assert "is a device, not a file" in notice


def test_a_huge_settings_file_is_not_read_whole(settings_path, monkeypatch):
    from reader.state import settings as settings_module

    write(settings_path, b"x = 1\n" * 10_000_000)  # 60 MB
    reads = []
    real_read = settings_module.read_regular_file
    monkeypatch.setattr(
        settings_module,
        "read_regular_file",
        lambda path, limit: reads.append(limit) or real_read(path, limit),
    )
    settings, notice = load_settings(settings_path)
    assert settings == Settings()
    assert reads == [settings_module.MAX_SETTINGS_BYTES + 1]
    assert "is larger than" in notice and len(notice) < 400


def test_a_file_of_many_problems_gives_a_short_notice(settings_path):
    write(settings_path, "".join(f"unknown_{n} = {n}\n" for n in range(2000)).encode())
    _, notice = load_settings(settings_path)
    assert "(and 1995 more)" in notice
    assert len(notice) < 600


def test_a_long_unknown_name_is_cut_short_in_the_notice(settings_path):
    write(settings_path, f"{'k' * 20_000} = 1\n".encode())
    _, notice = load_settings(settings_path)
    assert len(notice) < 400
