"""What the screen looks like (pytest-textual-snapshot; SVGs in tests/__snapshots__).

Regenerate after an intended change of looks with: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tuireader.ui.app import ReaderApp
from waiting import searched

SIZE = (140, 40)


def make_app(library, theme="harbour-night") -> ReaderApp:
    from tuireader.config import Config

    # no read marks from timers: the screen must not depend on how fast the test runs
    return ReaderApp(library_dir=library, theme_name=theme, config=Config(mark_read_after=0), config_problems=[])


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def go_to(title_word: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        articles = pilot.app.article_list
        for index in range(articles.row_count):
            if title_word.lower() in articles.row(index).title.lower():
                articles.move_to(index)
                break
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["harbour-night", "newsprint", "high-contrast", "ink-and-moss"])
def test_main_screen_in_each_bundled_theme(snap_compare, library_copy, theme):
    assert snap_compare(make_app(library_copy, theme), terminal_size=SIZE, run_before=go_to("Callao"))


def test_help_screen(snap_compare, library_copy):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(library_copy), terminal_size=SIZE, run_before=run_before)


def test_search_results(snap_compare, library_copy):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.search_bar.cursor_blink = False  # a blinking cursor is drawn or not by the clock
        await pilot.press("slash", *"mackerel")
        await searched(pilot.app, pilot)  # the results of the whole word, not of a letter on the way
        await settle(pilot)

    assert snap_compare(make_app(library_copy), terminal_size=SIZE, run_before=run_before)


def test_article_with_captions_and_an_entity_highlighted(snap_compare, library_copy):
    async def run_before(pilot):
        await go_to("Callao")(pilot)
        await pilot.press("e", "enter")
        await pilot.pause()

    assert snap_compare(make_app(library_copy), terminal_size=SIZE, run_before=run_before)


def test_raw_view(snap_compare, library_copy):
    async def run_before(pilot):
        await go_to("Callao")(pilot)
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(library_copy), terminal_size=SIZE, run_before=run_before)
