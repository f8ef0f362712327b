"""The reader: sidebar, article, entities; search on `/`.

The app wires widgets together ("attributes down, messages up") and runs the
blocking work (indexing, search) in thread workers that report back by message.
"""

from __future__ import annotations

import gc
import sqlite3  # the library needs it anyway: no cost at start-up
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.css.query import NoMatches
from textual.message import Message

from tuireader import paths
from tuireader.config import SORTS, Config, load_config
from tuireader.library import ArticleRow, IndexDamaged, Library, SearchHit
from tuireader.model import Entity
from tuireader.preferences import chosen_theme, load_preferences, save_preferences
from tuireader.reading_state import ReadingState
from tuireader.ui.article_list import ArticleList, ListRow, StaticRows
from tuireader.ui.article_view import ArticleView
from tuireader.ui.main_screen import MainScreen
from tuireader.ui.status_line import StatusLine
from tuireader.ui.themes import (DEFAULT_THEME, VARIABLE_DEFAULTS, load_themes, missing_variables,
                                 resolve_variables)

if TYPE_CHECKING:
    from tuireader.ui.entity_panel import EntityPanel
    from tuireader.ui.search_bar import SearchBar


SEARCH_LIMIT = 200  # results listed for one query, best first


def _count(n: int, noun: str) -> str:
    """'1 result', '3 results'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _css_problem(exc: Exception) -> str:
    """The first thing a stylesheet error says, on one line, without Textual's markup."""
    import re

    text = str(exc)
    for rule in getattr(getattr(exc, "errors", None), "rules", ()):
        if rule.errors:
            message = rule.errors[0][1]
            text = str(getattr(message, "plain", message))
            break
    return " ".join(re.sub(r"\[/?[a-z]*\]", "", text).split())[:120] or type(exc).__name__


def _index_errors() -> tuple[type[Exception], ...]:
    """What a read of the index raises when the index is damaged or cannot be read."""
    return (IndexDamaged, sqlite3.DatabaseError)


def _index_problem(exc: Exception) -> str:
    """One line for the reader about an index that could not be read."""
    if isinstance(exc, IndexDamaged):
        return ("The index turned out damaged: it was moved aside and is being rebuilt from the "
                "article files.")
    detail = " ".join(str(exc).split())[:100] or type(exc).__name__
    return f"The index could not be read ({detail}): bringing it up to date."


def _reader_commands():
    from tuireader.ui.commands import ReaderCommands

    return ReaderCommands


def _article_commands():
    from tuireader.ui.commands import ArticleCommands

    return ArticleCommands


def _meta(row: ArticleRow) -> str:
    return " · ".join(part for part in (row.source or "unknown source", row.published or "no date") if part)


def list_row(row: ArticleRow) -> ListRow:
    return ListRow(id=row.id, title=row.title, meta=_meta(row), read=row.read, starred=row.starred,
                   problem=row.problem)


class LibraryRows:
    """The whole library, in the chosen order, fetched a page at a time.

    An index that cannot be read gives no rows, and ``on_damage`` hears of it (the app says
    so and rebuilds): the list is drawn while it reads, where an error would stop the app.
    """

    row_height = 2

    def __init__(self, library: Library, *, sort: str = "newest", unread_only: bool = False,
                 starred_only: bool = False, on_damage=None) -> None:
        self.library = library
        self.sort = sort
        self.unread_only = unread_only
        self.starred_only = starred_only
        self.on_damage = on_damage

    def _damaged(self, exc: Exception) -> None:
        if self.on_damage is None:
            raise exc
        self.on_damage(exc)

    def count(self) -> int:
        try:
            return self.library.count(unread_only=self.unread_only, starred_only=self.starred_only)
        except _index_errors() as exc:
            self._damaged(exc)
            return 0

    def fetch(self, offset: int, limit: int) -> list[ListRow]:
        try:
            rows = self.library.rows(offset, limit, sort=self.sort, unread_only=self.unread_only,
                                     starred_only=self.starred_only)
        except _index_errors() as exc:
            self._damaged(exc)
            return []
        return [list_row(row) for row in rows]

    def index_of(self, article_id: str) -> int | None:
        try:
            return self.library.index_of(article_id, sort=self.sort, unread_only=self.unread_only,
                                         starred_only=self.starred_only)
        except _index_errors() as exc:
            self._damaged(exc)
            return None


class MentionRows:
    """The articles that name an entity, most mentions first, fetched a page at a time."""

    row_height = 2

    def __init__(self, library: Library, name: str, type: str | None) -> None:
        self.library = library
        self.name = name
        self.type = type
        self._count = library.count_mentioning(name, type)
        self._first: tuple[int, list[ListRow]] | None = None

    def count(self) -> int:
        return self._count

    def first_page(self, limit: int) -> list[ListRow]:
        """The first rows, kept for the list's own first fetch (one query, not two)."""
        rows = self._query(0, limit)
        self._first = (limit, rows)
        return rows

    def fetch(self, offset: int, limit: int) -> list[ListRow]:
        first, self._first = self._first, None
        if first is not None and offset == 0 and first[0] == limit:
            return first[1]
        return self._query(offset, limit)

    def _query(self, offset: int, limit: int) -> list[ListRow]:
        rows = []
        for row, count in self.library.mentioning(self.name, self.type, limit=limit, offset=offset):
            item = list_row(row)
            item.meta = f"names it {count} time{'s' if count != 1 else ''} · {_meta(row)}"
            rows.append(item)
        return rows


