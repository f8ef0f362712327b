"""The help screen (`?` or F1): every key by pane, and the search query language."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tuireader.ui.keys import KEY_HELP, QUERY_HELP


def _key_name(keys: str, app) -> str:
    shown = []
    for key in keys.split(","):
        key = key.strip()
        try:
            shown.append(app.get_key_display(Binding(key, "")))
        except Exception:  # a key Textual cannot display: show it as written
            shown.append(key)
    return " / ".join(shown)


# A row of the query-language help: an indented query, then, after the last run of two or more
# spaces, what it finds (a query may hold two spaces itself: "in:title  in:caption").
_QUERY_ROW = re.compile(r"^\s+(\S.*\S)\s{2,}(\S.*)$")


def query_rows(help_text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The query-language help as (query, what it finds) rows, and the lines that follow them.

    An indented line is a row; a line that is not indented is a remark, shown below the table.
    """
    rows: list[tuple[str, str]] = []
    remarks: list[str] = []
    for line in help_text.strip("\n").splitlines():
        if not line.strip():
            continue
        if line[:1].isspace():
            match = _QUERY_ROW.match(line)
            rows.append((match.group(1), match.group(2)) if match else (line.strip(), ""))
        else:
            remarks.append(line.strip())
    return rows, remarks


class _QueryTable:
    """The query language as a two-column table whose query column fits the width it is given:
    in a narrow box the few long queries wrap rather than squeeze every description."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.rows = rows

    def __rich_console__(self, console, options):
        longest = max((cell_len(query) for query, _ in self.rows), default=1)
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        wide = options.max_width - (longest + 2) >= 48  # room for most descriptions on one line
        table.add_column(width=longest if wide else min(longest, 22))
        table.add_column(ratio=1)
        for query, finds in self.rows:
            table.add_row(Text(query, style="bold"), Text(finds))
        yield table


class HelpScreen(ModalScreen[None]):
    # The scroll bar is one column, against the right border (app.tcss pads the box on both
    # sides; the right padding goes to the text instead, so the bar is not drawn inside the
    # text as a stray fragment).  The border says how to scroll and close.
    DEFAULT_CSS = """
    HelpScreen #help-body { scrollbar-size-vertical: 1; }
    HelpScreen #help-text { padding-right: 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help-close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help-down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help-up"),
    ]

    def __init__(self, keymap: dict[str, str] | None = None, problems: list[str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}
        self.problems = list(problems or [])  # what start-up found wrong in the settings and files

    def compose(self) -> ComposeResult:
        body = VerticalScroll(id="help-body")
        body.border_title = "Help"
        body.border_subtitle = "j k \u2191 \u2193 scroll \u00b7 escape closes"
        with body:
            yield Static(self._content(), id="help-text")

    def on_mount(self) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        top, _, bottom, left = body.styles.padding
        body.styles.padding = (top, 0, bottom, left)

    def _content(self) -> Group:
        """The key tables, one a pane, and the query language; all plain Text, never markup."""
        theme = self.app.theme_variables
        accent = Style(color=theme.get("accent"), bold=True) if theme.get("accent") else Style(bold=True)
        primary = Style(color=theme.get("primary"), bold=True) if theme.get("primary") else Style(bold=True)
        parts: list = []
        if self.problems:
            warning = Style(color=theme.get("warning"), bold=True) if theme.get("warning") else Style(bold=True)
            parts.append(Text("Found at start-up", style=warning))
            parts.extend(Text(f"• {problem}") for problem in self.problems)
            parts.append(Text(""))
        parts.append(Text("tuireader: keys", style=primary))
        # Every pane's table gets the same column widths, so keys, descriptions and the dimmed
        # binding ids line up from one pane to the next.
        panes = []
        for pane, rows in KEY_HELP:
            shown = []
            for binding_id, keys, what in rows:
                keys = self.keymap.get(binding_id, keys) if binding_id else keys
                shown.append((_key_name(keys, self.app), what, binding_id))
            panes.append((pane, shown))
        key_width = max(cell_len(keys) for _, rows in panes for keys, _, _ in rows)
        id_width = max(cell_len(binding_id) for _, rows in panes for _, _, binding_id in rows)
        for pane, rows in panes:
            parts.append(Text(""))
            parts.append(Text(pane, style=accent))
            table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
            table.add_column(no_wrap=True, width=key_width)
            table.add_column(ratio=1)
            table.add_column(no_wrap=True, width=id_width, style="dim")  # the name keymap: uses
            for keys, what, binding_id in rows:
                table.add_row(Text(keys, style="bold"), Text(what), Text(binding_id))
            parts.append(table)
        parts.append(Text(""))
        parts.append(Text("Search: the query language", style=accent))
        rows, remarks = query_rows(QUERY_HELP)
        parts.append(_QueryTable(rows))
        parts.extend(Text(remark) for remark in remarks)
        parts.append(Text(""))
        parts.append(Text('Keys can be changed in the config file: keymap: {binding-id: "keys"}, with the names '
                          "shown dimmed on the right.", style="dim"))
        parts.append(Text("Press escape to close.", style="dim"))
        return Group(*parts)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=-1, animate=False)
