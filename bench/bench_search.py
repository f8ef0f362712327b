"""Search, listing and re-scan speed on a large generated library.

    python bench/bench_search.py [--n 100000] [--dir DIR] [--queries 300]

Builds the library with bench/make_library.py if DIR is empty, builds (or
brings up to date) its index, then prints:
  * the indexing rate (articles per second) when it had to index;
  * the time to re-scan the unchanged library (target: <= 2 s at 100,000);
  * p50/p95/max of query -> ranked top-50 with snippets, in process, over a
    mix of common and rare words, phrases, prefixes, OR, exclusions, fields
    and dates (target: p95 <= 30 ms);
  * `grep -ril WORD DIR` against the same words searched here (target: the
    index at least 100x faster);
  * paging the article list (rows at several offsets) and index_of.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_library import ADJS, ORGS, PLACES, SITES, TOPIC_NOUNS, VERBS, Writer, make  # noqa: E402

COMMON = set(TOPIC_NOUNS + VERBS + ADJS)

from tuireader.library import Library  # noqa: E402
from tuireader.reading_state import ReadingState  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def build_queries(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    writer = Writer(7)
    tail = [w for w in writer.vocab[3000:] if w not in COMMON]
    people = writer.people
    makers = [
        lambda: rng.choice(TOPIC_NOUNS),                                         # common word
        lambda: f"{rng.choice(TOPIC_NOUNS)} {rng.choice(TOPIC_NOUNS)}",          # two common words
        lambda: rng.choice(tail[:2000]),                                         # less common word
        lambda: rng.choice(tail[5000:]),                                         # rare word
        lambda: f'"{rng.choice(ADJS)} {rng.choice(TOPIC_NOUNS)}"',              # phrase
        lambda: '"told reporters in ' + rng.choice(PLACES).split()[-1] + '"',   # common phrase
        lambda: rng.choice(TOPIC_NOUNS)[:rng.randint(2, 4)] + "*",               # prefix
        lambda: rng.choice(tail)[:4] + "*",                                      # rarer prefix
        lambda: f"{rng.choice(TOPIC_NOUNS)} OR {rng.choice(TOPIC_NOUNS)}",        # OR
        lambda: f"{rng.choice(TOPIC_NOUNS)} -{rng.choice(TOPIC_NOUNS)}",          # exclusion
        lambda: f"title:{rng.choice(TOPIC_NOUNS)}",
        lambda: f"source:{rng.choice(SITES)[0].split()[-1].lower()} {rng.choice(TOPIC_NOUNS)}",
        lambda: f'person:"{rng.choice(people)}"',
        lambda: f"place:{rng.choice(PLACES).split()[-1]}",
        lambda: f"org:\"{rng.choice(ORGS)}\" {rng.choice(TOPIC_NOUNS)}",
        lambda: f"{rng.choice(TOPIC_NOUNS)} date:{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}",
        lambda: f"{rng.choice(TOPIC_NOUNS)} after:{rng.randint(2019, 2025)} is:unread",
        lambda: rng.choice(people).split()[-1].lower(),                           # a surname
        lambda: f"({rng.choice(TOPIC_NOUNS)} OR {rng.choice(TOPIC_NOUNS)}) {rng.choice(PLACES).split()[-1]}",
        lambda: f"in:caption {rng.choice(PLACES).split()[-1]}",
    ]
    return [makers[i % len(makers)]() for i in range(n)]


def time_search(lib: Library, query: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        lib.search(query, limit=50)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100000, help="articles in the generated library")
    ap.add_argument("--dir", type=Path, default=None, help="library folder (default /tmp/tuireader-bench-N)")
    ap.add_argument("--index", type=Path, default=None, help="index file (default next to the folder)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--rebuild", action="store_true", help="index from scratch")
    args = ap.parse_args(argv)

    root = args.dir or Path(f"/tmp/tuireader-bench-{args.n}")
    root.mkdir(parents=True, exist_ok=True)
    if not any(root.iterdir()):
        print(f"generating {args.n:,} articles in {root} ...", flush=True)
        t = time.perf_counter()
        make(root, args.n)
        print(f"  generated in {time.perf_counter() - t:.0f} s", flush=True)
    index = args.index or root.with_name(root.name + ".index.sqlite3")
    state_dir = Path(tempfile.mkdtemp(prefix="tuireader-bench-state-"))
    state = ReadingState(state_dir / "state.sqlite3")
    lib = Library(root, index_path=index, state=state)

    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 10 or done == total:
            last[0] = now
            print(f"  indexing {done:,}/{total:,}", flush=True)

    t = time.perf_counter()
    summary = lib.update(progress=progress, rebuild=args.rebuild)
    took = time.perf_counter() - t
    print(f"update: {summary.line()}")
    if summary.added + summary.changed:
        rate = (summary.added + summary.changed) / took
        print(f"indexing rate: {rate:,.0f} articles/s ({took:.1f} s for {summary.added + summary.changed:,})")
    size = index.stat().st_size / 1e6
    print(f"index size: {size:,.0f} MB for {lib.count():,} articles")

    times = []
    for _ in range(3):
        t = time.perf_counter()
        s2 = lib.update()
        times.append(time.perf_counter() - t)
    print(f"re-scan unchanged: {min(times):.2f} s best, {max(times):.2f} s worst of 3 "
          f"({s2.unchanged:,} files; target <= 2 s at 100,000)")

    # mark some articles read so is:unread has work to do
    ids = [r.id for r in lib.rows(0, 2000)]
    state.set_many_read(ids[::3])

    queries = build_queries(args.queries)
    for q in queries[:20]:  # warm the page cache, as an app that has been open a moment would be
        lib.search(q)
    results = []
    for q in queries:
        t = time.perf_counter()
        hits = lib.search(q, limit=50)
        results.append((time.perf_counter() - t, q, len(hits)))
    ms = [r[0] * 1000 for r in results]
    print(f"search ({len(queries)} queries, top 50 with snippets): p50 {pct(ms, 50):.1f} ms, "
          f"p95 {pct(ms, 95):.1f} ms, max {max(ms):.1f} ms  (target p95 <= 30 ms; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    # The same queries again, each the best of 3: less at the mercy of other work on the machine.
    best = [time_search(lib, q, repeat=3) * 1000 for q in queries]
    print(f"search, best of 3 per query: p50 {pct(best, 50):.1f} ms, p95 {pct(best, 95):.1f} ms, "
          f"max {max(best):.1f} ms")
    print("  slowest:", "; ".join(f"{q!r} {t * 1000:.0f} ms ({n} hits)" for t, q, n in sorted(results, reverse=True)[:5]))

    writer = Writer(7)
    tail = [w for w in writer.vocab[3000:] if w not in COMMON]
    words = ["harbour", "referendum", tail[100], tail[9000], writer.people[3].split()[-1]]
    ratios = []
    for word in words:
        t = time.perf_counter()
        out = subprocess.run(["grep", "-ril", word, str(root)], capture_output=True, text=True)
        g = time.perf_counter() - t
        s = time_search(lib, word, repeat=3)
        files = len(out.stdout.splitlines())
        ratios.append(g / s)
        print(f"grep -ril {word!r}: {g * 1000:,.0f} ms ({files:,} files); search: {s * 1000:.1f} ms; "
              f"{g / s:,.0f}x faster")
    print(f"index vs grep: {min(ratios):,.0f}x at worst, {statistics.median(ratios):,.0f}x median (target >= 100x)")

    total = lib.count()
    for sort in ("newest", "oldest", "title", "source"):
        for unread in (False, True):
            t = time.perf_counter()
            lib.rows(0, 50, sort=sort, unread_only=unread)
            first = (time.perf_counter() - t) * 1000
            marks = []
            for off in (total // 2, max(0, total - 50), 1234):
                t = time.perf_counter()
                lib.rows(off, 50, sort=sort, unread_only=unread)
                marks.append((time.perf_counter() - t) * 1000)
            print(f"rows sort={sort}{' unread_only' if unread else ''}: first page {first:.1f} ms "
                  f"(orders the whole library once), then pages at the middle {marks[0]:.1f} ms, "
                  f"the end {marks[1]:.1f} ms")
    some = lib.rows(total - 1, 1)[0].id
    t = time.perf_counter()
    pos = lib.index_of(some)
    print(f"index_of (last row): {(time.perf_counter() - t) * 1000:.1f} ms (at {pos:,})")
    t = time.perf_counter()
    lib.count(unread_only=True)
    print(f"count(unread_only): {(time.perf_counter() - t) * 1000:.1f} ms")
    t = time.perf_counter()
    lib.article(some)
    print(f"article(): {(time.perf_counter() - t) * 1000:.1f} ms")
    lib.close()
    state.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
