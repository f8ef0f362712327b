"""Themes are YAML files; a bad one is named and skipped, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader import paths
from tuireader.ui.themes import REQUIRED_VARIABLES, load_themes

REPO = Path(__file__).resolve().parents[1]


def test_bundled_themes_load_and_set_every_reader_colour():
    themes, failed = load_themes([REPO / "themes"])
    assert failed == []
    names = {t.name for t in themes}
    assert {"harbour-night", "newsprint", "high-contrast"} <= names
    assert any(not t.dark for t in themes), "at least one light theme"
    for theme in themes:
        missing = [v for v in REQUIRED_VARIABLES if v not in theme.variables]
        assert missing == [], f"{theme.name} lacks {missing}"


def test_bundled_theme_folder_is_found():
    assert (paths.bundled_themes_dir() / "harbour-night.yaml").is_file()


@pytest.mark.parametrize(
    "content, expected",
    [
        ("name: x\nprimary: [1, 2\n", "line"),
        ("name: x\nprimary: notacolour\n", "not a colour"),
        ("primary: '#112233'\n", "'name'"),
        ("name: x\nprimary: '#112233'\ndark: maybe\n", "'dark'"),
        ("name: x\nprimary: '#112233'\nshadow: '#000000'\n", "unknown key"),
        ("!!python/object/apply:os.system ['echo hacked']\n", "refused"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_a_bad_theme_file_is_reported_with_its_name(tmp_path, content, expected):
    (tmp_path / "good.yaml").write_text("name: good\nprimary: '#336699'\n")
    (tmp_path / "bad.yaml").write_text(content)
    themes, failed = load_themes([tmp_path])
    assert [t.name for t in themes] == ["good"]
    assert len(failed) == 1
    message = str(failed[0])
    assert "bad.yaml" in message and expected in message
    assert message.count("bad.yaml") == 1, message  # the file is named once


def test_user_themes_come_from_the_config_folder(isolated_dirs):
    folder = paths.user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#aa3366'\ndark: false\n")
    themes, failed = load_themes()
    assert "mine" in {t.name for t in themes}
    assert failed == []


def test_every_variable_the_stylesheet_names_is_known():
    import re

    from tuireader.ui.themes import STYLESHEET_VARIABLES

    css = (REPO / "src" / "tuireader" / "ui" / "app.tcss").read_text(encoding="utf-8")
    assert set(re.findall(r"\$([a-z][a-z0-9-]*)", css)) == STYLESHEET_VARIABLES


def _every_theme() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    bundled, _ = load_themes([REPO / "themes"])
    return sorted(set(BUILTIN_THEMES) | {t.name for t in bundled})


@pytest.mark.parametrize("name", _every_theme())
async def test_the_app_starts_and_draws_under_every_theme(tmp_path, name):
    from tuireader.ui.app import ReaderApp

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "one.txt").write_text("A headline for the theme test\nA first paragraph of text.\n")
    app = ReaderApp(library_dir=tmp_path / "lib", theme_name=name)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert set(app.available_themes) >= set(_every_theme())
        assert app.theme == name
        assert not [p for p in app.startup_problems if "theme" in p]
        frame = app.export_screenshot().replace("&#160;", " ")  # the whole screen, drawn
        assert "A headline for the theme test" in frame
    assert app.return_code in (None, 0)


async def test_a_theme_that_cannot_be_applied_falls_back_and_is_not_saved(tmp_path):
    from textual.theme import Theme

    from tuireader.preferences import load_preferences
    from tuireader.ui.app import ReaderApp

    (tmp_path / "lib").mkdir()
    app = ReaderApp(library_dir=tmp_path / "lib")
    # a theme registered from code skips the file checks: its colour is not one
    app.register_theme(Theme(name="broken", primary="#336699", variables={"caption": "not-a-colour"}))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        app.theme = "newsprint"  # as the palette's theme picker does
        await pilot.pause()
        app.theme = "broken"
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert app.theme == "harbour-night"
        messages = [str(n.message) for n in app._notifications if "broken" in str(n.message)]
        assert len(messages) == 1 and "cannot be used" in messages[0], messages
    assert load_preferences()[0].get("theme") == "newsprint"


async def test_a_saved_theme_that_cannot_be_used_does_not_stop_the_start(tmp_path):
    from tuireader.preferences import save_preference
    from tuireader.ui.app import ReaderApp

    (tmp_path / "lib").mkdir()
    save_preference("theme", "ansi-light")
    app = ReaderApp(library_dir=tmp_path / "lib")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-light"


async def test_the_later_choice_wins_between_the_palette_and_the_config(tmp_path):
    from tuireader.config import Config
    from tuireader.ui.app import ReaderApp

    (tmp_path / "lib").mkdir()

    async def started_theme(config_theme, pick=None):
        app = ReaderApp(library_dir=tmp_path / "lib", config=Config(theme=config_theme))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            started = app.theme
            if pick:
                app.theme = pick  # as the palette's theme picker does
                await pilot.pause()
                await pilot.pause()
        return started

    assert await started_theme("newsprint", pick="ink-and-moss") == "newsprint"
    # the pick is kept while the config still says what it said when the pick was made
    assert await started_theme("newsprint") == "ink-and-moss"
    # the config edited afterwards: its theme is the later choice
    assert await started_theme("high-contrast") == "high-contrast"
