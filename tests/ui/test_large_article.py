"""A 5 MB article opens at once and answers keys while it is laid out."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from reader.ui.widgets import article_view as article_view_module
from tests.ui.conftest import SEED
from tests.ui.helpers import main_screen, press, run, screen_text, view

# Not a speed claim (speed lives in bench/): only how long a test waits before
# it calls the reader hung, generous for a busy shared machine.
HANG_SECONDS = 30


def big_article(folder: Path, size: int) -> Path:
    """A Markdown article of about `size` bytes: the seed's paragraphs
    under numbered headings."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p) > 150]
    parts, written, section = ["# مقال طويل جدا", ""], 0, 0
    while written < size:
        section += 1
        parts += [f"## القسم {section}", ""]
        for paragraph in paragraphs:
            parts += [paragraph, ""]
            written += len(paragraph.encode())
    path = folder / "big.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def five_megabytes(tmp_path_factory) -> Path:
    return big_article(tmp_path_factory.mktemp("big"), 5_000_000)


async def until(condition, seconds: float) -> float:
    """Wait for `condition`; returns the time it took (fails after `seconds`)."""
    start = time.perf_counter()
    while not condition():
        assert time.perf_counter() - start < seconds, "timed out"
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


def test_a_5_mb_article_opens_at_once_and_keys_answer_during_layout(make_app, five_megabytes):
    app = make_app(five_megabytes)

    async def scenario(pilot, article_view, page) -> None:
        assert not page.done  # laid out lazily
        # The layout in the background stopped where it is: it takes seconds
        # no more, and would be done before the keys on a quiet machine.
        article_view._stop_layout()
        # Posted, not pressed: Pilot.press waits for the CPU to go idle, which
        # it does not while the layout runs. Each key must move the view while
        # the layout is still going: keys do not wait for the whole article.
        for key in ["j", "right_square_bracket", "5", "space"]:
            before = article_view.top_line
            app.simulate_key(key)
            await until(lambda: article_view.top_line != before, HANG_SECONDS)  # noqa: B023
            assert not page.done
        assert article_view.heading_count > 10

    run_while_laid_out(app, scenario)


def run_while_laid_out(app, scenario) -> None:
    """Run `scenario(pilot, view, page)` as soon as the article has a page.
    Not through `run`, which waits for the app to settle: the scenario must
    start while the layout is still going."""

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            article_view = view(app)
            await until(lambda: article_view.page is not None, 5)
            await scenario(pilot, article_view, article_view.page)

    asyncio.run(drive())


def test_end_answers_at_once_and_keeps_the_last_line_while_the_rest_is_laid_out(make_app, tmp_path):
    async def scenario(pilot, article_view, page) -> None:
        assert not page.done
        app.simulate_key("G")
        await until(lambda: article_view.percent == 100, 30)
        assert not page.done  # the end was laid out first, what is above it follows
        await pilot.pause(0.1)
        drawn: list[int] = []
        render_line = article_view.render_line
        article_view.render_line = lambda y: drawn.append(y) or render_line(y)
        await until(lambda: page.done, 60)
        await pilot.pause(0.1)
        assert drawn == []  # the lines above were counted again without a repaint
        height = article_view.scrollable_content_region.height
        assert article_view.top_line == len(page.lines) - height
        assert article_view.percent == 100

    app = make_app(big_article(tmp_path, 1_000_000))
    run_while_laid_out(app, scenario)


def test_the_last_section_is_shown_at_once_and_a_line_up_is_the_line_above(make_app, tmp_path):
    async def scenario(pilot, article_view, page) -> None:
        article = article_view.article
        main_screen(app).go_to_section(article_view.heading_count - 1)
        assert article_view.section == len(article.sections) - 1
        assert not page.done
        top = page.lines[article_view.top_line]
        assert top.role == "heading"
        app.simulate_key("k")
        await until(lambda: page.lines[article_view.top_line + 1] == top, 5)
        assert not page.done

    app = make_app(big_article(tmp_path, 1_000_000))
    run_while_laid_out(app, scenario)


