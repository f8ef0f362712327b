"""The search query language: what can be typed in the search bar or after ``tuireader search``.

Search syntax
-------------

=========================  ==========================================================
``word other``             articles with all the words (in the title, captions, body,
                           source or byline); case and accents do not matter, so
                           ``jose munoz`` finds "José Múñoz"
``"exact phrase"``         the words next to each other, in this order
``elect*``                 words starting with "elect" (election, electoral...); at
                           least 2 letters before the ``*``
``a OR b``                 either word (``OR`` in capitals); ``a b OR c`` means
                           ``(a b) OR c``: write ``a (b OR c)`` for the other reading
``-word``                  leave out articles with the word (also ``-"a phrase"``,
                           ``-source:x``, ``NOT word``); out of the whole group:
                           ``a OR b -c`` leaves ``c`` out of both
``( ... )``                group: ``(oil OR gas) -russia``
``title:word``             the word in the title (``title:"a phrase"``, ``title:(a OR b)``)
``source:word``            the site's name (``source:tribune``)
``author:word``            the byline (``author:garcia``)
``person:name``            articles naming the person (``person:"ana lopez"``);
                           ``org:`` organisations, ``place:`` places,
                           ``entity:`` any kind (people, organisations, places, groups...)
``in:caption word``        the words only in photo captions (also ``in:title``,
                           ``in:body``); ``in:caption`` alone: articles with captions
``date:2024-02``           published in that year, month or day (``date:2024``,
                           ``date:2024-02-28``)
``after:2024-01-31``       published after that day (or month, or year);
``before:2024``            published before it
``is:unread``              not yet read (also ``is:read``, ``is:starred``, ``is:unstarred``)
=========================  ==========================================================

Operators ``AND``, ``OR`` and ``NOT`` are only operators in capitals; in lower
case they are words.  A field this language does not know (``year:2024``,
``foo:bar``) is an error that lists the fields; ``"foo:bar"`` in quotes is
words.  What is plainly not meant as a field is read as words: a time or a score
(``10:30``), a web address (``https://x``), a word ending in a colon
(``Update: harbour``).  An unclosed quote or parenthesis runs to the end of the
query.

Results come best first: words in the title count most (a word found in the
title adds its own score, however long the body), then the byline, the source
and captions, then the body; newer articles first among equals.  A word in most
articles still counts (less), and a file many times longer than a typical
matching article counts less than its sheer number of matches would say.  A query
whose words are all limited to one field (``title:pier``, ``in:caption gulls``,
``person:"ana lopez"``) is ranked by that field alone: the shortest matching
title first, however long the article.  A query
so broad that it matches more than 8,000 articles ranks the articles with the
words in their title first, then the rest, most recently added first.  Queries
with only dates or reading state (``date:2024 is:unread``) list newest
first.

Internals: :func:`parse` turns the text into a small tree, :func:`compile_query`
turns the tree into an FTS5 MATCH expression (every term quoted, so the user's
text is never read as FTS5 syntax) plus SQL conditions for dates and reading
state.  Any problem is a :class:`QueryError` whose message is for the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# FTS5 columns of the index (see tuireader.library).
TEXT_COLUMNS = ("title", "captions", "body", "source", "authors")
ENTITY_COLUMNS = ("people", "orgs", "places", "others")

FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "source": ("source",),
    "site": ("source",),
    "author": ("authors",),
    "by": ("authors",),
    "person": ("people",),
    "people": ("people",),
    "org": ("orgs",),
    "organization": ("orgs",),
    "organisation": ("orgs",),
    "place": ("places",),
    "entity": ENTITY_COLUMNS,
    "caption": ("captions",),
    "body": ("body",),
}
FILTER_FIELDS = ("date", "after", "before", "is", "in")
IN_COLUMNS = {"caption": "captions", "captions": "captions", "title": "title", "body": "body"}
IS_VALUES = ("read", "unread", "starred", "unstarred")

MIN_PREFIX = 2


class QueryError(ValueError):
    """A query that cannot be understood; the message is for the user."""


# -- the tree --------------------------------------------------------------------


@dataclass
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False
    field: str | None = None  # key of FIELD_COLUMNS, or None for the plain text columns


@dataclass
class Filter:
    name: str  # date, after, before, is, in
    value: str


@dataclass
class And:
    children: list = field(default_factory=list)
    grouped: bool = field(default=False, compare=False, repr=False)  # written in parentheses


@dataclass
class Or:
    children: list = field(default_factory=list)


@dataclass
class Not:
    child: object


# -- reading the text ------------------------------------------------------------------

_TOKEN_CHARS = re.compile(r"[^\W_]+")
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def words_of(text: str) -> list[str]:
    """The words the index sees in ``text`` (letters and digits; everything else separates)."""
    return _TOKEN_CHARS.findall(unicodedata.normalize("NFC", text))


@dataclass
class _Tok:
    kind: str  # word, phrase, lparen, rparen, or, and, not, neg, field
    text: str = ""
    prefix: bool = False


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            toks.append(_Tok("lparen"))
            i += 1
            continue
        if ch == ")":
            toks.append(_Tok("rparen"))
            i += 1
            continue
        if ch in "\"“”„«»":
            close = {"«": "»"}.get(ch)
            j = i + 1
            while j < n and not (text[j] in ("\"“”„»" if close is None else "»\"")):
                j += 1
            phrase = text[i + 1:j]
            i = j + 1
            prefix = i < n and text[i] == "*"
            if prefix:
                i += 1
            toks.append(_Tok("phrase", phrase, prefix))
            continue
        if ch in "-−" and i + 1 < n and not text[i + 1].isspace() and (not toks or toks[-1].kind != "field"):
            toks.append(_Tok("neg"))
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in "()\"“”„«»":
            j += 1
        word = text[i:j]
        i = j
        if word in ("OR", "|", "||"):
            toks.append(_Tok("or"))
            continue
        if word in ("AND", "&", "&&"):
            toks.append(_Tok("and"))
            continue
        if word == "NOT":
            toks.append(_Tok("not"))
            continue
        name, colon, value = word.partition(":")
        key = name.lower()
        if colon and (key in FIELD_COLUMNS or key in FILTER_FIELDS):
            toks.append(_Tok("field", key))
            if value:
                toks.append(_word_tok(value))
            continue
        if colon and _looks_like_field(name, value):
            raise QueryError(_unknown_field_message(name, word))
        toks.append(_word_tok(word))
    return toks


# Words before a colon that are plainly not meant as fields: web addresses and the like.
_SCHEMES = frozenset(("http", "https", "ftp", "ftps", "file", "mailto", "news", "tel", "urn", "www", "doi",
                      "isbn", "issn"))
_FIELD_NAME = re.compile(r"[^\W\d_]+")  # letters only


def _looks_like_field(name: str, value: str) -> bool:
    """Is ``name:value`` (name not a known field) meant as a field?  Yes when the name is all
    letters and something follows the colon: ``year:2024``, ``foo:bar``, ``x:y:z``.  No for a time
    or a score (``10:30``, ``3:1``: digits), a web address or a path (``https://...``,
    ``mailto:x``, ``C:\\x``), and a word with a colon after it and nothing else (``Update: harbour``,
    a pasted headline)."""
    return (bool(value) and _FIELD_NAME.fullmatch(name) is not None and name.lower() not in _SCHEMES
            and value[0] not in "/\\")


# The fields as the help lists them, and the names people try for one that has another name here.
_FIELD_LIST = ("title", "source", "author", "person", "org", "place", "entity", "in", "date", "after", "before", "is")
_INSTEAD = {"year": "date:", "month": "date:", "day": "date:", "published": "date:", "on": "date:",
            "since": "after:", "from": "after:", "until": "before:", "till": "before:", "to": "before:",
            "headline": "title:", "publisher": "source:", "paper": "source:", "writer": "author:",
            "authors": "author:", "byline": "author:", "captions": "in:caption", "who": "person:",
            "where": "place:", "company": "org:", "country": "place:", "city": "place:", "text": "in:body",
            "state": "is:", "read": "is:read", "unread": "is:unread", "starred": "is:starred"}


def _unknown_field_message(name: str, word: str) -> str:
    import difflib

    key = name.lower()
    better = _INSTEAD.get(key)
    if better is None:
        close = difflib.get_close_matches(key, [*FIELD_COLUMNS, *FILTER_FIELDS], 1, 0.75)
        better = close[0] + ":" if close else None
    hint = f"did you mean {better}? " if better else ""
    return (f"{name}: is not a field; {hint}the fields are {' '.join(f + ':' for f in _FIELD_LIST)} "
            f"(to search for the words, put them in quotes: \"{word}\")")


def _word_tok(word: str) -> _Tok:
    prefix = word.endswith("*")
    return _Tok("word", word.rstrip("*") if prefix else word, prefix)


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        while self.peek() is not None:  # a stray ")" : skip it and read on
            self.take()
            more = self.or_expr()
            if more is not None:
                node = more if node is None else And([node, more])
        return node

    def or_expr(self):
        parts = []
        node = self.and_expr()
        if node is not None:
            parts.append(node)
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            node = self.and_expr()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        # A left-out word leaves it out of the whole group, as in web search and Lucene:
        # `mackerel OR herring -norway` is `(mackerel OR herring) -norway`, not `mackerel OR
        # (herring -norway)`.
        left_out: list = []
        kept = []
        for part in parts:
            if isinstance(part, Not):
                left_out.append(part)
                continue
            if isinstance(part, And) and not part.grouped:
                nots = [c for c in part.children if isinstance(c, Not)]
                rest = [c for c in part.children if not isinstance(c, Not)]
                left_out.extend(nots)
                if not rest:
                    continue
                part = rest[0] if len(rest) == 1 else And(rest)
            kept.append(part)
        if not left_out:
            return Or(parts)
        if not kept:
            return And(left_out)
        either = kept[0] if len(kept) == 1 else Or(kept)
        return And([either, *left_out])

    def and_expr(self):
        parts = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def unary(self):
        tok = self.take()
        if tok.kind in ("neg", "not"):
            if self.peek() is None or self.peek().kind in ("or", "rparen"):
                return None
            child = self.unary()
            return Not(child) if child is not None else None
        return self.primary(tok)

    def primary(self, tok: _Tok, field: str | None = None):
        if tok.kind == "lparen":
            node = self.or_expr()
            if self.peek() is not None and self.peek().kind == "rparen":
                self.take()
            if isinstance(node, And):
                node.grouped = True  # its left-out words stay inside it
            if node is not None and field is not None:
                node = _with_field(node, field)
            return node
        if tok.kind == "field":
            return self.field_value(tok.text)
        if tok.kind == "word":
            return _make_term(tok.text, prefix=tok.prefix, phrase=False, field=field)
        if tok.kind == "phrase":
            return _make_term(tok.text, prefix=tok.prefix, phrase=True, field=field)
        return None

    def field_value(self, name: str):
        nxt = self.peek()
        if nxt is None or nxt.kind not in ("word", "phrase", "lparen"):
            raise QueryError(f"{name}: needs something after it, as in {_EXAMPLES.get(name, name + ':word')}")
        tok = self.take()
        if name in FILTER_FIELDS:
            if tok.kind == "lparen":
                raise QueryError(f"{name}: takes one value, as in {_EXAMPLES[name]}")
            return _make_filter(name, tok.text)
        return self.primary(tok, field=name)


_EXAMPLES = {
    "date": "date:2024-02", "after": "after:2024-01-31", "before": "before:2024",
    "is": "is:unread", "in": "in:caption", "title": "title:election", "source": "source:tribune",
    "author": "author:garcia", "person": 'person:"ana lopez"', "org": "org:parliament",
    "place": "place:caracas", "entity": "entity:opec",
}


def _make_term(text: str, *, prefix: bool, phrase: bool, field: str | None):
    words = words_of(text)
    if not words:
        return None  # punctuation only: nothing the index could match
    if prefix and len(words[-1]) < MIN_PREFIX:
        raise QueryError(f"{text}* is too short for a prefix search: give at least {MIN_PREFIX} letters before the *")
    return Term(" ".join(words), phrase=phrase or len(words) > 1, prefix=prefix, field=field)


def _with_field(node, field: str):
    if isinstance(node, Term):
        if node.field is None:
            node.field = field
        return node
    if isinstance(node, (And, Or)):
        node.children = [_with_field(c, field) for c in node.children]
        return node
    if isinstance(node, Not):
        node.child = _with_field(node.child, field)
        return node
    return node


def _make_filter(name: str, value: str) -> Filter:
    value = value.strip().lower()
    if name in ("date", "after", "before"):
        return Filter(name, normalize_date(value, name))
    if name == "is":
        if value not in IS_VALUES:
            raise QueryError(f"is:{value} is not known; use is:unread, is:read, is:starred or is:unstarred")
        return Filter(name, value)
    if value not in IN_COLUMNS:
        raise QueryError(f"in:{value} is not known; use in:caption, in:title or in:body")
    return Filter(name, IN_COLUMNS[value])


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # not calendar.month_name: that follows the locale


def normalize_date(value: str, name: str = "date") -> str:
    """'2024', '2024-2', '2024/02/03' -> '2024', '2024-02', '2024-02-03'."""
    m = _DATE.match(value)
    if not m:
        raise QueryError(f"{name}:{value} is not a date; write a year, month or day: {name}:2024, {name}:2024-02 or {name}:2024-02-28")
    year, month, day = m.groups()
    out = year
    if month:
        if not 1 <= int(month) <= 12:
            raise QueryError(f"{name}:{value}: there is no month {int(month)}")
        out += f"-{int(month):02d}"
    if day:
        if not 1 <= int(day) <= 31:
            raise QueryError(f"{name}:{value}: there is no day {int(day)}")
        import calendar

        last = calendar.monthrange(int(year), int(month))[1]
        if int(day) > last:
            raise QueryError(f"{name}:{value} is not a real date: {_MONTHS[int(month) - 1]} {year} has {last} days")
        out += f"-{int(day):02d}"
    return out


def parse(text: str):
    """The query's tree, or None for a query with nothing in it.  Raises QueryError."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > 2000:
        raise QueryError("the query is too long (2,000 characters at most)")
    return _Parser(_lex(text)).parse()


