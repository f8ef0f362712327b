"""The reader as a person uses it: Pilot presses keys, the tests look at what changed."""

from __future__ import annotations

import pytest

from tuireader.ui.app import ReaderApp
from tuireader.ui.article_list import ArticleList
from tuireader.ui.article_view import ArticleView
from tuireader.ui.entity_panel import EntityPanel

SIZE = (140, 40)


async def ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_three_panes_and_the_first_article_is_shown(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        assert articles.row_count >= 15
        view = app.query_one(ArticleView)
        assert view.article is not None
        assert view.article.id == articles.current.id
        assert app.focused is articles


async def test_moving_in_the_sidebar_changes_article_and_entities(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        first = view.article.id
        await pilot.press("j")
        assert view.article.id != first
        assert app.current_id == view.article.id
        panel = app.query_one(EntityPanel)
        assert panel.option_count > 0
        await pilot.press("k")
        assert view.article.id == first


async def test_enter_opens_and_tab_moves_between_panes(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("tab")
        assert isinstance(app.focused, EntityPanel)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleView)


async def test_article_scrolls_with_space_and_g(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        view = app.query_one(ArticleView)
        assert view.max_scroll_y > 0
        await pilot.press("space")
        assert view.scroll_y > 0
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0


async def test_slash_searches_and_escape_returns_to_the_whole_list(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        total = articles.row_count
        await pilot.press("slash")
        await pilot.press(*"mackerel")
        await pilot.pause(0.4)
        await ready(app, pilot)
        assert app.listing == "search"
        assert 0 < articles.row_count < total
        row = articles.current
        assert row.snippet
        assert "mackerel" in (row.title + row.snippet).lower()
        await pilot.press("enter")
        await ready(app, pilot)
        assert isinstance(app.focused, ArticleView)
        assert "mackerel" in app.query_one(ArticleView).article.text.lower()
        await pilot.press("escape")  # clears highlights in the article
        await pilot.press("slash", "escape")
        assert app.listing == "library"
        assert articles.row_count == total


async def test_help_screen_lists_keys(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen.__class__.__name__ != "HelpScreen"
        await pilot.press("f1")
        assert app.screen.__class__.__name__ == "HelpScreen"


async def test_theme_from_the_command_line_and_the_palette_lists_ours(library_copy):
    app = ReaderApp(library_dir=library_copy, theme_name="newsprint")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == "newsprint"
        assert app.current_theme.dark is False
        assert {"harbour-night", "newsprint", "high-contrast"} <= set(app.available_themes)
        # a theme's own variables reach the stylesheet
        assert app.get_css_variables()["entity-person"].lower() == "#1f5f99"


async def test_unknown_theme_falls_back_with_a_message(library_copy):
    app = ReaderApp(library_dir=library_copy, theme_name="no-such-theme")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == "harbour-night"
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_q_quits(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_chosen_theme_is_there_at_the_next_start(library_copy):
    app = ReaderApp(library_dir=library_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.theme = "high-contrast"
        await pilot.pause()
    again = ReaderApp(library_dir=library_copy)
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.theme == "high-contrast"


async def test_article_text_that_looks_like_markup_shows_literally(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "tricky.txt").write_text(
        "Markup [@click=app.quit]in[/] the [bold]title[/bold] [link=file:///etc/passwd]x[/link]\n"
        "By Someone – Jan 5, 2024\n"
        "A paragraph with [/] and [$primary] and [B]caps[/B] and an unclosed [bold tag that must stay text.\n"
        "Another paragraph that mentions Lima and [@click=app.bell]nothing[/] else of note.\n",
        encoding="utf-8",
    )
    app = ReaderApp(library_dir=library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "j", "space", "r", "r")
        await pilot.pause()
        assert app.is_running
        view = app.query_one(ArticleView)
        screen_text = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "[@click=app.quit]" in screen_text
        assert "[/]" in screen_text
