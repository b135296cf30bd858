import pytest

from reader.text.options import DEFAULT_MEASURE, LayoutOptions


def test_defaults_are_visual_with_harakat_and_auto_direction():
    options = LayoutOptions()
    assert (options.mode, options.harakat, options.direction) == ("visual", "keep", "auto")
    assert options.measure == DEFAULT_MEASURE
    assert not options.justify
    assert not options.reveal_controls


def test_options_are_frozen_and_hashable():
    # The page caches prepared paragraphs by (text, options).
    options = LayoutOptions(mode="logical")
    assert {options: 1}[LayoutOptions(mode="logical")] == 1
    with pytest.raises(AttributeError):
        options.mode = "visual"  # type: ignore[misc]
