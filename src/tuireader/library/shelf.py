"""The Library: the articles of a folder, from its index, a page of rows or one article at a time.  No Textual here.

Opening a Library reads the index as it is (an index made by another version is
rebuilt, empty); ``update()`` brings it up to date with the folder (``indexing``,
loaded then), ``search()`` and ``mentioning()`` load their own modules on first use.
A SQLite connection belongs to one thread, so the Library keeps one per thread:
call it from any worker thread.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn, TypeVar

from tuireader import paths
from tuireader.clean import clean_line
from tuireader.library.records import article_from_record, unpack
from tuireader.library.schema import (IndexDamaged, ThreadConnections, article_count, connect, create_tables,
                                      from_db_path, index_problem)
from tuireader.model import Article, Entity, Record

if TYPE_CHECKING:
    from tuireader.library.indexing import UpdateSummary
    from tuireader.reading_state import ReadingState

LIST_SQL_TOP = 2000  # pages this near the top come from SQL even in a big library
LIST_CACHE_MIN = 5000  # libraries this big list pages from a cached order (see Library._order)

SORTS = {
    "newest": ("a_newest", "a.pub_desc DESC, a.title_key, a.id"),
    "oldest": ("a_oldest", "a.pub_asc, a.title_key, a.id"),
    "title": ("a_title", "a.title_key, a.pub_desc DESC, a.id"),
    "source": ("a_source", "a.source_key, a.pub_desc DESC, a.id"),
}


class IndexUnavailable(Exception):
    """The index cannot be kept where it belongs (its folder cannot be made, or the file
    cannot be opened).  The message says where and why, in one line."""


# What SQLite says when the file itself is bad (not when it is busy or the query is wrong).
_DAMAGE = ("malformed", "not a database", "could not decode", "disk i/o error", "corrupt", "file is encrypted")


def is_damage(exc: BaseException) -> bool:
    """Whether a SQLite error means the index file is damaged (a page that does not decode,
    "database disk image is malformed", "file is not a database", an I/O error reading it)."""
    return isinstance(exc, sqlite3.DatabaseError) and any(m in str(exc).lower() for m in _DAMAGE)


# What unpacking a stored record raises when its bytes are damaged.
_BAD_RECORD = (zlib.error, UnicodeDecodeError, ValueError, TypeError, KeyError, IndexError)

_F = TypeVar("_F", bound=Callable[..., Any])


def _guarded(method: _F) -> _F:
    """A query that finds the index damaged moves it aside and raises IndexDamaged."""
    @functools.wraps(method)
    def guarded(self: "Library", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._damaged(exc)
            raise
    return guarded  # type: ignore[return-value]


# -- what the UI and CLI get ---------------------------------------------------------


class ArticleRow(Record):
    __slots__ = ("id", "title", "source", "published", "path", "read", "starred", "problem")

    def __init__(self, id: str, title: str, source: str | None, published: str | None, path: str | None,
                 read: bool = False, starred: bool = False, problem: str | None = None) -> None:
        self.id = id
        self.title = title
        self.source = source
        self.published = published
        self.path = path
        self.read = read
        self.starred = starred
        self.problem = problem

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source,
                "published": self.published, "path": clean_line(self.path) if self.path else self.path,
                "read": self.read, "starred": self.starred}


class SearchHit(Record):
    __slots__ = ("row", "score", "snippet", "terms")

    def __init__(self, row: ArticleRow, score: float, snippet: str, terms: list[str] | None = None) -> None:
        self.row = row
        self.score = score  # higher is better
        self.snippet = snippet  # plain text
        self.terms = [] if terms is None else terms  # words to highlight

    def to_json(self) -> dict[str, Any]:
        data = self.row.to_json()
        data["score"] = self.score
        data["snippet"] = self.snippet
        return data


# -- the library ---------------------------------------------------------------------


class Library:
    """A folder of articles and its index."""

    def __init__(self, root: Path, index_path: Path | None = None, state: "ReadingState | None" = None,
                 *, workers: int | None = None) -> None:
        self.root = Path(root).expanduser().resolve()
        self.index_path = Path(index_path) if index_path is not None else paths.index_path_for(self.root)
        self.state = state
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.warnings: list[str] = []
        self._threads = ThreadConnections(self._connect)  # and each thread's cached orders (see _order)
        self._update_lock = threading.Lock()
        self._writes = 0  # bumped when an update changed the index
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(
                f"cannot make the index folder {clean_line(str(self.index_path.parent))} "
                f"({exc.strerror or exc}); set $TUIREADER_CACHE_DIR to a folder that can be written") from None
        try:
            self._open_or_rebuild()
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc) and "readonly" not in str(exc):
                raise
            self._threads.close()
            raise IndexUnavailable(
                f"cannot open or write the index {clean_line(str(self.index_path))} ({exc}); "
                "set $TUIREADER_CACHE_DIR to a folder that can be written") from None

    # -- connections ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        return connect(self.index_path, self.state.path if self.state is not None else None)

    def _conn(self) -> sqlite3.Connection:
        return self._threads.get()

    def close(self) -> None:
        self._threads.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open_or_rebuild(self) -> None:
        problem = index_problem(self.index_path)
        if problem == "new":
            self._create()
            return
        if problem == "outdated":
            self._replace_index("this version of tuireader understands articles better", keep=False)
        elif problem:
            self._replace_index(problem)

    def _replace_index(self, reason: str, keep: bool = True) -> None:
        """Move the bad index aside (or delete it) and start an empty one (the next update fills it).

        Other threads' connections are left alone (one may be in the middle of a query);
        each thread opens the new file on its next call.
        """
        self._threads.renew()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.index_path.with_name(f"{self.index_path.name}.bad-{stamp}")
        try:
            if keep:
                os.replace(self.index_path, aside)
            else:
                aside = None
                self.index_path.unlink()
        except OSError:
            aside = None
        for suffix in ("-wal", "-shm"):
            companion = self.index_path.with_name(self.index_path.name + suffix)
            try:
                companion.unlink()
            except OSError:
                pass
        # Keep only the newest bad copy: the index is a cache, rebuilt from the files.
        for old in self.index_path.parent.glob(self.index_path.name + ".bad-*"):
            if aside is None or old != aside:
                try:
                    old.unlink()
                except OSError:
                    pass
        self.warnings.append(f"The index was rebuilt because {reason}.")
        self._create()

    def _create(self) -> None:
        create_tables(self._conn(), self.root)

    def _damaged(self, exc: BaseException) -> NoReturn:
        """A query found the index damaged: move it aside (an empty one takes its place, the
        next update fills it) and raise IndexDamaged with one line for the user (search and the
        entity listings come here too, through ``mentions.damage_guard``)."""
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]
        detail = detail.split(" with text ")[0]  # "Could not decode ... with text '<a whole article>'"
        if not isinstance(exc, sqlite3.Error):
            detail = f"a stored article does not unpack: {detail}"
        if len(detail) > 80:
            detail = detail[:77].rstrip() + "..."
        try:
            self._replace_index(f"it was found damaged ({detail})")
        except Exception:  # noqa: BLE001 - the message below still holds; the next update tries again
            pass
        raise IndexDamaged(f"the library's index is damaged ({detail}); it has been moved aside and "
                           "will be rebuilt from the article files at the next update") from exc

    # -- update ---------------------------------------------------------------------

    def update(self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False) -> UpdateSummary:
        """Bring the index up to date with the folder; parse only new or changed files."""
        from tuireader.library.indexing import Indexer  # loaded by the first update, not at start-up

        return Indexer(self).update(progress, rebuild)

    # -- listing ---------------------------------------------------------------------
    # (_conn, _state_cols and _row serve the search and mentions modules too)

    def _state_cols(self) -> tuple[str, str]:
        if self.state is None:
            return "0, 0", ""
        return "COALESCE(m.read, 0), COALESCE(m.starred, 0)", "LEFT JOIN st.marks m ON m.id = a.id"

    def _filters(self, unread_only: bool, starred_only: bool) -> str:
        conds = []
        if self.state is not None:
            if unread_only:
                conds.append("COALESCE(m.read, 0) = 0")
            if starred_only:
                conds.append("COALESCE(m.starred, 0) = 1")
        elif starred_only:
            conds.append("0")
        return (" WHERE " + " AND ".join(conds)) if conds else ""

    def _row(self, r: tuple) -> ArticleRow:
        aid, title, source, published, path, read, starred = r[:7]
        return ArticleRow(aid, title, source, published,
                          str(self.root / from_db_path(path)) if path is not None else None,
                          bool(read), bool(starred))

    @_guarded
    def count(self, *, unread_only: bool = False, starred_only: bool = False) -> int:
        conn = self._conn()
        if not unread_only and not starred_only:
            return article_count(conn)
        _, join = self._state_cols()
        return conn.execute(f"SELECT count(*) FROM articles a {join}{self._filters(unread_only, starred_only)}"
                            ).fetchone()[0]

    @_guarded
    def rows(self, offset: int, limit: int, *, sort: str = "newest", unread_only: bool = False,
             starred_only: bool = False) -> list[ArticleRow]:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        offset, limit = max(0, offset), max(0, limit)
        cols, join = self._state_cols()
        # Near the top, SQL is quickest; deeper pages slice the cached order.
        order = self._order(sort, unread_only, starred_only, build=offset + limit > LIST_SQL_TOP)
        if order is not None:
            ids = order[offset:offset + limit]
            if not ids:
                return []
            found = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for r in self._conn().execute(
                        f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a {join} "
                        f"WHERE a.id IN ({','.join('?' * len(chunk))})", chunk):
                    found[r[0]] = r
            return [self._row(found[i]) for i in ids if i in found]
        index, order_sql = SORTS[sort]
        sql = (f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a INDEXED BY {index} "
               f"{join}{self._filters(unread_only, starred_only)} ORDER BY {order_sql} LIMIT ? OFFSET ?")
        return [self._row(r) for r in self._conn().execute(sql, (limit, offset))]

    def _order(self, sort: str, unread_only: bool, starred_only: bool, build: bool = True) -> list[str] | None:
        """All ids in this order, kept per thread while neither the index nor the reading
        state changes, so that any page of a big library is a slice (OFFSET walks the index:
        25 ms at the end of 100,000 rows).  None for small libraries: SQL is quick there."""
        conn = self._conn()
        local = self._threads.local
        cache = getattr(local, "orders", None)
        if cache is None:
            cache = local.orders = {}
        filtered = self.state is not None and (unread_only or starred_only)
        stamp = (self._threads.generation, self._writes, conn.execute("PRAGMA main.data_version").fetchone()[0],
                 conn.execute("PRAGMA st.data_version").fetchone()[0] if filtered else 0)
        key = (sort, unread_only, starred_only)
        hit = cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        if not build:
            return None
        if conn.execute("SELECT count(*) FROM articles").fetchone()[0] < LIST_CACHE_MIN:
            cache.pop(key, None)
            return None
        index, order_sql = SORTS[sort]
        _, join = self._state_cols()
        ids = [r[0] for r in conn.execute(
            f"SELECT a.id FROM articles a INDEXED BY {index} {join}"
            f"{self._filters(unread_only, starred_only)} ORDER BY {order_sql}")]
        cache[key] = (stamp, ids)
        return ids

    @_guarded
    def index_of(self, article_id: str, *, sort: str = "newest", unread_only: bool = False,
                 starred_only: bool = False) -> int | None:
        """Where the article stands in rows() with the same options, or None if not there."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        # A cached order answers at once.  By date, SQL answers in a millisecond, so the order
        # (tens of ms to build at 100,000) is not built for it; by title or source it is quicker.
        order = self._order(sort, unread_only, starred_only, build=sort not in ("newest", "oldest"))
        if order is not None:
            try:
                return order.index(article_id)
            except ValueError:
                return None
        cols, join = self._state_cols()
        conn = self._conn()
        filters = self._filters(unread_only, starred_only)
        me = conn.execute(
            f"SELECT a.pub_desc, a.pub_asc, a.title_key, a.source_key, a.id FROM articles a {join} "
            f"{filters + ' AND' if filters else 'WHERE'} a.id = ?", (article_id,)).fetchone()
        if me is None:
            return None
        values = dict(zip(("pub_desc", "pub_asc", "title_key", "source_key", "id"), me))
        keys = [(part.split()[0].removeprefix("a."), part.endswith("DESC"))
                for part in SORTS[sort][1].split(", ")]
        # rows before this one: lexicographic comparison on the sort keys
        ors, params = [], []
        for i, (col, desc) in enumerate(keys):
            eqs = [f"a.{c} = ?" for c, _ in keys[:i]]
            ors.append("(" + " AND ".join(eqs + [f"a.{col} {'>' if desc else '<'} ?"]) + ")")
            params += [values[c] for c, _ in keys[:i]] + [values[col]]
        where = f"({' OR '.join(ors)})"
        where = f"{filters} AND {where}" if filters else f" WHERE {where}"
        return conn.execute(f"SELECT count(*) FROM articles a {join}{where}", params).fetchone()[0]

    @_guarded
    def row(self, article_id: str) -> ArticleRow | None:
        cols, join = self._state_cols()
        r = self._conn().execute(
            f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a {join} WHERE a.id = ?",
            (article_id,)).fetchone()
        return self._row(r) if r else None

    @_guarded
    def problems(self) -> list[ArticleRow]:
        """Files that could not be read as articles, with their message in ``problem``."""
        out = []
        for path, problem in self._conn().execute(
                "SELECT path, problem FROM files WHERE problem IS NOT NULL ORDER BY path"):
            rel = from_db_path(path)
            out.append(ArticleRow(id="", title=clean_line(Path(rel).name), source=None, published=None,
                                  path=str(self.root / rel), problem=problem))
        return out

    # -- one article -------------------------------------------------------------

    @_guarded
    def article(self, article_id: str) -> Article | None:
        # One statement, so the record and its body come from the same moment even while
        # another thread or process rewrites the article.
        r = self._conn().execute(
            "SELECT b.record, a.path, f.body FROM articles a JOIN blobs b ON b.rowid = a.rowid "
            "LEFT JOIN fts f ON f.rowid = a.rowid WHERE a.id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        try:
            article = article_from_record(unpack(r[0]), r[2] or "")
        except _BAD_RECORD as exc:  # a stored record that does not unpack: the file is damaged
            self._damaged(exc)
            raise  # (not reached: _damaged raises)
        if r[1] is not None:
            article.path = clean_line(str(self.root / from_db_path(r[1])))
        return article

    @_guarded
    def entities(self, article_id: str) -> list[Entity]:
        r = self._conn().execute(
            "SELECT b.entities FROM articles a JOIN blobs b ON b.rowid = a.rowid WHERE a.id = ?",
            (article_id,)).fetchone()
        if r is None:
            return []
        try:
            return [Entity.from_json(e) for e in unpack(r[0])]
        except _BAD_RECORD as exc:
            self._damaged(exc)
            raise  # (not reached: _damaged raises)

    @_guarded
    def mentioning(self, name: str, type: str | None = None, limit: int = 1000,
                   offset: int = 0) -> list[tuple[ArticleRow, int]]:
        """Articles that name this entity (same name, any case or accents), most mentions first."""
        from tuireader.library.mentions import mentioning

        return mentioning(self, name, type, limit, offset)

    @_guarded
    def count_mentioning(self, name: str, type: str | None = None) -> int:
        """How many articles name this entity (what mentioning() would list without a limit)."""
        from tuireader.library.mentions import count_mentioning

        return count_mentioning(self, name, type)

    @_guarded
    def resolve(self, id_or_path: str) -> Article | None:
        """An article by id (or a unique start of one), or by the path of a file."""
        text = str(id_or_path).strip()
        if not text:
            return None
        found = self.article(text)
        if found is not None:
            return found
        candidate = Path(text).expanduser()
        if candidate.is_file():
            from tuireader.parse import ArticleError, article_id, load_article, read_article_bytes

            try:
                found = self.article(article_id(read_article_bytes(candidate)))
            except (OSError, ArticleError):
                found = None
            if found is not None:
                found.path = clean_line(str(candidate))
                return found
            return load_article(candidate)
        if len(text) >= 4 and all(c in "0123456789abcdef" for c in text.lower()):
            rows = self._conn().execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                                        (text.lower(), text.lower() + "g")).fetchall()
            if len(rows) == 1:
                return self.article(rows[0][0])
        return None

    # -- search ---------------------------------------------------------------------

    @_guarded
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching the query, best first.  Raises QueryError on a malformed query.

        How they are ranked: see ``search.search``.
        """
        from tuireader.library.search import search  # loaded by the first search, not at start-up

        return search(self, query, limit)
