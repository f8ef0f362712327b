"""Turning one line of Rich Text into a Strip, for the Line-API widgets."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def row_strip(text: Text, width: int, style: Style, console: Console) -> Strip:
    """``text`` on a row ``width`` cells wide: a one-cell margin, cut with an ellipsis, on ``style``."""
    text.truncate(max(0, width - 1), overflow="ellipsis")
    text = Text(" ", end="") + text
    segments = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in text.render(console) if seg.text != "\n"]
    return Strip(segments).adjust_cell_length(width, style)
