"""One line under the article: where it stands in the list, its state, and passing news."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget


class StatusLine(Widget):
    """Left: where the reader is (or a message); right, dimmed: the article's state.

    The line is fitted to the width each time it is drawn: the right part goes first
    when both do not fit, then the left is cut with an ellipsis.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left = ""
        self._right = ""
        self.showing_note = False  # a passing message, not the article's position

    def set_parts(self, left: str, right: str = "", *, note: bool = False) -> None:
        self._left, self._right = left, right
        self.showing_note = note
        self.refresh()  # one line, always: no layout pass needed

    @property
    def text(self) -> str:
        return f"{self._left}  {self._right}".strip()

    def render(self) -> Content:
        width = self.size.width
        left, right = " " + self._left, (self._right + " " if self._right else "")
        if cell_len(left) + 2 + cell_len(right) > width:
            right = ""
        if cell_len(left) > width:
            left = left[: max(0, width - 1)] + "…"
        gap = max(0, width - cell_len(left) - cell_len(right))
        return Content.assemble((left, ""), (" " * gap, ""), (right, "dim"))
