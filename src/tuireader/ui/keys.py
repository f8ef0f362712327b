"""Every key, by pane, with its binding id: the help screen and the README show this table."""

from __future__ import annotations

# (pane, [(binding id or "", default keys, what it does)])
KEY_HELP: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Everywhere", [
        ("search", "slash", "search the whole archive (type; enter opens the first result)"),
        ("find", "ctrl+f", "find in the open article"),
        ("next-match", "n", "next highlighted match or mention in the article"),
        ("previous-match", "N", "previous match or mention"),
        ("previous-article", "left_square_bracket", "previous article in the list"),
        ("next-article", "right_square_bracket", "next article in the list"),
        ("toggle-read", "u", "mark the article read / unread"),
        ("toggle-star", "s", "star / unstar the article"),
        ("toggle-raw", "r", "show the file's raw text (everything, boilerplate included)"),
        ("open-url", "o", "open the article's URL in the browser"),
        ("open-file", "v", "open its file in $VISUAL, $EDITOR or $PAGER"),
        ("focus-entities", "e", "go to the entities panel"),
        ("", "tab / shift+tab", "next / previous pane"),
        ("back", "escape", "close search, leave a filtered list, clear highlights"),
        ("sort", "S", "change the order: newest, oldest, title, source"),
        ("filter-unread", "U", "show only unread articles (again: all)"),
        ("filter-starred", "asterisk", "show only starred articles (again: all)"),
        ("next-unread", "right_curly_bracket", "next unread article (wraps to the top)"),
        ("mark-all-read", "A", "mark every article in the list read"),
        ("reload", "R", "rescan the library now (Reindex)"),
        ("", "ctrl+p", "command palette: commands, themes, article titles"),
        ("help", "question_mark,f1", "this help"),
        ("quit", "q,ctrl+q", "quit"),
    ]),
    ("Article list (left)", [
        ("list-down", "down,j", "next article"),
        ("list-up", "up,k", "previous article"),
        ("list-page-down", "pagedown", "a page down"),
        ("list-page-up", "pageup", "a page up"),
        ("list-first", "home,g", "first article"),
        ("list-last", "end,G", "last article"),
        ("list-open", "enter,l", "read the article (focus moves to it)"),
    ]),
    ("Article (middle)", [
        ("article-down", "down,j", "scroll a line down"),
        ("article-up", "up,k", "scroll a line up"),
        ("article-page-down", "space,pagedown", "a page down"),
        ("article-page-up", "b,pageup", "a page up"),
        ("article-top", "g,home", "top"),
        ("article-bottom", "G,end", "bottom"),
        ("article-left", "left", "raw view: long lines to the left"),
        ("article-right", "right", "raw view: long lines to the right"),
    ]),
    ("Entities (right)", [
        ("entities-down", "down,j", "next entity"),
        ("entities-up", "up,k", "previous entity"),
        ("entities-page-down", "pagedown", "a page of entities down"),
        ("entities-page-up", "pageup", "a page of entities up"),
        ("entities-first", "home", "first entity"),
        ("entities-last", "end", "last entity"),
        ("entities-choose", "enter", "highlight its mentions; enter again: next mention"),
        ("entities-articles", "a", "list every article that names it (escape: back)"),
    ]),
    ("Search box", [
        ("", "typing", "results update as you type"),
        ("", "enter", "open the first result"),
        ("search-history", "up", "earlier query (history: most recent first)"),
        ("search-results", "down", "later query; from what you typed: into the results"),
        ("search-close", "escape", "close search, back to the whole list"),
    ]),
]

QUERY_HELP = """\
  climate talks         articles with both words (anywhere)
  "grain corridor"      the exact phrase
  minist*               words starting with minist
  lima OR quito         either word
  drought -chile        drought, but not chile (also: drought NOT chile)
  (lima OR quito) port  parentheses group
  title:harbour         in the title; also source:ledger, author:ferrer
  person:ferrer         names a person; also org:council, place:lima
  entity:ferrer         names any person, organisation, place or group
  in:title  in:caption  in:body       where the words must be
  date:2024-02          published in a year, month or day
  after:2024-01-01      before:2024-06: published after / before a date
  is:unread  is:read  is:starred      your reading state
Case and accents do not matter: jose munoz finds José Múñoz."""


_MODIFIERS = frozenset(("ctrl", "shift", "alt", "meta", "super", "hyper"))


def read_keys(keys: str) -> tuple[str, list[str]]:
    """A keymap entry ("ctrl+n,F5") as Textual names its keys, and the names it does not know.

    Textual's key names are lower case (``f5``, ``pagedown``, ``ctrl+n``, ``question_mark``);
    a single character keeps its case (``G`` is shift+g).  ``F5`` is read as ``f5``; a name
    that is no key at all is returned among the unknown, so the user hears of it rather than
    losing the key without a word.
    """
    import unicodedata

    from textual.keys import Keys

    named = {key.value for key in Keys}
    read: list[str] = []
    unknown: list[str] = []
    for key in (part.strip() for part in keys.split(",")):
        if not key:
            continue
        *mods, name = key.split("+") if len(key) > 1 else [key]
        mods = [mod.lower() for mod in mods]
        if len(name) > 1:
            name = name.lower()
        known = len(name) == 1 or name in named
        if not known:
            try:
                known = bool(unicodedata.lookup(name.replace("_", " ")))  # Textual's names of characters
            except KeyError:
                pass
        if not known or not all(mod in _MODIFIERS for mod in mods):
            unknown.append(key)
            continue
        read.append("+".join([*mods, name]))
    return ",".join(read), unknown
