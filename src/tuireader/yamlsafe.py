"""Safe YAML reading: no Python tags, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def _without_timestamps(base: type) -> type:
    """The safe loader, reading dates as text (an impossible date is then just text, not an error)."""

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


# the C loader when libyaml is there (several times faster); both are the safe loader
_SafeLoader = _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class YamlError(ValueError):
    """A YAML text that cannot be read; the message names where."""


def load_yaml_text(text: str, *, name: str = "YAML") -> Any:
    try:
        return yaml.load(text, Loader=_SafeLoader)
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


def load_yaml_file(path: Path) -> Any:
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
