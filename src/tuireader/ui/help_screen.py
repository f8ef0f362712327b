"""The help screen (`?` or F1): every key by pane, and the search query language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
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

    def _content(self) -> Content:
        parts: list[tuple[str, str] | str] = [("tuireader: keys\n", "bold $primary")]
        for pane, rows in KEY_HELP:
            parts.append((f"\n{pane}\n", "bold $accent"))
            for binding_id, keys, what in rows:
                keys = self.keymap.get(binding_id, keys) if binding_id else keys
                parts.append((f"  {_key_name(keys, self.app):<22}", "bold"))
                parts.append(what)
                parts.append((f"  {binding_id}\n" if binding_id else "\n", "dim"))  # the name keymap: uses
        parts.append(("\nSearch: the query language\n", "bold $accent"))
        parts.append(QUERY_HELP.strip() + "\n")
        parts.append(("\nKeys can be changed in the config file: keymap: {binding-id: \"keys\"}.\n", "dim"))
        parts.append(("Press escape to close.", "dim"))
        return Content.assemble(*parts)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=-1, animate=False)
