"""Which line is the headline?  A learned choice among the lines above the body.

A scraped page often names its article three times: in the browser title
(the first line, with " | Site" appended), in the headline proper (a line just
above the byline and the body), and in breadcrumbs or share links.  The
headline is picked by a small model over features of each candidate line: its
likeness to the first line, its distance to the body, its neighbours (a byline
or a date just under it), its own look, and how it compares with the other
candidates (the closest version of the browser title, a line that is only the
site's name, the last words of a breadcrumb).  ``title_rank`` in
``line_model.json`` ranks the candidates (a conditional logit: trained to put a
right one first); ``title``, a logistic model over the line's own features, says
whether the page has a headline at all.  A model without ``title_rank`` picks by
``title`` alone.

The browser title's wording drops its site and section names ("Headline |
Section | Site" -> "Headline", see title.cut_page_title); a page line drops only
a tail that reads like a site's name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tuireader.parse import roles
from tuireader.parse.dates import find_dates, has_date
from tuireader.parse.linemodel import Line, _dot, _load_model, _sigmoid
from tuireader.parse.title import cut_page_title, site_name_like, page_title_parts, split_site_suffix

_TOK = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_CREDIT_STARTS = ("(", "[", "photo", "image", "picture", "pic", "credit", "illustration", "graphic", "video",
                  "foto", "courtesy", "getty", "shutterstock", "file photo")
_QUOTE_MARKS = "'\"\u2018\u2019\u201c\u201d"
_LOWER_START = re.compile(r"^\W*[a-z]")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s")
_CRUMB = re.compile(r"\s[\u00bb\u203a>/]\s")
_ANY_SEP = re.compile(r"\s[|\u2013\u2014\-:\u00b7\u2022/\u00bb]")
# a publication's name: "The Harbour Gazette", "Northsea Courier", "Fenmouth Daily News"
_MASTHEAD = re.compile(
    r"\b(?:gazette|times|post|herald|ledger|courier|tribune|chronicle|journal|news|observer|guardian|"
    r"telegraph|standard|express|mail|star|record|register|reporter|press|wire|bulletin|monitor|dispatch|"
    r"inquirer|examiner|sentinel|independent|magazine|weekly|daily|mirror|echo|advertiser)$", re.I)
# the closest version of the browser title on the page shares at least this much of its words
SIM_MIN = 0.3
_SMALL = frozenset("a an the and or of to in on at for with by from as is are vs via but".split())

TITLE_FEATURES = [
    "bias", "is_first", "eq_first", "in_first", "jaccard_first", "d1", "d2", "d3_5", "d6_10", "d_far",
    "after_body", "words_lt3", "words_3_15", "words_gt15", "ends_period", "title_case", "body_score",
    "repeated", "sep", "boiler", "byline_next", "date_near", "byline_prev", "caption", "question",
    "first_has_sep", "upper", "prev_eq", "nearest_titleish", "titleish_between", "jac_hi", "first_twin",
    "titleish", "starts_lower", "numbered", "credit", "menu", "wraps_first", "crumb", "first_plain", "colon",
    "rel_pos", "site_piece", "suffixed_twin", "sim_best", "dup_n", "crumb_tail", "tish_near",
    "first_cut", "first_short", "first_long", "first_exact", "first_sim", "first_by", "first_close",
]
# Whether the page has a headline at all is read from a line's own features and its likeness
# to the browser title (the first 42); the later ones compare the candidates with each other
# (which is the closest version of the browser title, which names the site) and only say which
# candidate is the best.
PRESENCE_FEATURES = TITLE_FEATURES[:42]


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
        1.0 if _LOWER_START.match(t) else 0.0,
        1.0 if t[:1].isdigit() and _NUMBERED.match(t) else 0.0,
        1.0 if t[:12].lower().startswith(_CREDIT_STARTS) and (
            roles.CREDIT_ONLY_RE.match(t) or t[:9].lower() == "courtesy ") else 0.0,
        1.0 if roles.is_menu_line(t) else 0.0,
        1.0 if i and len(first_head) > 10 and first_head in nt and nt != first_head else 0.0,
        1.0 if ("/" in t or ">" in t or "\u00bb" in t or "\u203a" in t) and _CRUMB.search(t) else 0.0,
        1.0 if i == 0 and first_head == nt and 0 in ctx["titleish"] else 0.0,
        1.0 if ": " in t else 0.0,
        i / first_body if 0 < first_body and i < first_body else 1.0,
        1.0 if nt in ctx["sites"] else 0.0,
        1.0 if i and nt in ctx["suffixed"] else 0.0,
        1.0 if i and i == ctx["sim_best"] else 0.0,
        min(ctx["dups"].get(nt, 1) - 1, 3) / 3.0,
        1.0 if i and nt in ctx["tails"] else 0.0,
        sum(1 for j in (i - 2, i - 1, i + 1, i + 2) if j in ctx["titleish"] and j) / 4.0,
        # the browser title (line 0) against the page: was a site's name cut off it, how long is
        # it, does a line of the page say exactly the same, how close does the closest one come
        1.0 if i == 0 and ctx["first_cut"] else 0.0,
        1.0 if i == 0 and len(first_head.split()) < 4 else 0.0,
        1.0 if i == 0 and len(first_head.split()) > 12 else 0.0,
        1.0 if i == 0 and ctx["exact"] else 0.0,
        ctx["sim_hi"] if i == 0 else 0.0,
        # the first line with a byline or a date under it, or the body close below: a text that
        # opens on its headline, not on a browser title
        1.0 if i == 0 and (nxt_by or date_near) else 0.0,
        1.0 if i == 0 and 0 < d <= 3 else 0.0,
    ]


def is_masthead(text: str) -> bool:
    """A publication's name on its own line ("The Harbour Gazette", "Northsea Courier"): a short
    name, every word capitalised, ending in a newspaper's word.  It names the site, it is not
    the story's headline."""
    words = text.split()
    return 1 <= len(words) <= 4 and _MASTHEAD.search(text) is not None and _title_case(text) == 1.0 \
        and all(w[:1].isupper() for w in words)


