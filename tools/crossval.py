"""Five-fold cross-validated figures for the raw parser on a wcxb-style corpus.

    /work/venv/bin/python tools/crossval.py MODEL0.json MODEL1.json ... MODEL4.json [--corpus DIR]

MODELk.json must have been trained with ``tools/train_line_model.py --test-fold k``
(the shipped src/tuireader/parse/line_model.json is fold 0).  Every page is
parsed by the model that did not see it; bodies, headlines, dates and authors
are then scored over all pages at once, as bench/bench_parse.py does.

    /work/venv/bin/python tools/crossval.py --title-only

trains the five fold models itself with ``train_line_model.py --title-only
--test-fold k`` (only the headline chooser, its ranking model ``title_rank`` and
its line model ``title``, is refitted per fold; pass ``--train-arg=--no-rank``
for the line model alone; the body
model's weights are the shipped ones, trained on folds 1-4, so body and the
body-dependent parts of the other figures are not cross-validated in this mode).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from zlib import crc32

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from tuireader.parse import linemodel  # noqa: E402
import bench_parse  # noqa: E402


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="*", help="five models, fold 0 to 4 (not with --title-only)")
    ap.add_argument("--title-only", action="store_true",
                    help="train the five fold models (headline chooser only) before scoring")
    ap.add_argument("--train-arg", action="append", default=[], metavar="ARG",
                    help="(--title-only) passed on to train_line_model.py")
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "wcxb-dev"))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.title_only:
        folder = Path(tempfile.mkdtemp(prefix="cv-title-"))
        args.models = []
        for k in range(5):
            out = folder / f"fold{k}.json"
            subprocess.run([sys.executable, str(REPO / "tools" / "train_line_model.py"), str(corpus), "--title-only",
                            "--test-fold", str(k), "--out", str(out), *args.train_arg], check=True, capture_output=True)
            args.models.append(str(out))
    if len(args.models) != 5:
        ap.error("give five models (fold 0 to 4) or --title-only")
    pred = Path(tempfile.mkdtemp(prefix="cv-pred-"))
    ids = sorted(p.name[: -len(".gold.json")] for p in corpus.glob("*.gold.json"))
    # parse each fold with its own model, writing into one prediction folder
    import json
    from collections import Counter

    from tuireader.parse import parse_bytes
    c: Counter[str] = Counter()
    for k, model in enumerate(args.models):
        linemodel.MODEL_PATH = Path(model)
        linemodel._load_model.cache_clear()
        for doc in ids:
            if crc32(doc.encode()) % 5 != k:
                continue
            gold = json.loads((corpus / f"{doc}.gold.json").read_text(encoding="utf-8"))
            art = parse_bytes((corpus / f"{doc}.txt").read_bytes(), fmt="txt")
            (pred / f"{doc}.txt").write_text(art.body_text, encoding="utf-8")
            c["n"] += 1
            c["head"] += art.title == gold.get("headline")
            c["head_norm"] += bench_parse.norm(art.title) == bench_parse.norm(gold.get("headline"))
            # quote marks alone folded (curly = straight), case and everything else exact: the gold
            # writes straight quotes on some pages whose text has only curly ones
            c["head_quotes"] += (art.title or "").translate(_QUOTES) == (gold.get("headline") or "").translate(_QUOTES)
            if gold.get("date"):
                c["date_n"] += 1
                c["date_ok"] += art.published == gold["date"]
            if gold.get("author"):
                import re

                c["auth_n"] += 1
                want = {bench_parse.norm(x) for x in re.split(r"\s*(?:,|;|\band\b|&)\s*", gold["author"]) if x.strip()}
                c["auth_ok"] += want == {bench_parse.norm(x) for x in art.authors}
    print(f"cross-validated over {c['n']} pages: headline exact {c['head'] / c['n']:.3f} "
          f"(quote marks folded {c['head_quotes'] / c['n']:.3f}; quotes/case normalised {c['head_norm'] / c['n']:.3f}); date {c['date_ok'] / c['date_n']:.3f} (n={c['date_n']}); "
          f"authors exact set {c['auth_ok'] / max(c['auth_n'], 1):.3f} (n={c['auth_n']})")
    out = subprocess.run([sys.executable, str(REPO.parent / "shared" / "tools" / "score_body.py"),
                          "--gold-dir", str(corpus), str(pred)], capture_output=True, text=True)
    print("body (score_body.py):", out.stdout.strip().replace("\n", " | "))


if __name__ == "__main__":
    main()
