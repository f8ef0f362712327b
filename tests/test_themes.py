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


def test_user_themes_come_from_the_config_folder(isolated_dirs):
    folder = paths.user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#aa3366'\ndark: false\n")
    themes, failed = load_themes()
    assert "mine" in {t.name for t in themes}
    assert failed == []
