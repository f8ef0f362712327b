"""Turning one line of Rich Text into a Strip, for the Line-API widgets."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


def row_strip(text: Text, width: int, style: Style, console: Console) -> Strip:
    """``text`` on a row ``width`` cells wide: a one-cell margin, cut with an ellipsis, on ``style``."""
    text.truncate(max(0, width - 1), overflow="ellipsis")
    text = Text(" ", end="") + text
    segments = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in text.render(console) if seg.text != "\n"]
    return Strip(segments).adjust_cell_length(width, style)


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Give a Line-API pane a new virtual size without a layout pass.

    The pane's own size does not depend on its content (it fills its share of the
    screen), so a new article needs only the scroll bars updated; the layout pass that
    setting ``virtual_size`` asks for repaints the whole pane and its border, the
    largest cost of showing the next article.  When a scroll bar comes or goes, the
    layout does change, and gets its pass.
    """
    if size == widget.virtual_size:
        return
    before = (widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar)
    widget.set_reactive(Widget.virtual_size, size)
    widget._refresh_scrollbars()
    if (widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar) != before or not widget.is_mounted:
        widget.refresh(layout=True)
    widget._scroll_update(size)
    widget.refresh()
