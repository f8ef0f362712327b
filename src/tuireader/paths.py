"""Where tuireader keeps things.  Each place can be moved by an environment variable.

| what           | variable                 | default                                         |
|----------------|--------------------------|-------------------------------------------------|
| config folder  | TUIREADER_CONFIG_DIR     | platformdirs user_config_dir("tuireader")       |
| data folder    | TUIREADER_DATA_DIR       | platformdirs user_data_dir("tuireader")         |
| cache folder   | TUIREADER_CACHE_DIR      | platformdirs user_cache_dir("tuireader")        |
| library        | TUIREADER_LIBRARY        | config's library:, else ./articles if it exists, |
|                |                          | else <data>/articles (--library beats them all)  |
| index file     | TUIREADER_INDEX          | <cache>/index/<folder>-<hash>.sqlite3           |
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "tuireader"


def _env_dir(var: str, default: str) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else Path(default)


def config_dir() -> Path:
    return _env_dir("TUIREADER_CONFIG_DIR", platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    return _env_dir("TUIREADER_DATA_DIR", platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    return _env_dir("TUIREADER_CACHE_DIR", platformdirs.user_cache_dir(APP))


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def bundled_themes_dir() -> Path:
    """The themes shipped with tuireader: inside the wheel, or themes/ in a checkout."""
    inside = Path(__file__).parent / "themes"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / "themes"


def state_db_path() -> Path:
    """Reading state (read marks, stars, positions): user data, never rebuilt."""
    return data_dir() / "state.sqlite3"


def choose_library(explicit: str | os.PathLike[str] | None = None,
                   configured: str | os.PathLike[str] | None = None) -> tuple[Path, str | None]:
    """The library folder, and what named it, for messages ("--library", "$TUIREADER_LIBRARY",
    "library: in .../config.yaml"), or None when it is a default (./articles, <data>/articles).

    The order: ``explicit`` (--library), else $TUIREADER_LIBRARY, else ``configured`` (the
    config's ``library:``; a relative path is relative to the config folder), else ./articles
    if that folder exists, else <data>/articles.  ``~`` is expanded in each.
    """
    if explicit:
        return Path(explicit).expanduser(), "--library"
    env = os.environ.get("TUIREADER_LIBRARY")
    if env:
        return Path(env).expanduser(), "$TUIREADER_LIBRARY"
    if configured:
        folder = Path(configured).expanduser()
        if not folder.is_absolute():
            folder = config_dir() / folder
        return folder, f"library: in {config_file()}"
    here = Path.cwd() / "articles"
    if here.is_dir():
        return here, None
    return data_dir() / "articles", None


def default_library(explicit: str | os.PathLike[str] | None = None,
                    configured: str | os.PathLike[str] | None = None) -> Path:
    """The library folder (see choose_library)."""
    return choose_library(explicit, configured)[0]


def index_path_for(library: Path) -> Path:
    """One index per library folder, in the cache (it can always be rebuilt).

    $TUIREADER_INDEX names one index file to use instead (benchmarks share a built index this way).
    """
    override = os.environ.get("TUIREADER_INDEX")
    if override:
        return Path(override).expanduser()
    try:  # CPython's own SHA-1: the same digest for a quarter of hashlib's import (1.3 ms at start-up)
        from _sha1 import sha1
    except ImportError:
        from hashlib import sha1

    root = str(library.expanduser().resolve())
    digest = sha1(root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    name = "".join(ch if ch.isalnum() else "-" for ch in library.resolve().name)[:40] or "library"
    return cache_dir() / "index" / f"{name}-{digest}.sqlite3"
