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
from operator import mul as _mul
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
    append = out.append
    pos = 0
    k = 0
    for raw in text.split("\n"):
        left = raw.lstrip()
        if left:
            # strip() is lstrip() then rstrip(): the same whitespace either side
            append(Line(left.rstrip(), pos + len(raw) - len(left), k))
            k += 1
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
        k += sum(map(low.__contains__, _FURNITURE_PAIRS))
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


# Words and capitals without regular expressions, where that gives the same counts: on bytes
# translated to a "shape" (bytes.translate and bytes.split are several times faster than findall).
# Exact for ASCII text, and for text whose other characters are all punctuation or symbols (curly
# quotes, dashes), as those count as ASCII punctuation does once replaced by "?".
_ASCII_WORD_CHARS = frozenset(c for c in range(128) if re.match(r"\w", chr(c)))
_WORD_BYTES = bytes(c if c in _ASCII_WORD_CHARS else 32 for c in range(256))  # words, space between
_SHAPE_BYTES = bytes(  # A: capital, 9: digit, a: other word character, space: no word character
    (65 if chr(c).isupper() else 57 if chr(c).isdigit() else 97) if c in _ASCII_WORD_CHARS else 32
    for c in range(256)
)
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]").search  # a word character that is not ASCII
_STOPWORDS_B = frozenset(w.encode() for w in _STOPWORDS)
_FURNITURE_WORDS_B = frozenset(w.encode() for w in _FURNITURE_WORDS)


def _compute_features(text: str) -> tuple[float, ...]:
    """The features of a line that depend on its text alone (the others are 0.0 here)."""
    nc = len(text)
    short = nc < 200  # bylines, credits, dates, furniture and title-like lines are all short
    if text.isascii():
        plain = text.encode("ascii")
    elif "\u00d7" not in text and _NON_ASCII_WORD(text) is None:  # × is in _CAP_WORD's range
        plain = text.encode("ascii", "replace")
    else:
        plain = None
    if plain is not None:
        words = plain.lower().translate(_WORD_BYTES).split()
        nw = len(words)
        shape = plain.translate(_SHAPE_BYTES)
        caps = shape.count(b" A") + (shape[0] == 65)
        digit_words = sum(map(bytes.isdigit, words)) if b"9" in shape else 0
        stop_words = sum(map(_STOPWORDS_B.__contains__, words))
        if short:
            k = sum(map(_FURNITURE_WORDS_B.__contains__, words))
            if k < 3:
                low = text.lower()
                k += sum(map(low.__contains__, _FURNITURE_PAIRS))
            furniture = float(min(k, 3))
    else:
        low = text.lower()
        words = _WORDS.findall(low)
        nw = len(words)
        caps = len(_CAP_WORD.findall(text))
        digit_words = sum(map(str.isdigit, words))
        stop_words = sum(map(_STOPWORDS.__contains__, words))
        if short:
            furniture = _furniture(low, words)
    last = text[-1]
    return (
        1.0,
        math.log1p(nc) / 6.0,
        math.log1p(nw) / 5.0,
        1.0 if last in ".!?\u201d\"" or text.endswith((".)", ".\u2019", "?\u2019")) else 0.0,
        min(len(_SENT_END.findall(text)), 6) / 3.0,
        min(text.count(",") / (nw + 1) * 5.0, 2.0),
        caps / nw if nw else 0.0,
        digit_words / nw if nw else 0.0,
        1.0 if nw <= 3 else 0.0,
        1.0 if 4 <= nw <= 7 else 0.0,
        1.0 if nw >= 15 else 0.0,
        1.0 if nw >= 30 else 0.0,
        furniture / (1.0 + nw / 10.0) if short else 0.0,
        # ``in`` per character: the same as _PIPE_OR_BULLETS.search, several times faster
        1.0 if ("|" in text or ">" in text or "\u00bb" in text or "\u203a" in text or "\u2022" in text
                or "\u00b7" in text) else 0.0,
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
        stop_words / nw if nw else 0.0,
        0.0, 0.0, 0.0,  # after/near the title, relative length: filled by the caller
        1.0 if ". " in text else 0.0,
        1.0 if nc < 80 and _STOP.match(text) else 0.0,
    )


def line_features(text: str) -> list[float]:
    """The line's own features, in FEATURE_NAMES order; those of its place on the page are 0.0."""
    return list(_compute_features(text))


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
    model = _load_model()
    if model is None:
        return [heuristic_score(f) for f in own_features(lines)]
    state = _STATE
    if state[0] is not model:
        state = _new_state(model)
    if state[1] is None:
        return _body_scores_plain(lines, model)
    return _body_scores_fast(lines, state[1], state[2])


