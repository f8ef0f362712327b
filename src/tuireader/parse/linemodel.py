"""Is this line part of the article's body?  Features of a line and its neighbours.

The weights in ``line_model.json`` were learned on real scraped pages by
``tools/train_line_model.py`` (a logistic regression over the features below,
in two stages: the second stage also sees the first stage's scores of the
neighbouring lines).  Inference is plain Python: no numpy at run time.
Without the weights file a hand-set score is used.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from tuireader.parse import roles
from tuireader.parse.dates import has_date

MODEL_PATH = Path(__file__).with_name("line_model.json")


class Line:
    __slots__ = ("text", "start", "index", "hint")

    def __init__(self, text: str, start: int, index: int) -> None:
        self.text = text
        self.start = start
        self.index = index
        self.hint = False

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Line({self.index}, {self.start}, {self.text[:40]!r})"


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, stripped, each with the offset of its first character."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, pos + lead, len(out)))
        pos += len(raw) + 1
    return out


_WORDS = re.compile(r"\w+")
_CAP_WORD = re.compile(r"\b[A-Z\u00c0-\u00de]")
_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(?:\s|$)")
_TITLEISH = re.compile(r"^[A-Z0-9]\S*(?:\s+[A-Z0-9]\S*)*$")
_FURNITURE_WORDS = frozenset(
    "share tweet comment comments subscribe newsletter cookie cookies privacy copyright advertisement "
    "advertisements advertising advertise sponsored menu search click download related terms contact reply "
    "tag tags category categories author home login register cart shop".split()
)
_FURNITURE_PAIRS = ("sign up", "log in", "sign in", "follow us", "read more", "rights reserved", "posted in")


def _furniture(low: str, words: list[str]) -> float:
    """How many page-furniture words a line holds (``low`` is the line lower-cased), at most 3."""
    k = sum(map(_FURNITURE_WORDS.__contains__, words))
    if k < 3:
        k += sum(1 for p in _FURNITURE_PAIRS if p in low)
    return float(min(k, 3))


# headings that end an article's text: what follows is the site's, not the story's
_STOP = re.compile(
    r"^(?:related(?: posts?| articles?| stories| content| reading)?|more (?:stories|articles|from|on|news|to read)\b.*|"
    r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy)\b.*|recommended(?: for you| reading| articles)?|"
    r"popular(?: posts| articles| stories)?|most (?:read|popular|viewed)|latest (?:posts|articles|news|stories)|"
    r"(?:leave a |post a |\d+ )?(?:comments?|reply|replies|responses?)|about the author|author bio|"
    r"share (?:this|on)\b.*|tags?:?.*|filed under:?.*|read next|up next|trending(?: now)?|sponsored|"
    r"subscribe\b.*|sign up\b.*|newsletter|join (?:our|the) .*|continue reading|further reading)[\s:.!]*$",
    re.I,
)
_STOPWORDS = frozenset(
    "the of and to a in is that for it was on with as he she they be by at this are from his her have an "
    "not but had were which or has their its will would been who more also there than can when into if "
    "we you our your i one all so about what after them some could only over such these other".split()
)
_PIPE_OR_BULLETS = re.compile(r"[|\u00bb\u203a>\u2022\u00b7]")

FEATURE_NAMES = [
    "bias", "log_chars", "log_words", "ends_punct", "sentences", "comma_rate", "cap_ratio", "digit_ratio",
    "short_1_3", "short_4_7", "long_15", "long_30", "furniture", "pipes", "bullet", "caption", "byline",
    "related", "credit", "boiler", "date", "pos", "pos2", "upper", "starts_lower", "has_colon_end",
    "question", "hint", "dup", "title_eq", "titleish", "stopwords", "after_title", "near_title", "rel_len",
    "period_in", "stop_marker",
]
N_OWN = len(FEATURE_NAMES)


def line_features(text: str) -> list[float]:
    low = text.lower()
    words = _WORDS.findall(low)
    nw = len(words)
    nc = len(text)
    caps = len(_CAP_WORD.findall(text))
    last = text[-1]
    short = nc < 200  # bylines, credits, dates, furniture and title-like lines are all short
    return [
        1.0,
        math.log1p(nc) / 6.0,
        math.log1p(nw) / 5.0,
        1.0 if last in ".!?\u201d\"" or text.endswith((".)", ".\u2019", "?\u2019")) else 0.0,
        min(len(_SENT_END.findall(text)), 6) / 3.0,
        min(text.count(",") / (nw + 1) * 5.0, 2.0),
        caps / nw if nw else 0.0,
        sum(map(str.isdigit, words)) / nw if nw else 0.0,
        1.0 if nw <= 3 else 0.0,
        1.0 if 4 <= nw <= 7 else 0.0,
        1.0 if nw >= 15 else 0.0,
        1.0 if nw >= 30 else 0.0,
        _furniture(low, words) / (1.0 + nw / 10.0) if short else 0.0,
        1.0 if _PIPE_OR_BULLETS.search(text) else 0.0,
        1.0 if roles.BULLET_RE.match(text) else 0.0,
        1.0 if roles.split_caption(text) else 0.0,
        1.0 if short and roles.BYLINE_RE.match(text) else 0.0,
        1.0 if roles.RELATED_RE.match(text) else 0.0,
        1.0 if short and roles.CREDIT_RE.match(text) else 0.0,
        1.0 if nc <= 400 and roles.is_boilerplate_line(text) else 0.0,
        1.0 if nc < 120 and has_date(text) else 0.0,
        0.0, 0.0,  # position, filled by the caller
        1.0 if nw and text.isupper() else 0.0,
        1.0 if text[0].islower() else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if last == "?" else 0.0,
        0.0,  # hint, filled by the caller
        0.0,  # repeated on the page, filled by the caller
        0.0,  # equals the page title, filled by the caller
        1.0 if nw <= 12 and _TITLEISH.match(text) else 0.0,
        sum(map(_STOPWORDS.__contains__, words)) / nw if nw else 0.0,
        0.0, 0.0, 0.0,  # after/near the title, relative length: filled by the caller
        1.0 if ". " in text else 0.0,
        1.0 if nc < 80 and _STOP.match(text) else 0.0,
    ]


@lru_cache(maxsize=1)
def _load_model() -> dict | None:
    try:
        return json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def own_features(lines: list[Line]) -> list[list[float]]:
    n = len(lines)
    feats = []
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    top = lines[0].text
    for sep in (" | ", " \u2013 ", " - ", " \u2014 "):
        if sep in top:
            top = top.rsplit(sep, 1)[0]
    title_at = next((i for i in range(1, n) if lines[i].text == top), 0)
    max_len = max(len(ln.text) for ln in lines)
    for i, ln in enumerate(lines):
        f = line_features(ln.text)
        f[21] = i / n if n else 0.0
        f[22] = f[21] * f[21]
        f[27] = 1.0 if ln.hint else 0.0
        f[28] = 1.0 if counts[ln.text] > 1 else 0.0
        f[29] = 1.0 if i and ln.text == top else 0.0
        f[32] = 1.0 if i > title_at else 0.0
        f[33] = 1.0 if 0 < i - title_at <= 4 else 0.0
        f[34] = len(ln.text) / max_len
        feats.append(f)
    return feats


def context_features(own: list[list[float]], prev_scores: list[float] | None = None) -> list[list[float]]:
    """Own features, then the neighbours' (±1, ±2) and, in stage two, neighbours' scores."""
    n = len(own)
    zero = [0.0] * N_OWN
    out = []
    mass = _cum(prev_scores) if prev_scores is not None else None
    if prev_scores is not None:
        total = sum(prev_scores) or 1.0
        bs, be = best_run(prev_scores, [o[2] * 5.0 for o in own], 0.5)
        # has a stop heading ("Related posts", "Comments") appeared since the article began?
        stop_at = []
        seen = False
        for i in range(n):
            stop_at.append(seen)
            if i > bs >= 0 and own[i][36]:
                seen = True
    look = [o[1:21] for o in own]  # a neighbour's look, without bias/position
    blank = zero[1:21]
    look2 = [blank, blank] + look + [blank, blank]
    for i in range(n):
        # stage one sees the neighbours' look; stage two sees their scores instead
        f = own[i] + look2[i] + look2[i + 1] + look2[i + 3] + look2[i + 4] if prev_scores is None else list(own[i])
        if prev_scores is not None:
            for d in (-3, -2, -1, 1, 2, 3):
                j = i + d
                f.append(prev_scores[j] if 0 <= j < n else 0.0)
            # smoothed window means
            lo, hi = max(0, i - 5), min(n, i + 6)
            f.append(sum(prev_scores[lo:hi]) / (hi - lo))
            f.append(prev_scores[i])
            # how far into the page's body mass this line sits
            f.append(mass[i])
            f.append(1.0 - mass[i] - prev_scores[i] / total)
            # the stretch of the page that stage one thinks is the article
            f.append(1.0 if bs <= i <= be else 0.0)
            f.append(math.log1p(bs - i) / 4.0 if i < bs else 0.0)
            f.append(math.log1p(i - be) / 4.0 if i > be else 0.0)
            lo, hi = max(0, i - 12), min(n, i + 13)
            f.append(sum(prev_scores[lo:hi]) / (hi - lo))
            f.append(1.0 if stop_at[i] else 0.0)
        out.append(f)
    return out


def _cum(scores: list[float]) -> list[float]:
    total = sum(scores) or 1.0
    acc = 0.0
    out = []
    for s in scores:
        out.append(acc / total)
        acc += s
    return out


try:
    _dot = math.sumprod  # Python 3.12+
except AttributeError:  # pragma: no cover - Python 3.11
    from operator import mul as _mul

    def _dot(w: list[float], f: list[float]) -> float:
        return sum(map(_mul, w, f))


def heuristic_score(f: list[float]) -> float:
    """The hand-set fallback: long, punctuated, comma-rich lines are prose."""
    x = -3.0 + 6.0 * f[10] + 2.0 * f[11] + 2.0 * f[3] + 1.0 * f[4] - 3.0 * f[12] - 4.0 * f[19] - 3.0 * f[15]
    return _sigmoid(x)


def body_scores(lines: list[Line]) -> list[float]:
    """The probability, for every line, that it belongs to the article body."""
    if not lines:
        return []
    own = own_features(lines)
    model = _load_model()
    if model is None:
        return [heuristic_score(f) for f in own]
    w1 = model["stage1"]
    s1 = [_sigmoid(_dot(w1, f)) for f in context_features(own)]
    if "stage2" not in model:
        return s1
    w2 = model["stage2"]
    return [_sigmoid(_dot(w2, f)) for f in context_features(own, s1)]


def best_run(scores: list[float], weights: list[float], threshold: float) -> tuple[int, int]:
    """The run of lines maximising the sum of (score - threshold) * weight; (-1, -1) if none."""
    best = cur = 0.0
    bs = be = -1
    cs = 0
    for i, (p, w) in enumerate(zip(scores, weights)):
        v = (p - threshold) * w
        if cur <= 0:
            cur, cs = v, i
        else:
            cur += v
        if cur > best:
            best, bs, be = cur, cs, i
    return bs, be


SELECT = {"threshold": 0.3, "inner": 0.2, "strong": 0.9}


def select_body(lines: list[Line], scores: list[float], threshold: float | None = None,
                inner: float | None = None, strong: float | None = None) -> list[bool]:
    """Body lines: the stretch of the page with the most body evidence, and sure lines elsewhere.

    The stretch maximises the sum of (score - threshold) weighted by the
    line's length in words (log); inside it a line needs only ``inner``,
    outside it ``strong``.  Defaults come from the model file.
    """
    model = _load_model() or {}
    sel = {**SELECT, **model.get("select", {})}
    threshold = sel["threshold"] if threshold is None else threshold
    inner = sel["inner"] if inner is None else inner
    strong = sel["strong"] if strong is None else strong
    bs, be = best_run(scores, [math.log1p(len(ln.text.split())) for ln in lines], threshold)
    return [(bs <= i <= be and p >= inner) or p >= strong for i, p in enumerate(scores)]
