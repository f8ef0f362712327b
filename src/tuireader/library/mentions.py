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
from tuireader.library.shelf import is_damage

if TYPE_CHECKING:
    from typing import Iterator

    from tuireader.library.shelf import ArticleRow, Library

@contextmanager
def damage_guard(library: Library) -> Iterator[None]:
    """Queries inside it that find the index damaged move it aside (the next update rebuilds it
    from the article files) and raise IndexDamaged, with one line for the user: the same
    check and message as the Library's own queries (``shelf.is_damage``, ``Library._damaged``)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        library._damaged(exc)


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
