"""The index file: its tables, its versions, and the connections to it.  No Textual here.

The index is a cache: a file made with another schema or another understanding
of articles is rebuilt from the article files (see ``Library._open_or_rebuild``).
A SQLite connection belongs to one thread: :class:`ThreadConnections` keeps one
per thread (the reading state uses it too), and :func:`transaction` is one write
transaction.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Callable, Iterator

SCHEMA_VERSION = 3  # 3: compact records, entity rows without rowid
# What the parser and the entity extractor make of a file.  Raised whenever they change what
# they make of it: an index made with another value is rebuilt (it is a cache; the reading
# state is kept apart and survives), so nobody reads yesterday's understanding of an article.
UNDERSTANDING = 7  # 7: 2026-11-27 (session 5): decoding repairs, entity runs capped, speaker labels, shared prose kept, comments and chrome out
# 6: 2026-11-27 (session 5): bylines found in many more page layouts
# 5: 2026-11-27 (later): headline ranking, mastheads, HTML/Markdown structure, entities, JSON refusals
APPLICATION_ID = 0x74724958  # "trIX"
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters around matches in snippets

# FTS5 columns, and their weights in the same order.
FTS_COLUMNS = ("title", "captions", "body", "source", "authors", "people", "orgs", "places", "others")
WEIGHTS = (10.0, 2.0, 1.0, 3.0, 3.0, 0.5, 0.5, 0.5, 0.5)

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(
    path TEXT PRIMARY KEY,          -- relative to the library folder, '/' separated
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    article_id TEXT,                -- NULL when the file could not be read as an article
    problem TEXT
) WITHOUT ROWID;
CREATE INDEX files_article ON files(article_id);
CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    source TEXT,
    source_key TEXT NOT NULL,
    published TEXT,
    pub_desc TEXT NOT NULL,         -- published, or '' (undated last when newest first)
    pub_asc TEXT NOT NULL,          -- published, or '~' (undated last when oldest first)
    path TEXT,                      -- one file with this content (relative)
    format TEXT,
    n_captions INTEGER NOT NULL DEFAULT 0,
    hint_sig INTEGER NOT NULL DEFAULT 0   -- which boilerplate hints it was parsed with
);
CREATE INDEX a_newest ON articles(pub_desc DESC, title_key, id);
CREATE INDEX a_oldest ON articles(pub_asc, title_key, id);
CREATE INDEX a_title ON articles(title_key, pub_desc DESC, id);
CREATE INDEX a_source ON articles(source_key, pub_desc DESC, id);
CREATE TABLE blobs(rowid INTEGER PRIMARY KEY, record BLOB NOT NULL, entities BLOB NOT NULL);
CREATE TABLE ents(                  -- its own index by name; rows of an article are found by
    name_key TEXT NOT NULL,         -- the names in its entities blob (see Indexer._delete_article)
    type TEXT NOT NULL,
    aid INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY(name_key, type, aid)
) WITHOUT ROWID;
CREATE TABLE lines(aid INTEGER NOT NULL, h INTEGER NOT NULL, bp INTEGER NOT NULL,
                   PRIMARY KEY(aid, h)) WITHOUT ROWID;
CREATE INDEX lines_h ON lines(h);
CREATE VIRTUAL TABLE fts USING fts5(
    title, captions, body, source, authors, people, orgs, places, others,
    tokenize = "unicode61 remove_diacritics 2", prefix = '2 3 4'
);
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25({", ".join(str(w) for w in WEIGHTS)})');
"""


# -- the index file ------------------------------------------------------------------