def test_the_rest_is_laid_out_after_the_first_frame_without_a_repaint(
    make_app, tmp_path, monkeypatch
):
    """Over SSH a repaint costs a screenful of bytes: the lines laid out in
    the background only let the view scroll further."""
    # One step of lines per slice, so that the background layout is still
    # going when the test looks, however fast the machine or the layout.
    monkeypatch.setattr(article_view_module, "_SLICE_SECONDS", 1e-4)

    async def scenario(pilot, article_view, page) -> None:
        assert not page.done  # a screenful before the first frame, not more
        await pilot.pause()
        assert not page.done
        drawn: list[int] = []
        render_line = article_view.render_line
        article_view.render_line = lambda y: drawn.append(y) or render_line(y)
        await until(lambda: page.done, HANG_SECONDS)
        await pilot.pause(0.1)
        assert drawn == []
        assert article_view.virtual_size.height == len(page.lines)
        app.simulate_key("G")
        await until(lambda: article_view.percent == 100, HANG_SECONDS)

    app = make_app(big_article(tmp_path, 1_000_000))
    run_while_laid_out(app, scenario)


def test_a_place_laid_out_anew_shows_its_whole_screen(make_app, tmp_path):
    # `c` lays the article out again at the same place: the view does not
    # move, and the rows below the place must still be laid out and drawn.
    path = tmp_path / "long.txt"
    path.write_text(
        "Title\n\n"
        + "\n\n".join(
            f"Paragraph {n} says something that takes a line or two to say, at eighty "
            "columns, in the article view."
            for n in range(80)
        )
        + "\n"
    )
    app = make_app(path)

    async def scenario(pilot) -> None:
        await press(pilot, "G")
        await press(pilot, *"kkkkk")
        assert "Paragraph 77" in screen_text(app)
        top = view(app).position
        for _ in range(2):
            await press(pilot, "c")
            assert view(app).position == top
            assert "Paragraph 71" in screen_text(app) and "Paragraph 77" in screen_text(app)

    run(app, scenario)


def test_a_page_down_before_the_background_layout_moves_a_whole_page(make_app):
    # Only a screenful is laid out before the first frame; a key pressed
    # before the slices that follow must still move a whole page.
    app = make_app(SEED)

    async def scenario(pilot) -> None:
        article_view = view(app)
        article_view._stop_layout()  # as if the first slice had not run yet
        page = article_view.page
        assert page is not None and not page.done
        await pilot.press("space")
        assert article_view.top_line == article_view.scrollable_content_region.height - 1

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: view(app).page is not None, 5)
            await scenario(pilot)

    asyncio.run(drive())


def test_a_page_up_that_lands_on_the_old_offset_still_repaints(make_app, tmp_path):
    # Lines laid out above the view renumber the page. Once, under 32 served
    # readers, the lines above a page-up came to exactly a page more than
    # estimated: the target's new number was the old scroll offset, Textual
    # saw no scroll, drew nothing, and the key seemed lost.
    app = make_app(big_article(tmp_path, 200_000))

    async def scenario(pilot) -> None:
        article_view = view(app)
        await press(pilot, *"GG")
        page = article_view.page
        assert page is not None
        step = article_view.scrollable_content_region.height - 1
        real_settle = page.settle
        calls = []

        def renumbering_settle(line: int, before: int, after: int) -> int:
            calls.append(line)
            # The first call is the page-up's, from the top line: as if the
            # lines above it had come to `step` more than estimated.
            return real_settle(line, before, after) + (step if len(calls) == 1 else 0)

        page.settle = renumbering_settle
        drawn: list[int] = []
        render_line = article_view.render_line
        article_view.render_line = lambda y: drawn.append(y) or render_line(y)
        top = article_view.top_line
        await press(pilot, "b")
        assert article_view.top_line == top  # the same number, other lines: drawn anew
        assert drawn

    run(app, scenario)
