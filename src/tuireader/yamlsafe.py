"""Safe YAML reading: no Python tags, no aliases, and errors that name the file and line.

PyYAML is imported on first use.  Files read at start-up (the config, the themes) are
remembered, parsed, in a small JSON file in the cache folder, keyed by each file's size,
modification time and inode: an unchanged file is not parsed again, and start-up does
not import the YAML library at all.  A changed file is parsed afresh; a file with an
error is never remembered, so its message shows every time.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from tuireader import paths


def _without_timestamps(base: type) -> type:
    """The safe loader, reading dates as text (an impossible date is then just text, not an error)."""

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


@lru_cache(maxsize=1)
def safe_loader() -> type:
    import yaml

    # the C loader when libyaml is there (several times faster); both are the safe loader
    return _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class YamlError(ValueError):
    """A YAML text that cannot be read; the message names where."""


class YamlAliasError(YamlError):
    """A YAML text that uses aliases (``*name``): refused, never expanded."""


def uses_aliases(text: str) -> bool:
    """Whether a YAML text refers back to an anchor (``*name``).

    Aliases are refused everywhere: nested ones ("billion laughs") expand to gigabytes as soon
    as the value is shown or copied, from a few hundred bytes of text.  Raises the loader's
    YAMLError when the text is not YAML at all.
    """
    if "*" not in text:  # an alias always starts with "*"
        return False
    import yaml

    return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=safe_loader()))


def load_yaml_text(text: str, *, name: str = "YAML") -> Any:
    import yaml

    try:
        if uses_aliases(text):
            raise YamlAliasError(f"{name}: refused: it uses YAML aliases (*name), which are never expanded")
        return yaml.load(text, Loader=safe_loader())
    except YamlError:
        raise
    except yaml.constructor.ConstructorError as exc:
        where = _where(exc)
        tag = getattr(exc, "problem", "") or str(exc)
        raise YamlError(f"{name}{where}: refused ({tag.strip()}); only plain YAML is read") from None
    except yaml.YAMLError as exc:
        where = _where(exc)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise YamlError(f"{name}{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # e.g. an impossible date (2024-02-30), which the loader turns into a ValueError
        raise YamlError(f"{name}: a value cannot be read ({exc})") from None


def load_yaml_file(path: Path, *, remember: bool = False) -> Any:
    """The data in a YAML file.  With ``remember``, an unchanged file's data comes from the cache."""
    key = stamp = None
    if remember:
        try:
            st = path.stat()
            key, stamp = str(path.resolve()), [st.st_size, st.st_mtime_ns, st.st_ino]
            entry = _cache().get(key)
            if isinstance(entry, dict) and entry.get("stamp") == stamp:
                return entry.get("data")
        except (OSError, ValueError):
            key = None
    data = _load_yaml_file(path)
    if key is not None and _plain(data):
        cache = _cache()
        cache.pop(key, None)
        cache[key] = {"stamp": stamp, "data": data}
        while len(cache) > 64:  # the oldest entries go
            del cache[next(iter(cache))]
        _save_cache()
    return data


def _load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlError(f"{path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise YamlError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    return load_yaml_text(text, name=path.name)


def _where(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return ""
    return f", line {mark.line + 1}"


# -- the cache of parsed files --------------------------------------------------------------

_CACHE_VERSION = 1
_cached: dict[str, Any] | None = None


def _cache_path() -> Path:
    return paths.cache_dir() / "parsed-yaml.json"


def _cache() -> dict[str, Any]:
    global _cached
    if _cached is None:
        _cached = {}
        try:
            data = json.loads(_cache_path().read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == _CACHE_VERSION and isinstance(data.get("files"), dict):
                _cached = data["files"]
        except (OSError, ValueError):
            pass
    return _cached


def _save_cache() -> None:
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": _CACHE_VERSION, "files": _cache()}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache only: the next start parses again


def _plain(data: Any) -> bool:
    """Whether JSON keeps ``data`` exactly (string keys, no special numbers)."""
    try:
        return json.loads(json.dumps(data, allow_nan=False)) == data
    except (TypeError, ValueError, RecursionError):
        return False


def forget_cache() -> None:
    """Drop the in-memory copy (tests that change the cache folder)."""
    global _cached
    _cached = None
