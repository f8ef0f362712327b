"""YAML theme files into validated Textual themes.

One bad file never stops the app: `load_themes` returns the themes it could
load and, for each file it could not, one message naming the file and the
problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from tuireader import paths
from tuireader.model import Record
from tuireader.yamlsafe import YamlError, load_yaml_file

DEFAULT_THEME = "harbour-night"
COLOUR_KEYS = ("primary", "secondary", "warning", "error", "success", "accent",
               "foreground", "background", "surface", "panel", "boost")
KNOWN_KEYS = set(COLOUR_KEYS) | {"name", "dark", "variables", "luminosity_spread", "text_alpha"}

# Our own theme variables, with defaults for Textual's built-in themes.
READER_VARIABLES = {
    "caption": "$foreground-muted",
    "caption-credit": "$foreground-disabled",
    "entity-person": "$primary",
    "entity-organization": "$warning",
    "entity-place": "$success",
    "entity-group": "$secondary",
    "entity-date": "$accent",
    "entity-other": "$error",
    "search-match": "$warning",
}
REQUIRED_VARIABLES = tuple(READER_VARIABLES)

# Textual's colour system gives its own themes these, but not its ANSI ones (ansi-dark,
# ansi-light): without them the stylesheet would not load.
TEXTUAL_GAPS = {
    "foreground-disabled": "$foreground-muted",
    "surface-active": "$surface",
}
VARIABLE_DEFAULTS = {**TEXTUAL_GAPS, **READER_VARIABLES}

# Every variable app.tcss names (a test holds this to the file): a theme that leaves one
# undefined cannot be used.
STYLESHEET_VARIABLES = frozenset({
    "accent", "background", "boost", "caption", "caption-credit", "entity-date", "entity-group",
    "entity-organization", "entity-other", "entity-person", "entity-place", "error",
    "footer-background", "foreground", "foreground-disabled", "foreground-muted", "panel",
    "panel-lighten-2", "primary", "search-match", "surface", "warning",
})


def missing_variables(variables: dict[str, str]) -> list[str]:
    """The stylesheet's variables that ``variables`` leaves undefined, sorted."""
    return sorted(STYLESHEET_VARIABLES.difference(variables))


def resolve_variables(variables: dict[str, str]) -> dict[str, str]:
    """Replace values that name another variable ("$accent") with that variable's colour.

    Textual does not follow such references inside theme variables, so a theme that leaves
    one of ours to its default ("$foreground-muted"), or names another, would stop the
    stylesheet from loading.  A reference that leads nowhere becomes the text colour.
    """
    resolved = dict(variables)
    for name, value in variables.items():
        seen = {name}
        while isinstance(value, str) and value.startswith("$"):
            target = value[1:]
            if target in seen or target not in variables:
                value = variables.get("foreground", "#e0e0e0")
                break
            seen.add(target)
            value = variables[target]
        resolved[name] = value
    return resolved


class ThemeProblem(Record):
    __slots__ = ("path", "message")

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message

    def __str__(self) -> str:
        name = self.path.name
        for joint in (", ", ": "):  # the YAML reader's messages start with the file's name
            if self.message.startswith(name + joint):
                return f"theme {name}{joint}{self.message[len(name) + len(joint):]}"
        return f"theme {name}: {self.message}"


def theme_from_mapping(data: Any, *, source: str = "theme") -> Theme:
    """Validate a parsed YAML mapping and build a Theme; ValueError says what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("a theme file must be a mapping of keys to values")
    unknown = sorted(set(map(str, data)) - KNOWN_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("'name' is missing or not text")
    if "primary" not in data:
        raise ValueError("'primary' colour is missing")
    kwargs: dict[str, Any] = {"name": name.strip()}
    for key in COLOUR_KEYS:
        if key in data and data[key] is not None:
            kwargs[key] = _colour(data[key], key)
    if "dark" in data:
        if not isinstance(data["dark"], bool):
            raise ValueError("'dark' must be true or false")
        kwargs["dark"] = data["dark"]
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            if not isinstance(data[key], (int, float)) or isinstance(data[key], bool) \
                    or not 0 <= data[key] <= 1:
                raise ValueError(f"'{key}' must be a number from 0 to 1")
            kwargs[key] = float(data[key])
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ValueError("'variables' must be a mapping")
    clean_vars: dict[str, str] = {}
    for key, value in variables.items():
        if not isinstance(key, str) or not isinstance(value, (str, int)):
            raise ValueError(f"variable {key!r} must map a name to a colour")
        value = str(value)
        if not value.startswith("$"):
            value = _colour(value, f"variables.{key}")
        clean_vars[key] = value
    kwargs["variables"] = clean_vars
    return Theme(**kwargs)


def _colour(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a colour such as \"#336699\", not {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"{key!r}: {value!r} is not a colour") from None
    return value


def load_theme_file(path: Path) -> Theme:
    try:
        data = load_yaml_file(path, remember=True)
    except YamlError as exc:
        raise ValueError(str(exc)) from None
    return theme_from_mapping(data, source=path.name)


def theme_dirs() -> list[Path]:
    return [paths.bundled_themes_dir(), paths.user_themes_dir()]


def load_themes(dirs: list[Path] | None = None) -> tuple[list[Theme], list[ThemeProblem]]:
    """Themes from the bundled folder, then the user's (a user theme may replace a bundled one)."""
    loaded: dict[str, Theme] = {}
    failed: list[ThemeProblem] = []
    for folder in dirs if dirs is not None else theme_dirs():
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
        except OSError:
            continue
        for path in files:
            try:
                theme = load_theme_file(path)
            except ValueError as exc:
                failed.append(ThemeProblem(path, str(exc)))
                continue
            loaded[theme.name] = theme
    return list(loaded.values()), failed
