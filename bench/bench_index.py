"""Indexing from scratch, against SQLite alone inserting the same texts into an FTS5 table.

    python bench/bench_index.py [--n 5000] [--dir DIR]

Both runs read the same files.  The baseline decodes each file and inserts its
text into an FTS5 table (one column, unicode61 with diacritics removed), in one
transaction, on one core: the floor set by SQLite.  tuireader then indexes the same
folder from scratch (parsing, entity extraction, the FTS5 table with its columns,
the stored articles and entities), using its worker processes.  Prints both rates,
their ratio (target >= 0.7), the size of the index (MB, MB per 1,000 articles, bytes per
article, and how much of it each table and index takes with --tables), and the time to
re-scan the unchanged folder (target <= 2 s at 100,000 files).

On a shared machine the wall-clock rate moves with the other load: --repeat N keeps the
best of N runs, and --cpu also indexes in this one process (no workers) and prints the
CPU time per article, which the other load hardly changes.  --profile indexes in this one
process under pyinstrument (cProfile if it is not installed) and prints where the time goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_library import make  # noqa: E402

from tuireader.library import Library  # noqa: E402


def sqlite_alone(files: list[Path], db: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    with conn:
        for path in files:
            conn.execute("INSERT INTO t(body) VALUES (?)", (path.read_bytes().decode("utf-8", "replace"),))
    conn.close()
    return time.perf_counter() - start


def index_size(index: Path) -> int:
    """Bytes of the index with its write-ahead log folded in."""
    conn = sqlite3.connect(index)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in index.parent.glob(index.name + "*") if p.name != index.name + ".lock")


def table_sizes(index: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(index)
    try:
        return conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.Error:  # SQLite built without the dbstat table
        return []
    finally:
        conn.close()


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def profile_one_process(folder: Path, index: Path) -> None:
    """Index from scratch in this process (no workers) under a profiler and print the call tree."""
    solo = Library(folder, index_path=index, workers=1)
    try:
        try:
            from pyinstrument import Profiler
        except ImportError:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(solo.update, rebuild=True)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return
        profiler = Profiler(interval=0.002)
        profiler.start()
        solo.update(rebuild=True)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    finally:
        solo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="articles to generate (default 5000)")
    parser.add_argument("--dir", type=Path, default=None, help="library folder (default /tmp/tuireader-bench-N)")
    parser.add_argument("--repeat", type=int, default=1, help="index from scratch N times, keep the quickest")
    parser.add_argument("--cpu", action="store_true", help="also index in one process and print CPU per article")
    parser.add_argument("--profile", action="store_true", help="also index in one process under a profiler")
    parser.add_argument("--tables", action="store_true", help="print the size of each table and index")
    parser.add_argument("--keep", action="store_true", help="keep the built index (deleted by default)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.gettempdir()) / f"tuireader-bench-{args.n}"
    if not folder.exists() or sum(1 for _ in folder.rglob("*.txt")) < args.n:
        print(f"generating {args.n:,} articles in {folder} ...", flush=True)
        make(folder, args.n, quiet=True)
    files = sorted(folder.rglob("*.txt"))
    size = sum(p.stat().st_size for p in files)
    print(f"library: {len(files):,} files, {size / 1e6:.0f} MB, {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="tuireader-index-bench-"))
    for path in files:  # warm the page cache for both runs alike
        path.read_bytes()

    base = sqlite_alone(files, work / "alone.sqlite3")
    base_rate = len(files) / base
    print(f"SQLite alone, FTS5 insert of the raw texts: {base:.1f} s, {base_rate:,.0f} articles/s")

    os.environ["TUIREADER_DATA_DIR"] = str(work / "data")
    index = work / "index.sqlite3"
    library = Library(folder, index_path=index)
    took = float("inf")
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        summary = library.update(rebuild=True)
        took = min(took, time.perf_counter() - start)
    rate = summary.added / took if took else 0.0
    print(f"tuireader index from scratch: {took:.1f} s, {rate:,.0f} articles/s "
          f"({summary.added:,} added, {len(summary.failed)} failed"
          f"{f'; best of {args.repeat}' if args.repeat > 1 else ''})")
    print(f"ratio tuireader / SQLite alone: {rate / base_rate:.3f} (target >= 0.7)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the indexing process (the parent; workers not counted): {peak:.0f} MB RSS")
    n = max(1, summary.added)
    size = index_size(index)
    print(f"index size: {size / 1e6:.1f} MB for {summary.added:,} articles: {size / n * 1000 / 1e6:.2f} MB "
          f"per 1,000 articles, {size / n:,.0f} bytes per article ({size / max(1, sum(p.stat().st_size for p in files)):.2f}x the raw files)")
    if args.tables:
        for name, pages in table_sizes(index):
            print(f"  {name:28} {pages / 1e6:8.2f} MB {pages / n:8,.0f} bytes per article")
    start = time.perf_counter()
    summary = library.update()
    print(f"re-scan of the unchanged library: {time.perf_counter() - start:.2f} s "
          f"({summary.unchanged:,} unchanged; target <= 2 s at 100,000)")
    library.close()
    if args.cpu:
        solo = Library(folder, index_path=work / "solo.sqlite3", workers=1)  # no worker processes
        try:
            before = cpu_seconds()
            start = time.perf_counter()
            summary = solo.update(rebuild=True)
            cpu = cpu_seconds() - before
            wall = time.perf_counter() - start
        finally:
            solo.close()
        print(f"in one process: {cpu:.1f} s CPU ({wall:.1f} s wall), {cpu / max(1, summary.added) * 1000:.2f} ms CPU "
              f"per article: at most {os.cpu_count() or 1} x {max(1, summary.added) / cpu:,.0f} articles/s "
              f"on {os.cpu_count()} cores")
    if args.profile:
        profile_one_process(folder, work / "profiled.sqlite3")
    if args.keep:
        print(f"index kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