def _body_scores_plain(lines: list[Line], model: dict) -> list[float]:
    """body_scores written out: the features of every line in full, then the weights."""
    own = own_features(lines)
    w1 = model["stage1"]
    s1 = [_sigmoid(_dot(w1, f)) for f in context_features(own)]
    if "stage2" not in model:
        return s1
    w2 = model["stage2"]
    return [_sigmoid(_dot(w2, f)) for f in context_features(own, s1)]


# --- the same scores, fast -------------------------------------------------------------------
# A weighted sum is a sum of parts, so a line's score is taken apart: the part of its own text
# (its text features times the weights), the parts of its neighbours' text (each neighbour's look
# times the weights of that neighbour's slot) and the few features of its place on the page.  The
# first two depend on a line's text alone and are kept per text (_STATE); the last is added here.
# Nothing but the order of the additions differs from _body_scores_plain: the scores agree to
# ~1e-15 (tests/test_linemodel_speedsafe.py holds the two together).

_N_LOOK = 20  # a neighbour's look: own features 1..20
_N_STAGE2 = 15  # what stage two adds to the own features
_POSITIONAL = (21, 22, 27, 28, 29, 32, 33, 34)  # own features filled in by own_features


class _Weights:
    __slots__ = ("own1", "look", "pos1", "own2", "pos2", "ctx2")

    def __init__(self, model: dict) -> None:
        w1 = [float(x) for x in model["stage1"]]
        self.own1 = w1[:N_OWN]
        self.look = [w1[N_OWN + k * _N_LOOK: N_OWN + (k + 1) * _N_LOOK] for k in range(4)]
        self.pos1 = [w1[k] for k in _POSITIONAL]
        if "stage2" in model:
            w2 = [float(x) for x in model["stage2"]]
            self.own2 = w2[:N_OWN]
            self.pos2 = [w2[k] for k in _POSITIONAL]
            self.ctx2 = w2[N_OWN:]
        else:
            self.own2 = self.pos2 = self.ctx2 = None


def _weights(model: dict) -> _Weights | None:
    """The model's weights cut into parts, or None if they are not laid out as the features are."""
    try:
        if len(model["stage1"]) != N_OWN + 4 * _N_LOOK:
            return None
        if "stage2" in model and len(model["stage2"]) != N_OWN + _N_STAGE2:
            return None
        return _Weights(model)
    except (TypeError, ValueError, KeyError):
        return None


# Pages share lines (menus, footers, the site's name) and a page is read more than once (the
# library, then the reader), so what a line's text gives is kept, keyed by the text:
# (model, its weights cut into parts, {line text: (own part of the stage-one score, own part of the
# stage-two score, the line's part in the stage-one score of the line 2 below it, 1 below, 1 above,
# 2 above, log(1 + words) for select_body, log_words * 5 for best_run, stop_marker)}).
# A new model (tools/crossval.py swaps the file and clears _load_model) starts a new dict.
# The dict is emptied when full: it never holds more than _CACHE_MAX lines (~520 bytes each plus
# the texts it keeps alive: about 6 MB for 8,192 lines of news text).
_CACHE_MAX = 8192
_STATE: tuple = (None, None, {})


def _new_state(model: dict) -> tuple:
    global _STATE
    _STATE = state = (model, _weights(model), {})
    return state


def _record(text: str, w: _Weights) -> tuple:
    """What body_scores and select_body need of a line's text (see _STATE)."""
    f = _compute_features(text)
    look = f[1:1 + _N_LOOK]
    l0, l1, l2, l3 = w.look
    mul = _mul
    return (sum(map(mul, w.own1, f)), sum(map(mul, w.own2, f)) if w.own2 is not None else 0.0,
            sum(map(mul, l0, look)), sum(map(mul, l1, look)), sum(map(mul, l2, look)), sum(map(mul, l3, look)),
            math.log1p(len(text.split())), f[2] * 5.0, f[36])


