"""Which articles name an entity, from the index's entity rows.  No Textual here.

The entity names are stored folded (see ``keys.fold``), with how many times each
article names them; ``Library.mentioning`` and ``Library.count_mentioning`` ask here.

Also :func:`damage_guard`, which search uses too: an index found damaged in the middle
of a query is moved aside and the query raises :class:`IndexDamaged`.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tuireader.library.keys import fold
from tuireader.library.schema import IndexDamaged

if TYPE_CHECKING:
    from typing import Iterator

    from tuireader.library.shelf import ArticleRow, Library

# What SQLite (and the sqlite3 module, decoding a text that a damaged page garbled) says about a
# damaged index file, lower case.
_DAMAGE_WORDS = ("malformed", "not a database", "could not decode", "disk i/o error", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """Does this error say the index file is damaged (rather than a busy or a wrong query)?"""
    return isinstance(exc, sqlite3.DatabaseError) and any(w in str(exc).lower() for w in _DAMAGE_WORDS)


@contextmanager
def damage_guard(library: Library) -> Iterator[None]:
    """Queries inside it that find the index damaged move it aside (the next update rebuilds it
    from the article files) and raise IndexDamaged, with one line for the user."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]
        detail = detail.split(" with text ")[0]  # "Could not decode ... with text '<a whole article>'"
        if len(detail) > 80:
            detail = detail[:77].rstrip() + "..."
        try:
            library._replace_index(f"it was found damaged ({detail})")
        except Exception:  # noqa: BLE001 - the message below still holds; the next update tries again
            pass
        raise IndexDamaged(f"the library's index is damaged ({detail}); it has been moved aside and "
                           f"will be rebuilt from the article files at the next update") from exc


def mentioning(library: Library, name: str, type: str | None = None, limit: int = 1000,
               offset: int = 0) -> list[tuple[ArticleRow, int]]:
    """Articles that name this entity (same name, any case or accents), most mentions first."""
    cols, join = library._state_cols()
    type_cond = "AND e.type = ?" if type else ""
    params: list[Any] = [fold(name)] + ([type] if type else []) + [max(0, limit), max(0, offset)]
    sql = (f"SELECT a.id, a.title, a.source, a.published, a.path, {cols}, sum(e.count) AS n "
           f"FROM ents e JOIN articles a ON a.rowid = e.aid {join} "
           f"WHERE e.name_key = ? {type_cond} GROUP BY a.rowid ORDER BY n DESC, a.pub_desc DESC, a.id "
           f"LIMIT ? OFFSET ?")
    with damage_guard(library):
        return [(library._row(r), r[7]) for r in library._conn().execute(sql, params)]


def count_mentioning(library: Library, name: str, type: str | None = None) -> int:
    """How many articles name this entity (what mentioning() would list without a limit)."""
    type_cond = "AND type = ?" if type else ""
    params: list[Any] = [fold(name)] + ([type] if type else [])
    with damage_guard(library):
        return library._conn().execute(f"SELECT count(DISTINCT aid) FROM ents WHERE name_key = ? {type_cond}",
                                       params).fetchone()[0]
