"""The user's settings: one YAML file in the config folder, every setting optional.

An invalid value is reported (naming the setting) and its default is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuireader import paths
from tuireader.model import Record
from tuireader.yamlsafe import YamlError, load_yaml_file

SORTS = ("newest", "oldest", "title", "source")


class Config(Record):
    __slots__ = ("theme", "library", "ner", "measure", "sort", "mark_read_after", "keymap")

    def __init__(self, theme: str = "harbour-night", library: str | None = None, ner: str = "builtin",
                 measure: int = 80, sort: str = "newest", mark_read_after: float = 4.0,
                 keymap: dict[str, str] | None = None) -> None:
        self.theme = theme  # a bundled theme, one of yours, or one of Textual's
        self.library = library  # the articles folder (else $TUIREADER_LIBRARY, ./articles, data folder)
        self.ner = ner  # entity extractor: builtin | spacy
        self.measure = measure  # the article's text width in columns (40-200)
        self.sort = sort  # newest | oldest | title | source
        self.mark_read_after = mark_read_after  # seconds open before an article counts as read (0 = never)
        self.keymap = {} if keymap is None else keymap  # binding id -> keys, e.g. {"next-article": "ctrl+n"}


def _check(name: str, value: Any) -> Any:
    if name in ("theme",):
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be a theme name")
        return value.strip()
    if name == "library":
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("must be a folder path")
        return value
    if name == "ner":
        if value not in ("builtin", "spacy"):
            raise ValueError("must be 'builtin' or 'spacy'")
        return value
    if name == "measure":
        if not isinstance(value, int) or isinstance(value, bool) or not 40 <= value <= 200:
            raise ValueError("must be a whole number of columns from 40 to 200")
        return value
    if name == "sort":
        if value not in SORTS:
            raise ValueError(f"must be one of {', '.join(SORTS)}")
        return value
    if name == "mark_read_after":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ValueError("must be a number of seconds, 0 or more")
        return float(value)
    if name == "keymap":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ValueError("must map binding ids to keys, e.g. {next-article: ctrl+n}")
        return dict(value)
    raise ValueError("unknown setting")


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config and the problems found in it (each a message for the user)."""
    path = path or paths.config_file()
    config = Config()
    if not path.exists():
        return config, []
    try:
        data = load_yaml_file(path, remember=True)
    except YamlError as exc:
        return config, [f"config {exc}; using the defaults"]
    if data is None:
        return config, []
    if not isinstance(data, dict):
        return config, [f"config {path.name}: must be a mapping of settings; using the defaults"]
    problems: list[str] = []
    known = set(Config.__slots__)
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in known:
            problems.append(f"config {path.name}: unknown setting {key!r} (ignored)")
            continue
        if name == "keymap" and isinstance(value, dict):
            # each entry on its own: one bad key does not throw away the good ones
            keymap: dict[str, str] = {}
            for binding_id, keys in value.items():
                if isinstance(binding_id, str) and isinstance(keys, str) and keys.strip():
                    keymap[binding_id] = keys.strip()
                else:
                    problems.append(f"config {path.name}: keymap {binding_id!r}: keys must be text such as "
                                    f"ctrl+n, not {keys!r} (ignored)")
            config.keymap = keymap
            continue
        try:
            setattr(config, name, _check(name, value))
        except ValueError as exc:
            problems.append(f"config {path.name}: {key} {exc}; using the default {getattr(Config(), name)!r}")
    return config, problems