def _body_scores_fast(lines: list[Line], w: _Weights, cache: dict) -> list[float]:
    n = len(lines)
    texts = [ln.text for ln in lines]
    get = cache.get
    recs = []
    counts: dict[str, int] = {}
    for t in texts:
        r = get(t)
        if r is None:
            r = _record(t, w)
            if len(cache) >= _CACHE_MAX:
                cache.clear()
            cache[t] = r
        recs.append(r)
        counts[t] = counts.get(t, 0) + 1
    # the page title, as own_features finds it
    top = texts[0]
    for sep in (" | ", " \u2013 ", " - ", " \u2014 "):
        if sep in top:
            top = top.rsplit(sep, 1)[0]
    title_at = next((i for i in range(1, n) if texts[i] == top), 0)
    max_len = max(map(len, texts))

    # stage one: own text + neighbours' text + place on the page
    zero2 = [0.0, 0.0]
    # nbK[i]: the part of line i's neighbour in slot K (2 above, 1 above, 1 below, 2 below; 0 off the page)
    nb0 = zero2 + [r[2] for r in recs]
    nb1 = [0.0] + [r[3] for r in recs]
    nb2 = [r[4] for r in recs[1:]] + zero2
    nb3 = [r[5] for r in recs[2:]] + zero2 + zero2
    a21, a22, a27, a28, a29, a32, a33, a34 = w.pos1
    two = w.pos2 is not None
    b21, b22, b27, b28, b29, b32, b33, b34 = w.pos2 if two else (0.0,) * 8
    exp = math.exp
    s1 = []
    base2 = []
    add1 = s1.append
    add2 = base2.append
    near_end = title_at + 4
    for i, r, t, ln in zip(range(n), recs, texts, lines):
        p = i / n
        pp = p * p
        rel = len(t) / max_len
        x = a21 * p + a22 * pp + a34 * rel + r[0] + nb0[i] + nb1[i] + nb2[i] + nb3[i]
        y = b21 * p + b22 * pp + b34 * rel + r[1]
        if i > title_at:
            x += a32
            y += b32
            if i <= near_end:
                x += a33
                y += b33
        if ln.hint:
            x += a27
            y += b27
        if counts[t] > 1:
            x += a28
            y += b28
        if i and t == top:
            x += a29
            y += b29
        add1(0.0 if x < -30 else 1.0 if x > 30 else 1.0 / (1.0 + exp(-x)))
        add2(y)
    if not two:
        return s1

    # stage two: own text + place on the page + stage one's scores around the line
    (c_m3, c_m2, c_m1, c_p1, c_p2, c_p3, c_near, c_self, c_mass, c_rest, c_in, c_before, c_after,
     c_wide, c_stop) = w.ctx2
    total = sum(s1) or 1.0
    bs, be = best_run(s1, [r[7] for r in recs], 0.5)
    zero3 = [0.0, 0.0, 0.0]
    sp = zero3 + s1 + zero3
    # the stage-one score of the lines before: running sums (their differences are the windows'
    # sums), and the page's body mass before each line (as _cum)
    run = [0.0]
    acc = 0.0
    for v in s1:
        acc += v
        run.append(acc)
    log1p = math.log1p
    out = []
    add = out.append
    seen = False  # a stop heading ("Related posts") since the article began
    for i in range(n):
        s = s1[i]
        m = run[i] / total
        lo = i - 5 if i > 5 else 0
        hi = i + 6 if i + 6 < n else n
        lo2 = i - 12 if i > 12 else 0
        hi2 = i + 13 if i + 13 < n else n
        x = (base2[i] + c_m3 * sp[i] + c_m2 * sp[i + 1] + c_m1 * sp[i + 2] + c_p1 * sp[i + 4]
             + c_p2 * sp[i + 5] + c_p3 * sp[i + 6] + c_near * ((run[hi] - run[lo]) / (hi - lo)) + c_self * s
             + c_mass * m + c_rest * (1.0 - m - s / total) + c_wide * ((run[hi2] - run[lo2]) / (hi2 - lo2)))
        if i < bs:
            x += c_before * (log1p(bs - i) / 4.0)
        elif i > be:
            x += c_after * (log1p(i - be) / 4.0)
        else:
            x += c_in
        if seen:
            x += c_stop
        elif i > bs >= 0 and recs[i][8]:
            seen = True
        add(0.0 if x < -30 else 1.0 if x > 30 else 1.0 / (1.0 + exp(-x)))
    return out


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
    # a line's weight, log(1 + words), is kept with its features by body_scores
    get = _STATE[2].get
    log1p = math.log1p
    weights = []
    for ln in lines:
        r = get(ln.text)
        weights.append(r[6] if r is not None else log1p(len(ln.text.split())))
    bs, be = best_run(scores, weights, threshold)
    if bs < 0:
        return [p >= strong for p in scores]
    return [p >= strong or (bs <= i <= be and p >= inner) for i, p in enumerate(scores)]
