"""Bringing the index up to date with the folder: scan, parse what changed, recurring lines.  No Textual here.

:meth:`Indexer.update` (what ``Library.update`` runs) rescans the folder by size
and modification time and parses only new or changed files, in worker processes
when there are many (see ``workers``).  Lines that recur in 3 or more articles of
the same source are handed to the parser as boilerplate evidence, and the articles
whose evidence changed are parsed again (the boilerplate pass).

Loaded when an update runs, not at start-up.
"""

from __future__ import annotations

import os
import sqlite3
import time
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from tuireader.clean import clean_line
from tuireader.library.keys import fold, title_key
from tuireader.library.records import unpack
from tuireader.library.schema import db_path, from_db_path, keep_article_count, transaction
from tuireader.library.workers import forget_recurring, hash_job, hint_signature, parse_job

if TYPE_CHECKING:
    from tuireader.library.shelf import Library

BATCH = 250  # files written per transaction during update (and about as many parsed ahead)
RECUR_MIN = 3  # a line in this many articles of one source is boilerplate evidence
PREHINT_MIN = 20  # a line in this many files anywhere is handed to the parser on the first parse
POOL_MIN = 200  # parse in worker processes when at least this many files are new
OPTIMIZE_MIN = 1000  # merge the FTS index after adding at least this many articles


@dataclass
class UpdateSummary:
    """What an update found, file by file.

    Each file of the folder is counted once: added, changed, unchanged, moved (a file
    that was gone under another name), copied (a new file whose text another file has:
    listed once), or failed (could not be read: ``failed`` has its message).  ``removed``
    counts the files that left.  ``changed`` also counts the files whose text changed
    into something that cannot be read (their article left the list), ``changed_failed``
    of them, which are in ``failed`` too; the summary line counts them there only.
    """

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    moved: int = 0
    seconds: float = 0.0
    copies: list[tuple[str, str]] = field(default_factory=list)  # (path, the listed file of the same text)
    copied: int = 0  # new files whose text another file has (each in ``copies``)
    changed_failed: int = 0  # of ``changed``: files that could be read before and now cannot

    def line(self) -> str:
        copied = self.copied or len(self.copies)
        parts = [f"{self.added:,} added", f"{self.changed - self.changed_failed:,} changed",
                 f"{self.removed:,} removed", f"{self.unchanged:,} unchanged"]
        if self.moved:
            parts.append(f"{self.moved:,} moved")
        if copied:
            parts.append(f"{copied:,} {'copy' if copied == 1 else 'copies'} of other files, listed once")
        if self.failed:
            parts.append(f"{len(self.failed):,} could not be read")
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"


# -- worker processes, and progress -------------------------------------------------


def _run_chunk(fn: Callable[[Any], Any], items: list) -> list:
    return [fn(item) for item in items]


