"""Small choices the reader makes in the app and expects to find again (the theme).

Kept as a JSON file in the data folder, written atomically; a file that cannot
be read is moved aside (never deleted) and the defaults are used.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from tuireader import paths


def preferences_path() -> Path:
    return paths.data_dir() / "preferences.json"


def load_preferences(path: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError, UnicodeDecodeError):
        aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.rename(aside)
        except OSError:
            return {}, [f"{path} cannot be read; using defaults"]
        return {}, [f"{path.name} could not be read; it was kept as {aside.name} and defaults are used"]
    if not isinstance(data, dict):
        return {}, []
    return data, []


def chosen_theme(preferences: dict[str, Any], config_theme: str) -> str | None:
    """The theme picked in the app, unless the config's `theme:` was changed after it was picked
    (the later choice wins).  A choice saved before the config's theme was recorded with it wins."""
    theme, over = preferences.get("theme"), preferences.get("theme_over")
    if not isinstance(theme, str):
        return None
    if isinstance(over, str) and over != config_theme:
        return None
    return theme


def save_preference(key: str, value: Any, path: Path | None = None) -> None:
    save_preferences({key: value}, path)


def save_preferences(values: dict[str, Any], path: Path | None = None) -> None:
    path = path or preferences_path()
    data, _ = load_preferences(path)
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


# -- the search box's history ------------------------------------------------------------------

SEARCH_HISTORY_LIMIT = 100  # queries kept, most recent first


def search_history_path() -> Path:
    return paths.data_dir() / "search-history.json"


def load_search_history(path: Path | None = None) -> list[str]:
    """The queries searched before, most recent first.  A file that is missing, cannot be
    read or holds something else gives an empty history (the next query saved replaces it)."""
    path = path or search_history_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return []
    queries = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(queries, list):
        return []
    history: list[str] = []
    for query in queries:
        if isinstance(query, str) and query.strip() and (not history or history[-1] != query.strip()):
            history.append(query.strip())
    return history[:SEARCH_HISTORY_LIMIT]


def add_search_history(query: str, path: Path | None = None) -> list[str]:
    """Put a query at the top of the history file (not twice in a row, at most 100 kept) and
    return the history.  The file is read again first: two readers open at once both keep theirs."""
    path = path or search_history_path()
    query = query.strip()
    history = load_search_history(path)
    if not query or (history and history[0] == query):
        return history
    history = [query, *history][:SEARCH_HISTORY_LIMIT]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"queries": history}, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return history
