"""Which line is the headline?  A learned choice among the lines above the body.

A scraped page often names its article three times: in the browser title
(the first line, with " | Site" appended), in the headline proper (a line just
above the byline and the body), and in breadcrumbs or share links.  The
headline is picked by a small logistic model (weights ``title`` in
``line_model.json``) over features of each candidate line: its likeness to
the first line, its distance to the body, its neighbours (a byline or a date
just under it), its own look.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tuireader.parse import roles
from tuireader.parse.dates import has_date
from tuireader.parse.linemodel import Line, _dot, _load_model, _sigmoid
from tuireader.parse.title import split_site_suffix

_TOK = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_SMALL = frozenset("a an the and or of to in on at for with by from as is are vs via but".split())

TITLE_FEATURES = [
    "bias", "is_first", "eq_first", "in_first", "jaccard_first", "d1", "d2", "d3_5", "d6_10", "d_far",
    "after_body", "words_lt3", "words_3_15", "words_gt15", "ends_period", "title_case", "body_score",
    "repeated", "sep", "boiler", "byline_next", "date_near", "byline_prev", "caption", "question",
    "first_has_sep", "upper", "prev_eq", "nearest_titleish", "titleish_between", "jac_hi", "first_twin",
    "titleish",
]


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


@lru_cache(maxsize=8192)
def _title_case(text: str) -> float:
    words = [w for w in _TOK.findall(text) if w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) / len(words)


def anchor_line(lines: list[Line], body: list[bool]) -> int:
    """Where the article's prose starts: the first body line of a dozen words or more."""
    first = None
    for i, b in enumerate(body):
        if b:
            if first is None:
                first = i
            if len(lines[i].text.split()) >= 12:
                return i
    return first if first is not None else len(lines)


def candidates(n: int, first_body: int) -> range:
    return range(0, min(n, max(first_body, 0) + 6))


def titleish(t: str) -> bool:
    nw = len(t.split())
    return 3 <= nw <= 25 and not t.endswith(".") and _title_case(t) >= 0.5 and not roles.is_boilerplate_line(t) \
        and not roles.BYLINE_RE.match(t) and not (len(t) < 120 and has_date(t))


def title_features(lines: list[Line], i: int, first_body: int, scores: list[float],
                   counts: dict[str, int], first_head: str, first_toks: set[str],
                   ctx: dict | None = None) -> list[float]:
    t = lines[i].text
    if ctx is None:
        ctx = candidate_context(lines, first_body, first_toks)
    info = ctx["info"]
    nt, toks, _d, _b = info(i)
    words = t.split()
    nw = len(words)
    jac = len(toks & first_toks) / len(toks | first_toks) if i and toks and first_toks else 0.0
    d = first_body - i
    n = len(lines)
    nxt_by = (i + 1 < n and info(i + 1)[3]) or (i + 2 < n and info(i + 2)[3])
    prv_by = bool(i) and info(i - 1)[3]
    date_near = (i + 1 < n and info(i + 1)[2]) or (i + 2 < n and info(i + 2)[2]) or (bool(i) and info(i - 1)[2])
    prv_norm = info(i - 1)[0] if i else None
    return [
        1.0,
        1.0 if i == 0 else 0.0,
        1.0 if i and nt == first_head else 0.0,
        1.0 if i and len(nt) > 10 and nt in first_head else 0.0,
        jac,
        1.0 if d == 1 else 0.0,
        1.0 if d == 2 else 0.0,
        1.0 if 3 <= d <= 5 else 0.0,
        1.0 if 6 <= d <= 10 else 0.0,
        1.0 if d > 10 else 0.0,
        1.0 if d <= 0 else 0.0,
        1.0 if nw < 3 else 0.0,
        1.0 if 3 <= nw <= 15 else 0.0,
        1.0 if nw > 15 else 0.0,
        1.0 if t.endswith(".") else 0.0,
        _title_case(t),
        scores[i],
        1.0 if counts.get(t, 0) > 1 else 0.0,
        1.0 if " | " in t or " - " in t or " \u2013 " in t else 0.0,
        1.0 if roles.is_boilerplate_line(t) else 0.0,
        1.0 if nxt_by else 0.0,
        1.0 if date_near else 0.0,
        1.0 if prv_by else 0.0,
        1.0 if roles.split_caption(t) else 0.0,
        1.0 if t.endswith("?") else 0.0,
        1.0 if first_head != info(0)[0] else 0.0,
        1.0 if t.isupper() else 0.0,
        1.0 if i and prv_norm == nt else 0.0,
        1.0 if ctx["nearest"] == i else 0.0,
        min(sum(1 for j in ctx["titleish"] if i < j < first_body), 5) / 5.0,
        1.0 if i and jac >= 0.5 else 0.0,
        1.0 if i == 0 and ctx["twin"] else 0.0,
        1.0 if i in ctx["titleish"] else 0.0,
    ]