class ReaderApp(App[None]):
    TITLE = "tuireader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_reader_commands, _article_commands}  # loaded when the palette opens

    # Narrow terminals give the article the room: the entities pane goes below 100 cells
    # (e shows it again), the sidebar narrows below 130.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (130, "-wide")]

    BINDINGS = [
        Binding("slash", "search", "Search", id="search", tooltip="Search the whole archive"),
        Binding("ctrl+f", "find", "Find", id="find", tooltip="Find in this article"),
        Binding("n", "next_match(1)", "Next match", show=False, id="next-match"),
        Binding("N", "next_match(-1)", "Prev match", show=False, id="previous-match"),
        Binding("left_square_bracket", "step_article(-1)", "Prev", show=False, id="previous-article"),
        Binding("right_square_bracket", "step_article(1)", "Next", show=False, id="next-article"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle-read"),
        Binding("s", "toggle_star", "Star", show=False, id="toggle-star"),
        Binding("r", "toggle_raw", "Raw", id="toggle-raw", tooltip="Show the file's text as it is"),
        Binding("o", "open_url", "Open URL", show=False, id="open-url"),
        Binding("v", "open_file", "Open file", show=False, id="open-file",
                tooltip="Open the article's file in $VISUAL or $EDITOR (else $PAGER, less)"),
        Binding("e", "focus_entities", "Entities", id="focus-entities", tooltip="Go to the entities panel"),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("S", "cycle_sort", "Sort", show=False, id="sort"),
        Binding("U", "filter_unread", "Unread only", show=False, id="filter-unread"),
        Binding("asterisk", "filter_starred", "Starred only", show=False, id="filter-starred"),
        Binding("right_curly_bracket", "next_unread", "Next unread", show=False, id="next-unread"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="mark-all-read"),
        Binding("R", "reload", "Reload", show=False, id="reload"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key, and the query language"),
        Binding("q,ctrl+q", "quit", "Quit", id="quit", priority=False),
    ]

    class IndexProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            self.done = done
            self.total = total
            super().__init__()

    class IndexDone(Message):
        def __init__(self, summary, repair: bool = False, known: set[str] | None = None,
                     startup: bool = False) -> None:
            self.summary = summary
            self.repair = repair  # the update that rebuilds an index found damaged
            self.known = known or set()  # the problems the index knew of before (said before)
            self.startup = startup  # the update at start-up (not one the reader asked for)
            super().__init__()

    class SearchDone(Message):
        def __init__(self, query: str, hits: list[SearchHit] | None, error: str | None,
                     index_error: Exception | None = None) -> None:
            self.query = query
            self.hits = hits
            self.error = error  # the query cannot be read: why
            self.index_error = index_error  # the index cannot be read (damaged): what it raised
            super().__init__()

    def __init__(self, *, library_dir: Path | None = None, theme_name: str | None = None,
                 ner: str | None = None, config: Config | None = None,
                 config_problems: list[str] | None = None) -> None:
        super().__init__()
        if config is None:
            config, problems = load_config()
            config_problems = (config_problems or []) + problems
        self.config = config
        self.startup_problems: list[str] = list(config_problems or [])
        self.library_dir = Path(library_dir) if library_dir else paths.default_library(None, config.library)
        self.requested_theme = theme_name
        self.ner = ner or config.ner
        self.sort = config.sort
        self.unread_only = False
        self.starred_only = False
        # A write waits at most 2 s for another process's (another tuireader marking many
        # articles): the keys must not freeze; a mark that cannot be saved says so (_save_mark).
        self.state = ReadingState(wait=2.0)
        self.startup_problems.extend(getattr(self.state, "warnings", []))
        self.library = Library(self.library_dir, state=self.state)
        self.rows = LibraryRows(self.library, sort=self.sort, on_damage=self._index_failed)
        self.current_id: str | None = None
        self.current_entity: Entity | None = None
        self.search_terms: list[str] = []
        self.listing = "library"  # library | search | entity
        self._opened_at = 0.0
        self._read_timer = None
        self._search_generation = 0
        self._last_move = 0.0
        self._pending_show = None
        # False until the reader moves, opens an article or searches: what start-up shows is
        # not counted as read
        self._reader_acted = False
        self._first_frame_done = False
        self._before_entity: tuple | None = None  # the search results an entity listing replaced
        themes, failed = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self.startup_problems.extend(str(problem) for problem in failed)
        preferences, problems = load_preferences()
        self.startup_problems.extend(problems)
        self._apply_theme(theme_name or chosen_theme(preferences, config.theme) or config.theme)

    def _fallback_theme(self) -> str:
        return DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"

    def _apply_theme(self, name: str) -> None:
        """Start with this theme (called once, before the app runs)."""
        if name not in self.available_themes:
            self.startup_problems.append(f"theme {name!r} not found; using {self._fallback_theme()}")
            name = self._fallback_theme()
        # Set quietly: the stylesheet is first parsed with this theme's colours.  Setting
        # `self.theme` here would parse and apply every style a second time before the
        # first frame; what its watcher does besides, is done here.
        self.set_reactive(ReaderApp.theme, name)
        self._theme_chosen = True
        try:
            variables = self.get_css_variables()
            missing = missing_variables(variables)
            problem = f"it leaves ${missing[0]} undefined" if missing else None
        except Exception as exc:  # colours Textual cannot work out
            problem = str(exc) or type(exc).__name__
        if problem is not None and name != self._fallback_theme():
            # a theme the stylesheet cannot use would stop the app at every start
            name = self._fallback_theme()
            self.startup_problems.append(f"theme {self.theme!r} cannot be used ({problem}); using {name}")
            self.set_reactive(ReaderApp.theme, name)
            variables = self.get_css_variables()
        self.stylesheet.set_variables(variables)
        dark = self.current_theme.dark
        self.add_class(f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        refresh_filter = getattr(self, "_refresh_truecolor_filter", None)
        if refresh_filter is not None:
            refresh_filter(self.ansi_theme)

    _theme_to_save: str | None = None  # chosen in the app; saved once its styles have applied
    _theme_falling_back = False  # set back to the default after a theme failed: not saved

    def watch_theme(self, theme: str) -> None:
        if self.is_running:
            self._theme_to_save = None if self._theme_falling_back else theme
        self._theme_falling_back = False

    def refresh_css(self, animate: bool = True) -> None:
        try:
            super().refresh_css(animate=animate)
        except Exception as exc:  # the chosen theme's colours do not fit the stylesheet
            failed, fallback = self.theme, self._fallback_theme()
            if not self.is_running or failed == fallback:
                raise
            self._theme_to_save = None
            self._theme_falling_back = True
            self.notify(f"The theme {failed!r} cannot be used ({_css_problem(exc)}); back to {fallback}.",
                        title="Theme", severity="error", timeout=10, markup=False)
            self.theme = fallback
            return
        theme, self._theme_to_save = self._theme_to_save, None
        if theme is not None and theme == self.theme:
            try:
                # with the config's theme it was chosen over: a later edit of the config wins
                save_preferences({"theme": theme, "theme_over": self.config.theme})
            except OSError as exc:
                self.notify(f"Could not save the theme choice: {exc.strerror or exc}", severity="warning",
                            markup=False)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def get_css_variables(self) -> dict[str, str]:
        if not getattr(self, "_theme_chosen", False):
            # Textual's __init__ asks before our theme is chosen; _apply_theme sets the
            # variables once it is (each answer costs a whole colour system)
            return {}
        # every theme works, Textual's own included: our variables' defaults name other
        # variables, which are resolved here to colours
        return resolve_variables(super().get_css_variables())

    # -- layout -------------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        # The screen starts with its width class (-narrow/-medium/-wide) already set: Textual
        # would add it at the first resize, styling every widget a second time before the
        # first frame.
        screen = MainScreen(id="_default")
        width = self.size.width
        for minimum, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True):
            if width >= minimum:
                screen.set_class(True, name, update=False)
                break
        return screen

    def compose(self) -> ComposeResult:
        # The panes sit side by side on the screen itself (MainScreen's layout is horizontal),
        # with no row container around them: every container draws all its lines each frame.
        # the key hints come a frame after the first (docked at the bottom); the slot holds the place
        yield Container(id="footer-slot")
        with Vertical(id="sidebar"):
            # the search box is mounted when first opened (/): start-up does not build it
            yield ArticleList(id="articles")
        with Vertical(id="main"):
            yield ArticleView(id="article", measure=self.config.measure)
            yield StatusLine(id="status")
        # the entities panel is mounted a frame after the first: the first frame is the
        # list and the article, and the pane holds the place meanwhile
        yield Vertical(id="entities-pane")

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def entity_panel(self) -> EntityPanel:
        from tuireader.ui.entity_panel import EntityPanel

        return self.query_one("#entities", EntityPanel)

    @property
    def mounted_entity_panel(self) -> EntityPanel | None:
        """The entities panel, or None in the frame before it is mounted (start-up)."""
        return next(iter(self.query("#entities")), None)  # type: ignore[return-value]

    @property
    def search_bar(self) -> "SearchBar":
        """The search box, mounted above the list the first time it is wanted."""
        try:
            return self.query_one("#search")
        except NoMatches:
            from tuireader.ui.search_bar import SearchBar

            bar = SearchBar(id="search")
            self.query_one("#sidebar").mount(bar, before=self.article_list)
            return bar

    def on_mount(self) -> None:
        if self.config.keymap:
            from tuireader.ui.keys import read_keys

            known = {binding.id for binding in self._all_bindings() if binding.id}
            for binding_id in sorted(set(self.config.keymap) - known):
                self.startup_problems.append(f"keymap: no binding has the id {binding_id!r} (the help "
                                             "screen, ?, shows each key's binding id)")
            keymap: dict[str, str] = {}
            for binding_id, keys in self.config.keymap.items():
                read, unknown = read_keys(keys)
                if unknown:
                    self.startup_problems.append(
                        f"keymap: {binding_id}: no key is called {', '.join(map(repr, unknown))} (key names are "
                        "as in the help screen: f5, pagedown, ctrl+n, question_mark)")
                if read:
                    keymap[binding_id] = read
            self.config.keymap = keymap  # the help screen shows the keys as read
            self.set_keymap(keymap)
        self.query_one("#sidebar").border_title = "Articles"
        self.query_one("#main").border_title = "Article"
        self.query_one("#entities-pane").border_title = "Entities"
        if self.startup_problems:
            # one message, one line a problem: settings first, none pushed off the screen
            self.notify(self._problems_message(), title="Settings", severity="warning", timeout=12,
                        markup=False)
        self.article_list.empty_message = "Indexing…"
        self.article_list.set_source(self.rows, cursor=self._restore_position())
        self.article_list.focus()
        # the first article is part of the first frame, not a message later
        first = self.article_list.current
        if first is not None:
            self.show_article(first.id)
        self.call_after_refresh(self._first_frame_drawn)
        if self.article_list.row_count:
            # the index answers the first screen; bring it up to date once that is drawn
            self.set_timer(0.5, lambda: self.update_index(startup=True))
        else:
            self.update_index(startup=True)

    def _problems_message(self) -> str:
        """The start-up problems, as many as fit the screen; the help screen lists them all."""
        import textwrap

        width, height = self.size
        # A notification is 60 columns, at most half the screen, and Textual works out its height
        # at 60: the lines are wrapped here, at the width it is drawn, so none is cut off.
        room = max(min(60, width // 2) - 4, 20)
        budget = max(height // 2 - 2, 3)  # lines: half the screen at most, the article stays in sight
        shown: list[str] = []
        told = 0
        for problem in self.startup_problems:
            lines = textwrap.wrap(problem, room, initial_indent="• ", subsequent_indent="  ") or ["•"]
            if told and len(shown) + len(lines) > budget - 2:
                break
            shown.extend(lines)
            told += 1
        more = len(self.startup_problems) - told
        if more:
            keys = (self.config.keymap or {}).get("help", "question_mark,f1")
            key = self.get_key_display(Binding(keys.split(",")[0].strip(), ""))
            shown.extend(textwrap.wrap(f"… and {more} more: the help screen ({key}) lists them all", room))
        return "\n".join(shown)

    @staticmethod
    def _all_bindings():
        from tuireader.ui.search_bar import SearchBar

        from tuireader.ui.entity_panel import EntityPanel

        for cls in (ReaderApp, ArticleList, ArticleView, EntityPanel, SearchBar):
            yield from cls.BINDINGS

    async def _first_frame_drawn(self) -> None:
        self._first_frame_done = True
        if not gc.isenabled():  # the command line paused the collector for start-up
            gc.freeze()  # what start-up built stays: later collections need not walk it
            gc.enable()
        from textual.widgets import Footer  # not needed for the first frame either (1 ms to import)

        from tuireader.ui.entity_panel import EntityPanel  # not needed for the first frame

        await self.query_one("#entities-pane").mount(EntityPanel(id="entities"))
        await self.query_one("#footer-slot").mount(Footer())
        self.search_bar  # built now, closed, so that / and the first letters typed all reach it
        self.screen.refresh_bindings()  # the footer learns the keys of the focused pane now
        self._refresh_entities()

    def _restore_position(self) -> int:
        try:
            last = self.state.last_opened()
        except Exception:
            return 0
        if last:
            index = self.rows.index_of(last)
            if index is not None:
                return index
        return 0

    # -- indexing -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def update_index(self, rebuild: bool = False, repair: bool = False, startup: bool = False) -> None:
        last = [0.0]
        try:  # the files known not to be readable: said at an earlier start, not again
            known = {row.problem for row in self.library.problems() if row.problem}
        except Exception:  # noqa: BLE001 - an index that cannot say: every problem is new
            known = set()

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1 or done == total:
                last[0] = now
                self.post_message(self.IndexProgress(done, total))

        try:
            summary = self.library.update(progress=progress, rebuild=rebuild)
        except IndexDamaged:  # moved aside by the library: the update starts a fresh one
            summary = self.library.update(progress=progress)
        self.post_message(self.IndexDone(summary, repair, known, startup))

    def on_reader_app_index_progress(self, message: IndexProgress) -> None:
        if message.total:
            # units of work, not files (reading a file is one unit, parsing it nine)
            share = min(100, 100 * message.done // message.total)
            self.query_one(StatusLine).set_parts(f"indexing the library: {share}%")

    _repairing = False  # the index was found damaged and is being rebuilt

    def _index_failed(self, exc: Exception) -> None:
        """A read of the index failed: say so once, and bring the index up to date (a damaged
        one, moved aside by the library, is rebuilt from the files)."""
        if self._repairing:
            return
        self._repairing = True
        self.notify(_index_problem(exc), title="Index", severity="error", timeout=10, markup=False)
        self.article_list.empty_message = "Rebuilding the index…"
        self.call_later(self._repair_index)

    def _repair_index(self) -> None:
        if self.listing != "library":
            self._show_library()
        else:
            self.article_list.reload()
        self.article_list.empty_message = "Rebuilding the index…"
        self.update_index(repair=True)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if event.state == WorkerState.ERROR and worker.group == "index":
            self._repairing = False
            error = worker.error
            self.notify(f"The library could not be indexed: {' '.join(str(error).split())[:160]}",
                        title="Index", severity="error", timeout=10, markup=False)
            self._update_status()

    library_checked = False  # the update after start-up has brought the index up to date

    def on_reader_app_index_done(self, message: IndexDone) -> None:
        summary = message.summary
        if message.startup:
            self.library_checked = True
        if message.repair:
            # the index is whole again: a search the damage interrupted is run again
            self._repairing = False
            bar = next(iter(self.query("#search")), None)
            if bar is not None and bar.has_class("open") and bar.value.strip():
                self.call_later(self.run_search, bar.value)
        if summary.added or summary.changed or summary.removed or self.article_list.row_count == 0:
            current = self.current_id
            if self.listing == "library":
                index = self.rows.index_of(current) if current else None
                self.article_list.reload(cursor=index if index is not None else self.article_list.cursor)
        if self.listing == "library" and not self._repairing:
            self._show_library_empty_message()
        self.article_list.refresh()
        if self._edited_path is not None and not message.startup:
            path, self._edited_path = self._edited_path, None
            self._show_edited(path)
        self._announce_update(message)
        self._update_status()

    _warnings_said = 0  # the library's warnings already shown

    def _announce_update(self, message: IndexDone) -> None:
        """One notification for what an update found that the reader has not been told: files
        that newly could not be read, new copies, the index rebuilt.  Files known from an earlier
        run get one short line; an update the reader asked for (Reindex) also says what changed."""
        summary = message.summary
        lines = []
        warnings = getattr(self.library, "warnings", [])
        if not message.repair:  # a repair was announced when the damage was found
            lines += [str(w) for w in warnings[self._warnings_said:]]
        self._warnings_said = len(warnings)
        new = [problem for _path, problem in summary.failed if problem not in message.known]
        known = len(summary.failed) - len(new)
        lines += new[:4]
        if len(new) > 4:
            lines.append(f"{_count(len(new) - 4, 'more file')} could not be read")
        for path, original in summary.copies[:2]:
            lines.append(f"{path} has the same text as {original}: listed once")
        if len(summary.copies) > 2:
            more = len(summary.copies) - 2
            lines.append(f"{more:,} more {'copy' if more == 1 else 'copies'} of other files, listed once")
        problems = len(lines)
        if known and message.startup:
            lines.append(f"{_count(known, 'file')} in the library could not be read (tuireader index "
                         "lists them)")
        if not message.startup and not message.repair:
            changes = (f"{summary.added:,} added, {summary.changed:,} changed, {summary.removed:,} removed"
                       if summary.added or summary.changed or summary.removed else "nothing new")
            lines.insert(0, f"Library rescanned: {changes}.")
        if not lines:
            return
        severity = "warning" if problems else "information"
        self.notify("\n".join(lines) if len(lines) == 1 else "\n".join(f"• {line}" for line in lines),
                    title="Library", severity=severity, timeout=10, markup=False)

    # -- showing an article ---------------------------------------------------------------------

    QUICK_MOVES = 0.08  # seconds: moves closer together than this are key repeat

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        # A single move shows its article at once.  While a key repeats, only the list
        # moves, and the article under the cursor shows as soon as the repeat stops.
        if message.article_id == self.current_id and message.article_id is not None:
            return
        if message.article_id is None:
            return  # an empty list (no results, nothing unread): the article being read stays
        current = self.article_list.current
        if message.article_id != (current.id if current is not None else None):
            return  # an old move: the cursor has moved on (or the list was filled) since
        now = time.monotonic()
        quick = message.by_user and now - self._last_move < self.QUICK_MOVES
        if message.by_user:
            self._last_move = now
            self._reader_acted = True
        if self._pending_show is not None:
            self._pending_show.stop()
            self._pending_show = None
        if quick:
            article_id = message.article_id
            self._pending_show = self.set_timer(self.QUICK_MOVES, lambda: self._show_pending(article_id))
        else:
            self.show_article(message.article_id)

    def _show_pending(self, article_id: str | None) -> None:
        self._pending_show = None
        if not self.is_running:
            return
        if article_id != self.current_id:
            try:
                self.show_article(article_id)
            except NoMatches:  # the app is closing: the panes are gone
                pass

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        self._chosen()
        if message.article_id != self.current_id:
            self.show_article(message.article_id)
        self.article_view.focus()

    def on_descendant_focus(self, event) -> None:
        if event.widget.id == "article":  # tab or a click into the article: the reader reads it
            self._chosen()

    def _chosen(self) -> None:
        """The reader chose the article shown: if it was shown before they did anything (at
        start-up), its clock starts now."""
        if not self._reader_acted:
            self._reader_acted = True
            if self._read_timer is None:
                self._schedule_read_mark()

    def show_article(self, article_id: str | None) -> None:
        self._remember_scroll()
        view = self.article_view
        if article_id is None:
            self.current_id = None
            view.show(None)
            self._refresh_entities()
            self._update_status()
            return
        try:
            article = self.library.article(article_id)
        except _index_errors() as exc:
            self._index_failed(exc)
            article = None
        if article is None:
            view.empty_message = ("The index is being rebuilt…" if self._repairing
                                  else "This article is no longer in the library.")
            view.show(None)
            self._refresh_entities()
            return
        self.current_id = article_id
        self._set_raw(False)
        try:
            scroll = self.state.scroll(article_id) or 0
        except Exception:
            scroll = 0
        view.show(article, scroll_y=scroll)
        self._refresh_entities()
        self.current_entity = None
        if self.search_terms and self.listing == "search":
            view.highlight_terms(self.search_terms)
        try:
            self.state.set_last_opened(article_id)  # where to start next time: best effort
        except sqlite3.OperationalError:
            pass
        self._schedule_read_mark()
        self._update_status()

    def _refresh_entities(self) -> None:
        """The entities panel shows the article on screen (once the panel is there)."""
        panel = self.mounted_entity_panel
        if panel is None:
            return  # start-up: _first_frame_drawn mounts it and calls again
        article = self.article_view.article
        if article is None or article.id != self.current_id:
            panel.show([], empty_message="")
        else:
            panel.show(self._entities_for(article),
                       empty_message="No people, places or organisations found in this article.")

    def _entities_for(self, article) -> list[Entity]:
        """The stored (built-in) entities, or spaCy's when the reader chose that extractor."""
        if self.ner == "spacy":
            from tuireader.entities import extract_entities

            try:
                return extract_entities(article, backend="spacy")
            except Exception as exc:  # spaCy missing or broken: say so once, go on with ours
                self.notify(f"spaCy entities unavailable ({exc}); using the built-in extractor.",
                            severity="warning", markup=False, timeout=8)
                self.ner = "builtin"
        try:
            return self.library.entities(article.id)
        except _index_errors() as exc:
            self._index_failed(exc)
            return []

    def _remember_scroll(self) -> None:
        if self.current_id is not None:
            try:
                self.state.set_scroll(self.current_id, int(self.article_view.scroll_y))
            except Exception:
                pass

    def _schedule_read_mark(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        delay = self.config.mark_read_after
        if not self._reader_acted:
            return  # shown at start-up (or when the index filled the list), not chosen: not read
        if delay > 0 and self.current_id and not self.state.is_read(self.current_id):
            article_id = self.current_id
            self._read_timer = self.set_timer(delay, lambda: self._read_time_up(article_id))

    def _read_time_up(self, article_id: str) -> None:
        self._read_timer = None
        if self.focused is not None and self.focused.id == "search":
            # a result shown while the reader types is a preview, not a reading: the clock
            # starts again, and counts once the reader has left the search box
            self._schedule_read_mark()
            return
        if article_id == self.current_id:
            self._mark_read(article_id, by_itself=True)

    def _save_mark(self, what: str, write, *args) -> tuple[bool, object]:
        """Write to the reading state: (True, what the write gave), or, when another process keeps
        the state busy, (False, None) after saying that the mark was not saved (never a crash,
        never silence)."""
        try:
            return True, write(*args)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            self.notify(f"{what} was not saved: the reading state is busy (another tuireader writing to "
                        f"it?). Try again in a moment.", title="Reading state", severity="warning",
                        markup=False, timeout=6)
            return False, None

    def _mark_read(self, article_id: str, read: bool = True, *, by_itself: bool = False) -> None:
        if self.state.is_read(article_id) == read:
            return
        if not self._save_mark("The read mark", self.state.set_read, article_id, read)[0]:
            return
        self.article_list.update_row(article_id, read=read)
        if by_itself and self.query_one(StatusLine).showing_note:
            return  # a mark made by the clock does not wipe a message the reader is reading
        self._update_status()

    @on(ArticleView.Scrolled)
    def _article_scrolled(self, message: ArticleView.Scrolled) -> None:
        if message.at_end and self.current_id and message.y > 0:
            self._mark_read(self.current_id, by_itself=True)

    def _update_status(self) -> None:
        status = self.query_one(StatusLine)
        total = self.article_list.row_count
        if not total or self.current_id is None:
            status.set_parts(_count(total, "article") if total else "")
            return
        position = self.article_list.cursor + 1
        label = {"library": "article", "search": "result", "entity": "article"}[self.listing]
        label = _count(total, label).split(" ", 1)[1] + (" naming it" if self.listing == "entity" else "")
        flags = []
        flags.append("read" if self.state.is_read(self.current_id) else "unread")
        if self.state.is_starred(self.current_id):
            flags.append("★ starred")
        order = f"sorted by {self.sort}" if self.listing == "library" else ""
        filters = " · unread only" if self.unread_only else ""
        filters += " · starred only" if self.starred_only else ""
        status.set_parts(f"{position:,} / {total:,} {label}{filters}", " · ".join(flags + ([order] if order else [])))

    # -- entities -----------------------------------------------------------------------------

    def on_entity_panel_chosen(self, message: EntityPanel.Chosen) -> None:
        view = self.article_view
        if view.raw:
            self._set_raw(False)
        if self.current_entity is message.entity:
            number = view.next_match(1)
        else:
            self.current_entity = message.entity
            view.highlight_entity(message.entity)
            number = view.next_match(1)
        count = view.match_count
        if number is not None:
            self.query_one(StatusLine).set_parts(f"mention {number + 1} of {count}: {message.entity.name}",
                                                 "n / N: next / previous", note=True)

    def on_entity_panel_articles_wanted(self, message: EntityPanel.ArticlesWanted) -> None:
        entity = message.entity
        try:
            source = MentionRows(self.library, entity.name, entity.type)
            first_page = source.first_page(ArticleList.PAGE)
        except _index_errors() as exc:
            self._index_failed(exc)
            return
        if self.listing == "search":  # escape comes back to these results
            lst = self.article_list
            self._before_entity = (lst.source, lst.cursor, self.query_one("#sidebar").border_title,
                                   lst.empty_message, list(self.search_terms))
        else:
            self._before_entity = None
        self.listing = "entity"
        if self.screen.has_class("-narrow"):
            self._show_entities_pane(False)  # the list comes back in its place
        self.query_one("#sidebar").border_title = f"Articles naming {entity.name}"[:60]
        # the cursor starts on the article being read when it is among the first page
        current = next((i for i, r in enumerate(first_page) if r.id == self.current_id), 0)
        self.article_list.empty_message = "No articles name it."
        self.article_list.set_source(source, cursor=current)
        self.article_list.focus()
        self._update_status()
        total = source.count()
        self.notify(f"{_count(total, 'article')} {'names' if total == 1 else 'name'} {entity.name}. "
                    "Escape returns.", markup=False, timeout=4)

    # -- search -------------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.search_bar
        if bar.history is None:  # read when the box first opens, not at start-up
            from tuireader.preferences import load_search_history

            bar.history = load_search_history()
        bar.reset_history_walk()
        if self.screen.has_class("-entities-shown"):
            self._show_entities_pane(False)  # a narrow screen: the list and the box come back in its place
        bar.add_class("open")
        self.screen.set_focus(bar)  # at once: the letters typed right after / go into the box
        if self.focused is not bar:
            bar.focus()

    # the search box's messages (handlers by name: the box is built when first opened)
    def on_search_bar_query_changed(self, message) -> None:
        self.run_search(message.query)

    def on_search_bar_query_submitted(self, message) -> None:
        self._open_first_result = True
        self.run_search(message.query)

    _open_first_result = False
    _listed_query: str | None = None  # the query whose results (one or more) are listed
    searched_query = ""  # the query whose answer (results, none, or why not) the sidebar shows
    _history_unsaved = False  # the history file could not be written (said once)

    def on_search_bar_left(self, message) -> None:
        """Leaving the box (enter, down, tab, a click) with a query whose results are listed
        puts the query in the history; escape (the box cleared) does not."""
        if message.query.strip() and message.query == self._listed_query:
            self._remember_query(message.query)

    def _remember_query(self, query: str) -> None:
        from tuireader.preferences import add_search_history

        bar = self.search_bar
        try:
            bar.history = add_search_history(query)
        except OSError as exc:
            history = bar.history or []
            if not history or history[0] != query.strip():
                bar.history = [query.strip(), *history][:100]
            if not self._history_unsaved:
                self._history_unsaved = True
                self.notify(f"Could not save the search history: {exc.strerror or exc}",
                            severity="warning", markup=False)

    def run_search(self, query: str) -> None:
        self._reader_acted = True
        self._search_generation += 1
        if not query.strip():
            self._open_first_result = False
            self._show_library()
            return
        self._search_worker(query, self._search_generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_worker(self, query: str, generation: int) -> None:
        from tuireader.query import QueryError  # loaded with the first search, not at start-up

        index_error = None
        try:
            hits = self.library.search(query, limit=SEARCH_LIMIT)
            error = None
        except QueryError as exc:
            hits, error = None, str(exc)
        except _index_errors() as exc:  # damaged in the middle of a search: the app rebuilds it
            hits, error, index_error = None, None, exc
        if generation == self._search_generation or index_error is not None:
            self.post_message(self.SearchDone(query, hits, error, index_error))

    def on_reader_app_search_done(self, message: SearchDone) -> None:
        if message.index_error is None:
            self.searched_query = message.query
        if message.index_error is not None:
            self._open_first_result = False
            self._index_failed(message.index_error)
            return
        if message.error is not None:
            # the results pane says why the query cannot be read, and lists nothing
            self._open_first_result = False
            self._listed_query = None
            self.listing = "search"
            self.search_terms = []
            self.query_one("#sidebar").border_title = "Query not understood"
            self.article_list.empty_message = message.error
            self.article_list.set_source(StaticRows([], row_height=3), cursor=0)
            self.article_view.clear_highlights()
            self._update_status()
            return
        hits = message.hits or []
        terms = sorted({t for hit in hits for t in hit.terms})
        self.search_terms = terms
        rows = []
        for hit in hits:
            item = list_row(hit.row)
            item.snippet = hit.snippet
            item.terms = hit.terms
            rows.append(item)
        self.listing = "search"
        more = ", the best of more" if len(rows) >= SEARCH_LIMIT else ""
        self.query_one("#sidebar").border_title = f"{_count(len(rows), 'result')}{more}"
        self.article_list.empty_message = f"Nothing matches {message.query!r}. Try fewer words, or prefix*."
        self.article_list.set_source(StaticRows(rows, row_height=3), cursor=0)
        if not rows:
            # the article being read stays (a query passes through no results while it is typed);
            # only the highlights of the last results go
            self.article_view.clear_highlights()
        self._listed_query = message.query if rows else None
        bar = self.search_bar
        if rows and bar.has_class("open") and bar.value == message.query and not bar.has_focus:
            self._remember_query(message.query)  # the reader left the box before the results came
        if self._open_first_result:
            self._open_first_result = False
            if rows:
                self.article_view.focus()
        self._update_status()

    def on_key(self, event) -> None:
        # Textual sends each key to the pane focused when the key arrives: letters typed in
        # one burst with / (a paste, a fast typist, a script) were sent to the list before /
        # opened the box, and were lost.  A printable key that reaches the app while the box
        # has focus was meant for the box (the box itself keeps the keys it handles).
        bar = self.focused
        if event.is_printable and event.character and bar is not None and bar.id == "search":
            from textual import events

            event.stop()
            event.prevent_default()
            bar.post_message(events.Key(event.key, event.character))

    def on_search_bar_to_results(self) -> None:
        self.article_list.focus()

    def on_search_bar_closed(self) -> None:
        self.action_back()

    def _show_library(self) -> None:
        self.listing = "library"
        self._listed_query = None
        self.searched_query = ""
        self.search_terms = []
        self.query_one("#sidebar").border_title = (
            "Unread articles" if self.unread_only else "Starred articles" if self.starred_only else "Articles")
        self._show_library_empty_message()
        index = self.rows.index_of(self.current_id) if self.current_id else None
        self.article_list.set_source(self.rows, cursor=index or 0)
        self.article_view.clear_highlights()
        self._update_status()

    def _show_library_empty_message(self) -> None:
        if self._repairing:
            message = "Rebuilding the index…"
        elif self.starred_only:
            message = "No starred articles. s stars the article shown; * again lists all."
        elif self.unread_only:
            message = "Everything here is read. U again lists all."
        else:
            message = (f"No articles in {self.library_dir}. Put .txt, .md, .json or .html files there, "
                       "or start with --library DIR.")
        self.article_list.empty_message = message

    # -- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        pane = self.query_one("#entities-pane")
        if pane.has_class("shown"):
            self._show_entities_pane(False)
            if self.screen.has_class("-narrow") and pane.has_focus_within:
                self.article_list.focus()
                return
        if self.listing == "entity" and self._before_entity is not None:
            source, cursor, title, empty, terms = self._before_entity
            self._before_entity = None
            self.listing, self.search_terms = "search", terms
            self.query_one("#sidebar").border_title = title
            self.article_list.empty_message = empty
            self.article_list.set_source(source, cursor=cursor)
            self.article_list.focus()
            self._update_status()
            return
        bar = next(iter(self.query("#search")), None)
        if bar is not None and bar.has_class("open"):
            bar.remove_class("open")
            bar.value = ""
            self._search_generation += 1
            self._show_library()
            self.article_list.focus()
            return
        if self.listing != "library":
            self._show_library()
            self.article_list.focus()
            return
        if self.article_view.raw:
            self._set_raw(False)
            return
        self.current_entity = None
        self.article_view.clear_highlights()
        self._update_status()  # "mention 2 of 3" or "match 1 of 4" goes with its highlights

    def action_find(self) -> None:
        self._catch_up()
        if self.current_id is None:
            return
        from tuireader.ui.find_bar import FindBar

        def found(terms: str | None) -> None:
            if not terms:
                return
            view = self.article_view
            self._set_raw(False)
            count = view.highlight_terms([terms])
            if count:
                view.next_match(1)
                self.query_one(StatusLine).set_parts(f"{terms!r}: {count} match{'es' if count != 1 else ''}",
                                                     "n / N: next / previous", note=True)
            else:
                self.query_one(StatusLine).set_parts(f"{terms!r} is not in this article", note=True)

        self.push_screen(FindBar(), found)

    def action_next_match(self, step: int) -> None:
        view = self.article_view
        number = view.next_match(step)
        if number is not None:
            self.query_one(StatusLine).set_parts(f"match {number + 1} of {view.match_count}", "n / N", note=True)

    def action_step_article(self, step: int) -> None:
        self.article_list.move_to(self.article_list.cursor + step)

    def _catch_up(self) -> None:
        """Show the article under the cursor now if a quick move left it waiting: what a key
        does to "this article" is done to the one the reader sees selected."""
        if self._pending_show is not None:
            self._pending_show.stop()
            self._pending_show = None
            current = self.article_list.current
            if current is not None and current.id != self.current_id:
                self.show_article(current.id)

    def action_toggle_read(self) -> None:
        self._catch_up()
        if self.current_id:
            if self._read_timer is not None:
                self._read_timer.stop()
                self._read_timer = None
            self._mark_read(self.current_id, not self.state.is_read(self.current_id))

    def action_toggle_star(self) -> None:
        self._catch_up()
        if self.current_id:
            saved, starred = self._save_mark("The star", self.state.toggle_star, self.current_id)
            if not saved:
                return
            self.article_list.update_row(self.current_id, starred=starred)
            self._update_status()

    def action_toggle_raw(self) -> None:
        self._catch_up()
        if self.current_id:
            self._set_raw(not self.article_view.raw)

    def _set_raw(self, raw: bool) -> None:
        self.article_view.raw = raw
        title = "Raw text (r: back to the article)" if raw else "Article"
        main = self.query_one("#main")
        if main.border_title != title:  # setting it repaints the whole pane, border and all
            main.border_title = title

    def action_open_url(self) -> None:
        self._catch_up()
        article = self.article_view.article
        if article is None or not article.url:
            self.notify("This article has no URL.", markup=False)
            return
        if not article.url.startswith(("http://", "https://")):
            self.notify("Only http and https addresses are opened.", markup=False, severity="warning")
            return
        import webbrowser

        import os
        import sys

        # Only a graphical browser: a text one would fight this app for the terminal.
        graphical = sys.platform in ("darwin", "win32") or any(
            os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))
        try:
            opened = graphical and webbrowser.open(article.url)
        except webbrowser.Error:
            opened = False
        if opened:
            self.notify(f"Opening {article.url}", markup=False, timeout=3)
        else:
            self.copy_to_clipboard(article.url)
            self.notify(f"No graphical web browser here; the address is copied to the clipboard: {article.url}",
                        markup=False, severity="warning", timeout=10)

    def action_open_file(self) -> None:
        """Hand the terminal to $VISUAL or $EDITOR (else $PAGER, else less) on the article's
        file; back in the reader, rescan the library as R does (the file may have changed)."""
        self._catch_up()
        article = self.article_view.article
        path = article.path if article is not None else None
        if article is not None and article.id:
            # the file's name as the index knows it now (renamed since it was shown, R or not), and
            # as it is on disk (the article's path is cleaned for the screen)
            try:
                row = self.library.row(article.id)
            except _index_errors():
                row = None
            if row is not None and row.path:
                path = row.path
        if not path:
            self.notify("This article has no file to open.", markup=False, severity="warning")
            return
        import os
        import shlex
        import shutil

        from tuireader.clean import clean_line

        shown = clean_line(path)

        from textual.app import SuspendNotSupported

        name, command = next(((name, os.environ[name]) for name in ("VISUAL", "EDITOR", "PAGER")
                              if os.environ.get(name, "").strip()), ("", "less"))
        origin = f" (${name})" if name else ""
        try:
            args = shlex.split(command)
        except ValueError as exc:
            self.notify(f"${name} cannot be read as a command ({exc}): {command}", markup=False,
                        severity="warning", timeout=8)
            return
        if not args or shutil.which(args[0]) is None:
            self.notify(f"{args[0] if args else command!r}{origin} was not found: set $VISUAL or $EDITOR "
                        f"to a program to open {shown}", markup=False, severity="warning", timeout=8)
            return
        if not os.path.isfile(path):
            self.notify(f"The file is no longer there: {shown}", markup=False, severity="warning", timeout=8)
            return
        self._remember_scroll()
        failure: OSError | None = None
        code = 0
        try:
            with self.suspend():
                try:  # nothing may escape this block: the terminal is given back after it
                    code = self._run_outside([*args, path])
                except OSError as exc:
                    failure = exc
        except SuspendNotSupported:
            self.notify(f"This terminal cannot be handed to another program from here; the file is {shown}",
                        markup=False, severity="warning", timeout=8)
            return
        if failure is not None:
            self.notify(f"{args[0]}{origin} could not be run: {failure.strerror or failure}",
                        markup=False, severity="warning", timeout=8)
            return
        if code:
            self.notify(f"{args[0]} ended with status {code}.", markup=False, severity="warning", timeout=5)
        self._edited_path = path
        self.action_reload()  # whatever the program changed in the file is read again

    _edited_path: str | None = None  # the file opened with v: shown again once rescanned

    def _show_edited(self, path: str) -> None:
        """The file opened with v was rescanned: if it changed (a new id), show it as it is now."""
        from tuireader.clean import clean_line

        article = self.article_view.article
        if article is None or article.path not in (path, clean_line(path)):
            return  # the reader has moved on
        try:
            found = self.library.resolve(path)
        except _index_errors() as exc:
            self._index_failed(exc)
            return
        if found is None or found.id == self.current_id:
            return
        self.show_article(found.id)
        index = self.rows.index_of(found.id) if self.listing == "library" else None
        if index is not None and index != self.article_list.cursor:
            self.article_list.cursor = index  # the list follows (its article is shown already)

    @staticmethod
    def _run_outside(args: list[str]) -> int:
        """Run a program in the terminal (the reader suspended) and wait for it: its exit status."""
        import subprocess

        return subprocess.run(args, check=False).returncode

    def action_focus_entities(self) -> None:
        self._catch_up()
        panel = self.mounted_entity_panel
        if panel is not None:
            pane = self.query_one("#entities-pane")
            if pane.display:
                self.screen.set_focus(panel)  # at once (focus() waits a turn): the next key goes there
            else:  # a narrow screen hides it: show it, then focus it once it is shown
                self._show_entities_pane(True)
                self.call_after_refresh(panel.focus)

    def _show_entities_pane(self, shown: bool) -> None:
        """On a narrow screen the entities pane, when shown, takes the sidebar's place: the
        article keeps a readable width."""
        self.query_one("#entities-pane").set_class(shown, "shown")
        self.screen.set_class(shown, "-entities-shown")

    def action_help(self) -> None:
        from tuireader.ui.help_screen import HelpScreen

        self.push_screen(HelpScreen(self.config.keymap, problems=self.startup_problems))

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.rows.sort = sort
        if self.listing == "library":
            self._show_library()
        self.notify(f"Sorted by {sort}", markup=False, timeout=2)
        self._update_status()

    def action_filter_unread(self) -> None:
        self.unread_only = not self.unread_only
        self.starred_only = False if self.unread_only else self.starred_only
        self._apply_filters()

    def action_filter_starred(self) -> None:
        self.starred_only = not self.starred_only
        self.unread_only = False if self.starred_only else self.unread_only
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.rows.unread_only = self.unread_only
        self.rows.starred_only = self.starred_only
        self._show_library()
        self._update_status()

    def _listed_rows(self) -> list[ListRow]:
        """Every row of the current listing (the library, the results, the articles naming an entity)."""
        source = self.article_list.source
        return source.fetch(0, source.count())

    def action_mark_all_read(self) -> None:
        """Mark every article of the current listing read."""
        rows = self._listed_rows()
        unread = [row.id for row in rows if row.id and not row.read]
        if not unread:
            self.notify("Nothing to mark: every article here is read." if rows else "Nothing to mark: the list is empty.",
                        markup=False, timeout=4)
            return
        if not self._save_mark("Marking them read", self.state.set_many_read, unread)[0]:
            return
        for row in rows:
            row.read = True
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self.article_list.reload(cursor=self.article_list.cursor)
        self._update_status()
        self.notify(f"{_count(len(unread), 'article')} marked read.", markup=False, timeout=4)

    def action_next_unread(self) -> None:
        """Show the next unread article after the cursor, wrapping to the top."""
        lst = self.article_list
        count, cursor = lst.row_count, lst.cursor
        for index in list(range(cursor + 1, count)) + list(range(0, min(cursor, count))):
            row = lst.row(index)
            if row is not None and row.id and not row.read:
                if index < cursor:
                    self.notify("Back at the top of the list.", markup=False, timeout=2)
                lst.move_to(index)
                return
        current = lst.current
        if current is not None and not current.read:
            self.notify("No other unread article here.", markup=False, timeout=4)
        else:
            self.notify("No unread articles here.", markup=False, timeout=4)

    def action_reload(self) -> None:
        """Rescan the library now (the palette's Reindex)."""
        self.query_one(StatusLine).set_parts("indexing the library…")
        self.update_index()

    def open_article(self, article_id: str) -> None:
        """Show an article from anywhere (the command palette)."""
        if self.listing != "library":
            self._show_library()
        index = self.rows.index_of(article_id)
        if index is None and (self.unread_only or self.starred_only):
            self.unread_only = self.starred_only = False
            self._apply_filters()
            index = self.rows.index_of(article_id)
        if index is not None:
            self.article_list.move_to(index)
        else:
            self.show_article(article_id)
        self.article_view.focus()

    def action_quit(self) -> None:
        self._remember_scroll()
        self.exit()

    def on_unmount(self) -> None:
        try:
            self.library.close()
        except Exception:
            pass