def connect(index_path: Path, state_path: Path | None = None) -> sqlite3.Connection:
    """A connection to the index, with the reading state (if any) attached as ``st``."""
    conn = sqlite3.connect(index_path, timeout=60, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 60000")
    # Turning a new file to WAL needs it to itself: while another process is creating the
    # index, SQLite answers "locked" at once rather than waiting (it cannot wait safely there).
    for attempt in range(600):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 599:
                raise
            time.sleep(0.1)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MB
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA mmap_size = 0")
    if state_path is not None:
        conn.execute("ATTACH DATABASE ? AS st", (str(state_path),))
    return conn


def index_problem(index_path: Path) -> str | None:
    """Why the index file cannot be used as it is: "new" (absent or empty), "outdated" (made
    with another UNDERSTANDING), another reason to rebuild it, or None when it is fine."""
    if not index_path.exists() or index_path.stat().st_size == 0:
        return "new"
    try:
        conn = sqlite3.connect(index_path, timeout=60)
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app != APPLICATION_ID:
                return "it is not a tuireader index"
            if version != SCHEMA_VERSION:
                return f"it has format {version}, this tuireader uses {SCHEMA_VERSION}"
            conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH '\"x\"' LIMIT 1").fetchall()
            made = conn.execute("SELECT value FROM meta WHERE key = 'understanding'").fetchone()
            if made is None or made[0] != str(UNDERSTANDING):
                return "outdated"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"it is unreadable ({exc})"
    return None


class IndexDamaged(Exception):
    """The index file turned out to be damaged in the middle of a query (a page that does not
    decode, "database disk image is malformed").  The message says so in one line; the library
    has already moved the file aside, so the next update rebuilds it from the article files."""


# How many articles the index holds, kept in meta by triggers on every insert and delete, so
# that the first frame reads one row instead of counting 100,000 (a scan of an index: 1.3-2 ms
# of a start-up of about 200).  An index made before the count (schema 3 still) gets it at its
# next update (keep_article_count); until then the articles are counted.
_COUNT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS articles_counted_in AFTER INSERT ON articles "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'articles'; END",
    "CREATE TRIGGER IF NOT EXISTS articles_counted_out AFTER DELETE ON articles "
    "BEGIN UPDATE meta SET value = value - 1 WHERE key = 'articles'; END",
)


def keep_article_count(conn: sqlite3.Connection) -> None:
    """Start keeping the count of articles in meta, if this index does not yet (in a write
    transaction: the count and the triggers that keep it begin together)."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'articles'").fetchone() is None:
        for sql in _COUNT_TRIGGERS:
            conn.execute(sql)
        conn.execute("INSERT INTO meta VALUES ('articles', (SELECT count(*) FROM articles))")


def article_count(conn: sqlite3.Connection) -> int:
    """How many articles the index holds: the kept count, else counted."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'articles'").fetchone()
    if row is not None:
        return int(row[0])
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def create_tables(conn: sqlite3.Connection, root: Path) -> None:
    """Make the tables in an empty index file (nothing when it has them already)."""
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        return
    root_text = str(root).replace("'", "''")
    try:
        conn.executescript(
            "BEGIN IMMEDIATE;" + _SCHEMA
            + f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
            + f"INSERT OR REPLACE INTO meta VALUES ('root', '{root_text}');"
            + f"INSERT OR REPLACE INTO meta VALUES ('understanding', '{UNDERSTANDING}');"
            + "".join(sql + ";" for sql in _COUNT_TRIGGERS)
            + "INSERT OR REPLACE INTO meta VALUES ('articles', 0); COMMIT;")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if "already exists" not in str(exc):  # another process made it first: fine
            raise


def db_path(rel: str) -> str | bytes:
    """File names that are not valid UTF-8 are stored as bytes."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape")


def from_db_path(value: str | bytes) -> str:
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


# -- connections ---------------------------------------------------------------------


class ThreadConnections:
    """One SQLite connection per thread, opened by ``connect`` on the thread's first call.

    A connection belongs to the thread that opened it.  close() closes them all; renew()
    makes every thread open a new one (the file was replaced).
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self.local = threading.local()  # this thread's connection, and what is kept with it
        self.generation = 0  # bumped by renew()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        """This thread's connection."""
        local = self.local
        conn = getattr(local, "conn", None)
        if conn is None or getattr(local, "generation", -1) != self.generation:
            conn = self._connect()
            local.conn = conn
            local.generation = self.generation
            with self._lock:
                self._all.append(conn)
        return conn

    def renew(self) -> None:
        """Close this thread's connection; each thread opens a new one on its next call.

        Other threads' connections are left alone until close() (one may be in the middle
        of a query).
        """
        mine = getattr(self.local, "conn", None)
        if mine is not None:
            mine.close()
            self.local.conn = None
        self.generation += 1

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self.local = threading.local()


@contextmanager
def transaction(conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """One write transaction, taken at once (other processes wait for it), undone on error.

    ``begin``: the statement that opens it ("BEGIN" for one that writes only temporary tables).
    """
    conn.execute(begin)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