def headline_context(lines: list[Line]) -> tuple[dict[str, int], str, set[str]]:
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    head = _norm(split_site_suffix(lines[0].text)[0]) if lines else ""
    return counts, head, set(_TOK.findall(head))


def candidate_context(lines: list[Line], first_body: int, first_toks: set[str]) -> dict:
    """What the candidates share: title-like lines, the line-0 twin, and a per-line cache."""
    cache: dict[int, tuple[str, set[str], bool, bool]] = {}

    def info(i: int) -> tuple[str, set[str], bool, bool]:
        got = cache.get(i)
        if got is None:
            t = lines[i].text
            nt = _norm(t)
            got = (nt, set(_TOK.findall(nt)), len(t) < 120 and has_date(t), roles.BYLINE_RE.match(t) is not None)
            cache[i] = got
        return got

    cands = candidates(len(lines), first_body)
    tish = {i for i in cands if titleish(lines[i].text)}
    nearest = max((i for i in tish if i < first_body), default=None)
    twin = False
    for i in cands:
        if i == 0:
            continue
        toks = info(i)[1]
        if toks and first_toks and len(toks & first_toks) / len(toks | first_toks) >= 0.5:
            twin = True
            break
    return {"titleish": tish, "nearest": nearest, "twin": twin, "info": info}


def pick_headline(lines: list[Line], first_body: int, scores: list[float],
                  skip: set[int] = frozenset()) -> tuple[int | None, str | None, float]:
    """The most headline-like line above the body, its wording, and its probability.

    The line is chosen by the ``title`` weights; its wording is the line without
    a site suffix (or, on the browser title, a site prefix).
    """
    model = _load_model()
    if model is None or "title" not in model or not lines:
        return None, None, 0.0
    w = model["title"]
    counts, head, toks = headline_context(lines)
    ctx = candidate_context(lines, first_body, toks)
    best, best_p = None, 0.0
    alt, alt_p = None, 0.0  # the best line other than the page title (line 0)
    for i in candidates(len(lines), first_body):
        if i in skip:
            continue
        t = lines[i].text
        if len(t) > 250 or len(t.split()) > 40:
            continue
        f = title_features(lines, i, first_body, scores, counts, head, toks, ctx)
        p = _sigmoid(_dot(w, f))
        if p > best_p:
            best, best_p = i, p
        if i and p > alt_p:
            alt, alt_p = i, p
    # The page's own headline beats the browser title when the two are close calls
    # and the headline is a version of the browser title.
    if best == 0 and alt is not None and alt_p >= ALT_RATIO * best_p:
        toks_alt = ctx["info"](alt)[1]
        if toks_alt and toks and len(toks_alt & toks) / len(toks_alt | toks) >= ALT_JACCARD:
            best, best_p = alt, alt_p
    if best is None:
        return None, None, 0.0
    return best, clean_headline(lines[best].text, best == 0), best_p


# tuned on the training pages only (bench/bench_parse.py --split train)
ALT_RATIO = 0.1
ALT_JACCARD = 0.2


def clean_headline(text: str, is_first: bool) -> str:
    """The headline text of a line: site suffix (or, on the page title, prefix) removed."""
    head, site = split_site_suffix(text)
    if site is None and is_first:
        # "Site | Headline" on the browser title
        for sep in (" | ", " - ", " \u2013 ", " \u2014 "):
            idx = text.find(sep)
            if 0 < idx <= 40 and len(text[:idx].split()) <= 3 and len(text[idx + len(sep):].split()) >= 3:
                return text[idx + len(sep):].strip()
    if is_first and site is None:
        # "Headline | A long description of the site"
        idx = text.rfind(" | ")
        if idx > 0 and len(text[:idx].split()) >= 3:
            return text[:idx].rstrip()
    return head
