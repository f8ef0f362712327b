"""The reader as a person uses it: Pilot presses keys, the tests look at what changed."""

from __future__ import annotations

import pytest

from tuireader.ui.app import ReaderApp
from tuireader.ui.article_list import ArticleList
from tuireader.ui.article_view import ArticleView
from tuireader.ui.entity_panel import EntityPanel
from tuireader.ui.find_bar import FindBar

from waiting import ready, searched, until

SIZE = (140, 40)


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
        # quick repeated moves show their article once the keys rest
        await until(app, pilot, lambda: view.article.id == first)
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
        await searched(app, pilot)
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
        await until(again, pilot, lambda: again.library_checked)  # the rescan after the first frame ran
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
        await until(app, pilot, lambda: app.state.is_read(shown))
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
        assert view.size.width >= 40  # the panel takes the list's place, not the article's room
        assert not app.query_one("#sidebar").display
        await pilot.press("escape")
        await pilot.pause()
        assert not app.query_one("#entities-pane").display
        assert app.query_one("#sidebar").display and isinstance(app.focused, ArticleList)
        await pilot.press("e", "a")  # list the articles naming an entity: the list comes back
        await pilot.pause()
        assert app.query_one("#sidebar").display and isinstance(app.focused, ArticleList)
        await pilot.press("e")  # the panel again, then / : the search box must be seen, not typed into blind
        await pilot.pause()
        assert not app.query_one("#sidebar").display
        await pilot.press("slash", *"grain")
        await pilot.pause()
        assert app.query_one("#sidebar").display and app.search_bar.display
        assert app.focused is app.search_bar and app.search_bar.value == "grain"


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
        await searched(app, pilot)
        await pilot.pause(0.8)  # longer than the read clock
        previewed = app.current_id
        assert previewed is not None and not app.state.is_read(previewed)
        await pilot.press("down")  # into the results: now it is being read
        await until(app, pilot, lambda: app.state.is_read(app.current_id))
        assert app.state.is_read(app.current_id)


