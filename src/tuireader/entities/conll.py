"""Running the extractor on CoNLL-2003-style data and scoring it.

CoNLL files hold one token a line (the token first, its NER tag last:
``B-PER``/``I-PER`` in IOB2, or ``I-PER`` with ``B-`` only between two
neighbours of one type in IOB1), a blank line between sentences and
``-DOCSTART-`` lines between documents.

``tag_sentence(tokens)`` joins the tokens with spaces, runs the extractor on
that text as one body segment, and maps the mentions back to token spans
labelled PER, ORG, LOC or MISC (our group and other count as MISC; dates are
not CoNLL entities).  ``evaluate(path)`` scores exact spans, as conlleval does.

    python -m tuireader.entities.conll FILE [--doc] [--backend spacy]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from tuireader.model import Article, Block

LABELS = {"person": "PER", "organization": "ORG", "place": "LOC", "group": "MISC", "other": "MISC"}


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]
    doc: int = 0


@dataclass
class Scores:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, gold: set, pred: set) -> None:
        for s in pred & gold:
            self.tp[s[2]] = self.tp.get(s[2], 0) + 1
        for s in pred - gold:
            self.fp[s[2]] = self.fp.get(s[2], 0) + 1
        for s in gold - pred:
            self.fn[s[2]] = self.fn.get(s[2], 0) + 1

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        pick = (lambda d: d.get(label, 0)) if label else (lambda d: sum(d.values()))
        tp, fp, fn = pick(self.tp), pick(self.fp), pick(self.fn)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def table(self) -> str:
        rows = []
        for label in ("PER", "ORG", "LOC", "MISC", None):
            p, r, f = self.prf(label)
            rows.append(f"{label or 'ALL':5} P={p:.3f} R={r:.3f} F1={f:.3f}")
        return "\n".join(rows)


def read_conll(path: str | Path) -> list[Sentence]:
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    doc = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if toks:
                sents.append(Sentence(toks, tags, doc))
                toks, tags = [], []
            if parts and parts[0] == "-DOCSTART-":
                doc += 1
            continue
        toks.append(parts[0])
        tags.append(parts[-1])
    if toks:
        sents.append(Sentence(toks, tags, doc))
    return sents


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first token, last token + 1, label) for IOB1 or IOB2 tags."""
    spans = set()
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, lab = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and lab != label)
        if start is not None and (tag == "O" or begins):
            spans.add((start, i, label))
            start, label = None, None
        if tag != "O" and (start is None):
            start, label = i, lab
    return spans


def _token_offsets(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    offs = []
    pos = 0
    for t in tokens:
        offs.append((pos, pos + len(t)))
        pos += len(t) + 1
    return " ".join(tokens), offs


def _to_token_spans(entities, offs: list[tuple[int, int]], shift: int = 0) -> set[tuple[int, int, str]]:
    starts = {s: i for i, (s, _) in enumerate(offs)}
    spans = set()
    for e in entities:
        label = LABELS.get(e.type)
        if not label:
            continue
        for m in e.mentions:
            a, b = m.start - shift, m.end - shift
            if a < 0 or a >= (offs[-1][1] if offs else 0):
                continue
            i = starts.get(a)
            if i is None:
                i = max(k for k, (s, _) in enumerate(offs) if s <= a)
            j = i
            while j < len(offs) and offs[j][1] < b:
                j += 1
            spans.add((i, min(j, len(offs) - 1) + 1, label))
    return spans


def _extract(article: Article, backend: str, nlp: Any):
    from tuireader.entities import extract_entities

    return extract_entities(article, backend=backend, nlp=nlp)


def tag_sentence(tokens: list[str], backend: str = "builtin", nlp: Any = None) -> set[tuple[int, int, str]]:
    """Token spans (first, last + 1, PER|ORG|LOC|MISC) found in one sentence."""
    text, offs = _token_offsets(tokens)
    art = Article(id="conll", text=text, blocks=[Block("paragraph", text, 0)])
    return _to_token_spans(_extract(art, backend, nlp), offs)


def tag_document(sentences: list[list[str]], backend: str = "builtin", nlp: Any = None) -> list[set]:
    """Like :func:`tag_sentence` for each sentence, but the sentences are one
    article's blocks, so names are merged across the document ("Smith" joins
    "John Smith" said two lines earlier)."""
    texts, offsets, starts = [], [], []
    pos = 0
    for toks in sentences:
        text, offs = _token_offsets(toks)
        texts.append(text)
        offsets.append(offs)
        starts.append(pos)
        pos += len(text) + 1
    full = "\n".join(texts)
    art = Article(id="conll", text=full,
                  blocks=[Block("paragraph", t, s) for t, s in zip(texts, starts) if t])
    ents = _extract(art, backend, nlp)
    out = []
    for text, offs, start in zip(texts, offsets, starts):
        own = []
        for e in ents:
            ms = [m for m in e.mentions if start <= m.start < start + len(text) + 1]
            if ms:
                own.append(type(e)(e.name, e.type, ms, e.value))
        out.append(_to_token_spans(own, offs, shift=start))
    return out


def evaluate(sentences: Iterable[Sentence], doc_mode: bool = False, backend: str = "builtin",
             nlp: Any = None) -> Scores:
    scores = Scores()
    sents = list(sentences)
    if doc_mode:
        docs: dict[int, list[Sentence]] = {}
        for s in sents:
            docs.setdefault(s.doc, []).append(s)
        for group in docs.values():
            preds = tag_document([s.tokens for s in group], backend, nlp)
            for s, pred in zip(group, preds):
                scores.add(gold_spans(s.tags), pred)
    else:
        for s in sents:
            scores.add(gold_spans(s.tags), tag_sentence(s.tokens, backend, nlp))
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score the entity extractor on a CoNLL-2003-style file.")
    ap.add_argument("file")
    ap.add_argument("--doc", action="store_true", help="merge names across each -DOCSTART- document")
    ap.add_argument("--backend", default="builtin")
    args = ap.parse_args(argv)
    scores = evaluate(read_conll(args.file), doc_mode=args.doc, backend=args.backend)
    print(scores.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
