"""The entities panel: who and what the article names, grouped by kind, with counts.

An article names tens of entities, not thousands, so an OptionList serves.
Every label is built as Content from plain text: entity names never become markup.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuireader.model import Entity

KIND_TITLES = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "group": "Groups",
    "date": "Dates",
    "other": "Other names",
}


class EntityPanel(OptionList):
    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False, id="entities-up"),
        Binding("j", "cursor_down", "Down", show=False, id="entities-down"),
        Binding("a", "list_articles", "Articles naming it", id="entities-articles",
                tooltip="List every article in the library that names this entity"),
    ]

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
        self._entities: dict[str, Entity] = {}

    def show(self, entities: list[Entity], *, empty_message: str | None = None) -> None:
        self.clear_options()
        self._entities = {}
        if not entities:
            self.add_option(Option(Content(empty_message or "No names found in this article."), disabled=True))
            return
        options: list[Option | None] = []
        for kind, title in KIND_TITLES.items():
            group = [e for e in entities if e.type == kind]
            if not group:
                continue
            group.sort(key=lambda e: (-e.count, e.name.casefold()))
            if options:
                options.append(None)
            options.append(Option(Content.styled(f"{title} ({len(group)})", "bold"), disabled=True))
            for n, entity in enumerate(group):
                key = f"{kind}-{n}"
                self._entities[key] = entity
                label = Content.assemble(
                    (f"{entity.count:>3} ", "dim"),
                    (entity.name, f"$entity-{kind}"),
                    (f"  {entity.value}" if kind == "date" and entity.value and entity.value != entity.name else "", "dim"),
                )
                options.append(Option(label, id=key))
        self.add_options(options)
        # first selectable option
        for index in range(self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                break

    @property
    def current(self) -> Entity | None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        return self._entities.get(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(self.Chosen(entity))

    def action_list_articles(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(self.ArticlesWanted(entity))
