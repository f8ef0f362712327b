"""Indexing from scratch, against SQLite alone inserting the same texts into an FTS5 table.

    python bench/bench_index.py [--n 5000] [--dir DIR]

Both runs read the same files.  The baseline decodes each file and inserts its
text into an FTS5 table (one column, unicode61 with diacritics removed), in one
transaction, on one core: the floor set by SQLite.  tuireader then indexes the same
folder from scratch (parsing, entity extraction, the FTS5 table with its columns,
the stored articles and entities), using its worker processes.  Prints both rates,
their ratio (target >= 0.7), and the time to re-scan the unchanged folder (target <= 2 s
at 100,000 files).
"""

from __future__ import annotations

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="articles to generate (default 5000)")
    parser.add_argument("--dir", type=Path, default=None, help="library folder (default /tmp/tuireader-bench-N)")
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
    library = Library(folder, index_path=work / "index.sqlite3")
    start = time.perf_counter()
    summary = library.update(rebuild=True)
    took = time.perf_counter() - start
    rate = summary.added / took if took else 0.0
    print(f"tuireader index from scratch: {took:.1f} s, {rate:,.0f} articles/s "
          f"({summary.added:,} added, {len(summary.failed)} failed)")
    print(f"ratio tuireader / SQLite alone: {rate / base_rate:.3f} (target >= 0.7)")
    start = time.perf_counter()
    summary = library.update()
    print(f"re-scan of the unchanged library: {time.perf_counter() - start:.2f} s "
          f"({summary.unchanged:,} unchanged; target <= 2 s at 100,000)")
    library.close()


if __name__ == "__main__":
    main()
