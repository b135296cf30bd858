import pytest

from reader.article.model import Article, Metadata, Section
from reader.page import Page
from reader.state.settings import Settings, setting_problem
from reader.text.options import LAYOUT_OPTIONS, MEASURE, LayoutOptions


def test_the_fields_are_the_table_in_its_order_with_its_defaults():
    assert LayoutOptions._fields == tuple(option.name for option in LAYOUT_OPTIONS)
    assert tuple(LayoutOptions()) == tuple(option.default for option in LAYOUT_OPTIONS)
    assert (LayoutOptions().bidi, LayoutOptions().measure) == ("visual", 72)


def test_the_settings_file_keeps_the_saved_options_under_the_same_names_and_defaults():
    settings = Settings()
    for option in LAYOUT_OPTIONS:
        if option.saved:
            assert getattr(settings, option.name) == option.default
        else:
            assert not hasattr(settings, option.name)


def test_options_are_frozen_and_hashable():
    # The page caches prepared paragraphs by (text, options).
    options = LayoutOptions(bidi="logical")
    assert {options: 1}[LayoutOptions(bidi="logical")] == 1
    with pytest.raises(AttributeError):
        options.bidi = "visual"  # type: ignore[misc]


@pytest.mark.parametrize("value", [1, 19, 501])
def test_a_measure_out_of_bounds_is_refused_alike_by_the_cli_the_file_and_the_layout(value, capsys):
    from reader.cli import main

    reason = f"measure must be between 20 and 500, not {value}"
    assert MEASURE.problem(value) == reason
    assert setting_problem("measure", value) == reason
    with pytest.raises(ValueError, match=reason):
        Page(
            Article(None, Metadata("t"), (Section(None, 1, ()),)), 80, LayoutOptions(measure=value)
        )
    with pytest.raises(SystemExit) as exit:
        main(["render", "any.txt", "--measure", str(value)])
    assert exit.value.code == 2
    assert capsys.readouterr().err == (f"qari: argument --measure: {reason} (see qari --help)\n")


def test_bounds_and_choices_are_accepted_at_their_edges():
    assert MEASURE.problem(20) is None and MEASURE.problem(500) is None
    assert MEASURE.problem(True) == "measure must be a whole number, not True"
    bidi = LAYOUT_OPTIONS[0]
    assert bidi.problem("logical") is None
    assert bidi.problem("sideways") == "bidi must be one of visual, logical, not 'sideways'"


def test_every_option_is_a_flag_of_its_own_name(capsys):
    from reader.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for option in LAYOUT_OPTIONS:
        assert option.flag in shown
        assert option.help.split(",")[0] in " ".join(shown.split())
