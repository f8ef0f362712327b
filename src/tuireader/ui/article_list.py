"""The sidebar: every article (or the search results), drawn with the Line API.

Only the rows on screen are fetched and drawn, a page of rows at a time from
the library, so 100,000 articles cost what a screenful costs (STYLE.md:
OptionList and ListView build every row up front).
"""

from __future__ import annotations

import textwrap
from typing import Callable, Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tuireader.highlight import word_spans
from tuireader.model import Record
from tuireader.ui.strips import LinePane, row_strip, set_virtual_size


class ListRow(Record):
    """What the sidebar shows for one article."""

    __slots__ = ("id", "title", "meta", "read", "starred", "problem", "snippet", "terms")

    def __init__(self, id: str, title: str, meta: str, read: bool = True, starred: bool = False,
                 problem: str | None = None, snippet: str | None = None, terms: list[str] | None = None) -> None:
        self.id = id
        self.title = title
        self.meta = meta  # source · date (or "named 3 times", ...)
        self.read = read
        self.starred = starred
        self.problem = problem
        self.snippet = snippet
        self.terms = [] if terms is None else terms


class RowSource(Protocol):
    """Where the rows come from: the library listing, search results, ..."""

    row_height: int

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int) -> list[ListRow]: ...


class StaticRows:
    """Rows already in hand (search results, the articles naming an entity)."""

    def __init__(self, rows: list[ListRow], row_height: int = 2) -> None:
        self.rows = rows
        self.row_height = row_height

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> list[ListRow]:
        return self.rows[offset : offset + limit]


