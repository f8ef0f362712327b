"""The search box over the sidebar: opened with `/`, searches as you type.

Up and Down walk through the earlier queries as a shell does: up shows the one before, down
comes back toward what was being typed (kept meanwhile); down on what is being typed moves
into the results.  The app hands the history down (``history``) and keeps it.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

DEBOUNCE_SECONDS = 0.15


class SearchBar(Input):
    """An Input that reports the query once typing pauses, and on enter."""

    BINDINGS = [
        Binding("escape", "close", "Close search", id="search-close"),
        Binding("up", "older_query", "Earlier query", show=False, id="search-history",
                tooltip="The query searched before this one"),
        Binding("down", "newer_query", "Results", show=False, id="search-results",
                tooltip="Back toward what you were typing; from there, into the results"),
    ]

    class QueryChanged(Message):
        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class QuerySubmitted(Message):
        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Closed(Message):
        """Escape: back to the whole library."""

    class ToResults(Message):
        """Down arrow: move into the results."""

    class Left(Message):
        """Focus went elsewhere (enter, down, tab, a click) with this query in the box."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, *, placeholder: str = "Search the archive…  (words, \"phrase\", prefix*, title:, person:, -not)",
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self._timer: Timer | None = None
        self.history: list[str] | None = None  # most recent first; None until the app loads it
        self._walk = -1  # the history entry shown, or -1: what the reader is typing
        self._draft = ""  # what the reader was typing when they went up into the history

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        # a recalled query edited is now what the reader is typing (a change reported after
        # the box moved on, keys pressed in a burst, is not an edit)
        if self._walk >= 0 and value == self.value and (
                not self.history or self._walk >= len(self.history) or value != self.history[self._walk]):
            self._walk = -1
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.post_message(self.QueryChanged(value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.post_message(self.QuerySubmitted(event.value))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())

    def reset_history_walk(self) -> None:
        """Back at what is being typed (the box opens, or is cleared)."""
        self._walk = -1
        self._draft = ""

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)

    def action_older_query(self) -> None:
        history = self.history or []
        walk = self._walk + 1
        while walk < len(history) and history[walk] == self.value.strip():
            walk += 1  # the query already in the box is not shown again
        if walk >= len(history):
            self.app.bell()  # no earlier query
            return
        if self._walk < 0:
            self._draft = self.value
        self._walk = walk
        self._show(history[walk])

    def action_newer_query(self) -> None:
        if self._walk < 0:
            self.action_to_results()
            return
        self._walk -= 1
        history = self.history or []
        self._show(history[self._walk] if 0 <= self._walk < len(history) else self._draft)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if self.app.app_focus:  # not the terminal window losing focus
            self.post_message(self.Left(event.value))
