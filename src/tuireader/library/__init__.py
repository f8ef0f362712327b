"""The library: a folder of article files and its SQLite index.  No Textual here.

The index lives in the cache (``paths.index_path_for(root)``) and can always be
rebuilt from the files.  It holds, for each article (identified by a hash of
its file's content, so a moved file keeps its id):

* its metadata, with one index per sort order, so listing 100,000 articles
  page by page costs a few milliseconds;
* the whole understood :class:`~tuireader.model.Article` and its entities,
  compressed, so showing an article needs no re-parse.  The body is stored once:
  the record keeps the lengths of the body blocks and the rest of the text, and
  the body itself is read back from the full-text table (see ``records``);
* an FTS5 full-text index (title, captions, body, source, authors, and the
  names of the people, organisations, places and other entities);
* the entity names (folded) with their counts, for "which articles name X";
* hashes of its lines, so lines that recur in 3 or more articles of the same
  source can be handed to the parser as boilerplate evidence.

:meth:`Library.update` rescans the folder by size and modification time and
parses only new or changed files.  A SQLite connection belongs to one thread,
so the Library keeps one per thread: call it from any worker thread.

The modules, each loaded when first needed (start-up needs only the first three):

* ``shelf``: :class:`Library` (a page of rows, counts, one article) and the rows it returns;
* ``schema``: the tables, the versions (``UNDERSTANDING``), the connections;
* ``records``: how an article is stored in the index;
* ``indexing`` and ``workers``: bringing the index up to date (scan, parse, recurring lines);
* ``search``: ranked search with snippets; ``mentions``: which articles name an entity;
* ``keys``: the folded keys of names and titles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuireader.library.schema import UNDERSTANDING, IndexDamaged
from tuireader.library.shelf import SORTS, ArticleRow, Library, SearchHit

if TYPE_CHECKING:
    from tuireader.library.indexing import UpdateSummary
    from tuireader.library.keys import fold

__all__ = ["ArticleRow", "IndexDamaged", "SearchHit", "UpdateSummary", "Library", "SORTS", "UNDERSTANDING", "fold"]


def __getattr__(name: str):
    """The names whose modules start-up does not need, imported on first use."""
    if name == "UpdateSummary":
        from tuireader.library.indexing import UpdateSummary as value
    elif name == "fold":
        from tuireader.library.keys import fold as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