# -- turning the tree into SQL ---------------------------------------------------------


@dataclass
class CompiledQuery:
    """A MATCH expression for the FTS table (or None) and SQL conditions on ``a`` (articles)
    and ``m`` (reading marks, which may be absent)."""

    match: str | None
    where: str | None
    params: list
    terms: list[str]  # words to highlight; "elect*" for a word start
    uses_state: bool = False
    prefixes: list[str] = field(default_factory=list)  # the terms that are word starts
    title_match: str | None = None  # ``match`` with the plain words looked for in titles only
    scope: tuple[str, ...] = ()  # the columns an ``in:`` filter named ("captions", ...): snippets come from them
    phrases: list[str] = field(default_factory=list)  # the phrases looked for ("grain corridor", "grain corr*")
    field_column: str | None = None  # the one column every looked-for word is limited to (title:x -> "title")
    # The looked-for words and phrases that count when found in a title (not those limited to
    # another field): "harbour", "elect*", "grain corridor", "grain corr*".
    title_terms: list[str] = field(default_factory=list)

    @property
    def ranked(self) -> bool:
        return self.match is not None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Compiler:
    def __init__(self, scope: tuple[str, ...], fts_table: str, has_state: bool,
                 neg_scope: tuple[str, ...] | None = None) -> None:
        self.scope = scope
        self.neg_scope = neg_scope or scope  # where excluded words are looked for
        self.fts = fts_table
        self.has_state = has_state
        self.uses_state = False

    def term(self, t: Term) -> str:
        cols = FIELD_COLUMNS[t.field] if t.field else self.scope
        expr = _quote(t.text) + (" *" if t.prefix else "")
        if len(cols) == 1:
            return f"{cols[0]} : {expr}"
        return "{" + " ".join(cols) + "} : " + expr

    def filter(self, f: Filter) -> tuple[str, list]:
        if f.name == "date":
            return "(a.published >= ? AND a.published < ?)", [f.value, f.value + "~"]
        if f.name == "after":
            return "a.published > ?", [f.value + "~"]
        if f.name == "before":
            return "a.published < ?", [f.value]
        if f.name == "in":
            if f.value == "captions":
                return "a.n_captions > 0", []
            return "1", []
        # is:
        if not self.has_state:
            return ("1" if f.value in ("unread", "unstarred") else "0"), []
        self.uses_state = True
        return {
            "read": "COALESCE(m.read, 0) = 1",
            "unread": "COALESCE(m.read, 0) = 0",
            "starred": "COALESCE(m.starred, 0) = 1",
            "unstarred": "COALESCE(m.starred, 0) = 0",
        }[f.value], []

    def match_sql(self, expr: str) -> tuple[str, list]:
        return f"a.rowid IN (SELECT rowid FROM {self.fts} WHERE {self.fts} MATCH ?)", [expr]

    # Each node becomes ("fts", expr) | ("sql", cond, params) | ("mixed", expr, cond, params)
    def node(self, n):
        if isinstance(n, Term):
            return ("fts", self.term(n))
        if isinstance(n, Filter):
            cond, params = self.filter(n)
            return ("sql", cond, params)
        if isinstance(n, Not):
            return self.node(And([n]))
        if isinstance(n, Or):
            parts = [self.node(c) for c in n.children]
            if all(p[0] == "fts" for p in parts):
                return ("fts", " OR ".join(f"({p[1]})" for p in parts))
            conds, params = [], []
            for p in parts:
                c, ps = self.as_sql(p)
                conds.append(f"({c})")
                params += ps
            return ("sql", " OR ".join(conds), params)
        assert isinstance(n, And)
        pos: list[str] = []
        neg: list[str] = []
        conds: list[str] = []
        params: list = []
        others = [c for c in n.children if not (isinstance(c, Filter) and c.name == "in")]
        for child in n.children:
            if others and isinstance(child, Filter) and child.name == "in":
                continue  # in:caption with words: the words are looked for in captions only
            if isinstance(child, Not):
                scope, self.scope = self.scope, self.neg_scope
                try:
                    inner = self.node(child.child)
                finally:
                    self.scope = scope
                if inner[0] == "fts":
                    neg.append(inner[1])
                else:
                    c, ps = self.as_sql(inner)
                    conds.append(f"NOT ({c})")
                    params += ps
                continue
            p = self.node(child)
            if p[0] == "fts":
                pos.append(p[1])
            elif p[0] == "sql":
                conds.append(f"({p[1]})")
                params += p[2]
            else:
                pos.append(p[1])
                conds.append(f"({p[2]})")
                params += p[3]
        expr = None
        if pos:
            expr = " AND ".join(f"({e})" for e in pos)
            for e in neg:
                expr = f"({expr}) NOT ({e})"
        else:
            for e in neg:
                c, ps = self.match_sql(e)
                conds.append(f"NOT ({c})")
                params += ps
        if expr is not None and not conds:
            return ("fts", expr)
        if expr is None:
            return ("sql", " AND ".join(conds) if conds else "1", params)
        return ("mixed", expr, " AND ".join(conds), params)

    def as_sql(self, p) -> tuple[str, list]:
        if p[0] == "fts":
            return self.match_sql(p[1])
        if p[0] == "sql":
            return p[1], p[2]
        c, ps = self.match_sql(p[1])
        return f"{c} AND ({p[2]})", ps + p[3]