class ArticleList(LinePane, can_focus=True):
    """A list of articles: title on one line, source · date (and a snippet) below."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list-page-down"),
        Binding("home,g", "first", "First", show=False, id="list-first"),
        Binding("end,G", "last", "Last", show=False, id="list-last"),
        Binding("enter,l", "open", "Open", show=False, id="list-open"),
    ]

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--unread",
        "article-list--meta",
        "article-list--snippet",
        "article-list--match",
        "article-list--cursor",
        "article-list--problem",
        "article-list--star",
        "article-list--star-unread",
    }

    PAGE = 100

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to an article."""

        def __init__(self, article_id: str | None, by_user: bool = False) -> None:
            self.article_id = article_id
            self.by_user = by_user  # a key or a click moved it (not a reload)
            super().__init__()

    class Opened(Message):
        """The user chose an article (enter)."""

        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source: RowSource = StaticRows([])
        self._count = 0
        self._pages: dict[int, list[ListRow]] = {}
        self._user_move = False
        self.empty_message = "No articles."

    # -- the data -----------------------------------------------------------------------------

    @property
    def source(self) -> RowSource:
        return self._source

    def set_source(self, source: RowSource, *, cursor: int = 0) -> None:
        """Show rows from another source; the cursor goes to ``cursor``."""
        self._source = source
        self.reload(cursor=cursor)

    def reload(self, *, cursor: int | None = None) -> None:
        """Fetch again (after indexing, a read mark, a sort)."""
        self._pages.clear()
        self._count = self._source.count()
        self._set_virtual_height()
        target = self.cursor if cursor is None else cursor
        self.cursor = max(0, min(target, self._count - 1)) if self._count else 0
        self._scroll_cursor_visible()
        self.refresh()

    @property
    def row_count(self) -> int:
        return self._count

    def row(self, index: int) -> ListRow | None:
        if not 0 <= index < self._count:
            return None
        page_no = index // self.PAGE
        page = self._pages.get(page_no)
        if page is None:
            if len(self._pages) > 50:
                self._pages.clear()
            page = self._source.fetch(page_no * self.PAGE, self.PAGE)
            self._pages[page_no] = page
        offset = index - page_no * self.PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> ListRow | None:
        return self.row(self.cursor)

    def update_row(self, article_id: str, **changes: object) -> None:
        """Change a row in place (read, starred) without fetching again."""
        for page in self._pages.values():
            for row in page:
                if row.id == article_id:
                    for key, value in changes.items():
                        setattr(row, key, value)
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        height = self._source.row_height
        self.refresh_lines(old * height - int(self.scroll_y), height)
        self.refresh_lines(new * height - int(self.scroll_y), height)
        self._scroll_cursor_visible()
        row = self.row(new)
        self.post_message(self.Highlighted(row.id if row else None, by_user=self._user_move))

    # The list scrolls by whole rows: the top line on screen is always a title, never the
    # second line of a row whose title is above the pane.

    def _set_virtual_height(self) -> None:
        """Rows, plus the lines that make the last scroll position a row boundary too."""
        height = self._source.row_height
        view = self.scrollable_content_region.height
        rows = self._count * height
        pad = (view - rows) % height if rows > view > 0 else 0
        set_virtual_size(self, Size(self.size.width, rows + pad))

    def _on_row(self, value: float, current: float) -> float:
        """``value`` moved to a row boundary, onwards in the direction it moves from ``current``."""
        height = self._source.row_height
        off = value % height
        if off:
            value = value - off + (height if value > current else 0)
        return min(value, self.max_scroll_y) if value > 0 else value

    def validate_scroll_y(self, value: float) -> float:
        return self._on_row(super().validate_scroll_y(value), self.scroll_y)

    def validate_scroll_target_y(self, value: float) -> float:
        return self._on_row(super().validate_scroll_target_y(value), self.scroll_target_y)

    def _scroll_cursor_visible(self) -> None:
        height = self._source.row_height
        top = self.cursor * height
        view = self.scrollable_content_region.height
        y = int(self.scroll_y)
        y -= y % height
        if top < y:
            y = top
        elif top + height > y + view:
            # the cursor's row the last whole row on screen (the first, if none fits below it)
            y = top - (max(1, view // height) - 1) * height
        if y != self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Move the cursor as the reader asked (keys, clicks)."""
        if self._count:
            self._user_move = True
            try:
                self.cursor = max(0, min(index, self._count - 1))
            finally:
                self._user_move = False

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self._source.row_height)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page_rows())

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page_rows())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._count - 1)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row.id))

    def on_click(self, event: events.Click) -> None:
        index = int(event.y + self.scroll_y) // self._source.row_height
        if 0 <= index < self._count:
            if index == self.cursor:
                self.action_open()
            self.move_to(index)

    def on_resize(self) -> None:
        self._set_virtual_height()
        self._scroll_cursor_visible()

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width, base = self.line_width_and_style
        line_no = y + int(self.scroll_y)
        height = self._source.row_height
        index, part = divmod(line_no, height)
        if self._count == 0:
            lines = textwrap.wrap(self.empty_message, max(10, width - 3))
            if 1 <= y <= len(lines):
                text = Text(" " + lines[y - 1], style=self.get_component_rich_style("article-list--meta", partial=True))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            # the full style blends the translucent cursor colour over the background
            style = base + Style(bgcolor=self.get_component_rich_style("article-list--cursor").bgcolor)
        text = self._row_text(row, part)
        return self._strip(text, width, style)

    def _row_text(self, row: ListRow, part: int) -> Text:
        if part == 0:
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            if row.problem:
                text.append("! ", self.get_component_rich_style("article-list--problem", partial=True))
            elif row.starred:
                # a starred article still says whether it is read: bright star unread, dim star read
                star = "article-list--star-unread" if not row.read else "article-list--star"
                text.append("★ ", self.get_component_rich_style(star, partial=True))
            elif not row.read:
                text.append("● ", self.get_component_rich_style("article-list--unread", partial=True))
            else:
                text.append("  ")
            title_style = "article-list--unread" if not row.read else "article-list--title"
            text.append(row.title or "(untitled)", self.get_component_rich_style(title_style, partial=True))
            return text
        if part == 1:
            meta = row.problem if row.problem else row.meta
            return Text("  " + meta, style=self.get_component_rich_style("article-list--meta", partial=True),
                        no_wrap=True, overflow="ellipsis", end="")
        if part == 2 and row.snippet:
            text = Text("  " + row.snippet, style=self.get_component_rich_style("article-list--snippet", partial=True),
                        no_wrap=True, overflow="ellipsis", end="")
            match_style = self.get_component_rich_style("article-list--match", partial=True)
            for start, end in word_spans(row.snippet, row.terms):
                text.stylize(match_style, start + 2, end + 2)
            return text
        return Text("", end="")

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return row_strip(text, width, style, self.app.console)


RowFetcher = Callable[[int, int], list[ListRow]]
