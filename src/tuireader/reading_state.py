"""What the reader has done with each article: read marks, stars, scroll positions.

Kept in a small SQLite file in the user's data folder (``paths.state_db_path()``),
never in the index: the index is a cache that can be thrown away and rebuilt,
the reading state cannot.  Everything is keyed by article id, which is a hash
of the file's content, so a moved or renamed file keeps its marks.

A file that is not ours (another program's database, a corrupted file, text)
is never deleted: it is renamed aside with a timestamp, a message saying so is
added to :attr:`ReadingState.warnings` for the app to show, and a fresh state
is started.

When the state cannot be kept at all (its folder cannot be made, or the file
cannot be opened or written), the app still opens: the state lives in a
temporary folder until it quits (:attr:`ReadingState.temporary`), and a warning
says so.  Scripts ask for ``temporary_if_unavailable=False`` and get
:class:`ReadingStateUnavailable`, with the message to print.  No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from tuireader import paths
from tuireader.library.schema import ThreadConnections, transaction

APPLICATION_ID = 0x74725354  # "trST": marks the file as tuireader reading state
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks(
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    scroll REAL NOT NULL DEFAULT 0,
    read_at REAL,
    starred_at REAL,
    opened_at REAL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""


class ReadingStateUnavailable(Exception):
    """The reading state cannot be kept where it belongs; the message says where and why, in one line."""


class ReadingState:
    """Read marks, stars, scroll positions and the last opened article.

    Safe to use from several threads: each thread gets its own connection.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 temporary_if_unavailable: bool = True, wait: float = 30.0) -> None:
        self.path = Path(path) if path is not None else paths.state_db_path()
        self.wait = wait  # seconds a write waits for another process's write before "database is locked"
        self.warnings: list[str] = []
        self.temporary = False  # True when the state could not be kept and lives only until close()
        self._threads = ThreadConnections(self._connect)
        self._closed = False
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReadingStateUnavailable(f"cannot make the folder {_shown(self.path.parent)} "
                                              f"({exc.strerror or exc})") from None
            try:
                self._open_checked()
            except (OSError, sqlite3.OperationalError) as exc:
                if isinstance(exc, sqlite3.OperationalError) and not any(
                        m in str(exc).lower() for m in ("unable to open", "readonly", "disk i/o")):
                    raise  # e.g. locked by another process for longer than the timeout
                self._threads.close()
                message = getattr(exc, "strerror", None) or str(exc)
                raise ReadingStateUnavailable(f"cannot open or write {_shown(self.path)} ({message})") from None
        except ReadingStateUnavailable as exc:
            hint = "set $TUIREADER_DATA_DIR to a folder that can be written"
            if not temporary_if_unavailable:
                raise ReadingStateUnavailable(f"the reading state cannot be kept: {exc}; {hint}") from None
            self._open_temporary()
            self.warnings.append(f"Read marks, stars and places cannot be kept: {exc}. They last until you "
                                 f"quit; {hint}.")

    def _open_temporary(self) -> None:
        """A fresh state in a temporary folder (removed by close()): the reader works, nothing is kept."""
        import tempfile

        self._threads = ThreadConnections(self._connect)
        folder = tempfile.mkdtemp(prefix="tuireader-state-")
        self.path = Path(folder) / "state.sqlite3"
        self.temporary = True
        import atexit
        import shutil

        atexit.register(shutil.rmtree, folder, ignore_errors=True)  # also if close() is never called
        self._open_checked()

    # -- opening ---------------------------------------------------------------

    def _open_checked(self) -> None:
        checking: list[sqlite3.Connection] = []
        problem = self._problem_with_file(checking)
        if checking and not problem:
            # the checking connection closes after ours opens: closing the last connection
            # of a WAL database checkpoints and removes the log, a cost at every start
            conn = self._conn()
        for other in checking:
            other.close()
        if problem:
            moved = _move_aside(self.path)
            self.warnings.append(
                f"The reading-state file {self.path} could not be used ({problem}); "
                f"it was kept as {moved.name} and a fresh reading state was started."
            )
        conn = self._conn()
        ours = (conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                and conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
                and conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                 " AND name IN ('marks', 'meta')").fetchone()[0] == 2)
        if ours:  # the usual start: the file is already ours (writing the header again costs a sync)
            return
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _problem_with_file(self, keep: list[sqlite3.Connection]) -> str | None:
        """Why the file at self.path cannot be our state, or None if it can (or is absent).

        The connection used to look is appended to ``keep`` for the caller to close.
        """
        if not self.path.exists():
            return None
        if self.path.is_dir():
            return "it is a folder"
        if self.path.stat().st_size == 0:
            return None
        try:
            conn = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            return f"cannot open it: {exc}"
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id != APPLICATION_ID:
                if app_id == 0 and not tables:
                    return None  # an empty database: take it
                return "it belongs to another program"
            if version > SCHEMA_VERSION:
                return f"it was written by a newer tuireader (format {version})"
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                return f"it is damaged ({check})"
            if "marks" not in tables:
                return "it is missing its tables"
        except sqlite3.DatabaseError as exc:
            return f"it is not a readable database ({exc})"
        finally:
            keep.append(conn)
        return None

    def _connect(self) -> sqlite3.Connection:
        """A new connection, for a thread that has none (see ThreadConnections)."""
        if self._closed:
            raise RuntimeError("reading state is closed")
        conn = sqlite3.connect(self.path, timeout=self.wait, check_same_thread=False,
                               isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # e.g. a read-only or network file system: stay in rollback mode
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _conn(self) -> sqlite3.Connection:
        return self._threads.get()

    def close(self) -> None:
        self._closed = True
        self._threads.close()
        if self.temporary:
            import shutil

            shutil.rmtree(self.path.parent, ignore_errors=True)

    # -- one article ---------------------------------------------------------------

    def _get(self, article_id: str, column: str):
        row = self._conn().execute(f"SELECT {column} FROM marks WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def _set(self, article_id: str, assignments: str, values: tuple) -> None:
        conn = self._conn()
        with transaction(conn):
            conn.execute("INSERT OR IGNORE INTO marks(id) VALUES (?)", (article_id,))
            conn.execute(f"UPDATE marks SET {assignments} WHERE id = ?", values + (article_id,))

    def is_read(self, article_id: str) -> bool:
        return bool(self._get(article_id, "read"))

    def set_read(self, article_id: str, read: bool = True) -> None:
        self._set(article_id, "read = ?, read_at = ?", (int(bool(read)), time.time() if read else None))

    def toggle_read(self, article_id: str) -> bool:
        """Flip the read mark; return the new value."""
        new = not self.is_read(article_id)
        self.set_read(article_id, new)
        return new

    def set_many_read(self, article_ids, read: bool = True) -> None:
        """Mark many articles at once, in one transaction."""
        conn = self._conn()
        now = time.time() if read else None
        with transaction(conn):
            for article_id in article_ids:
                conn.execute("INSERT OR IGNORE INTO marks(id) VALUES (?)", (article_id,))
                conn.execute("UPDATE marks SET read = ?, read_at = ? WHERE id = ?",
                             (int(bool(read)), now, article_id))

    def is_starred(self, article_id: str) -> bool:
        return bool(self._get(article_id, "starred"))

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        self._set(article_id, "starred = ?, starred_at = ?",
                  (int(bool(starred)), time.time() if starred else None))

    def toggle_star(self, article_id: str) -> bool:
        """Flip the star; return the new value."""
        new = not self.is_starred(article_id)
        self.set_starred(article_id, new)
        return new

    def carry_marks(self, moves: list[tuple[str, str]]) -> int:
        """An edited file's marks follow it: for each (old id, new id), the new id gets the
        old one's read mark, star and place, unless the new id has marks of its own.

        The old marks stay (the old text may come back, and nothing the reader made is
        dropped).  Returns how many articles got marks.
        """
        conn = self._conn()
        carried = 0
        with transaction(conn):
            for old, new in moves:
                if old == new:
                    continue
                carried += conn.execute(
                    "INSERT OR IGNORE INTO marks(id, read, starred, scroll, read_at, starred_at, opened_at) "
                    "SELECT ?, read, starred, scroll, read_at, starred_at, opened_at FROM marks WHERE id = ?",
                    (new, old)).rowcount
            if moves:
                last = conn.execute("SELECT value FROM meta WHERE key = 'last_opened'").fetchone()
                follow = dict(moves)
                if last and last[0] in follow:
                    conn.execute("UPDATE meta SET value = ? WHERE key = 'last_opened'", (follow[last[0]],))
        return carried

    def scroll(self, article_id: str) -> float:
        """Where the reader left the article (0 when never opened)."""
        value = self._get(article_id, "scroll")
        return float(value) if value else 0.0

    def set_scroll(self, article_id: str, y: float) -> None:
        self._set(article_id, "scroll = ?", (max(0.0, float(y)),))

    def last_opened(self) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'last_opened'").fetchone()
        return row[0] if row else None

    def set_last_opened(self, article_id: str | None) -> None:
        conn = self._conn()
        with transaction(conn):
            if article_id is None:
                conn.execute("DELETE FROM meta WHERE key = 'last_opened'")
            else:
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_opened', ?)",
                             (article_id,))
                conn.execute("INSERT OR IGNORE INTO marks(id) VALUES (?)", (article_id,))
                conn.execute("UPDATE marks SET opened_at = ? WHERE id = ?", (time.time(), article_id))

    # -- in bulk ---------------------------------------------------------------

    def read_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT id FROM marks WHERE read = 1")}

    def starred_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT id FROM marks WHERE starred = 1")}


def _shown(path: Path) -> str:
    from tuireader.clean import clean_line

    return clean_line(str(path))


def _move_aside(path: Path) -> Path:
    """Rename a file we cannot use (and its WAL companions) out of the way; never delete."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.unusable-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            try:
                os.replace(companion, target.with_name(target.name + suffix))
            except OSError:
                pass
    return target
