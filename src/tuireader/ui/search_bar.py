"""The search box over the sidebar: opened with `/`, searches as you type."""

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
        Binding("down", "to_results", "Results", show=False, id="search-results"),
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

    def __init__(self, *, placeholder: str = "Search the archive…  (words, \"phrase\", prefix*, title:, person:, -not)",
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self._timer: Timer | None = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
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
