"""One line under the article: where it stands in the list, its state, and passing news."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    def set_parts(self, left: str, right: str = "") -> None:
        width = max(0, self.size.width - len(left) - len(right) - 2)
        # one line, always: no layout pass needed
        self.update(Content.assemble((" " + left, ""), (" " * width, ""), (right + " ", "dim")), layout=False)
