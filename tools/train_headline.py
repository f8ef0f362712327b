"""Train the headline chooser (the ``title`` weights of src/tuireader/parse/line_model.json).

    /work/venv/bin/python tools/train_headline.py [--model IN.json] [--out OUT.json] [--test-fold K] [--all]

The chooser ranks every (line, wording) pair above the body -- a line whole,
without its site suffix ("Headline | Site"), without a prefix ("Site | Headline")
-- by a logistic model over the line's features and the wording's
(:func:`tuireader.parse.headline.headline_rows`).  A pair is labelled right
when its text equals the gold headline up to quote style, dashes, spacing and
case (as bench/bench_parse.py compares).  Candidates are gathered by running
the real parser up to its headline step, so training sees exactly what the
parser sees (the line model of IN.json gives the body scores).

The weights are fitted on the pages with crc32(id) % 5 != K (the same split as
tools/train_line_model.py; ``--all`` uses every page) and written, with the
line model of IN.json unchanged, to OUT.json.  For cross-validation run it on
each fold's line model (tools/crossval.py --retrain does all of this).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from zlib import crc32

import numpy as np
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tuireader.clean import decode_bytes  # noqa: E402
from tuireader.parse import headline, linemodel, raw  # noqa: E402

_NORM = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u00a0": " "})


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").translate(_NORM)
    return " ".join(s.split()).casefold()


def gather(corpus: Path, model_path: Path) -> list[tuple[str, list[list[float]], list[int]]]:
    """For every page: its id, the candidate rows' features and labels."""
    linemodel.MODEL_PATH = model_path
    linemodel._load_model.cache_clear()
    seen: list = []
    real = raw.pick_headline

    def record(lines, first_body, scores, skip=frozenset()):
        seen.append(headline.headline_rows(lines, first_body, scores, skip))
        return real(lines, first_body, scores, skip)

    raw.pick_headline = record
    out = []
    try:
        for gold_path in sorted(corpus.glob("*.gold.json")):
            doc = gold_path.name[: -len(".gold.json")]
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text, _ = decode_bytes((corpus / f"{doc}.txt").read_bytes())
            seen.clear()
            raw.parse_raw(text, article_id=doc)
            rows = seen[0] if seen else []
            want = norm(gold.get("headline"))
            out.append((doc, [f for _, _, f in rows], [int(bool(want) and norm(t) == want) for _, t, _ in rows]))
    finally:
        raw.pick_headline = real
    return out


def fit(pages, c: float = 1.0) -> tuple[list[float], list[float]]:
    """A conditional logit over each page's candidates (softmax, the right ones pooled), L2 penalised.

    Returns the weights and a calibration (a, b): P(the top candidate is right) = sigmoid(a * score + b).
    """
    from scipy.optimize import minimize

    groups = [(np.array(f), np.array(y, dtype=float)) for _, f, y in pages if f and any(y)]
    dim = len(groups[0][0][0])
    lam = 1.0 / c

    def loss(w):
        total = 0.0
        grad = lam * w
        total += 0.5 * lam * float(w @ w)
        for x, y in groups:
            s = x @ w
            m = s.max()
            e = np.exp(s - m)
            z = e.sum()
            ep = e * y
            zp = ep.sum()
            total += (np.log(z) - np.log(zp))
            grad = grad + x.T @ (e / z) - x.T @ (ep / zp)
        return total, grad

    res = minimize(loss, np.zeros(dim), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    w = res.x
    # calibration of the winner's score on all training pages (including those with no right candidate)
    tops, right = [], []
    for _, f, y in pages:
        if not f:
            continue
        s = np.array(f) @ w
        k = int(np.argmax(s))
        tops.append([s[k]])
        right.append(y[k])
    cal = LogisticRegression(C=100.0, max_iter=1000).fit(np.array(tops), np.array(right))
    return [round(float(v), 5) for v in w], [round(float(cal.coef_[0][0]), 5), round(float(cal.intercept_[0]), 5)]


def top1(pages, w) -> float:
    ok = tot = 0
    for _, feats, labels in pages:
        if not any(labels):
            continue
        tot += 1
        x = np.array(feats) @ np.array(w)
        ok += labels[int(np.argmax(x))]
    return ok / max(tot, 1)


def train(corpus: Path, model_in: Path, test_fold: int, use_all: bool, c: float = 1.0) -> tuple[dict, str]:
    pages = gather(corpus, model_in)
    train_pages = [p for p in pages if use_all or crc32(p[0].encode()) % 5 != test_fold]
    test_pages = [p for p in pages if crc32(p[0].encode()) % 5 == test_fold]
    w, calib = fit(train_pages, c)
    model = json.loads(model_in.read_text(encoding="utf-8"))
    model["title_features"] = headline.TITLE_FEATURES + headline.VARIANT_FEATURES
    model["title"] = w
    model["title_calib"] = calib
    model["title_trained_on"] = "all" if use_all else f"80% split (crc32(id) % 5 != {test_fold})"
    report = (f"headline wording ranked first (pages with a right candidate): train {top1(train_pages, w):.3f}  "
              f"held-out {top1(test_pages, w):.3f}")
    return model, report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "wcxb-dev"))
    ap.add_argument("--model", default=str(linemodel.MODEL_PATH), help="line model to read")
    ap.add_argument("--out", default=None, help="where to write (default: --model)")
    ap.add_argument("--test-fold", type=int, default=0)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args()
    model, report = train(Path(args.corpus), Path(args.model), args.test_fold, args.all, args.c)
    print(report)
    out = Path(args.out or args.model)
    out.write_text(json.dumps(model) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(model['title'])} headline weights)")


if __name__ == "__main__":
    main()
