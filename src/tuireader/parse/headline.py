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

import math
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


# --- which wording of the chosen line: with or without the site's name ------------------------

VARIANT_FEATURES = [
    "v_raw_sep", "v_suffix", "v_suffix2", "v_prefix", "v_longsuffix", "cut_words", "cut_recurs", "cut_titlecase",
    "cut_domain", "head_twin", "first_raw", "first_cut", "v_short", "cut_date",
]
_PREFIX_SEPS = (" | ", " \u00bb ", " > ", " / ", " \u2013 ", " - ", " \u2014 ", " :: ")
_DOMAIN = re.compile(r"\.(?:com|org|net|co|io|edu|gov|info|news|ai|uk|de)\b", re.I)
_ANY_SEP = re.compile(r" (?:[|\u2013\u2014\u00bb>/:\u00b7\u2022-]|::|//) ")


def wordings(t: str) -> list[tuple[str, str | None, int]]:
    """The ways a line may hold a headline: whole, without a site suffix, without a prefix.

    Each is (text, the part cut off or None, kind): kind 0 whole, 1 one suffix cut,
    2 two suffixes cut, 3 a prefix cut ("Site | Headline", "Home \u00bb Headline"),
    4 a long suffix cut ("Headline | a description of the site").
    """
    out: list[tuple[str, str | None, int]] = [(t, None, 0)]
    if not _ANY_SEP.search(t):
        return out
    head, site = split_site_suffix(t)
    if site is not None:
        out.append((head, site, 1))
        head2, site2 = split_site_suffix(head)
        if site2 is not None:
            out.append((head2, t[len(head2):].strip(" |\u2013\u2014-"), 2))
    for sep in _PREFIX_SEPS:
        idx = t.find(sep)
        if 0 < idx <= 40 and len(t[:idx].split()) <= 4 and len(t[idx + len(sep):].split()) >= 2:
            out.append((t[idx + len(sep):].strip(), t[:idx], 3))
            break
    idx = t.rfind(" | ")
    if idx > 0 and site is None and len(t[:idx].split()) >= 3:
        out.append((t[:idx].rstrip(), t[idx + 3:], 4))
    return out


def wording_features(text: str, cut: str | None, kind: int, raw: str, is_first: bool,
                     page_low: str, low_counts: dict[str, int]) -> list[float]:
    if cut is None:
        cl = ""
        recurs = 0.0
    else:
        cl = cut.casefold()
        recurs = 1.0 if len(cl) >= 3 and page_low.count(cl) >= 2 else 0.0
    tl = text.casefold()
    twin = low_counts.get(tl, 0) - (1 if kind == 0 else 0)
    return [
        1.0 if kind == 0 and text is raw and _ANY_SEP.search(raw) else 0.0,
        1.0 if kind == 1 else 0.0,
        1.0 if kind == 2 else 0.0,
        1.0 if kind == 3 else 0.0,
        1.0 if kind == 4 else 0.0,
        math.log1p(len(cut.split())) / 2.0 if cut else 0.0,
        recurs,
        _title_case(cut) if cut else 0.0,
        1.0 if cut and _DOMAIN.search(cut) else 0.0,
        1.0 if twin > 0 else 0.0,
        1.0 if is_first and kind == 0 else 0.0,
        1.0 if is_first and kind > 0 else 0.0,
        1.0 if len(text.split()) <= 3 else 0.0,
        1.0 if cut and has_date(cut) else 0.0,
    ]


def headline_rows(lines: list[Line], first_body: int, scores: list[float],
                  skip: set[int] = frozenset()) -> list[tuple[int, str, list[float]]]:
    """Every (line, wording) the headline could be, with its features (line's, then wording's)."""
    counts, head, toks = headline_context(lines)
    ctx = candidate_context(lines, first_body, toks)
    page_low = "\n".join(ln.text for ln in lines).casefold()
    low_counts: dict[str, int] = {}
    for ln in lines:
        k = ln.text.casefold()
        low_counts[k] = low_counts.get(k, 0) + 1
    rows = []
    for i in candidates(len(lines), first_body):
        if i in skip:
            continue
        t = lines[i].text
        if len(t) > 250 or len(t.split()) > 40:
            continue
        f = title_features(lines, i, first_body, scores, counts, head, toks, ctx)
        for text, cut, kind in wordings(t):
            if not text:
                continue
            rows.append((i, text, f + wording_features(text, cut, kind, t, i == 0, page_low, low_counts)))
    return rows


def pick_headline(lines: list[Line], first_body: int, scores: list[float],
                  skip: set[int] = frozenset()) -> tuple[int | None, str | None, float]:
    """The most headline-like (line, wording) above the body, and its probability."""
    model = _load_model()
    if model is None or "title" not in model or not lines:
        return None, None, 0.0
    w = model["title"]
    best, best_text, best_x = None, None, -1e9
    for i, text, f in headline_rows(lines, first_body, scores, skip):
        if len(f) != len(w):  # an older weights file: whole lines only
            f = f[: len(w)]
        x = _dot(w, f)
        if x > best_x:
            best, best_text, best_x = i, text, x
    if best is None:
        return None, None, 0.0
    cal = model.get("title_calib")
    if cal:
        return best, best_text, _sigmoid(cal[0] * best_x + cal[1])
    return best, best_text, _sigmoid(best_x)


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
