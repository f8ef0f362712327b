"""The reader as a person uses it: Pilot presses keys, the tests look at what changed."""

from __future__ import annotations

import pytest

from tuireader.ui.app import ReaderApp
from tuireader.ui.article_list import ArticleList
from tuireader.ui.article_view import ArticleView
from tuireader.ui.entity_panel import EntityPanel
from tuireader.ui.find_bar import FindBar

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
        names = {e.name for e in panel.entities}
        assert names and names == {e.name for e in app.library.entities(view.article.id)}
        await pilot.press("k")
        await pilot.pause(0.2)  # quick repeated moves show their article once the keys rest
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


def quick_config(**changes):
    from tuireader.config import Config

    config = Config(mark_read_after=0)
    for key, value in changes.items():
        setattr(config, key, value)
    return config


async def test_u_and_s_change_the_reading_state_and_the_sidebar_shows_it(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        row = articles.current
        assert row.read is False and row.starred is False
        await pilot.press("u")
        assert articles.current.read is True
        assert app.state.is_read(row.id)
        await pilot.press("u")
        assert articles.current.read is False
        await pilot.press("s")
        assert articles.current.starred is True
        assert app.state.is_starred(row.id)


async def test_reading_state_survives_a_restart_and_filters_use_it(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "s", "u")
        starred_id = app.current_id
    again = ReaderApp(library_dir=library_copy, config=quick_config())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.pause(0.7)  # the rescan that follows the first frame has run
        await ready(again, pilot)
        # the last opened article is open again
        assert again.current_id == starred_id
        articles = again.query_one(ArticleList)
        total = articles.row_count
        await pilot.press("asterisk")
        assert articles.row_count == 1 and articles.current.id == starred_id
        await pilot.press("asterisk", "U")
        assert articles.row_count == total - 1
        await pilot.press("U")
        assert articles.row_count == total


async def test_an_article_counts_as_read_after_a_while_open(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(mark_read_after=0.6))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j")  # the clock starts when an article is shown
        shown = app.current_id
        assert not app.state.is_read(shown)
        await pilot.pause(1.2)
        assert app.state.is_read(shown)
        assert app.query_one(ArticleList).current.read


async def test_scroll_position_is_restored_when_returning(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "space", "space")
        view = app.query_one(ArticleView)
        position = view.scroll_y
        assert position > 0
        await pilot.press("right_square_bracket")
        await pilot.pause(ReaderApp.QUICK_MOVES * 3)  # two moves in quick succession show the last when they stop
        assert view.scroll_y == 0
        await pilot.press("left_square_bracket")
        await pilot.pause(ReaderApp.QUICK_MOVES * 3)
        await ready(app, pilot)
        assert view.scroll_y == position


async def test_sort_key_orders_the_list_by_title(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("S", "S")  # newest -> oldest -> title
        assert app.sort == "title"
        # as a library sorts: ignoring case, accents and opening quotes
        from tuireader.library import fold

        titles = [fold(articles.row(i).title).lstrip("“\"'‘(") for i in range(articles.row_count)]
        assert titles == sorted(titles)


async def test_keys_can_be_remapped_by_binding_id(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(keymap={"next-article": "ctrl+n"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        first = app.current_id
        await pilot.press("ctrl+n")
        assert app.current_id != first


async def test_raw_view_shows_the_boilerplate_the_article_view_hides(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        article = view.article
        assert article.boilerplate
        hidden = article.boilerplate[0]
        await pilot.press("enter")

        def screen_text():
            return "\n".join(view.render_line(y).text for y in range(view.size.height))

        assert hidden[:30] not in screen_text() or hidden[:30] in article.body_text
        await pilot.press("r")
        assert view.raw
        await pilot.press("g")
        assert article.text.lstrip().split("\n")[0][:30] in screen_text()


async def test_entity_enter_highlights_and_moves_between_mentions(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        panel = app.query_one(EntityPanel)
        await pilot.press("e")
        assert app.focused is panel
        entity = panel.current
        assert entity is not None
        await pilot.press("enter")
        view = app.query_one(ArticleView)
        assert view.match_count == entity.count
        assert view.match_index == 0
        if entity.count > 1:
            await pilot.press("enter")
            assert view.match_index == 1
            await pilot.press("N")
            assert view.match_index == 0


async def test_a_lists_every_article_naming_the_entity_and_escape_returns(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        total = articles.row_count
        await pilot.press("e", "a")
        entity = app.query_one(EntityPanel).current
        assert app.listing == "entity"
        assert 1 <= articles.row_count <= total
        for index in range(articles.row_count):
            assert "names it" in articles.row(index).meta
            named = [e.name for e in app.library.entities(articles.row(index).id)]
            assert entity.name in named
        await pilot.press("escape")
        assert app.listing == "library" and articles.row_count == total


async def test_find_in_article_highlights_and_counts(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        word = view.article.blocks[0].text.split()[1].strip(",.")
        for start in ([], ["enter"]):  # from the list, and from the article itself
            await pilot.press(*start, "ctrl+f")
            assert isinstance(app.screen, FindBar)
            await pilot.press(*word, "enter")
            await pilot.pause()
            assert view.match_count >= 1
            assert view.match_index == 0
            await pilot.press("escape")


async def test_empty_library_says_what_to_do(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = ReaderApp(library_dir=empty, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        assert articles.row_count == 0
        text = "\n".join(articles.render_line(y).text for y in range(4))
        assert "No articles in" in text and ".txt" in text


async def test_command_palette_finds_articles_by_title_and_reader_commands(library_copy):
    from tuireader.ui.commands import ArticleCommands, ReaderCommands

    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        provider = ArticleCommands(app.screen)
        hits = [hit async for hit in provider.search("mackerel deal")]
        assert hits, "an article title found from two of its words"
        assert all("mackerel" in hit.text.lower() for hit in hits)
        best = max(hits, key=lambda h: h.score)
        best.command()
        await pilot.pause()
        assert "mackerel" in app.query_one(ArticleView).article.title.lower()
        commands = ReaderCommands(app.screen)
        found = [hit async for hit in commands.search("sort title")]
        assert found
        max(found, key=lambda h: h.score).command()
        assert app.sort == "title"


async def test_a_title_that_looks_like_markup_is_shown_as_text_in_the_palette(tmp_path):
    from tuireader.ui.commands import ArticleCommands

    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.txt").write_text("Harbour [bold]notes[/] and [@click=app.quit]quay[/]\nBy Ana Ortiz – Mar 3, 2024\n"
                                   "The harbour notes were read aloud at the quay on Monday by the master.\n"
                                   "A second paragraph about the quay and its lights, to make a body.\n")
    app = ReaderApp(library_dir=library, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        hits = [hit async for hit in ArticleCommands(app.screen).search("harbour")]
        assert hits
        assert "[@click=app.quit]" in str(hits[0].prompt)


async def test_every_theme_loads_textuals_own_and_a_minimal_user_theme(library_copy):
    from tuireader import paths

    folder = paths.user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bare.yaml").write_text("name: bare\nprimary: '#3366aa'\ndark: true\n")
    app = ReaderApp(library_dir=library_copy, theme_name="bare", config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == "bare"
        for name in ("nord", "gruvbox", "textual-light", "harbour-night"):
            app.theme = name  # as the palette's theme picker does
            await pilot.pause()
            assert app.theme == name
            # our own colours are real colours in every theme
            assert not app.get_css_variables()["entity-person"].startswith("$")
        await pilot.press("j")
        assert app.query_one(ArticleView).article is not None



async def test_the_scroll_position_comes_back_after_a_restart(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=(120, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "space", "space")
        position = app.article_view.scroll_y
        opened = app.current_id
        assert position > 0
        await pilot.press("q")
    again = ReaderApp(library_dir=library_copy, config=quick_config())
    async with again.run_test(size=(120, 24)) as pilot:
        await ready(again, pilot)
        assert again.current_id == opened
        assert again.article_view.scroll_y == position


async def test_a_narrow_terminal_keeps_room_for_the_article(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        assert view.size.width >= 40
        assert not app.query_one("#entities-pane").display
        await pilot.press("e")
        await pilot.pause()
        assert app.query_one("#entities-pane").display and isinstance(app.focused, EntityPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.query_one("#entities-pane").display


async def test_the_status_line_follows_the_list(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        status = app.query_one("#status")
        total = app.article_list.row_count
        await pilot.press("slash", *"grain", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "results" in status.text
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert f"/ {total} articles" in status.text


async def test_a_result_previewed_while_typing_a_search_is_not_marked_read(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(mark_read_after=0.3))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"grain")
        await app.workers.wait_for_complete()
        await pilot.pause(0.8)
        previewed = app.current_id
        assert previewed is not None and not app.state.is_read(previewed)
        await pilot.press("down")  # into the results: now it is being read
        await pilot.pause(1.5)
        assert app.state.is_read(app.current_id)


async def test_a_keymap_naming_no_key_is_reported(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(keymap={"next-articel": "ctrl+n"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert any("next-articel" in str(n.message) for n in app._notifications)


async def test_escape_from_an_entity_listing_returns_to_the_search_results(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"grain", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.article_list.row_count
        assert app.listing == "search" and results >= 1
        await pilot.press("e", "a")
        await pilot.pause()
        assert app.listing == "entity"
        await pilot.press("escape")
        await pilot.pause()
        assert app.listing == "search" and app.article_list.row_count == results
        await pilot.press("escape")
        await pilot.pause()
        assert app.listing == "library"


async def test_the_raw_view_scrolls_sideways_to_the_end_of_long_lines(library_copy):
    long_line = "Opening words of a very long unbroken line " + "x" * 300 + " THE-LAST-WORDS"
    (library_copy / "long-line.txt").write_text("A headline for a long line\n" + long_line + "\n", encoding="utf-8")
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.open_article(next(r.id for r in app.rows.fetch(0, 100) if r.title.startswith("A headline for a long")))
        await pilot.pause()
        await pilot.press("enter", "r")
        view = app.article_view
        screen = lambda: "\n".join(view.render_line(y).text for y in range(view.size.height))  # noqa: E731
        assert "THE-LAST-WORDS" not in screen()
        for _ in range(50):
            await pilot.press("right")
        assert "THE-LAST-WORDS" in screen()


async def test_a_read_mark_made_by_the_clock_leaves_the_mention_count_on_the_status_line(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(mark_read_after=0.3))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "e", "enter")
        status = app.query_one("#status")
        assert status.text.startswith("mention 1 of")
        await pilot.pause(1.5)
        assert app.state.is_read(app.current_id)
        assert status.text.startswith("mention 1 of")


async def test_a_search_with_no_results_leaves_the_article_being_read(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        await pilot.press("slash", *"mackerel")
        await pilot.pause(0.4)
        await ready(app, pilot)
        reading = view.article.id  # the first result, shown while typing
        await pilot.press(*"zzqx")  # a typo on the way: nothing matches
        await pilot.pause(0.4)
        await ready(app, pilot)
        assert app.listing == "search" and app.query_one(ArticleList).row_count == 0
        assert view.article is not None and view.article.id == reading
