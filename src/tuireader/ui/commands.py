"""Command palette (ctrl+p) providers: the reader's commands, and article titles.

Titles are article text: they are shown as Content built from plain text, never
through ``Matcher.highlight`` (which parses its argument as markup).
"""

from __future__ import annotations

import re
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tuireader.config import SORTS


def safe_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as Content with the fuzzy-matched characters styled, no markup parsed."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if offset < len(text) and not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReaderCommands(Provider):
    """Sorting, filters, raw view, reindexing and the rest, by name."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        commands: list[tuple[str, str, object]] = []
        for sort in SORTS:
            commands.append((f"Sort articles: {sort}", f"Order the list by {sort}", partial(app.set_sort, sort)))
        commands += [
            ("Show unread only (toggle)", "Only articles you have not read", app.action_filter_unread),
            ("Show starred only (toggle)", "Only articles you starred", app.action_filter_starred),
            ("Search the archive", "Open the search box", app.action_search),
            ("Find in article", "Search the open article", app.action_find),
            ("Toggle raw text", "The file's text as it is", app.action_toggle_raw),
            ("Toggle read", "Mark the open article read or unread", app.action_toggle_read),
            ("Toggle star", "Star or unstar the open article", app.action_toggle_star),
            ("Reindex library", "Parse new and changed files again (R)", app.action_reload),
            ("Mark all read", "Every article in the list (A)", app.action_mark_all_read),
            ("Next unread article", "After the one selected (})", app.action_next_unread),
            ("Rebuild index", "Parse every file again", partial(app.update_index, True)),
            ("Help: keys and query language", "Every key, by pane", app.action_help),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, safe_highlight(matcher, name), callback, text=name, help=help_text)


class ArticleCommands(Provider):
    """Jump to an article by (part of) its title."""

    async def search(self, query: str) -> Hits:
        words = re.findall(r"\w+", query)
        if not words:
            return
        app = self.app
        fts = " ".join(f"title:{word}*" for word in words[:6])
        try:
            hits = app.library.search(fts, limit=40)
        except Exception:
            return
        matcher = self.matcher(query)
        for hit in hits:
            title = hit.row.title
            score = matcher.match(title) or 0.2
            yield Hit(
                score,
                safe_highlight(matcher, title),
                partial(app.open_article, hit.row.id),
                text=title,
                help=" · ".join(p for p in (hit.row.source, hit.row.published) if p),
            )