def headline_context(lines: list[Line]) -> tuple[dict[str, int], str, set[str]]:
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    head = _norm(clean_headline(lines[0].text, True)) if lines else ""
    return counts, head, set(_TOK.findall(head))


def candidate_context(lines: list[Line], first_body: int, first_toks: set[str]) -> dict:
    """What the candidates share: title-like lines, the line-0 twin, the site's names, and a
    per-line cache."""
    words_of: dict[int, tuple[str, set[str]]] = {}
    cache: dict[int, tuple[str, set[str], bool, bool]] = {}

    def norm_toks(i: int) -> tuple[str, set[str]]:
        got = words_of.get(i)
        if got is None:
            nt = _norm(lines[i].text)
            got = words_of[i] = (nt, set(_TOK.findall(nt)))
        return got

    def info(i: int) -> tuple[str, set[str], bool, bool]:
        got = cache.get(i)
        if got is None:
            t = lines[i].text
            got = cache[i] = (*norm_toks(i), len(t) < 120 and has_date(t), roles.BYLINE_RE.match(t) is not None)
        return got

    cands = candidates(len(lines), first_body)
    tish = {i for i in cands if titleish(lines[i].text)}
    nearest = max((i for i in tish if i < first_body), default=None)
    twin = False
    sim_best, sim_hi = None, SIM_MIN
    dups: dict[str, int] = {}
    tails: set[str] = set()
    # the names cut off titles ("| Site", "| Section"): such a line alone is the site, not a headline
    sites: set[str] = set()
    # lines that stand elsewhere on the page with the site's name appended
    suffixed: set[str] = set()
    first_cut, first_norm, exact = False, "", False
    if lines:
        t0 = lines[0].text
        cut = cut_page_title(t0)
        first_cut = cut != t0
        first_norm = _norm(clean_headline(t0, True))
        if first_cut:
            sites.update(_norm(x) for x in page_title_parts(t0[len(cut):]) if x)
    for i in cands:
        t = lines[i].text
        if len(t) > 250:
            continue
        nt, toks = norm_toks(i)
        dups[nt] = dups.get(nt, 0) + 1
        if i == 0:
            continue
        if nt == first_norm:
            exact = True
        if toks and first_toks:
            jac = len(toks & first_toks) / len(toks | first_toks)
            if jac >= 0.5:
                twin = True
            if jac > sim_hi:
                sim_best, sim_hi = i, jac
        if _ANY_SEP.search(t):
            head, site = split_site_suffix(t)
            if site is not None:
                sites.add(_norm(site))
                suffixed.add(_norm(head))
        if 3 <= len(toks) and len(t) < 200:
            # the last words of a longer line (a breadcrumb, "Home > Guides > Headline") are the
            # page's own title
            parts = nt.split()
            for k in range(1, min(7, len(parts) - 1)):
                tails.add(" ".join(parts[k:]))
    sites.discard("")
    return {"titleish": tish, "nearest": nearest, "twin": twin, "info": info, "sites": sites,
            "suffixed": suffixed, "sim_best": sim_best, "sim_hi": sim_hi if sim_best is not None else 0.0,
            "dups": dups, "tails": tails, "first_cut": first_cut, "exact": exact}


