"""Which articles name an entity, from the index's entity rows.  No Textual here.

The entity names are stored folded (see ``keys.fold``), with how many times each
article names them; ``Library.mentioning`` and ``Library.count_mentioning`` ask here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuireader.library.keys import fold

if TYPE_CHECKING:
    from tuireader.library.shelf import ArticleRow, Library


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
    return [(library._row(r), r[7]) for r in library._conn().execute(sql, params)]


def count_mentioning(library: Library, name: str, type: str | None = None) -> int:
    """How many articles name this entity (what mentioning() would list without a limit)."""
    type_cond = "AND type = ?" if type else ""
    params: list[Any] = [fold(name)] + ([type] if type else [])
    return library._conn().execute(f"SELECT count(DISTINCT aid) FROM ents WHERE name_key = ? {type_cond}",
                                   params).fetchone()[0]
