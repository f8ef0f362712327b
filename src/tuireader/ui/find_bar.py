"""Find in the open article (ctrl+f): a small box that returns the words to look for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class FindBar(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="find-cancel")]

    def compose(self) -> ComposeResult:
        yield Label("Find in this article (enter to find, escape to cancel)", id="find-label")
        yield Input(placeholder="words…", id="find-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
