"""The help screen's key table matches the bindings the app really has."""

from __future__ import annotations

import io

from rich.console import Console

from tuireader.ui.app import ReaderApp
from tuireader.ui.article_list import ArticleList
from tuireader.ui.article_view import ArticleView
from tuireader.ui.entity_panel import EntityPanel
from tuireader.ui.help_screen import HelpScreen, query_rows
from tuireader.ui.keys import KEY_HELP, QUERY_HELP
from tuireader.ui.search_bar import SearchBar


def _bindings():
    for cls in (ReaderApp, ArticleList, ArticleView, EntityPanel, SearchBar):
        for binding in cls.BINDINGS:
            if binding.id:
                yield binding


def test_every_binding_with_an_id_is_on_the_help_screen_with_its_keys():
    helped = {binding_id: keys for _, rows in KEY_HELP for binding_id, keys, _ in rows if binding_id}
    for binding in _bindings():
        assert binding.id in helped, f"{binding.id} is missing from the help screen"
        assert set(helped[binding.id].split(",")) == set(binding.key.split(",")), binding.id


def test_the_help_screen_names_no_binding_that_does_not_exist():
    real = {binding.id for binding in _bindings()}
    for _, rows in KEY_HELP:
        for binding_id, _, _ in rows:
            assert not binding_id or binding_id in real, binding_id


# -- what the help screen looks like (QA: ragged columns, a stray scroll-bar fragment) ------------

async def _help_lines(app, pilot) -> tuple[HelpScreen, list[str]]:
    await pilot.press("question_mark")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    text = screen.query_one("#help-text")
    console = Console(width=text.content_region.width, file=io.StringIO(), color_system=None)
    console.print(text.content)
    return screen, console.file.getvalue().splitlines()


async def test_help_columns_line_up_at_80_columns(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _, lines = await _help_lines(app, pilot)
    # the query language: every query starts in the same column
    rows, _ = query_rows(QUERY_HELP)
    starts = set()
    for query, finds in rows:
        line = next(line for line in lines if line.lstrip().startswith(query.split()[0]) and query.split()[0] in line)
        starts.add(len(line) - len(line.lstrip()))
    assert len(starts) == 1, starts
    # the dimmed binding ids: one column for every pane
    columns = {}
    for _, pane_rows in KEY_HELP:
        for binding_id, _, _ in pane_rows:
            if binding_id:
                line = next(line.rstrip() for line in lines if line.rstrip().endswith("  " + binding_id))
                columns[binding_id] = len(line) - len(binding_id)
    assert len(set(columns.values())) == 1, columns


async def test_help_scroll_bar_is_against_the_border_at_80x24(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, _ = await _help_lines(app, pilot)
        body = screen.query_one("#help-body")
        assert body.max_scroll_y > 0  # the help does not fit: it scrolls
        bar = body.vertical_scrollbar
        assert bar.display and bar.region.width == 1
        assert bar.region.right == body.region.right - 1  # nothing between the bar and the border
        assert "scroll" in str(body.border_subtitle)


def test_query_rows_keep_two_space_queries_together():
    rows, remarks = query_rows("  a:b  c:d     finds this\n  (x OR y) z  groups\nA remark.\n")
    assert rows == [("a:b  c:d", "finds this"), ("(x OR y) z", "groups")]
    assert remarks == ["A remark."]
