"""Turning one line of Rich Text into a Strip, for the Line-API widgets."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def row_strip(text: Text, width: int, style: Style, console: Console) -> Strip:
    """``text`` on a row ``width`` cells wide: a one-cell margin each side, cut with an ellipsis, on ``style``."""
    text.truncate(max(0, width - 2), overflow="ellipsis")
    text = Text(" ", end="") + text
    segments = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in text.render(console) if seg.text != "\n"]
    return Strip(segments).adjust_cell_length(width, style)


def base_style(widget: Widget) -> Style:
    """``widget.rich_style``, worked out once per repaint rather than once per line.

    Textual walks every ancestor and blends their backgrounds each time ``rich_style`` is
    read; a pane drawing forty lines read it forty times a frame.  The answer is kept in the
    widget's own cache of component styles, which Textual clears whenever the widget is
    repainted or its styles change, so it is never stale.
    """
    cache = getattr(widget, "_rich_style_cache", None)
    if cache is None:
        return widget.rich_style
    hit = cache.get(_BASE_KEY)
    if hit is None:
        style = widget.rich_style
        cache[_BASE_KEY] = hit = (style, style)
    return hit[0]


_BASE_KEY = ("tuireader-base-style",)


class LinePane(ScrollView):
    """A Line-API pane that works out, once per drawing pass, what each line needs.

    Textual draws a pane by asking ``render_line`` for each line on screen; the pane's width
    and its base style are the same for all of them, and each costs a walk over styles.
    """

    _pass: tuple[int, Style] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self.begin_pass()
        self._pass = (self.scrollable_content_region.width, base_style(self))
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def begin_pass(self) -> None:
        """Called before a drawing pass: bring what the lines are cut from up to date."""

    @property
    def line_width_and_style(self) -> tuple[int, Style]:
        """The width of a line and the style under it, in this drawing pass."""
        return self._pass or (self.scrollable_content_region.width, base_style(self))


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