def _imap(ex: Any, fn: Callable[[Any], Any], items: Iterable, chunksize: int, workers: int) -> Iterable:
    """ex.map(fn, items), in order, submitting only a few chunks ahead of the results taken.

    Executor.map submits every job at once and keeps every result until it is taken: at
    100,000 files the jobs, and the results waiting for the writer, would all be in memory.
    """
    if isinstance(ex, _InProcess):
        yield from map(fn, items)
        return
    from collections import deque
    from itertools import islice

    items = iter(items)
    ahead: deque = deque()

    def submit() -> None:
        chunk = list(islice(items, chunksize))
        if chunk:
            ahead.append(ex.submit(_run_chunk, fn, chunk))

    # Enough ahead that the workers keep busy while the caller writes a batch (BATCH results).
    for _ in range(max(4 * workers, BATCH // chunksize + 2 * workers)):
        submit()
    try:
        while ahead:
            results = ahead.popleft().result()
            submit()
            yield from results
    finally:
        for future in ahead:
            future.cancel()


class _Progress:
    """Calls progress(done, total) now and then (every 0.1 s at most), and at the end."""

    def __init__(self, callback: Callable[[int, int], None] | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self.last = 0.0
        if callback:
            callback(0, total)

    def step(self, n: int) -> None:
        self.done += n
        if self.callback:
            now = time.monotonic()
            if now - self.last >= 0.1:
                self.last = now
                self.callback(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.callback:
            self.callback(self.total, self.total)


class _InProcess:
    """The executor interface, run here (for small batches, or where processes cannot start)."""

    def map(self, fn, items, chunksize: int = 1):
        return map(fn, items)

    def __enter__(self) -> "_InProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


# -- scanning ---------------------------------------------------------------------


def scan_folder(root: Path, broken: list[tuple[str, str]] | None = None) -> dict[str, tuple[int, int]]:
    """Every supported article file under root: relative path -> (size, mtime_ns).

    Hidden files and folders are skipped; symlinks are followed, but a folder
    already visited (a symlink loop) is not entered again.  Article names that
    cannot be read (a link to nowhere, a link to itself) go to ``broken`` as
    (relative path, message).
    """
    from stat import S_ISREG

    from tuireader.parse import SUPPORTED, not_regular_message

    out: dict[str, tuple[int, int]] = {}
    try:
        st = os.stat(root)
    except OSError:
        return out
    seen = {(st.st_dev, st.st_ino)}
    stack = [(str(root), "")]
    suffixes = {s.lower() for s in SUPPORTED}
    while stack:
        folder, rel = stack.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # a link to itself: not a folder; reported below
                        is_dir = False
                    if is_dir:
                        st = entry.stat()
                        key = (st.st_dev, st.st_ino)
                        if key not in seen:
                            seen.add(key)
                            stack.append((entry.path, rel + name + "/"))
                        continue
                    dot = name.rfind(".")
                    if dot <= 0 or name[dot:].lower() not in suffixes:
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        if broken is not None:
                            shown = clean_line(entry.path)
                            if entry.is_symlink():
                                try:
                                    target = clean_line(os.readlink(entry.path))
                                except OSError:
                                    target = "?"
                                broken.append((rel + name, f"{shown}: a link to {target}, which cannot be read "
                                                            f"({exc.strerror or exc})"))
                            else:
                                broken.append((rel + name, f"{shown}: cannot read ({exc.strerror or exc})"))
                        continue
                    if not S_ISREG(st.st_mode):
                        # a named pipe would block the reader, a link to /dev/zero would fill memory
                        if broken is not None:
                            broken.append((rel + name, not_regular_message(entry.path, clean_line(entry.path),
                                                                           st.st_mode)))
                        continue
                    out[rel + name] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    continue
    return out


# -- the update ---------------------------------------------------------------------


class Indexer:
    """Brings a library's index up to date with its folder (one is made for each update)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.root = library.root
        self.index_path = library.index_path
        self.state = library.state
        self.workers = library.workers
        self._conn = library._conn

    def update(self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False) -> UpdateSummary:
        """Bring the index up to date with the folder; parse only new or changed files."""
        with self.library._update_lock, self._process_lock():
            if rebuild:
                self.library._replace_index("a rebuild was asked for", keep=False)
                self.library.warnings.pop()
            try:
                with self._temp_on_disk():
                    return self._update(progress)
            except sqlite3.DatabaseError as exc:
                from tuireader.library.shelf import is_damage

                if not is_damage(exc):
                    raise
                self.library._replace_index(f"it was damaged ({' '.join(str(exc).split())})")
            try:
                with self._temp_on_disk():
                    return self._update(progress)
            except sqlite3.DatabaseError as exc:
                from tuireader.library.shelf import is_damage

                if is_damage(exc):  # damaged again, in a new file: say so rather than loop
                    self.library._damaged(exc)
                raise

    @contextmanager
    def _temp_on_disk(self):
        """Temporary tables and sorts in a file while updating (else in memory): counting
        the lines of 100,000 new files, or grouping them, must not take hundreds of MB."""
        conn = self._conn()
        conn.execute("PRAGMA temp_store = FILE")
        try:
            yield
        finally:
            forget_recurring()
            try:
                conn.execute("PRAGMA temp_store = MEMORY")
            except sqlite3.Error:  # within a transaction left open by an error: a later update resets it
                pass

    @contextmanager
    def _process_lock(self):
        """One indexer at a time per index, across processes (a second one waits, then finds little to do)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: SQLite's own locking must do
            yield
            return
        lock_path = self.index_path.with_name(self.index_path.name + ".lock")
        with open(lock_path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _update(self, progress: Callable[[int, int], None] | None) -> UpdateSummary:
        t0 = time.perf_counter()
        conn = self._conn()
        summary = UpdateSummary()
        if not self.root.is_dir():
            # An unmounted disk or a typo must not empty the index: leave it as it is.
            summary.failed.append((clean_line(str(self.root)), f"{clean_line(str(self.root))}: no such folder"))
            return summary
        if conn.execute("SELECT 1 FROM meta WHERE key = 'articles'").fetchone() is None:
            with transaction(conn):
                keep_article_count(conn)
        broken: list[tuple[str, str]] = []
        scanned = scan_folder(self.root, broken)
        summary.failed.extend((clean_line(rel), message) for rel, message in broken)
        known: dict[str, tuple[int, int, str | None, str | None]] = {}
        for path, size, mtime, aid, problem in conn.execute(
                "SELECT path, size, mtime_ns, article_id, problem FROM files"):
            known[from_db_path(path)] = (size, mtime, aid, problem)
        stale = [p for p, stat in scanned.items()
                 if (k := known.get(p)) is None or (k[0], k[1]) != stat]
        gone = [p for p in known if p not in scanned]
        summary.unchanged = len(scanned) - len(stale)
        for p, (_, _, _, problem) in known.items():
            if problem and p in scanned and p not in stale:
                summary.failed.append((self._shown(p), problem))
                summary.unchanged -= 1  # each file counted once: as one that could not be read
        if not stale and not gone:
            if conn.execute("SELECT 1 FROM meta WHERE key = 'listed'").fetchone() is None:
                with transaction(conn):  # an index made before the rule: once
                    self._list_the_oldest(conn)
            summary.seconds = time.perf_counter() - t0
            return summary

        existing_ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        before_ids = set(existing_ids)
        before_sources: set[str] = set()
        new_path_ids: dict[str, str] = {}  # rel -> id, for the stale files that read fine
        failures: dict[str, str] = {}
        added_ids: set[str] = set()
        inserted_rels: set[str] = set()  # the files new articles were made from
        later: list[tuple] = []  # copies of articles parsed in this same update

        pending: list[tuple] = []

        def flush() -> None:
            if not pending:
                return
            with transaction(conn):
                for result in pending:
                    self._write_result(conn, result, scanned, existing_ids, added_ids,
                                       new_path_ids, failures, inserted_rels)
            pending.clear()

        from tuireader.parse import format_for

        self._remove_lines_files()  # left by an update that was killed
        # Progress units: reading a file counts 1, parsing it 9 (re-parses for boilerplate too).
        meter = _Progress(progress, 10 * len(stale))
        hints_file: str | None = None
        try:
            with self._executor(len(stale)) as ex:
                # 1. Read and hash every new or touched file: its id, and its lines.  The lines
                #    are counted in a temporary table (a file, see _temp_on_disk): 100,000 files
                #    have millions of distinct lines.
                # (Results come in the order of the jobs: each keeps the path string of `stale`
                # rather than its own copy, since several sets and dicts below hold it.)
                to_parse: dict[str, str] = {}  # id -> rel, one file for each new article
                conn.execute("DROP TABLE IF EXISTS temp.seen")
                conn.execute("CREATE TEMP TABLE seen(h INTEGER NOT NULL)")
                rows: list[tuple[int]] = []
                jobs = ((rel, str(self.root / rel)) for rel in stale)
                for rel, result in zip(stale, _imap(ex, hash_job, jobs, 32, self.workers)):
                    meter.step(1)
                    if result[0] == "fail":
                        pending.append(("fail", rel, result[2]))
                    elif result[2] in existing_ids:
                        pending.append(("ok", rel, result[2], None))
                    elif result[2] not in to_parse:
                        to_parse[result[2]] = rel
                        rows.extend((h,) for h in result[3])
                        if len(rows) >= 5000:
                            self._count_lines(conn, rows)
                    else:
                        later.append(("ok", rel, result[2], None))
                self._count_lines(conn, rows)
                parse_rels = list(to_parse.values())
                del to_parse
                # 2. Lines that already recur in PREHINT_MIN or more files are boilerplate evidence
                #    for the parser (checked per source afterwards, in _boilerplate_pass).  The
                #    workers read them from a file, each once.
                recurring = self._recurring_hashes(conn)
                conn.execute("DROP TABLE temp.seen")
                hints: str | tuple = ()
                if recurring:
                    hints_file = hints = self._lines_file(os.getpid())
                    with open(hints_file, "wb") as fh:
                        array("q", recurring).tofile(fh)
                del recurring
                meter.total = len(stale) + 9 * len(parse_rels)
                flush()
                # 3. Parse what is new, in worker processes when there is a lot.
                jobs = ((rel, str(self.root / rel), format_for(Path(rel)) or "txt", hints) for rel in parse_rels)
                for rel, result in zip(parse_rels, _imap(ex, parse_job, jobs, 8, self.workers)):
                    pending.append((result[0], rel, *result[2:]))
                    meter.step(9)
                    if len(pending) >= BATCH:
                        flush()
                pending.extend(later)
                flush()
                del parse_rels
        finally:
            if hints_file is not None:
                os.unlink(hints_file)

        # The file each article that had files before listed (for saying which file is the copy).
        listed_before: dict[str, str | None] = {}
        for aid in {new_path_ids[p] for p in stale if p in new_path_ids and new_path_ids[p] in before_ids}:
            found = conn.execute("SELECT path FROM articles WHERE id = ?", (aid,)).fetchone()
            listed_before[aid] = from_db_path(found[0]) if found and found[0] is not None else None

        # Files that left, and articles no file points to any more.
        with transaction(conn):
            for p in gone:
                conn.execute("DELETE FROM files WHERE path = ?", (db_path(p),))
            orphans = conn.execute(
                "SELECT rowid, id, source_key, title_key FROM articles WHERE NOT EXISTS "
                "(SELECT 1 FROM files f WHERE f.article_id = articles.id)").fetchall()
            for rowid, aid, source_key, _title in orphans:
                before_sources.add(source_key)
                self._delete_article(conn, rowid)
            # Articles whose recorded file moved: point them at a file that is there.
            conn.execute(
                "UPDATE articles SET path = (SELECT min(f.path) FROM files f WHERE f.article_id = articles.id) "
                "WHERE path IS NULL OR NOT EXISTS (SELECT 1 FROM files f WHERE f.path = articles.path "
                "AND f.article_id = articles.id)")
            self._list_the_oldest(conn)

        # Count what happened, by file path: each file once.
        edited: list[tuple[str, str]] = []  # (old id, new id) of files whose text changed
        copies: list[str] = []  # files whose text another file has too
        gone_ids: dict[str, int] = {}
        for p in gone:
            if known[p][2]:
                gone_ids[known[p][2]] = gone_ids.get(known[p][2], 0) + 1

        def listed(aid: str) -> str | None:
            found = conn.execute("SELECT path FROM articles WHERE id = ?", (aid,)).fetchone()
            return from_db_path(found[0]) if found and found[0] is not None else None

        files_of: dict[str, int] = {}  # id -> how many of the files read now have its text
        for aid in new_path_ids.values():
            files_of[aid] = files_of.get(aid, 0) + 1

        for p in stale:
            old = known.get(p)
            new_id = new_path_ids.get(p)
            if p in failures:
                summary.failed.append((self._shown(p), failures[p]))
                if old is not None and old[2] is not None:
                    summary.changed += 1  # its article left the list (see UpdateSummary)
                    summary.changed_failed += 1
                continue
            if old is not None:
                if old[2] != new_id:
                    summary.changed += 1
                    if old[2] and new_id:
                        edited.append((old[2], new_id))
                    if new_id in before_ids or (files_of[new_id] > 1 and listed(new_id) != p):
                        copies.append(p)  # it now has the text of another file (counted as changed)
                else:
                    summary.unchanged += 1
            elif new_id in before_ids:
                if gone_ids.get(new_id, 0) > 0:
                    gone_ids[new_id] -= 1
                    summary.moved += 1
                else:
                    summary.copied += 1  # another copy of an article already there
                    copies.append(p)
            elif files_of[new_id] == 1 or listed(new_id) == p:
                summary.added += 1
            else:  # a copy of a file that was new in this same update
                summary.copied += 1
                copies.append(p)
        summary.removed = len(gone) - summary.moved
        for p in copies:
            aid = new_path_ids[p]
            original = listed(aid)
            if original is not None and original != p:
                summary.copies.append((self._shown(p), self._shown(original)))
            elif original == p:
                # this file is now the one listed (it is older): the file listed before is the copy
                before = listed_before.get(aid)
                if before is not None and before != p and before in scanned:
                    summary.copies.append((self._shown(before), self._shown(p)))
        edited.extend(self._saved_again(conn, orphans, added_ids - before_ids))
        if edited and self.state is not None:
            # an edited file is the same article to its reader: its read mark, star and place follow it
            try:
                self.state.carry_marks(edited)
            except Exception as exc:  # noqa: BLE001 - the index is fine; say what was not carried
                self.library.warnings.append(f"Read marks and stars of {len(edited):,} edited files could not be "
                                     f"carried to their new text ({exc}); the old marks are kept.")

        self._boilerplate_pass(conn, before_sources | self._sources_of(conn, added_ids), meter)
        if len(added_ids) >= OPTIMIZE_MIN:
            # After a big batch, merge the full-text index into one segment: prefix and
            # common-word queries get 2-3x faster.
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        meter.finish()
        self.library._writes += 1
        conn.execute("PRAGMA optimize")
        summary.seconds = time.perf_counter() - t0
        return summary

    @staticmethod
    def _list_the_oldest(conn: sqlite3.Connection) -> None:
        """Two or more files with the same text: the oldest is listed (by modification time, then
        by name), so a later copy is the one called a copy, whatever order they were read in.
        (In a write transaction.)"""
        conn.execute(
            "UPDATE articles SET path = (SELECT f.path FROM files f WHERE f.article_id = articles.id "
            "ORDER BY f.mtime_ns, f.path LIMIT 1) WHERE id IN (SELECT article_id FROM files "
            "WHERE article_id IS NOT NULL GROUP BY article_id HAVING count(*) > 1)")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('listed', 'oldest')")

    def _lines_file(self, pid: int) -> str:
        """The file of recurring line hashes an update hands its workers (next to the index)."""
        return str(self.index_path.with_name(f"{self.index_path.name}.lines-{pid}"))

    def _remove_lines_files(self) -> None:
        prefix = f"{self.index_path.name}.lines-"
        try:
            names = [n for n in os.listdir(self.index_path.parent) if n.startswith(prefix)]
        except OSError:
            return
        for name in names:
            try:
                os.unlink(self.index_path.parent / name)
            except OSError:
                pass

    def _shown(self, rel: str) -> str:
        return clean_line(str(self.root / rel))

    def _executor(self, jobs: int):
        """Worker processes for big batches (parsing is CPU-bound), or this process."""
        if self.workers <= 1 or jobs < POOL_MIN:
            return _InProcess()
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context(method))
        except (OSError, RuntimeError, ValueError):
            return _InProcess()

    @staticmethod
    def _count_lines(conn: sqlite3.Connection, rows: list[tuple[int]]) -> None:
        """Add line hashes (one row per file that has the line) to temp.seen; empties rows."""
        with transaction(conn, "BEGIN"):
            conn.executemany("INSERT INTO temp.seen VALUES (?)", rows)
        rows.clear()

    def _recurring_hashes(self, conn: sqlite3.Connection) -> set[int]:
        """Line hashes seen in at least PREHINT_MIN files, counting the new ones (temp.seen) and the indexed ones.

        The source of a file is known only after parsing it, so the first parse is handed
        the lines that recur across the whole library; _boilerplate_pass then checks each
        article against its own source's recurring lines (RECUR_MIN) and re-parses the
        few that differ.  A line in 20 files is nearly always boilerplate of its source
        too (measured on a 100,000-article library: 7% re-parsed, against 50% with 3).
        """
        if conn.execute("SELECT 1 FROM lines LIMIT 1").fetchone() is None:
            found = conn.execute("SELECT h FROM temp.seen GROUP BY h HAVING count(*) >= ?", (PREHINT_MIN,))
        else:
            found = conn.execute(
                "SELECT s.h FROM (SELECT h, count(*) AS n FROM temp.seen GROUP BY h) AS s "
                "WHERE s.n >= ? OR s.n + (SELECT count(*) FROM lines l WHERE l.h = s.h) >= ?",
                (PREHINT_MIN, PREHINT_MIN))
        return {r[0] for r in found}

    @staticmethod
    def _saved_again(conn, orphans: list[tuple], added: set[str]) -> list[tuple[str, str]]:
        """(old id, new id) of articles saved again under another name with their text changed
        (a scraper's dated copy of an updated page): an article whose files all went and a new
        one with the same headline from the same source, each the only one of its kind in this
        update.  Its reader's marks follow it, as they follow an edited or a renamed file."""
        if not orphans or not added:
            return []
        gone: dict[tuple[str, str], list[str]] = {}
        for _rowid, aid, source_key, title_key in orphans:
            if source_key and len(title_key.split()) >= 3:  # a named source and a real headline
                gone.setdefault((source_key, title_key), []).append(aid)
        if not gone:
            return []
        new: dict[tuple[str, str], list[str]] = {}
        added = list(added)
        for start in range(0, len(added), 500):
            chunk = added[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for aid, source_key, title_key in conn.execute(
                    f"SELECT id, source_key, title_key FROM articles WHERE id IN ({marks})", chunk):
                if (source_key, title_key) in gone:
                    new.setdefault((source_key, title_key), []).append(aid)
        return [(gone[key][0], ids[0]) for key, ids in new.items() if len(ids) == 1 and len(gone[key]) == 1]

    def _write_result(self, conn: sqlite3.Connection, result: tuple, scanned: dict[str, tuple[int, int]],
                      existing_ids: set[str], added_ids: set[str], new_path_ids: dict[str, str],
                      failures: dict[str, str], inserted_rels: set[str]) -> None:
        rel = result[1]
        size, mtime = scanned[rel]
        if result[0] == "fail":
            failures[rel] = result[2]
            conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                         "VALUES (?, ?, ?, NULL, ?)", (db_path(rel), size, mtime, result[2]))
            return
        _, _, aid, prepared = result
        new_path_ids[rel] = aid
        if aid not in existing_ids:
            if prepared is None:  # a copy of a file that could not be read as an article
                failures[rel] = f"{self._shown(rel)}: the same content as a file that could not be read"
                conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                             "VALUES (?, ?, ?, NULL, ?)", (db_path(rel), size, 0, failures[rel]))
                return
            self._insert_article(conn, prepared, rel)
            existing_ids.add(aid)
            added_ids.add(aid)
            inserted_rels.add(rel)
        conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                     "VALUES (?, ?, ?, ?, NULL)", (db_path(rel), size, mtime, aid))

    def _insert_article(self, conn: sqlite3.Connection, p: dict[str, Any], rel: str | None,
                        rowid: int | None = None) -> int:
        published = p["published"]
        source = p["source"]
        values = (p["id"], p["title"], title_key(p["title"]), source, fold(source) if source else "\uffff",
                  published, published or "", published or "~", p["format"], p["n_captions"], p["hint_sig"])
        if rowid is None:
            cur = conn.execute(
                "INSERT INTO articles(id, title, title_key, source, source_key, published, pub_desc, pub_asc,"
                " format, n_captions, hint_sig, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                values + (db_path(rel) if rel is not None else None,))
            rowid = cur.lastrowid
        else:
            conn.execute(
                "UPDATE articles SET id=?, title=?, title_key=?, source=?, source_key=?, published=?, pub_desc=?,"
                " pub_asc=?, format=?, n_captions=?, hint_sig=? WHERE rowid=?", values + (rowid,))
            self._delete_article(conn, rowid, keep_row=True)
        conn.execute("INSERT INTO blobs(rowid, record, entities) VALUES (?,?,?)",
                     (rowid, p["record"], p["entities"]))
        conn.execute("INSERT INTO fts(rowid, title, captions, body, source, authors, people, orgs, places, others)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?)", (rowid, *p["fts"]))
        conn.executemany("INSERT INTO ents(name_key, type, aid, count) VALUES (?,?,?,?)",
                         [(k, t, rowid, c) for k, t, c in p["ents"]])
        conn.executemany("INSERT OR IGNORE INTO lines(aid, h, bp) VALUES (?,?,?)",
                         [(rowid, h, bp) for h, bp in p["lines"]])
        return rowid

    def _delete_article(self, conn: sqlite3.Connection, rowid: int, keep_row: bool = False) -> None:
        # The entity rows are keyed by name: their names come from the stored entities.
        stored = conn.execute("SELECT entities FROM blobs WHERE rowid = ?", (rowid,)).fetchone()
        try:
            keys = {(fold(e["name"]), e["type"]) for e in unpack(stored[0])} if stored else set()
        except (ValueError, TypeError, KeyError, zlib.error):
            keys = None
        if keys is None:
            conn.execute("DELETE FROM ents WHERE aid = ?", (rowid,))  # a full scan: unreadable blob
        else:
            conn.executemany("DELETE FROM ents WHERE name_key = ? AND type = ? AND aid = ?",
                             [(k, t, rowid) for k, t in keys])
        if not keep_row:
            conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM blobs WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM lines WHERE aid = ?", (rowid,))

    def _sources_of(self, conn: sqlite3.Connection, ids: set[str]) -> set[str]:
        out: set[str] = set()
        for aid in ids:
            row = conn.execute("SELECT source_key FROM articles WHERE id = ?", (aid,)).fetchone()
            if row:
                out.add(row[0])
        return out

    def _boilerplate_pass(self, conn: sqlite3.Connection, sources: set[str], meter: "_Progress") -> None:
        """Re-parse articles whose source's recurring lines (boilerplate evidence) changed."""
        from tuireader.parse import format_for

        todo: list[tuple[int, str, tuple[int, ...]]] = []
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS rec(h INTEGER PRIMARY KEY)")
        for source_key in sorted(s for s in sources if s):
            conn.execute("DELETE FROM temp.rec")
            conn.execute(
                "INSERT INTO temp.rec SELECT l.h FROM articles a JOIN lines l ON l.aid = a.rowid "
                "WHERE a.source_key = ? GROUP BY l.h HAVING count(*) >= ?", (source_key, RECUR_MIN))
            # each article with its lines among them, one row at a time (a source may have 100,000)
            for rowid, sig, path, found in conn.execute(
                    "SELECT a.rowid, a.hint_sig, a.path, (SELECT group_concat(l.h) FROM lines l "
                    "JOIN temp.rec r ON r.h = l.h WHERE l.aid = a.rowid) FROM articles a WHERE a.source_key = ?",
                    (source_key,)):
                wanted = tuple(sorted(map(int, found.split(",")))) if found else ()
                if hint_signature(wanted) != sig and path is not None:
                    todo.append((rowid, from_db_path(path), wanted))
        conn.execute("DELETE FROM temp.rec")
        if not todo:
            return
        total = len(todo)
        meter.total += 9 * total

        def jobs() -> Iterable[tuple]:
            # Each job carries the stored record: a re-parse that gives it again (the new hints
            # changed nothing) skips entity extraction and only records the hints.  Read as the
            # workers need them, not all at once.
            for rowid, rel, wanted in todo:
                stored = conn.execute("SELECT record FROM blobs WHERE rowid = ?", (rowid,)).fetchone()
                cols = conn.execute("SELECT title, captions, body, source, authors FROM fts WHERE rowid = ?",
                                    (rowid,)).fetchone()
                yield (rel, str(self.root / rel), format_for(Path(rel)) or "txt", wanted,
                       (stored[0], tuple(cols)) if stored and cols else None)

        rowids = {rel: rowid for rowid, rel, _ in todo}
        with self._executor(total) as ex, transaction(conn):
            for n, result in enumerate(_imap(ex, parse_job, jobs(), 8, self.workers), 1):
                if result[0] == "ok":
                    rowid = rowids[result[1]]
                    row = conn.execute("SELECT id FROM articles WHERE rowid = ?", (rowid,)).fetchone()
                    if row is None or row[0] != result[2]:
                        pass  # the file changed: the next update sees it
                    elif result[3].get("same"):
                        conn.execute("UPDATE articles SET hint_sig = ? WHERE rowid = ?",
                                     (result[3]["hint_sig"], rowid))
                    else:
                        self._insert_article(conn, result[3], None, rowid=rowid)
                meter.step(9)
                if n % BATCH == 0:  # commit a batch at a time
                    conn.execute("COMMIT")
                    conn.execute("BEGIN IMMEDIATE")
