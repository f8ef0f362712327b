"""Train the body/not-body line model shipped as src/tuireader/parse/line_model.json.

    /work/venv/bin/python tools/train_line_model.py [CORPUS_DIR] [--all]

The corpus is laid out like wcxb-dev: ``<id>.txt`` (one block element a line)
and ``<id>.gold.json`` whose ``line_body_frac`` gives, for every line, the
share of its words that belong to the gold body.  A line is labelled body
when that share is at least 0.5.

Pages are split 80/20 by a hash of their id (crc32 % 5 == 0 is held out, the
same split bench/bench_parse.py --split test uses).  By default the shipped
model is trained on the 80 % only, so the held-out figures stay honest; pass
``--all`` to train on every page once the method is settled.

Two stages of L2 logistic regression (scikit-learn, training time only):
stage 1 sees a line's features and its neighbours'; stage 2 also sees the
stage-1 scores around the line.  Stage-2 training uses out-of-fold stage-1
scores so it learns how much to trust them on unseen pages.  The weights are
written as plain lists; inference (tuireader.parse.linemodel) is pure Python.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from zlib import crc32

import numpy as np
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tuireader.clean import decode_bytes  # noqa: E402
from tuireader.parse import headline, linemodel  # noqa: E402


heads: dict[str, int | None] = {}


def load(corpus: Path):
    docs = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        doc = gold_path.name[: -len(".gold.json")]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text, _ = decode_bytes((corpus / f"{doc}.txt").read_bytes())
        fracs = gold.get("line_body_frac") or []
        raw = text.split("\n")
        lines = linemodel.split_lines(text)
        # map the non-empty lines back to the file's line numbers
        labels = []
        k = 0
        for idx, r in enumerate(raw):
            if r.strip():
                labels.append(1 if idx < len(fracs) and fracs[idx] >= 0.5 else 0)
                k += 1
        if not lines:
            continue
        # the headline's line among the non-empty lines
        hli = gold.get("headline_line_index")
        head_at = None
        if hli is not None and hli < len(raw) and raw[hli].strip():
            head_at = sum(1 for r in raw[:hli] if r.strip())
        heads[doc] = head_at
        docs.append((doc, lines, labels))
    return docs


TEST_FOLD = 0


def is_test(doc: str) -> bool:
    return crc32(doc.encode()) % 5 == TEST_FOLD


def stage_matrix(docs, prev=None):
    xs, ys, groups, ws = [], [], [], []
    for d, (doc, lines, labels) in enumerate(docs):
        own = linemodel.own_features(lines)
        feats = linemodel.context_features(own, prev[d] if prev is not None else None)
        xs.extend(feats)
        ys.extend(labels)
        groups.extend([d] * len(labels))
        # the benchmark averages over pages, so every page weighs the same in training too;
        # inside a page a line weighs by its (log) length in words
        w = [1.0 + np.log1p(len(ln.text.split())) for ln in lines]
        total = sum(w)
        ws.extend(x * 60.0 / total for x in w)
    return np.array(xs), np.array(ys), np.array(ws)


def fit(x, y, c, w=None):
    # feature 0 is the constant 1.0, so no separate intercept
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=3000, class_weight=None)
    model.fit(x, y, sample_weight=w)
    return model


def per_doc_scores(model, docs, prev=None):
    out = []
    for d, (doc, lines, labels) in enumerate(docs):
        own = linemodel.own_features(lines)
        feats = np.array(linemodel.context_features(own, prev[d] if prev is not None else None))
        out.append(list(model.predict_proba(feats)[:, 1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "wcxb-dev"))
    ap.add_argument("--all", action="store_true", help="train on every page (no held-out split)")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", default=str(linemodel.MODEL_PATH), help="where to write the weights")
    ap.add_argument("--test-fold", type=int, default=0,
                    help="hold out the pages with crc32(id) %% 5 == this (for cross-validation; shipped: 0)")
    args = ap.parse_args()
    global TEST_FOLD
    TEST_FOLD = args.test_fold
    docs = load(Path(args.corpus))
    train = [d for d in docs if args.all or not is_test(d[0])]
    test = [d for d in docs if is_test(d[0])]
    print(f"pages: {len(docs)} train {len(train)} held-out {len(test)}")

    x1, y1, w1 = stage_matrix(train)
    m1 = fit(x1, y1, args.c, w1)
    # out-of-fold stage-1 scores for stage-2 training
    folds = 5
    oof = [None] * len(train)
    for k in range(folds):
        fit_docs = [d for i, d in enumerate(train) if i % folds != k]
        xk, yk, wk = stage_matrix(fit_docs)
        mk = fit(xk, yk, args.c, wk)
        idx = [i for i in range(len(train)) if i % folds == k]
        scores = per_doc_scores(mk, [train[i] for i in idx])
        for i, s in zip(idx, scores):
            oof[i] = s
    x2, y2, w2 = stage_matrix(train, oof)
    m2 = fit(x2, y2, args.c, w2)

    def line_acc(docs_):
        if not docs_:
            return float("nan")
        s1 = per_doc_scores(m1, docs_)
        s2 = per_doc_scores(m2, docs_, s1)
        ok = tot = 0
        for (doc, lines, labels), s in zip(docs_, s2):
            ok += sum((p >= 0.5) == bool(y) for p, y in zip(s, labels))
            tot += len(labels)
        return ok / tot

    print(f"line accuracy: train {line_acc(train):.4f}  held-out {line_acc(test):.4f}")

    # the headline chooser, on candidates above the body as the parser will see them
    def title_rows(docs_):
        rows = []
        s1 = per_doc_scores(m1, docs_)
        s2 = per_doc_scores(m2, docs_, s1)
        for (doc, lines, labels), sc in zip(docs_, s2):
            body = linemodel.select_body(lines, sc)
            first = headline.anchor_line(lines, body)
            counts, head, toks = headline.headline_context(lines)
            ctx = headline.candidate_context(lines, first, toks)
            feats, ys = [], []
            for i in headline.candidates(len(lines), first):
                feats.append(headline.title_features(lines, i, first, sc, counts, head, toks, ctx))
                h = heads.get(doc)
                ys.append(1 if h is not None and (i == h or lines[i].text == lines[h].text) else 0)
            rows.append((doc, feats, ys))
        return rows

    tr_rows = title_rows(train)
    xt = np.array([f for _, fs, _ in tr_rows for f in fs])
    yt = np.array([y for _, _, ys in tr_rows for y in ys])
    mt = fit(xt, yt, args.c)

    def title_acc(rows):
        ok = tot = 0
        for doc, fs, ys in rows:
            if heads.get(doc) is None or not fs:
                continue
            tot += 1
            p = mt.decision_function(np.array(fs))
            ok += ys[int(np.argmax(p))] == 1
        return ok / max(tot, 1)

    print(f"headline line chosen right: train {title_acc(tr_rows):.3f}  held-out {title_acc(title_rows(test)):.3f}")
    model = {
        "about": "body/not-body line model for tuireader raw parsing; trained by tools/train_line_model.py "
                 "on the wcxb-dev pages (CC-BY-4.0 benchmark; only these numeric weights are shipped)",
        "trained_on": "all" if args.all else f"80% split (crc32(id) % 5 != {args.test_fold})",
        "features": linemodel.FEATURE_NAMES,
        "stage1": [round(float(w), 5) for w in m1.coef_[0]],
        "stage2": [round(float(w), 5) for w in m2.coef_[0]],
        "title_features": headline.TITLE_FEATURES,
        "title": [round(float(w), 5) for w in mt.coef_[0]],
    }
    Path(args.out).write_text(json.dumps(model) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['stage1'])} + {len(model['stage2'])} weights)")


if __name__ == "__main__":
    main()
