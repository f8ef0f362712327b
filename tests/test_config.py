from __future__ import annotations

from tuireader import paths
from tuireader.config import Config, load_config


def test_no_config_file_gives_the_defaults():
    config, problems = load_config()
    assert config == Config() and problems == []


def test_settings_are_read_and_bad_values_fall_back_with_a_message():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: newsprint\nmeasure: 5000\nsort: title\nkeymap: {next-article: ctrl+n}\ncolour: red\n")
    config, problems = load_config()
    assert config.theme == "newsprint"
    assert config.sort == "title"
    assert config.keymap == {"next-article": "ctrl+n"}
    assert config.measure == Config().measure
    assert any("measure" in p for p in problems)
    assert any("colour" in p for p in problems)


def test_malformed_config_names_the_line():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: newsprint\nmeasure: [80\n")
    config, problems = load_config()
    assert config == Config()
    assert len(problems) == 1 and "line" in problems[0]


def test_python_tags_are_refused():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: !!python/object/apply:os.system ['true']\n")
    config, problems = load_config()
    assert config == Config()
    assert "refused" in problems[0]