def candidate_rows(lines: list[Line], first_body: int, scores: list[float],
                   skip: set[int] = frozenset()) -> tuple[list[tuple[int, list[float]]], dict, set[str]]:
    """The headline candidates (line index, features), as the chooser sees them."""
    counts, head, toks = headline_context(lines)
    ctx = candidate_context(lines, first_body, toks)
    rows = []
    for i in candidates(len(lines), first_body):
        if i in skip:
            continue
        t = lines[i].text
        if len(t) > 250 or len(t.split()) > 40 or is_masthead(t):
            continue
        rows.append((i, title_features(lines, i, first_body, scores, counts, head, toks, ctx)))
    return rows, ctx, toks


def pick_headline(lines: list[Line], first_body: int, scores: list[float],
                  skip: set[int] = frozenset()) -> tuple[int | None, str | None, float]:
    """The most headline-like line above the body, its wording, and its probability.

    The line is chosen by the ``title_rank`` weights (or, in a model without them, the
    ``title`` weights); its wording is the line without a site suffix (or, on the browser
    title, its site and section names or a site prefix).  When the browser title's wording
    wins, the line returned is the page's own version of it, if there is one (the page line
    closest to it in words): that is where the byline and date are, and what the body leaves
    out.  The probability is the ``title`` model's for the page's most headline-like line:
    how sure the page has a headline at all.
    """
    model = _load_model()
    if model is None or "title" not in model or not lines:
        return None, None, 0.0
    w = model["title"]
    rows, ctx, toks = candidate_rows(lines, first_body, scores, skip)
    rank = model.get("title_rank")
    if rank is not None:
        # the ranking weights choose the line; the line weights say whether the page has a headline
        if not rows:
            return None, None, 0.0
        best = max(rows, key=lambda r: _dot(rank, r[1]))[0]
        k = len(w)
        best_p = max(_sigmoid(_dot(w, f[:k])) for _i, f in rows)
        wording = _wording(lines, best)
        twin = ctx["sim_best"]
        if best == 0 and twin is not None and (ctx["sim_hi"] >= 0.5 or len(lines[twin].text) <= 2 * len(wording) + 20):
            # the browser title's wording, but the page's own version of it is the headline line
            # (where the byline and the date are looked for, and what the body leaves out)
            best = twin
        return best, wording, best_p
    best, best_p = None, 0.0
    alt, alt_p = None, 0.0  # the best line other than the page title (line 0)
    for i, f in rows:
        p = _sigmoid(_dot(w, f))
        if p > best_p:
            best, best_p = i, p
        if i and p > alt_p:
            alt, alt_p = i, p
    # The page's own headline beats the browser title when the two are close calls
    # and the headline is a version of the browser title.
    if ALT_RATIO and best == 0 and alt is not None and alt_p >= ALT_RATIO * best_p:
        toks_alt = ctx["info"](alt)[1]
        if toks_alt and toks and len(toks_alt & toks) / len(toks_alt | toks) >= ALT_JACCARD:
            best, best_p = alt, alt_p
    if best is None:
        return None, None, 0.0
    return best, _wording(lines, best), best_p


