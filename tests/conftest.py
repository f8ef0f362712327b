"""Shared fixtures: every test points tuireader's folders at its own tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLES = REPO / "articles"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Config, data and cache in tmp_path: tests never touch the user's files."""
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"TUIREADER_{name}_DIR", str(folder))
    monkeypatch.delenv("TUIREADER_LIBRARY", raising=False)
    return tmp_path


@pytest.fixture
def library_copy(tmp_path) -> Path:
    """A copy of the bundled articles/ that a test may change."""
    target = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, target)
    return target
