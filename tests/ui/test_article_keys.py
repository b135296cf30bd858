"""Every reading key, on the seed article, also as an Arabic layout sends it.

Each test runs one app through the Latin keys and then through their
Arabic-layout twins: starting an app costs more than pressing keys.
"""

from __future__ import annotations

from tests.ui.conftest import SEED, SEED_SECTIONS
from tests.ui.helpers import main_screen, press, run, top_block, view


def heading_on_top(app) -> str | None:
    role, text = top_block(app)
    return text if role == "heading" else None


def test_section_keys_put_each_heading_on_the_top_line(make_app):
    app = make_app(SEED)
    first, second, third = SEED_SECTIONS

    async def scenario(pilot) -> None:
        for next_key, previous_key in [("]", "["), ("د", "ج")]:
            await press(pilot, "g")
            seen = []
            for key in [next_key] * 4 + [previous_key] * 2:
                await press(pilot, key)
                seen.append(heading_on_top(app))
            # The fourth `]` has nowhere to go and leaves the last heading on top.
            assert seen == [first, second, third, third, second, first], next_key

    run(app, scenario)


def test_previous_section_from_the_first_goes_to_the_top(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        await press(pilot, "]", "j", "[")
        assert heading_on_top(app) == SEED_SECTIONS[0]
        await press(pilot, "[")
        assert view(app).top_line == 0
        assert top_block(app)[0] == "title"

    run(app, scenario)


def test_digit_keys_go_to_section_n(make_app):
    app = make_app(SEED)
    first, second, third = SEED_SECTIONS

    async def scenario(pilot) -> None:
        for one, two, three in ["123", "١٢٣", "۱۲۳"]:
            seen = []
            for key in (three, one, two):
                await press(pilot, key)
                seen.append(heading_on_top(app))
            assert seen == [third, first, second], one
        # There is no ninth section: the view stays where it is.
        top = view(app).top_line
        await press(pilot, "9")
        assert view(app).top_line == top

    run(app, scenario)


def test_status_line_shows_section_and_progress(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        status = main_screen(app)._status
        assert status.text.endswith("0%")
        assert SEED_SECTIONS[0] not in status.text
        await press(pilot, "]")
        assert SEED_SECTIONS[0] in status.text
        percent = view(app).percent
        assert 0 < percent < 100
        assert status.text.endswith(f"{percent}%")
        await press(pilot, "G")
        assert status.text.endswith("100%")

    run(app, scenario)


def test_line_keys_move_one_line(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        for down, up in [("j", "k"), ("down", "up"), ("ت", "ن")]:
            await press(pilot, "g", down, down, down)
            assert view(app).top_line == 3, down
            await press(pilot, up)
            assert view(app).top_line == 2, up

    run(app, scenario)


def test_page_keys_move_a_page_keeping_one_line(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        height = view(app).scrollable_content_region.height
        for down, up in [("space", "b"), ("pagedown", "pageup"), ("space", "ﻻ")]:
            await press(pilot, "g", down)
            assert view(app).top_line == height - 1, down
            await press(pilot, down, up)
            assert view(app).top_line == height - 1, up

    run(app, scenario)


def test_top_and_bottom(make_app):
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        article_view = view(app)
        for top, bottom in [("g", "G"), ("home", "end"), ("ل", "ﻷ")]:
            await press(pilot, bottom)
            page = article_view.page
            assert page is not None and page.done
            height = article_view.scrollable_content_region.height
            assert article_view.top_line == len(page.lines) - height, bottom
            assert article_view.percent == 100
            await press(pilot, top)
            assert article_view.top_line == 0, top

    run(app, scenario)


def test_bottom_after_a_section_jump_ends_at_the_text(make_app):
    """A jump may scroll past the end so its heading is on top; `G` must
    still end with the last line at the bottom of the view."""
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        article_view = view(app)
        await press(pilot, "3", "G")
        page = article_view.page
        assert page is not None
        height = article_view.scrollable_content_region.height
        assert article_view.top_line == len(page.lines) - height
        assert article_view.max_scroll_y == article_view.top_line

    run(app, scenario)


def test_each_scrolling_key_costs_one_frame(make_app):
    """Over SSH every frame costs bytes: no animation, and the status line
    changes in the same frame as the text."""
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        frames: list[object] = []
        display = app._display

        def counting(screen, update) -> None:
            frames.append(update)
            display(screen, update)

        app._display = counting
        await pilot.pause(0.3)  # the footer settles after the first frames
        for key in ["j", "space", "k", "b", "]", "]", "[", "G", "g"]:
            frames.clear()
            await press(pilot, key)
            await pilot.pause(0.05)
            assert len(frames) == 1, key

    run(app, scenario)