def _collect(node, terms: list[str], scope: list[str], negated: bool = False,
             prefixes: list[str] | None = None, phrases: list[str] | None = None) -> None:
    if isinstance(node, Term):
        if not negated:
            words = node.text.split()
            if node.prefix:
                words[-1] += "*"  # a word start: highlight the words it begins
                if prefixes is not None:
                    prefixes.append(words[-1][:-1])
            terms.extend(words)
            if phrases is not None and len(words) > 1:
                phrase = " ".join(words)
                if phrase not in phrases:
                    phrases.append(phrase)
    elif isinstance(node, Filter):
        if node.name == "in" and not negated and node.value not in scope:
            scope.append(node.value)
    elif isinstance(node, Not):
        _collect(node.child, terms, scope, not negated, prefixes, phrases)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _collect(c, terms, scope, negated, prefixes, phrases)


def _title_terms(node, scope: tuple[str, ...], out: list[str], negated: bool = False) -> None:
    """The looked-for terms that may be found in titles, as "word", "start*" or "a phrase"."""
    if isinstance(node, Term):
        cols = FIELD_COLUMNS[node.field] if node.field else scope
        text = node.text + ("*" if node.prefix else "")
        if not negated and "title" in cols and text not in out:
            out.append(text)
    elif isinstance(node, Not):
        _title_terms(node.child, scope, out, not negated)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _title_terms(c, scope, out, negated)


