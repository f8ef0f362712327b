"""The help screen (`?` or F1): every key by pane, and the search query language."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tuireader.ui.keys import KEY_HELP, QUERY_HELP


def _key_name(keys: str, app) -> str:
    shown = []
    for key in keys.split(","):
        key = key.strip()
        try:
            shown.append(app.get_key_display(Binding(key, "")))
        except Exception:  # a key Textual cannot display: show it as written
            shown.append(key)
    return " / ".join(shown)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help-close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help-down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help-up"),
    ]

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._content(), id="help-text")

    def _content(self) -> Group:
        """The key tables, one a pane, and the query language; all plain Text, never markup."""
        theme = self.app.theme_variables
        accent = Style(color=theme.get("accent"), bold=True) if theme.get("accent") else Style(bold=True)
        primary = Style(color=theme.get("primary"), bold=True) if theme.get("primary") else Style(bold=True)
        parts: list = [Text("tuireader: keys", style=primary)]
        for pane, rows in KEY_HELP:
            parts.append(Text(""))
            parts.append(Text(pane, style=accent))
            table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
            table.add_column(no_wrap=True, min_width=16)
            table.add_column(ratio=1)
            table.add_column(no_wrap=True, style="dim")  # the name keymap: uses
            for binding_id, keys, what in rows:
                keys = self.keymap.get(binding_id, keys) if binding_id else keys
                table.add_row(Text(_key_name(keys, self.app), style="bold"), Text(what), Text(binding_id))
            parts.append(table)
        parts.append(Text(""))
        parts.append(Text("Search: the query language", style=accent))
        parts.append(Text(QUERY_HELP.strip()))
        parts.append(Text(""))
        parts.append(Text('Keys can be changed in the config file: keymap: {binding-id: "keys"}, with the names '
                          "shown dimmed on the right.", style="dim"))
        parts.append(Text("Press escape to close.", style="dim"))
        return Group(*parts)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=-1, animate=False)
