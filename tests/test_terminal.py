"""The installed command, in a real terminal, used as a person would."""

from __future__ import annotations

import shutil

import pytest

from terminal import Terminal, installed_command, test_env as terminal_env

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(installed_command() is None, reason="the tuireader command is not installed"),
]


def test_open_move_search_and_quit_in_tmux(library_copy, tmp_path):
    term = Terminal([installed_command(), "--library", str(library_copy)], terminal_env(tmp_path))
    try:
        screen = term.wait_for("Entities")
        term.wait_for("articles")  # the status line: "1 / N articles"
        first = term.wait_for("1 /")
        # the key hints are on screen from the start, before any key is pressed
        assert "Search" in term.wait_for("? Help")
        term.press("j")
        screen = term.wait_for("2 /")
        assert screen != first
        term.press("/")
        term.type("mackerel")
        screen = term.wait_for("results")
        assert "mackerel" in screen.lower()
        term.press("Escape")
        term.wait_for("Articles")
        term.press("?")
        term.wait_for("Everywhere")
        term.press("Escape")
        term.press("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
