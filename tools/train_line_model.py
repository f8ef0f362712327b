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
title (line 0) is labelled negative: the page's own line is preferred.

    ... --title-only [--rank-l2 3] [--no-rank]

also fits (unless ``--no-rank``) ``title_rank``, a conditional logit over each page's candidates (a softmax
per page, L2 penalty ``--rank-l2``): it learns which candidate is the page's best,
with features that compare the candidates with each other (the closest version of
the browser title, a line that is the site's name, the last words of a breadcrumb).
The line model ``title`` is then fitted on the first
``len(headline.PRESENCE_FEATURES)`` features only and just says whether the page has
a headline at all (the parser derives one from the body when it does not).

The shipped title weights are ``--title-only`` (ranking model, ``--rank-l2 3``) with the
default fold 0 held out; ``tools/crossval.py --title-only`` cross-validates exactly that.
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


def title_rows_from_parse(corpus: Path, fold: int | None, headline_first: bool = False):
    """(doc, [(line, features, label)]) for every page with a gold headline; the candidates are
    recorded while the parser runs (tuireader.parse.raw calls headline.pick_headline).

    ``headline_first``: every page whose own headline line is right is also given a second time,
    cut so that it opens on that line (``doc + "#h"``): a text that starts at its headline, as a
    scraper that leaves out the browser title and the menus writes it.  The corpus pages all open
    on the browser title; without these the chooser would learn that the first line is never a
    headline unless some later line repeats it."""
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
            page = _title_page(rawmod, seen, text, doc, want, gold.get("headline_line_index"))
            if page is None:
                continue  # the headline was settled without the chooser (a title pair)
            out.append(page)
            lines, rows = seen[0] if seen else (None, [])
            own = [i for i, _f, y in page[1] if i and y]
            if headline_first and own:
                cut = text[lines[own[0]].start:]
                again = _title_page(rawmod, seen, cut, doc + "#h", want, None)
                if again is not None and any(y for _i, _f, y in again[1]):
                    out.append(again)
    finally:
        rawmod.pick_headline = real
    return out


def _title_page(rawmod, seen: list, text: str, doc: str, want: str, hli: int | None):
    """One page's candidates and labels, as the parser sees them (None: no chooser ran)."""
    seen.clear()
    rawmod.parse_raw(text, article_id=doc)
    if not seen:
        return None
    lines, rows = seen[0]
    labels = [1 if _hnorm(headline.clean_headline(lines[i].text, i == 0)) == want else 0 for i, _ in rows]
    if not any(labels):
        raw = text.split("\n")
        if hli is not None and hli < len(raw) and raw[hli].strip():
            at = sum(1 for r in raw[:hli] if r.strip())
            labels = [1 if i == at else 0 for i, _ in rows]
    if any(lab for (i, _), lab in zip(rows, labels) if i):
        # the page's own headline is preferred to the browser title (line 0) that says the same
        labels = [0 if i == 0 else lab for (i, _), lab in zip(rows, labels)]
    return doc, [(i, f, y) for (i, f), y in zip(rows, labels)]


def fit_rank(pages, lam: float, cut_weight: float = 1.0) -> np.ndarray:
    """A conditional logit over each page's candidates: the weights that make a right
    candidate the page's best, not merely a likely line (L2 penalty ``lam``; pages weigh the
    same).  Pages without a right candidate teach nothing here and are left out."""
    from scipy.optimize import minimize

    weights = np.array([cut_weight if doc.endswith("#h") else 1.0
                        for doc, rows in pages if rows and any(lab for _, _, lab in rows)])
    pages = [(np.array([f for _, f, _ in rows]), np.array([lab for _, _, lab in rows], dtype=bool))
             for _doc, rows in pages if rows and any(lab for _, _, lab in rows)]
    x = np.vstack([p[0] for p in pages])
    pos = np.concatenate([p[1] for p in pages])
    sizes = [len(p[1]) for p in pages]
    page_of = np.repeat(np.arange(len(pages)), sizes)
    n_pages = len(pages)

    def loss(w):
        s = x @ w
        m = np.full(n_pages, -np.inf)
        np.maximum.at(m, page_of, s)
        e = np.exp(s - m[page_of])
        z = np.bincount(page_of, weights=e, minlength=n_pages)
        zp = np.bincount(page_of, weights=e * pos, minlength=n_pages)
        value = float(np.sum(weights * (np.log(z) - np.log(zp)))) + 0.5 * lam * float(w @ w)
        p_all = e / z[page_of]
        p_pos = np.where(pos, e / zp[page_of], 0.0)
        grad = x.T @ ((p_all - p_pos) * weights[page_of]) + lam * w
        return value, grad

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return res.x


def train_title_only(args) -> None:
    base_path = Path(args.base)
    model = json.loads(base_path.read_text(encoding="utf-8"))
    corpus = Path(args.corpus)
    fold = None if args.all else args.test_fold
    train = title_rows_from_parse(corpus, fold, headline_first=args.headline_first)
    x = np.array([f for _, rows in train for _, f, _ in rows])
    y = np.array([lab for _, rows in train for _, _, lab in rows])
    w_rank = fit_rank(train, args.rank_l2) if args.rank else None
    # with a ranking model, the line model only says whether the page has a headline at all,
    # from the features that do not compare the candidates with each other
    n_line = len(headline.PRESENCE_FEATURES) if args.rank else x.shape[1]
    mt = fit(x[:, :n_line], y, args.c)

    def pick_acc(pages):
        ok = tot = 0
        for _doc, rows in pages:
            if not rows or not any(lab for _, _, lab in rows):
                continue
            tot += 1
            f = np.array([f for _, f, _ in rows])
            p = f @ w_rank if w_rank is not None else mt.decision_function(f[:, :n_line])
            ok += rows[int(np.argmax(p))][2] == 1
        return ok / max(tot, 1), tot

    print(f"title rows: {len(y)} ({int(y.sum())} positive) from {len(train)} pages")
    print("candidate chosen right (train pages with a right candidate): %.3f (n=%d)" % pick_acc(train))
    if fold is not None:
        held = [p for p in title_rows_from_parse(corpus, None) if crc32(p[0].encode()) % 5 == fold]
        print("candidate chosen right (held-out pages with a right candidate): %.3f (n=%d)" % pick_acc(held))
    model["title_features"] = headline.TITLE_FEATURES
    model["title"] = [round(float(w), 5) for w in mt.coef_[0]]
    model.pop("title_rank", None)
    if w_rank is not None:
        model["title_rank"] = [round(float(w), 5) for w in w_rank]
    model["title_trained_on"] = "all" if args.all else f"80% split (crc32(id) % 5 != {args.test_fold})"
    Path(args.out).write_text(json.dumps(model) + "\n", encoding="utf-8")
    ranked = f" + {len(model['title_rank'])} ranking weights" if "title_rank" in model else ""
    print(f"wrote {args.out} ({len(model['title'])} title weights{ranked}; other entries copied from {base_path})")


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
    ap.add_argument("--rank", action=argparse.BooleanOptionalAction, default=True,
                    help="(--title-only) also fit the ranking model (title_rank) that chooses among the candidates "
                         "(the default; --no-rank: the line model alone chooses, as before)")
    ap.add_argument("--rank-l2", type=float, default=3.0, help="(--rank) the ranking model's L2 penalty")
    ap.add_argument("--headline-first", action="store_true",
                    help="(--title-only) also train on each page cut to open on its own headline line")
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
