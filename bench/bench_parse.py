"""Parser speed and quality, printed (not a test).

    python bench/bench_parse.py [CORPUS_DIR] [--pred-dir DIR] [--split all|test|train] [--no-speed]

Speed: articles/s on one core for synthetic 5 KB raw articles (original text,
generated here).  Quality: on a corpus laid out like wcxb-dev (``<id>.txt`` and
``<id>.gold.json``), the predicted bodies are written to a folder and scored
with ``shared/tools/score_body.py`` when it is there (else with the same metric
re-computed here); headline exact match, date accuracy and author match are
computed against the gold JSON.  ``--split test`` reports on the 20 % of
pages the line model was not trained on (see tools/train_line_model.py).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tuireader.parse import parse_bytes  # noqa: E402
from tuireader.parse.dates import find_dates  # noqa: E402
from tuireader.parse.raw import parse_raw  # noqa: E402

_WORDS = ("river council harbour minister season market village bridge report budget farmers school "
          "station weather festival library museum survey trial ferry election water court").split()


def synthetic_article(rng: random.Random) -> str:
    def sentence() -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
        return (" ".join(words)).capitalize() + "."

    lines = ["Skip to content", "Home", "News", "Opinion", "The Harbour Gazette \u2013 Stories from the coast",
             f"Harbour council approves new {rng.choice(_WORDS)} plan | The Harbour Gazette",
             "Harbour council approves new plan", "By Ada Quill and Tom Reed \u2013 Mar 3, 2024",
             "The new ferry at dawn. Photo: Gazette staff"]
    while sum(len(x) + 1 for x in lines) < 4600:
        lines.append(" ".join(sentence() for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.15:
            lines.append(f"What the {rng.choice(_WORDS)} means")
    lines += ["Share this:", "Facebook Twitter WhatsApp", "\u00a9 2024 The Harbour Gazette. All rights reserved."]
    return "\n".join(lines)[:5120]


def bench_speed(n: int = 3000) -> None:
    rng = random.Random(7)
    docs = [synthetic_article(rng) for _ in range(n)]  # all different, so no cache flatters the figure
    for d in docs[:20]:
        parse_raw(d, article_id="x")
    t0 = time.perf_counter()
    c0 = time.process_time()
    for d in docs:
        parse_raw(d, article_id="x")
    dt = time.perf_counter() - t0
    dc = time.process_time() - c0
    size = sum(len(d.encode()) for d in docs) / len(docs)
    print(f"speed: {n / dc:,.0f} articles/s of CPU time on one core, {n / dt:,.0f}/s wall clock "
          f"({size / 1024:.1f} KB raw articles, {n} parses; wall is lower when other work shares the machine)")


_NORM = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u00a0": " "})


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").translate(_NORM)
    return " ".join(s.split()).casefold()


def split_ids(ids: list[str], which: str) -> list[str]:
    """The same deterministic 80/20 split as tools/train_line_model.py."""
    if which == "all":
        return ids
    from zlib import crc32

    test = [i for i in ids if crc32(i.encode()) % 5 == 0]
    return test if which == "test" else [i for i in ids if i not in set(test)]


def evaluate(corpus: Path, pred_dir: Path, which: str) -> None:
    ids = sorted(p.name[: -len(".gold.json")] for p in corpus.glob("*.gold.json"))
    ids = split_ids(ids, which)
    pred_dir.mkdir(parents=True, exist_ok=True)
    c: Counter[str] = Counter()
    t0 = time.perf_counter()
    misses = []
    for doc in ids:
        gold = json.loads((corpus / f"{doc}.gold.json").read_text(encoding="utf-8"))
        art = parse_bytes((corpus / f"{doc}.txt").read_bytes(), fmt="txt")
        (pred_dir / f"{doc}.txt").write_text(art.body_text, encoding="utf-8")
        c["docs"] += 1
        if gold.get("headline"):
            c["head_n"] += 1
            c["head_exact"] += art.title == gold["headline"]
            ok = norm(art.title) == norm(gold["headline"])
            c["head_norm"] += ok
            if not ok:
                misses.append((doc, gold["headline"], art.title))
        if gold.get("date"):
            c["date_n"] += 1
            c["date_ok"] += art.published == gold["date"]
            c["date_none"] += art.published is None
            if any(iso == gold["date"] for iso, _, _ in find_dates(art.text)):
                c["date_in_text"] += 1
                c["date_in_text_ok"] += art.published == gold["date"]
        else:
            c["date_neg"] += 1
            c["date_false"] += art.published is not None
        if gold.get("author"):
            c["auth_n"] += 1
            want = {norm(x) for x in re.split(r"\s*(?:,|;|\band\b|&)\s*", gold["author"]) if x.strip()}
            got = {norm(x) for x in art.authors}
            c["auth_ok"] += want == got
            c["auth_any"] += bool(want & got)
    dt = time.perf_counter() - t0
    print(f"corpus: {corpus} split={which} docs={c['docs']} (parsed in {dt:.1f} s)")
    print(f"headline exact match: {c['head_exact'] / max(c['head_n'], 1):.3f} "
          f"(quotes/case normalised: {c['head_norm'] / max(c['head_n'], 1):.3f}; n={c['head_n']})")
    print(f"date accuracy: {c['date_ok'] / max(c['date_n'], 1):.3f} (n={c['date_n']}, none given {c['date_none']}); "
          f"dates given where gold has none: {c['date_false']}/{c['date_neg']}")
    print(f"date accuracy where the gold date is written in the text: "
          f"{c['date_in_text_ok'] / max(c['date_in_text'], 1):.3f} (n={c['date_in_text']}; the other "
          f"{c['date_n'] - c['date_in_text']} gold dates came from the page's markup, not its text)")
    print(f"author exact set: {c['auth_ok'] / max(c['auth_n'], 1):.3f}, any overlap: {c['auth_any'] / max(c['auth_n'], 1):.3f} "
          f"(n={c['auth_n']})")
    scorer = REPO.parent / "shared" / "tools" / "score_body.py"
    if scorer.exists():
        cmd = [sys.executable, str(scorer), "--gold-dir", str(corpus), str(pred_dir)]
        if which != "all":
            # score only the docs of this split: a gold dir view with symlinks
            view = Path(tempfile.mkdtemp(prefix="goldview-"))
            for doc in ids:
                (view / f"{doc}.gold.json").symlink_to(corpus.resolve() / f"{doc}.gold.json")
            cmd[3] = str(view)
        out = subprocess.run(cmd, capture_output=True, text=True)
        print("body (score_body.py):", (out.stdout or out.stderr).strip().replace("\n", " | "))
    if "--misses" in sys.argv:
        for m in misses:
            print("  MISS", m)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "wcxb-dev"))
    ap.add_argument("--pred-dir", default=None)
    ap.add_argument("--split", default="all", choices=["all", "test", "train"])
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    if not args.no_speed:
        bench_speed()
    corpus = Path(args.corpus)
    if corpus.is_dir():
        pred = Path(args.pred_dir) if args.pred_dir else Path(tempfile.mkdtemp(prefix="pred-body-"))
        evaluate(corpus, pred, args.split)
    else:
        print(f"corpus {corpus} not found; quality figures skipped")


if __name__ == "__main__":
    main()