async def test_a_keymap_naming_no_key_is_reported(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(keymap={"next-articel": "ctrl+n"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert any("no binding has the id 'next-articel'" in str(n.message) for n in app._notifications)


async def test_a_key_name_written_in_capitals_works_and_a_name_that_is_no_key_is_reported(library_copy):
    app = ReaderApp(library_dir=library_copy,
                    config=quick_config(keymap={"next-article": "F5", "toggle-star": "not a key!!"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert any("toggle-star: no key is called 'not a key!!'" in str(n.message) for n in app._notifications)
        first = app.current_id
        await pilot.press("f5")
        assert app.current_id != first


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
        await until(app, pilot, lambda: app.state.is_read(app.current_id))
        assert app.state.is_read(app.current_id)
        assert status.text.startswith("mention 1 of")


async def test_a_search_with_no_results_leaves_the_article_being_read(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        await pilot.press("slash", *"mackerel")
        await searched(app, pilot)
        reading = view.article.id  # the first result, shown while typing
        await pilot.press(*"zzqx")  # a typo on the way: nothing matches
        await searched(app, pilot)
        assert app.listing == "search" and app.query_one(ArticleList).row_count == 0
        assert view.article is not None and view.article.id == reading


async def test_a_query_that_cannot_be_read_shows_why_in_the_results_pane(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("slash", *"foo:bar")
        await searched(app, pilot)
        await pilot.press("ctrl+u", *"date:2024-13")
        await searched(app, pilot)
        assert app.search_bar.value == "date:2024-13"
        assert articles.row_count == 0  # no stale rows: neither the library nor the last results
        assert app.query_one("#sidebar").border_title == "Query not understood"
        pane = " ".join(" ".join(articles.render_line(y).text for y in range(articles.size.height)).split())
        assert "date:2024-13: there is no month 13" in pane and "foo" not in pane
        assert not [n for n in app._notifications if "13" in str(n.message)]  # said once, in the pane
        await pilot.press("ctrl+u", *"harbour")
        await searched(app, pilot)
        assert articles.row_count > 0 and "result" in app.query_one("#sidebar").border_title


async def test_an_index_found_damaged_during_a_search_is_rebuilt_with_one_message(library_copy):
    from tuireader.library import IndexDamaged

    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        search, updates = app.library.search, []
        update = app.library.update

        def damaged_once(query, limit=50):
            app.library.search = search
            raise IndexDamaged("the index x is damaged (database disk image is malformed); it was moved aside")

        def counted_update(*args, **kwargs):
            updates.append(1)
            return update(*args, **kwargs)

        app.library.search = damaged_once
        app.library.update = counted_update
        await pilot.press("slash", *"harbour")
        await searched(app, pilot)  # after the damage, the rebuild, and the search run again
        messages = [str(n.message) for n in app._notifications if "damaged" in str(n.message)]
        assert len(messages) == 1 and "rebuilt" in messages[0]
        assert updates  # the index was brought up to date
        # and the search the damage interrupted ran again
        assert app.listing == "search" and app.article_list.row_count > 0


async def test_escape_after_a_mention_clears_the_mention_from_the_status_line(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("e", "enter")
        status = app.query_one("#status")
        assert status.text.startswith("mention 1 of")
        await pilot.press("escape")
        assert not status.text.startswith("mention")
        assert "/" in status.text  # back to the position in the list


async def test_letters_typed_in_one_burst_with_slash_go_into_the_search_box(library_copy):
    from textual import events

    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        first = app.current_id
        for key, character in [("slash", "/")] + [(c, c) for c in "harbour"]:
            app.post_message(events.Key(key, character))  # all at once, as a terminal delivers a paste
        await searched(app, pilot)
        assert app.search_bar.value == "harbour"
        assert app.listing == "search"
        assert not app.state.is_read(first)  # the u in harbour did not mark the article read


def _top_line_is_a_title(articles) -> bool:
    """The sidebar's first line on screen starts a row (a title), not the middle of one."""
    height = articles.source.row_height
    return int(articles.scroll_y) % height == 0


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_sidebar_never_starts_with_half_a_row(library_copy, size):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        assert articles.row_count * 2 > articles.size.height  # the list scrolls
        for keys in (["G"], ["g", "pagedown"], ["pagedown", "pagedown"], ["G", "S"], ["G", "k", "k", "pageup"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert _top_line_is_a_title(articles), (keys, articles.scroll_y)
            cursor_line = articles.cursor * 2 - int(articles.scroll_y)
            assert 0 <= cursor_line < articles.size.height  # and the cursor is on screen
        await pilot.press("G")
        await pilot.pause()
        last = app.current_id
    again = ReaderApp(library_dir=library_copy, config=quick_config())
    async with again.run_test(size=size) as pilot:  # the position comes back at the next start
        await ready(again, pilot)
        articles = again.query_one(ArticleList)
        assert again.current_id == last
        assert _top_line_is_a_title(articles), articles.scroll_y
        await pilot.press("slash", *"harbour", "down")  # results are three lines a row
        await searched(again, pilot)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert articles.source.row_height == 3
        assert _top_line_is_a_title(articles), articles.scroll_y


async def test_the_article_shown_at_start_up_is_not_read_until_the_reader_opens_it(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(mark_read_after=0.3))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        shown = app.current_id
        await pilot.pause(0.8)
        assert not app.state.is_read(shown)  # the reader has not done anything yet
        await pilot.press("enter")  # opens it: now it is being read
        await until(app, pilot, lambda: app.state.is_read(shown))
        assert app.state.is_read(shown)


async def test_start_up_problems_come_in_one_message_and_known_file_problems_are_not_repeated(library_copy):
    from tuireader import paths

    (library_copy / "blank.txt").write_text("")
    folder = paths.user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.yaml").write_text("name: broken\nprimary: [1, 2\n")
    problems = ["config config.yaml: measure must be a whole number", "config config.yaml: sort must be one of"]

    def messages(app):
        return [str(n.message) for n in app._notifications]

    app = ReaderApp(library_dir=library_copy, config=quick_config(), config_problems=problems)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        said = messages(app)
        settings = [m for m in said if "measure" in m]
        assert len(settings) == 1  # every settings problem in one message, one line each
        assert "sort must be" in settings[0] and "broken.yaml" in settings[0]
        assert said.index(settings[0]) == 0  # before anything about the files
        assert sum("the file is empty" in m for m in said) == 1  # new: said, once

    again = ReaderApp(library_dir=library_copy, config=quick_config())
    async with again.run_test(size=(120, 36)) as pilot:
        # the index answers the first screen; the update comes after
        await until(again, pilot, lambda: again.library_checked)
        said = messages(again)
        assert not any("the file is empty" in m for m in said)  # known from the last run
        assert any("1 file in the library could not be read" in m for m in said)
        again._notifications.clear()
        again.update_index()  # the palette's Reindex
        await ready(again, pilot)
        said = messages(again)
        assert said == ["Library rescanned: nothing new."]


async def test_next_unread_mark_all_read_and_reload_keys(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        articles = app.query_one(ArticleList)
        total = articles.row_count
        # the second and third articles are read: } skips them to the fourth
        for index in (1, 2):
            app.state.set_read(articles.row(index).id)
        articles.reload()
        await pilot.press("right_curly_bracket")
        assert articles.cursor == 3 and app.current_id == articles.row(3).id
        await pilot.press("G", "right_curly_bracket")  # wraps to the top
        await until(app, pilot, lambda: articles.cursor == 0)
        assert articles.cursor == 0
        app._notifications.clear()
        await pilot.press("A")  # every article in the list
        assert all(articles.row(i).read for i in range(total))
        assert all(app.state.is_read(articles.row(i).id) for i in range(total))
        assert any(f"{total - 2} articles marked read" in str(n.message) for n in app._notifications)
        await pilot.press("right_curly_bracket")
        assert any("No unread articles" in str(n.message) for n in app._notifications)
        app._notifications.clear()
        (library_copy / "late-arrival.txt").write_text("A late arrival about lighthouses\nIt came late.\n")
        await pilot.press("R")  # rescan now: the new file is listed
        await ready(app, pilot)
        assert articles.row_count == total + 1
        assert any("Library rescanned: 1 added" in str(n.message) for n in app._notifications)


async def test_new_keys_can_be_remapped_and_are_on_the_help_screen(library_copy):
    from tuireader.ui.keys import KEY_HELP

    helped = {binding_id for _, rows in KEY_HELP for binding_id, _, _ in rows}
    assert {"next-unread", "mark-all-read", "reload"} <= helped
    app = ReaderApp(library_dir=library_copy, config=quick_config(keymap={"next-unread": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.state.set_read(app.article_list.row(1).id)
        app.article_list.reload()
        await pilot.press("x")
        assert app.article_list.cursor == 2


async def test_tab_into_the_article_shown_at_start_up_starts_its_clock(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config(mark_read_after=0.3))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        shown = app.current_id
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        await until(app, pilot, lambda: app.state.is_read(shown))
        assert app.state.is_read(shown)


# -- the search box's history (up / down) and opening the file outside the reader (v) ------------

async def _search(app, pilot, query: str, leave: str = "down") -> None:
    """Open the box, type a query, wait for its results, leave the box with `leave`."""
    await pilot.press("slash")
    app.search_bar.value = ""
    await pilot.press(*query)
    await searched(app, pilot)
    await pilot.press(leave)
    await ready(app, pilot)


async def test_up_and_down_in_the_search_box_walk_the_earlier_queries(library_copy):
    from tuireader.preferences import load_search_history

    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "mackerel", leave="down")  # down into the results: remembered
        await pilot.press("escape")
        await _search(app, pilot, "grain", leave="enter")  # enter opens the first: remembered
        await _search(app, pilot, "grain", leave="enter")  # the same again: not twice in a row
        await _search(app, pilot, "zzqxnothing", leave="tab")  # no results: not remembered
        await pilot.press("escape")
        await _search(app, pilot, "lithium", leave="escape")  # escape cancels: not remembered
        assert load_search_history() == ["grain", "mackerel"]

        await pilot.press("slash")
        bar = app.search_bar
        await pilot.press(*"harb")  # what is being typed is kept while walking the history
        await pilot.press("up")
        assert bar.value == "grain"
        await pilot.press("up")
        assert bar.value == "mackerel"
        await pilot.press("up")  # the oldest: stays
        assert bar.value == "mackerel" and bar.has_focus
        await pilot.press("down")
        assert bar.value == "grain"
        await pilot.press("down")
        assert bar.value == "harb" and bar.has_focus
        await pilot.press("down")  # from what was typed, down moves into the results as before
        await ready(app, pilot)
        assert app.focused is app.article_list


async def test_an_edited_query_from_the_history_becomes_what_is_typed(library_copy):
    from tuireader.preferences import add_search_history

    add_search_history("mackerel")
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", "up")
        bar = app.search_bar
        assert bar.value == "mackerel" and bar.cursor_position == len("mackerel")
        await pilot.press("backspace", "backspace")
        await searched(app, pilot)
        await pilot.press("up")
        assert bar.value == "mackerel"
        await pilot.press("down")
        assert bar.value == "macker"


async def test_the_search_history_is_kept_across_runs(library_copy):
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "mackerel")
        await pilot.press("escape")
        await _search(app, pilot, "harbour")
    again = ReaderApp(library_dir=library_copy, config=quick_config())
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.press("slash", "up")
        assert again.search_bar.value == "harbour"
        await pilot.press("up")
        assert again.search_bar.value == "mackerel"


def test_the_search_history_keeps_the_last_hundred_and_no_repeats_in_a_row():
    from tuireader.preferences import add_search_history, load_search_history

    for number in range(130):
        add_search_history(f"query {number}")
        add_search_history(f"query {number}")
    history = load_search_history()
    assert len(history) == 100
    assert history[0] == "query 129" and history[-1] == "query 30"


async def test_a_broken_search_history_file_is_ignored(library_copy):
    from tuireader.preferences import load_search_history, search_history_path

    path = search_history_path()
    path.write_bytes(b'{"queries": ["mack\xff')
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", "up")  # nothing earlier: the box stays as it was
        assert app.search_bar.value == "" and app.search_bar.has_focus
        await pilot.press("down")
        await ready(app, pilot)
        assert app.focused is app.article_list
        await _search(app, pilot, "mackerel")
    assert load_search_history() == ["mackerel"]  # and the next query saved replaces it
    path.write_text('["not", "the", "shape"]')
    assert load_search_history() == []


async def test_v_opens_the_article_file_in_the_editor_and_rescans(library_copy, monkeypatch):
    import contextlib
    import sys

    monkeypatch.setenv("VISUAL", "")
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'pass' --wait")
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    ran, suspended = [], []

    @contextlib.contextmanager
    def suspend():
        suspended.append(True)
        yield

    def run_outside(args):
        ran.append(args)
        path = args[-1]
        with open(path, "a", encoding="utf-8") as handle:  # the editor changes the file
            handle.write("\nA line added in the editor.\n")
        return 0

    monkeypatch.setattr(app, "suspend", suspend)
    monkeypatch.setattr(app, "_run_outside", run_outside)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        path = app.article_view.article.path
        await pilot.press("v")
        await ready(app, pilot)
        assert suspended and ran == [[sys.executable, "-c", "pass", "--wait", path]]
        assert any("Library rescanned: 0 added, 1 changed" in str(n.message) for n in app._notifications)
        # the article is shown as the editor left it, and the list's cursor stays on it
        assert "A line added in the editor." in app.article_view.article.text
        assert app.article_list.current.id == app.current_id == app.article_view.article.id


async def test_v_says_once_why_it_cannot_open_the_file(library_copy, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --flag")
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("v")
        messages = [str(n.message) for n in app._notifications]
        assert len(messages) == 1 and "'no-such-editor-anywhere' ($EDITOR) was not found" in messages[0]
        monkeypatch.setenv("EDITOR", "true")  # found, but the test terminal cannot be handed over
        await pilot.press("v")
        messages = [str(n.message) for n in app._notifications]
        assert len(messages) == 2 and "cannot be handed to another program" in messages[1]
        assert app.is_running and app.current_id is not None  # and the reader goes on


async def test_the_open_file_key_can_be_remapped(library_copy, monkeypatch):
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    monkeypatch.delenv("VISUAL", raising=False)
    app = ReaderApp(library_dir=library_copy, config=quick_config(keymap={"open-file": "V"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("v")
        assert not app._notifications
        await pilot.press("V")
        assert any("was not found" in str(n.message) for n in app._notifications)


async def test_up_up_down_pressed_in_one_burst_comes_back_one_query(library_copy):
    from textual import events

    from tuireader.preferences import add_search_history

    for query in ("mackerel", "grain", "harbour"):
        add_search_history(query)
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        bar = app.search_bar
        for key in ("up", "up", "up", "down"):  # key repeat: all queued before the box reports changes
            app.post_message(events.Key(key, None))
        await until(app, pilot, lambda: bar.value == "grain")
        assert bar.value == "grain" and bar.has_focus


async def test_the_search_history_is_read_when_the_box_first_opens_not_at_start_up(library_copy, monkeypatch):
    import tuireader.preferences as preferences

    reads = []
    load = preferences.load_search_history
    monkeypatch.setattr(preferences, "load_search_history", lambda *a: reads.append(1) or load(*a))
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert reads == []
        await pilot.press("slash", "escape", "slash")
        assert reads == [1]


async def test_a_star_that_cannot_be_saved_while_another_process_writes_says_so_and_the_keys_go_on(library_copy):
    import sqlite3

    app = ReaderApp(library_dir=library_copy, config=quick_config())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        article = app.current_id
        other = sqlite3.connect(app.state.path, isolation_level=None)  # another tuireader, mid-write
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("s")
            await pilot.pause()
            assert not app.state.is_starred(article)
            assert any("The star was not saved" in str(n.message) for n in app._notifications)
            await pilot.press("j")  # the app still takes keys
            await pilot.pause()
            assert app.current_id != article
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pilot.press("s")
        await pilot.pause()
        assert app.state.is_starred(app.current_id)


async def test_many_start_up_problems_fit_the_screen_and_the_help_lists_them_all(library_copy):
    from tuireader.ui.help_screen import HelpScreen

    problems = [f"config config.yaml: setting number {n} is not one the reader knows" for n in range(30)]
    app = ReaderApp(library_dir=library_copy, config=quick_config(), config_problems=problems)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        message = next(str(n.message) for n in app._notifications if "setting number" in str(n.message))
        lines = message.splitlines()
        assert len(lines) <= 12  # half the screen
        assert max(len(line) for line in lines) <= 36  # wrapped to the notification's width at 80 columns
        said = " ".join(message.split())
        assert said.startswith("• config config.yaml: setting number 0 is not one the reader knows")
        shown = said.count("• ")
        assert 0 < shown < 30 and said.endswith(f"… and {30 - shown} more: the help screen (?) lists them all")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(part) for part in app.screen._content().renderables if hasattr(part, "plain"))
        assert all(f"setting number {n} is not" in text for n in range(30))


async def test_v_opens_the_file_by_its_new_name_after_a_rename(library_copy, monkeypatch):
    import contextlib
    import os

    monkeypatch.setenv("VISUAL", "true")
    app = ReaderApp(library_dir=library_copy, config=quick_config())
    ran = []
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    monkeypatch.setattr(app, "_run_outside", lambda args: ran.append(args[-1]) or 0)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        old = app.article_view.article.path
        new = os.path.join(os.path.dirname(old), "renamed-while-reading.txt" if old.endswith(".txt")
                           else "renamed-while-reading" + os.path.splitext(old)[1])
        os.rename(old, new)
        await pilot.press("R")  # the rescan finds the rename; the article shown stays
        await ready(app, pilot)
        await pilot.press("v")
        await ready(app, pilot)
        assert ran == [new]
        assert not [n for n in app._notifications if "no longer there" in str(n.message)]
