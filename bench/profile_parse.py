"""Where raw-article parsing spends its time (a profile, printed; not a test).

    python bench/profile_parse.py [-n 1500] [--top 25] [--lines-only]

Parses ``n`` synthetic 5 KB articles (the ones bench_parse.py times) under
cProfile and prints the functions by own time, then times the line model
alone (``linemodel.body_scores`` + ``select_body`` on pre-split lines) so its
share of a parse can be read off directly.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from bench_parse import synthetic_article  # noqa: E402

from tuireader.parse import linemodel  # noqa: E402
from tuireader.parse.raw import parse_raw  # noqa: E402


def time_line_model(n: int, repeat: int = 3) -> float:
    """CPU seconds per document for the line model alone (best of ``repeat``, new documents each time)."""
    best = float("inf")
    for k in range(repeat):
        rng = random.Random(1000 + k)
        split = [linemodel.split_lines(synthetic_article(rng)) for _ in range(n)]
        c0 = time.process_time()
        for lines in split:
            linemodel.select_body(lines, linemodel.body_scores(lines))
        best = min(best, time.process_time() - c0)
    return best / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1500)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--lines-only", action="store_true", help="only time the line model")
    args = ap.parse_args()
    rng = random.Random(7)
    docs = [synthetic_article(rng) for _ in range(args.n)]
    if not args.lines_only:
        for d in docs[:20]:
            parse_raw(d, article_id="x")
        prof = cProfile.Profile()
        prof.enable()
        for d in docs:
            parse_raw(d, article_id="x")
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("tottime").print_stats(args.top)
        c0 = time.process_time()
        for d in docs:
            parse_raw(d, article_id="x")
        per_parse = (time.process_time() - c0) / len(docs)
        print(f"whole parse (no profiler): {per_parse * 1e6:,.0f} us/article = {1 / per_parse:,.0f} articles/s")
    lm = time_line_model(args.n)
    print(f"line model alone (split_lines excluded; body_scores + select_body): {lm * 1e6:,.0f} us/article")
    if not args.lines_only:
        print(f"line model share of a parse: {lm / per_parse:.0%}")


if __name__ == "__main__":
    main()
