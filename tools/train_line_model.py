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

    /work/venv/bin/python tools/train_line_model.py --title-only [--test-fold K] [--out PATH]

retrains only the headline chooser (``title`` weights) and copies every other
entry of the shipped line_model.json unchanged (the body model's stage-1 and
stage-2 weights stay byte-identical).  Its training rows are the candidate
lines exactly as the parser scores them: each page is parsed with the shipped
body model and the chooser's inputs are recorded.  A candidate is a positive
example when its cleaned wording (site suffix, breadcrumb, label and date
taken off, as the parser does) equals the gold headline, quotes and case aside;
on a page where no candidate's wording matches, the line the gold marks as the
headline is the positive.  When a line of the page itself is right, the browser
title (line 0) is labelled negative: the page's own line is preferred.  The shipped title weights are this mode with the
default fold 0 held out.
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


_QN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                     "\u00a0": " "})


def _hnorm(s: str | None) -> str:
    return " ".join((s or "").translate(_QN).split()).casefold()


def title_rows_from_parse(corpus: Path, fold: int | None):
    """(doc, [(line, features, label)]) for every page with a gold headline; the candidates are
    recorded while the parser runs (tuireader.parse.raw calls headline.pick_headline)."""
    from tuireader.parse import raw as rawmod

    seen: list = []

    def spy(lines, first_body, scores, skip=frozenset()):
        rows, _ctx, _toks = headline.candidate_rows(lines, first_body, scores, skip)
        seen.append((lines, rows))
        return None, None, 0.0

    real = rawmod.pick_headline
    rawmod.pick_headline = spy
    out = []
    try:
        for gold_path in sorted(corpus.glob("*.gold.json")):
            doc = gold_path.name[: -len(".gold.json")]
            if fold is not None and (crc32(doc.encode()) % 5 == fold):
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            want = _hnorm(gold.get("headline"))
            if not want:
                continue
            text, _ = decode_bytes((corpus / f"{doc}.txt").read_bytes())
            seen.clear()
            rawmod.parse_raw(text, article_id=doc)
            if not seen:
                continue  # the headline was settled without the chooser (a title pair)
            lines, rows = seen[0]
            labels = [1 if _hnorm(headline.clean_headline(lines[i].text, i == 0)) == want else 0 for i, _ in rows]
            if not any(labels):
                hli = gold.get("headline_line_index")
                raw = text.split("\n")
                if hli is not None and hli < len(raw) and raw[hli].strip():
                    at = sum(1 for r in raw[:hli] if r.strip())
                    labels = [1 if i == at else 0 for i, _ in rows]
            if any(lab for (i, _), lab in zip(rows, labels) if i):
                # the page's own headline is preferred to the browser title (line 0) that says the same
                labels = [0 if i == 0 else lab for (i, _), lab in zip(rows, labels)]
            out.append((doc, [(i, f, y) for (i, f), y in zip(rows, labels)]))
    finally:
        rawmod.pick_headline = real
    return out


def train_title_only(args) -> None:
    base_path = Path(args.base)
    model = json.loads(base_path.read_text(encoding="utf-8"))
    corpus = Path(args.corpus)
    fold = None if args.all else args.test_fold
    train = title_rows_from_parse(corpus, fold)
    x = np.array([f for _, rows in train for _, f, _ in rows])
    y = np.array([lab for _, rows in train for _, _, lab in rows])
    mt = fit(x, y, args.c)

    def pick_acc(pages):
        ok = tot = 0
        for _doc, rows in pages:
            if not rows or not any(lab for _, _, lab in rows):
                continue
            tot += 1
            p = mt.decision_function(np.array([f for _, f, _ in rows]))
            ok += rows[int(np.argmax(p))][2] == 1
        return ok / max(tot, 1), tot

    print(f"title rows: {len(y)} ({int(y.sum())} positive) from {len(train)} pages")
    print("candidate chosen right (train pages with a right candidate): %.3f (n=%d)" % pick_acc(train))
    if fold is not None:
        held = [p for p in title_rows_from_parse(corpus, None) if crc32(p[0].encode()) % 5 == fold]
        print("candidate chosen right (held-out pages with a right candidate): %.3f (n=%d)" % pick_acc(held))
    model["title_features"] = headline.TITLE_FEATURES
    model["title"] = [round(float(w), 5) for w in mt.coef_[0]]
    model["title_trained_on"] = "all" if args.all else f"80% split (crc32(id) % 5 != {args.test_fold})"
    Path(args.out).write_text(json.dumps(model) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['title'])} title weights; other entries copied from {base_path})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "wcxb-dev"))
    ap.add_argument("--all", action="store_true", help="train on every page (no held-out split)")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", default=str(linemodel.MODEL_PATH), help="where to write the weights")
    ap.add_argument("--test-fold", type=int, default=0,
                    help="hold out the pages with crc32(id) %% 5 == this (for cross-validation; shipped: 0)")
    ap.add_argument("--title-only", action="store_true",
                    help="retrain only the headline chooser; copy the body model from --base unchanged")
    ap.add_argument("--base", default=str(linemodel.MODEL_PATH), help="(--title-only) the model to copy from")
    args = ap.parse_args()
    if args.title_only:
        train_title_only(args)
        return
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
