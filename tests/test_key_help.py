"""The help screen's key table matches the bindings the app really has."""

from __future__ import annotations

from tuireader.ui.app import ReaderApp
from tuireader.ui.article_list import ArticleList
from tuireader.ui.article_view import ArticleView
from tuireader.ui.entity_panel import EntityPanel
from tuireader.ui.keys import KEY_HELP
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
