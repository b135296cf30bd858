from reader.text.options import LayoutOptions
from reader.ui.session import Session


def write_settings(xdg, text: str) -> None:
    xdg[0].mkdir(parents=True, exist_ok=True)
    (xdg[0] / "settings.toml").write_text(text)


def test_settings_give_the_layout_options(xdg):
    write_settings(
        xdg,
        'bidi = "logical"\nharakat = "strip"\nmeasure = 60\njustify = true\ntheme = "sepia"\n',
    )
    session = Session.open(LayoutOptions())
    try:
        assert session.options == LayoutOptions(
            bidi="logical", harakat="strip", measure=60, justify=True
        )
        assert session.theme == "sepia"
        assert session.notices == []
    finally:
        session.close()


def test_the_command_line_wins_for_what_it_sets(xdg):
    write_settings(xdg, 'bidi = "logical"\nmeasure = 60\ntheme = "sepia"\n')
    session = Session.open(LayoutOptions(harakat="strip", measure=90, direction="rtl"), "light")
    try:
        assert session.options == LayoutOptions(
            bidi="logical", harakat="strip", measure=90, direction="rtl"
        )
        assert session.theme == "light"
        # The command line is for this run: the file keeps the reader's choice.
        assert 'theme = "sepia"' in (xdg[0] / "settings.toml").read_text()
    finally:
        session.close()


def test_positions_are_kept_by_resolved_path(xdg, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("x")
    session = Session.open(LayoutOptions())
    try:
        assert session.position(article) is None
        session.save_position(article, 3, 14)
        assert session.position(tmp_path / "." / "a.txt") == (3, 14)
    finally:
        session.close()
    again = Session.open(LayoutOptions())
    try:
        assert again.position(article) == (3, 14)
    finally:
        again.close()


def test_a_typed_flag_wins_even_when_it_names_the_default(tmp_path, monkeypatch):
    # Settings say logical; `qari --bidi visual` must read visually this run.
    from reader.state.settings import SETTINGS_FILENAME
    from reader.text.options import LayoutOptions
    from reader.ui.session import Session

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    config = tmp_path / "config" / "qari"
    config.mkdir(parents=True)
    (config / SETTINGS_FILENAME).write_text('bidi_mode = "logical"\nharakat = "strip"\n')
    session = Session.open(LayoutOptions(bidi="visual"), None, given={"bidi"})
    try:
        assert session.options.bidi == "visual"
        assert session.options.harakat == "strip"  # not typed: the settings file's
    finally:
        session.close()
