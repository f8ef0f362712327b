"""The entities panel: who and what the article names, grouped by kind, with counts.

Drawn with the Line API, like the sidebar: the panel keeps one short Text per
line and renders only the lines on screen, so showing the next article costs
what the visible lines cost (an OptionList renders every option up front).
Every line is built from plain text: entity names never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tuireader.model import Entity
from tuireader.ui.strips import LinePane, row_strip, set_virtual_size

KIND_TITLES = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "group": "Groups",
    "date": "Dates",
    "other": "Other names",
}


@dataclass
class _Row:
    """One item of the panel: a group title, an entity, a gap or the empty message."""

    kind: str  # "title" | "entity" | "gap" | "empty"
    text: str = ""
    entity: Entity | None = None


class EntityPanel(LinePane, can_focus=True):
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="entities-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="entities-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="entities-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="entities-page-down"),
        Binding("home", "first", "First", show=False, id="entities-first"),
        Binding("end", "last", "Last", show=False, id="entities-last"),
        Binding("enter", "choose", "Highlight", show=False, id="entities-choose"),
        Binding("a", "list_articles", "Articles naming it", id="entities-articles",
                tooltip="List every article in the library that names this entity"),
    ]

    COMPONENT_CLASSES = {
        "entity-panel--title",
        "entity-panel--count",
        "entity-panel--value",
        "entity-panel--empty",
        "entity-panel--cursor",
        "entity-panel--person",
        "entity-panel--organization",
        "entity-panel--place",
        "entity-panel--group",
        "entity-panel--date",
        "entity-panel--other",
    }

    class Chosen(Message):
        """The reader chose an entity (enter): highlight it, or move to its next mention."""

        def __init__(self, entity: Entity) -> None:
            self.entity = entity
            super().__init__()

    class ArticlesWanted(Message):
        """The reader wants every article that names this entity."""

        def __init__(self, entity: Entity) -> None:
            self.entity = entity
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[_Row] = [_Row("empty", "No names found in this article.")]
        self._cursor: int | None = None  # index into _rows of an entity row
        self._lines: list[tuple[int, int]] = []  # (row index, first cell of the name shown on it)
        self._wrapped: dict[int, list[str]] = {}  # row index -> its text, cut to the width
        self._laid_width = -1

    # -- what to show -------------------------------------------------------------------------

    def show(self, entities: list[Entity], *, empty_message: str | None = None) -> None:
        rows: list[_Row] = []
        for kind, title in KIND_TITLES.items():
            group = [e for e in entities if e.type == kind]
            if not group:
                continue
            group.sort(key=lambda e: (-e.count, e.name.casefold()))
            if rows:
                rows.append(_Row("gap"))
            rows.append(_Row("title", f"{title} ({len(group)})"))
            rows.extend(_Row("entity", entity.name, entity) for entity in group)
        if not rows:
            rows.append(_Row("empty", empty_message or "No names found in this article."))
        self._rows = rows
        self._cursor = next((i for i, row in enumerate(rows) if row.kind == "entity"), None)
        self._laid_width = -1
        self.scroll_to(y=0, animate=False, immediate=True)
        self._lay_out()
        self.refresh()

    @property
    def entities(self) -> list[Entity]:
        """The entities listed, in the order shown."""
        return [row.entity for row in self._rows if row.entity is not None]

    @property
    def current(self) -> Entity | None:
        if self._cursor is None:
            return None
        return self._rows[self._cursor].entity

    # -- layout: which row each screen line shows -----------------------------------------------

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._laid_width:
            return
        self._laid_width = width
        room = max(8, width - 2)  # one cell of margin each side
        lines: list[tuple[int, int]] = []
        self._wrapped = {}
        for index, row in enumerate(self._rows):
            prefix = 4 if row.kind == "entity" else 0
            text = self._label(row)
            if row.kind in ("entity", "empty") and cell_len(text) + prefix > room:
                parts = Text(text).wrap(self.app.console, room - prefix)
                self._wrapped[index] = [part.plain for part in parts] or [""]
                lines.extend((index, n) for n in range(len(self._wrapped[index])))
            else:
                lines.append((index, 0))
        self._lines = lines
        set_virtual_size(self, Size(width, len(lines)))

    @staticmethod
    def _label(row: _Row) -> str:
        entity = row.entity
        if entity is not None and entity.type == "date" and entity.value and entity.value != entity.name:
            return f"{entity.name}  {entity.value}"
        return row.text

    def on_resize(self) -> None:
        self._lay_out()
        self._scroll_cursor_visible()

    # -- moving -------------------------------------------------------------------------------

    def _selectable(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if row.kind == "entity"]

    def _move(self, step: int) -> None:
        choices = self._selectable()
        if not choices:
            return
        if self._cursor not in choices:
            self._cursor = choices[0]
        else:
            at = choices.index(self._cursor)
            self._cursor = choices[max(0, min(len(choices) - 1, at + step))]
        self._scroll_cursor_visible()
        self.refresh()

    def _scroll_cursor_visible(self) -> None:
        if self._cursor is None or not self._lines:
            return
        rows = [n for n, (index, _) in enumerate(self._lines) if index == self._cursor]
        if not rows:
            return
        top, bottom = rows[0], rows[-1] + 1
        if self._cursor == self._selectable()[0]:
            top = 0  # the first entity brings its group title into view
        view = max(1, self.scrollable_content_region.height)
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + view:
            self.scroll_to(y=bottom - view, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 2))

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self._move(-len(self._rows))

    def action_last(self) -> None:
        self._move(len(self._rows))

    def action_choose(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(self.Chosen(entity))

    def action_list_articles(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(self.ArticlesWanted(entity))

    def on_click(self, event: events.Click) -> None:
        line = int(event.y + self.scroll_y)
        if 0 <= line < len(self._lines):
            index = self._lines[line][0]
            if self._rows[index].kind == "entity":
                self._cursor = index
                self.refresh()
                self.action_choose()

    # -- drawing ------------------------------------------------------------------------------

    def begin_pass(self) -> None:
        self._lay_out()

    def render_line(self, y: int) -> Strip:
        if self._pass is None:
            self._lay_out()
        width, base = self.line_width_and_style
        line = y + int(self.scroll_y)
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, base)
        index, part = self._lines[line]
        row = self._rows[index]
        style = base
        if index == self._cursor:
            style = base + Style(bgcolor=self.get_component_rich_style("entity-panel--cursor").bgcolor)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        piece = self._wrapped[index][part] if index in self._wrapped else self._label(row)

        def component(name: str) -> Style:
            return self.get_component_rich_style(f"entity-panel--{name}", partial=True)

        if row.kind == "title":
            text.append(piece, component("title"))
        elif row.kind == "empty":
            text.append(piece, component("empty"))
        elif row.kind == "entity" and row.entity is not None:
            entity = row.entity
            text.append(f"{entity.count:>3} " if part == 0 else "    ", component("count"))
            kind = entity.type if f"entity-panel--{entity.type}" in self.COMPONENT_CLASSES else "other"
            if index not in self._wrapped and piece != entity.name:
                # a date with its value: the name in the kind's colour, the value dimmed
                text.append(entity.name, component(kind))
                text.append(piece[len(entity.name):], component("value"))
            else:
                text.append(piece, component(kind))
        return row_strip(text, width, style, self.app.console)
