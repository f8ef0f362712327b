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


def test_an_edited_config_is_read_again_though_start_up_remembers_it():
    import os

    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme: newsprint\n")
    assert load_config()[0].theme == "newsprint"
    assert load_config()[0].theme == "newsprint"  # from the remembered copy
    assert (paths.cache_dir() / "parsed-yaml.json").exists()
    # same size, new content and time: read afresh
    path.write_text("theme: harborxy\n")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert load_config()[0].theme == "harborxy"
    # a broken edit is reported every time, never served from the cache
    path.write_text("theme: [newsprint\n")
    assert load_config()[1] and load_config()[1]


def test_a_damaged_parse_cache_is_ignored():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sort: title\n")
    cache = paths.cache_dir() / "parsed-yaml.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("{not json")
    from tuireader import yamlsafe

    yamlsafe.forget_cache()
    assert load_config()[0].sort == "title"


def test_a_bad_keymap_entry_is_named_and_the_good_ones_kept():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("keymap: {next-article: ctrl+n, toggle-star: 7}\n")
    config, problems = load_config()
    assert config.keymap == {"next-article": "ctrl+n"}
    assert len(problems) == 1 and "toggle-star" in problems[0]


def test_library_order_and_tilde(tmp_path, monkeypatch):
    """--library, else $TUIREADER_LIBRARY, else the config's library:, else ./articles, else <data>/articles."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert paths.choose_library(None, None) == (paths.data_dir() / "articles", None)
    (tmp_path / "articles").mkdir()
    assert paths.choose_library(None, None) == (tmp_path / "articles", None)
    folder, origin = paths.choose_library(None, "~/news")
    assert folder == tmp_path / "news" and "config.yaml" in origin
    folder, _ = paths.choose_library(None, "relative/news")
    assert folder == paths.config_dir() / "relative" / "news"  # relative to the config file's folder
    monkeypatch.setenv("TUIREADER_LIBRARY", "~/env")
    assert paths.choose_library(None, "~/news") == (tmp_path / "env", "$TUIREADER_LIBRARY")
    assert paths.choose_library("~/given", "~/news") == (tmp_path / "given", "--library")
    assert paths.default_library("~/given") == tmp_path / "given"


def test_config_library_setting_is_read():
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("library: ~/news\n")
    config, problems = load_config()
    assert config.library == "~/news" and problems == []
