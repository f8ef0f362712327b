"""Run every benchmark and print its figures: one command for the README's table.

    python bench/run_all.py [--n 100000] [--corpus ../shared/corpus/wcxb-dev]

The 100,000-article library and its index are generated once into the temp folder
(bench/make_library.py, then bench_search.py indexes it: about 12 minutes the first
time) and reused afterwards; with them in place the whole run takes a few minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(title: str, *args: str) -> None:
    print(f"\n=== {title}: python {' '.join(args)}", flush=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *args], cwd=HERE.parent)
    status = "ok" if result.returncode == 0 else f"exit {result.returncode}"
    print(f"--- {title}: {status}, {time.perf_counter() - start:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus" / "wcxb-dev"))
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"tuireader-bench-{args.n}"
    index = folder.with_name(folder.name + ".index.sqlite3")
    if Path(args.corpus).is_dir():
        run("parsing (corpus accuracy and speed)", "bench/bench_parse.py", args.corpus, "--split", "test")
    else:
        print(f"(no corpus at {args.corpus}: parsing accuracy skipped)")
    run("entities (accuracy and speed)", "bench/bench_entities.py")
    run("search", "bench/bench_search.py", "--n", str(args.n), "--dir", str(folder), "--index", str(index))
    run("indexing against SQLite alone", "bench/bench_index.py", "--n", "5000")
    run("start-up, keys, memory", "bench/bench_startup.py", "--library", str(folder), "--index", str(index),
        "--runs", "5")


if __name__ == "__main__":
    main()