def ordinary_case(lines: list[Line], text: str, at: int) -> str:
    """An ALL CAPS headline in the wording of a line elsewhere on the page that has the same
    words in ordinary case (the page title, a breadcrumb, the share text), else as it is."""
    if not text.isupper():
        return text
    want = _norm(text)
    for i in range(len(lines)):
        if i != at and len(lines[i].text) < len(text) + 60:
            other = clean_headline(lines[i].text, i == 0)
            if not other.isupper() and _norm(other) == want:
                return other
    return text


def _wording(lines: list[Line], best: int) -> str:
    """The chosen headline's wording; an ALL CAPS line, or one that differs from the browser
    title only in its quote marks, takes the wording of the line that says the same.

    So does a line that capitalises every word, small ones too ("Notes Of The Tide Keeper"),
    when the browser title says the same with "of", "the" in lower case: a page's styling
    (text-transform: uppercase or capitalize) changes the letters the scraper saw, while the
    browser title is never styled."""
    text = clean_headline(lines[best].text, best == 0)
    if best == 0:
        return text
    upper = text.isupper()
    styled = upper or _every_word_capitalised(text)
    if not styled and not any(q in text for q in _QUOTE_MARKS):
        return text
    want = _norm(text)
    head0 = clean_headline(lines[0].text, True)
    if head0 != text and _norm(head0) == want and (
            upper or styled and not _every_word_capitalised(head0)
            or head0.translate(_QUOTES) == text.translate(_QUOTES)):
        return head0
    return ordinary_case(lines, text, best)


def _every_word_capitalised(text: str) -> bool:
    """Every word capitalised, small words ("of", "the", "and") included, with at least one small word."""
    words = _TOK.findall(text)
    small = [w for w in words if w.lower() in _SMALL]
    return bool(small) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


# tuned on the training pages only (bench/bench_parse.py --split train)
ALT_RATIO = 0.1
ALT_JACCARD = 0.2


_CRUMB_SPLIT = re.compile(r"\s+[\u00bb\u203a>]\s+")
_LABEL = re.compile(r"^(?:title|headline|blog|article|post|news|story)\s*:\s+(?=\S)", re.I)
_MONTH_YEAR = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_EDGE_SEP = " \t|/\u00b7\u2022\u2013\u2014-:,"
_EDGE_MARKS = "|/\u00b7\u2022\u2013\u2014-"


def _strip_edge_date(text: str) -> str:
    """"Dec 18 2025 Headline" / "Headline / Dec 2025" -> "Headline" (the rest keeps 3 words or more).

    A date at the end goes only behind a separator ("... in October 2025" is the headline's own)."""
    found = find_dates(text)
    for iso, s, e in found + [(None, m.start(), m.end()) for m in _MONTH_YEAR.finditer(text)]:
        if s == 0 and iso is not None:
            rest = text[e:].lstrip(_EDGE_SEP)
        elif e == len(text) and text[:s].rstrip()[-1:] in _EDGE_MARKS:
            rest = text[:s].rstrip(_EDGE_SEP)
        else:
            continue
        if len(rest.split()) >= 3:
            return rest
    return text


def tidy_headline(text: str) -> str:
    """A headline line without breadcrumbs ("Home » Guides » Headline"), a leading label
    ("Title: ", "Blog: ") or a date glued to either end."""
    parts = _CRUMB_SPLIT.split(text) if ">" in text or "\u00bb" in text or "\u203a" in text else [text]
    if len(parts) > 1 and len(parts[-1].split()) >= 2 and all(len(p.split()) <= 8 for p in parts[:-1]):
        text = parts[-1]
    m = _LABEL.match(text) if ":" in text[:12] else None
    if m and len(text[m.end():].split()) >= 3:
        text = text[m.end():]
    if len(text) < 200 and _YEAR.search(text):
        text = _strip_edge_date(text)
    return text


def clean_headline(text: str, is_first: bool) -> str:
    """The headline text of a line: site suffix (or, on the page title, prefix) removed."""
    return tidy_headline(_unsuffix(text, is_first))


def _unsuffix(text: str, is_first: bool) -> str:
    if is_first:
        head = cut_page_title(text)
        if head != text:
            return head
    head, site = split_site_suffix(text)
    if site is not None and not is_first and not site_name_like(site):
        # "Headline – tips and tricks", "Headline – Our Top Picks!": a headline's own second
        # half, not a site's name
        return text
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