def _term_columns(node, default: tuple[str, ...], out: set[tuple[str, ...]], negated: bool = False) -> None:
    """The column sets the looked-for (not excluded) terms are limited to."""
    if isinstance(node, Term):
        if not negated:
            out.add(FIELD_COLUMNS[node.field] if node.field else default)
    elif isinstance(node, Not):
        _term_columns(node.child, default, out, not negated)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _term_columns(c, default, out, negated)


def compile_query(text: str, *, fts_table: str = "fts", has_state: bool = True) -> CompiledQuery | None:
    """Compile the user's query; None when there is nothing in it (blank).  Raises QueryError."""
    tree = parse(text)
    if tree is None:
        if text.strip():
            raise QueryError(f"nothing to search for in {text.strip()!r}: type a word, a \"phrase\" or a field such as title:word")
        return None
    terms: list[str] = []
    scope: list[str] = []
    prefixes: list[str] = []
    phrases: list[str] = []
    _collect(tree, terms, scope, prefixes=prefixes, phrases=phrases)
    compiler = _Compiler(tuple(scope) or TEXT_COLUMNS, fts_table, has_state)
    plan = compiler.node(tree)
    # A query whose words are all limited to one column (title:x, in:caption x, person:"x")
    # is ranked by that column alone (see Library.search): FTS5's bm25() would measure the
    # whole article's length, so a long body would push a short matching title down.
    columns: set[tuple[str, ...]] = set()
    _term_columns(tree, tuple(scope) or TEXT_COLUMNS, columns)
    field_column = next(iter(columns))[0] if len(columns) == 1 and len(next(iter(columns))) == 1 else None
    seen: set[str] = set()
    unique = [t for t in terms if not (t.casefold() in seen or seen.add(t.casefold()))]
    in_titles: list[str] = []
    _title_terms(tree, tuple(scope) or TEXT_COLUMNS, in_titles)
    if plan[0] == "sql":
        return CompiledQuery(None, plan[1], plan[2], unique, compiler.uses_state, prefixes, scope=tuple(scope),
                             phrases=phrases)
    # The same query with the plain words looked for in titles only (excluded words still
    # anywhere): a subset of the matches, used to rank very broad queries quickly.
    title_match = None
    if not scope:
        title_plan = _Compiler(("title",), fts_table, has_state, neg_scope=TEXT_COLUMNS).node(tree)
        if title_plan[0] in ("fts", "mixed") and title_plan[1] != plan[1]:
            title_match = title_plan[1]
    if plan[0] == "fts":
        return CompiledQuery(plan[1], None, [], unique, compiler.uses_state, prefixes, title_match, tuple(scope),
                             phrases, field_column, in_titles)
    return CompiledQuery(plan[1], plan[2], plan[3], unique, compiler.uses_state, prefixes, title_match,
                         tuple(scope), phrases, field_column, in_titles)
