"""The built-in extractor: find candidates segment by segment, then merge them
into one entity per real thing for the whole article."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate
from functools import lru_cache
from operator import attrgetter
from typing import Iterable

from tuireader.entities.dates import context_year, find_dates
from tuireader.entities.gazetteer import Gazetteer, load
from tuireader.entities.rules import _ABBREV, _ACRONYM, FUNCTION_WORDS, PARTICLES, SENTENCE_END, Finder, Found, tokenize
from tuireader.model import BODY_KINDS, Article, Entity, Mention

_ABBREV_RE = re.compile(_ABBREV + r"$|^[A-Z]\.$|^(?:[A-Z]\.){2,}$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2})"
    r"(?:(?= \(| \d{4}-\d\d-\d\d| ?[-–—] )"
    r"| ?, (?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?= \(| \d{4}-\d\d-\d\d| ?[-–—] | ?,|$)"
    r"|(?= ?, [A-Z][a-z]))"
)
_RESULTS_LINE = re.compile(
    r"^\s*(?:[A-Z][^\d\n(),:]{1,40}?\s\d{1,3}\s+[A-Z][^\d\n(),:]{1,40}?\s\d{1,3}"  # Home 3 Away 1
    r"|[A-Z][^\d\n(),:]{1,40}?(?:\s\d{1,3}){4,})\s*$"  # Team 4 3 1 0 7 1 10
)
_ASCII_SMALL = re.compile(r"[a-z]")
_PAREN_ACRONYM = re.compile(r"\s?\((?P<acr>[A-Z][A-Za-z0-9&.+\-]{1,14})\)")


@dataclass(slots=True)
class Raw:
    start: int  # absolute offsets into article.text
    end: int
    kind: str
    key: str
    where: str
    title: bool = False
    initial: bool = False
    alias_of: int = -1  # index (into the raw list) of the organisation an acronym spells
    value: str | None = None
    prev: str = ""
    next: str = ""


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    if s.isascii():
        return s.casefold()
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")


def checked_segments(article: Article) -> Iterable[tuple[str, int, str]]:
    """Segments whose text really stands at their offset in the article."""
    text = article.text
    for seg in article.segments():
        if not seg.text:
            continue
        if text[seg.start : seg.start + len(seg.text)] == seg.text:
            yield seg.text, seg.start, seg.where
        else:
            at = text.find(seg.text)
            if at >= 0:
                yield seg.text, at, seg.where


_WORD = re.compile(r"\S+")


def _align(seg: str, text: str, pos: int) -> list[int] | None:
    """Where each character of a block's text stands in the article when the parser
    could not give one offset (a quote or paragraph joined from several source lines,
    "> " markers between them): word by word, in order, from ``pos``.  -1 for the
    spaces the parser put between words.  None when a word cannot be found near."""
    cmap = [-1] * len(seg)
    for m in _WORD.finditer(seg):
        w = m.group()
        at = text.find(w, pos, pos + len(w) + 400)
        if at < 0:
            return None
        for k in range(len(w)):
            cmap[m.start() + k] = at + k
        pos = at + len(w)
    return cmap


def located_segments(article: Article) -> Iterable[tuple[str, int, str, list[int] | None]]:
    """Title, captions and body blocks as (text, start, where, char map): the map is
    None where the text stands verbatim at ``start``; otherwise it gives each
    character's offset in the article (blocks the parser joined from several lines
    have no start of their own, yet are the article's own words)."""
    yield from ((t, s, w, None) for t, s, w in checked_segments(article))
    text = article.text
    pos = 0
    for block in article.blocks:
        if block.start is not None:
            pos = block.start + len(block.text)
            continue
        if block.kind not in BODY_KINDS or not block.text:
            continue
        cmap = _align(block.text, text, pos)
        if cmap is None:
            continue
        yield block.text, 0, "body", cmap
        pos = max(cmap) + 1


def _surnames_that_are_words(text: str, raws: list[Raw], segments, g: Gazetteer,
                             metadata: list[tuple[int, int]] = ()) -> list[Raw]:
    """"Chiara Grieve said ... Grieve added": a surname that is also a common word is
    passed over where it starts a sentence (it might be the word); once the article
    has named the person in full, it is her name there too."""
    words = {}
    for name in {text[r.start : r.end] for r in raws if r.kind == "person"}:
        ws = name.split()
        if len(ws) >= 2 and ws[-1].isalpha() and g.is_common(ws[-1]) and ws[-1] not in g.not_names:
            words[ws[-1]] = True
    if not words:
        return []
    covered = sorted([(r.start, r.end) for r in raws] + list(metadata))  # (a credit's name is no mention)
    starts = [c[0] for c in covered]
    reach = list(accumulate((c[1] for c in covered), max))  # the furthest end of a raw starting so far
    out = []
    segs = sorted((s, s + len(t), w) for t, s, w in segments)
    seg_starts = [x[0] for x in segs]
    for a, b in _occurrences(text, words):  # over the text, then: in which segment?
        k = bisect_right(starts, a)
        if k and reach[k - 1] >= b:
            continue  # within a name already found
        j = bisect_right(seg_starts, a)
        if not j or segs[j - 1][1] < b:
            continue  # not in the article's own text (boilerplate, a byline)
        after = text[b : b + 2]
        if after[:1].isalpha() or (after[:1] == " " and after[1:2].isupper()):
            continue  # part of a longer name the rules passed over
        out.append(Raw(a, b, "unknown", "", segs[j - 1][2], initial=True))
    return out


def _occurrences(text: str, words) -> list[tuple[int, int]]:
    """Where each word stands in the text as a whole word (str.find: quicker than a
    regular expression made for each article)."""
    out = []
    for w in words:
        at = text.find(w)
        while at >= 0:
            end = at + len(w)
            if not (at and text[at - 1].isalnum()) and not (end < len(text) and text[end].isalnum()):
                out.append((at, end))
            at = text.find(w, end)
    return out


def _credit_word(word: str, g: Gazetteer) -> bool:
    return " " not in word and word.isalpha() and (word,) not in g.phrases and not word.isupper() \
        and (g.is_common(word) or g.in_dictionary(word))


def _outside(found: list[Found], spans: list[tuple[int, int]], whole: bool = False) -> list[Found]:
    """The candidates that are not a mere part of one of the spans (acronym links kept);
    ``whole``: nor the spans themselves."""
    if not spans or not found:
        return found
    # (linear in candidates and spans: a byline repeated ten thousand times is many of both)
    spans = sorted(spans)
    span_starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of a span starting so far

    def inside(f: Found) -> bool:
        lt = bisect_left(span_starts, f.start)  # spans starting before the candidate
        le = bisect_right(span_starts, f.start, lt)  # ... or where it starts
        m_lt = reach[lt - 1] if lt else -1
        m_le = reach[le - 1] if le else -1
        return m_lt >= f.end or m_le > f.end or (whole and m_le >= f.end)

    keep = [not inside(f) for f in found]
    if all(keep):
        return found
    new_index, out = {}, []
    for k, f in enumerate(found):
        if keep[k]:
            new_index[k] = len(out)
            out.append(f)
    for f in out:
        if f.acronym_of >= 0:
            f.acronym_of = new_index.get(f.acronym_of, -1)
    return out


def _meta_spans(seg: str, meta: list[str]) -> list[tuple[int, int]]:
    """Where the source's or an author's name stands in a segment ("Photo: Daily
    Lantern/Jane Roe"): the article's metadata, not names it reports on."""
    out = []
    for name in meta:
        at = seg.find(name)
        while at >= 0:
            out.append((at, at + len(name)))
            at = seg.find(name, at + len(name))
    return out


def _person_like(name: str, g: Gazetteer) -> bool:
    """An author's name that reads as a person's: two to four capitalised words, the
    first a given name or no English word, none a word of a body's or thing's name
    ("Editorial Team", "State Records", "Innovate Cybersecurity Summit" are not)."""
    ws = name.split()
    if not 2 <= len(ws) <= 4 or not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in ws):
        return False
    if not (g.is_first(ws[0]) or not g.in_dictionary(ws[0])):
        return False
    return not any(w in g.org_words or w in g.other_words or w in g.place_words or w.lower() in g.titles_lower
                   or w.lower() in FUNCTION_WORDS for w in ws)


def _authors_as_people(seg: str, found: list[Found], authors: list[str]) -> list[Found]:
    """The metadata says the authors' names are people's: where the text writes one in
    full ("Yaren Fadiloglulari", though "Yaren" is a town), it is one person."""
    spans = _meta_spans(seg, authors)
    if not spans or not found:
        return found
    # Each span's candidates found by bisection (linear: a byline may be repeated
    # thousands of times), the merges then made in one pass.
    order = sorted(range(len(found)), key=lambda k: found[k].start)
    starts = [found[k].start for k in order]
    reach = list(accumulate((found[k].end for k in order), max))
    merges: list[tuple[int, int, list[int]]] = []
    for a, b in spans:
        lo, hi = bisect_left(starts, a), bisect_left(starts, b)
        if lo and reach[lo - 1] > a:
            continue  # a candidate starting before the name runs into it
        inside = [order[j] for j in range(lo, hi)]
        if not inside or any(found[k].end > b for k in inside):
            continue
        one = found[inside[0]]
        if len(inside) == 1 and one.kind == "person" and (one.start, one.end) == (a, b):
            continue
        merges.append((a, b, inside))
    if not merges:
        return found
    merges.sort()
    if any(merges[i][1] > merges[i + 1][0] for i in range(len(merges) - 1)):
        return _authors_as_people_slow(seg, found, authors)  # names that overlap: rare and few
    dropped = {k for _, _, inside in merges for k in inside}
    items: list[tuple[int, int, int, Found]] = []  # (start, rank, old index or -1, candidate)
    for k, f in enumerate(found):
        if k not in dropped:
            items.append((f.start, 1, k, f))
    for a, b, inside in merges:
        first, last = found[inside[0]], found[inside[-1]]
        items.append((a, 0, -1, Found(a, b, "person", "", first.initial, first.title, -1, first.prev, last.next)))
    items.sort(key=lambda x: (x[0], x[1]))
    new_index = {k: i for i, (_, _, k, _) in enumerate(items) if k >= 0}
    out = [f for *_, f in items]
    for f in out:
        if f.acronym_of >= 0:
            f.acronym_of = new_index.get(f.acronym_of, -1)
    return out


def _authors_as_people_slow(seg: str, found: list[Found], authors: list[str]) -> list[Found]:
    """As :func:`_authors_as_people`, span by span (for authors' names that overlap)."""
    for a, b in _meta_spans(seg, authors):
        inside = [k for k, f in enumerate(found) if a <= f.start and f.end <= b]
        if not inside or any(f.start < b and f.end > a and not (a <= f.start and f.end <= b) for f in found):
            continue
        one = found[inside[0]]
        if len(inside) == 1 and one.kind == "person" and (one.start, one.end) == (a, b):
            continue
        first, last = found[inside[0]], found[inside[-1]]
        merged = Found(a, b, "person", "", first.initial, first.title, -1, first.prev, last.next)
        found = _outside(found, [(a, b)], whole=True)
        at = bisect_right([f.start for f in found], a)
        for f in found:
            if f.acronym_of >= at:
                f.acronym_of += 1
        found.insert(at, merged)
    return found


# A photo credit written inside a caption's text: "... at dawn. Photo: Jane Roe",
# "(Jane Roe/Daily Lantern)", "Picture by Jane Roe".
_CREDIT_BEFORE = re.compile(
    r"(?:\b(?:photo|photograph|picture|image|video|credit|courtesy|graphic|illustration)s?"
    r"(?:\s+(?:by|of|courtesy\s+of))?\s*[:/|]?|[(/|])\s*(?:[^\s(/|]+(?:\s+[^\s(/|]+){0,3}\s*/\s*)?$",
    re.IGNORECASE,
)


def _author_credit_spans(seg: str, authors: list[str], whole_credit: bool) -> list[tuple[int, int]]:
    """Where an author's name stands as a credit: anywhere in a caption's credit, or
    after "Photo:"/"Credit:"/"(" in a caption.  Like the byline, that is metadata;
    the author named in the text itself ("Jane Roe, who chairs ...") is a person."""
    spans = _meta_spans(seg, authors)
    if whole_credit:
        return spans
    return [(a, b) for a, b in spans if _CREDIT_BEFORE.search(seg, max(0, a - 60), a)]


def _recase(text: str, g: Gazetteer, all_caps: bool, doc: str = "") -> str:
    """A headline in capitals or Title Case, rewritten in sentence case where
    the words are common ones, so the rules see names as names.  Same length."""
    chars = list(text)
    toks = tokenize(text)
    kept = [False] * len(toks)
    # Known names of two words or more first: "NEW YORK", "LATIN AMERICA", "West Ham".
    cased = [t[2][:1] + t[2][1:].lower() for t in toks] if all_caps else [t[2] for t in toks]
    k = 0
    while k < len(toks):
        # (no longer than the longest phrase starting with this word)
        for L in range(min(g.first_len.get(cased[k], 0), len(toks) - k), 1, -1):
            cand = tuple(cased[k : k + L])
            if cand in g.phrases:
                for j in range(k, k + L):
                    s, e, _ = toks[j]
                    if len(cand[j - k]) == e - s:
                        chars[s:e] = cand[j - k]
                    kept[j] = True
                k += L - 1
                break
        k += 1
    for k, (s, e, tok) in enumerate(toks):
        if not tok[0].isalpha() or kept[k]:
            continue
        if all_caps:
            if (tok,) in g.phrases and len(tok) <= 5 and tok.lower() not in FUNCTION_WORDS:
                kept[k] = True
                continue  # US, NATO, UN, BRICS
            cap = tok[:1] + tok[1:].lower()
            if tok.lower() in FUNCTION_WORDS:
                new = tok.lower()
            elif (cap,) in g.phrases or g.is_first(cap):
                new = cap
                kept[k] = True
            elif cap in g.org_words or cap in g.place_words or cap in g.other_words:
                new = cap  # decided below, by its neighbours
            elif g.is_common(tok) or cap in g.not_names or (g.in_dictionary(tok) and cap not in g.last_names):
                new = tok.lower()  # ("DOCKERS": a word of the larger dictionary too)
            else:
                new = cap
                kept[k] = True
        else:
            if not tok[0].isupper():
                continue
            if (tok,) in g.phrases or not (tok.lower() in g.words or _plain_word(tok, g)):
                kept[k] = True
                continue
            if tok in g.org_words or tok in g.place_words or tok in g.other_words:
                continue  # decided below, by its neighbours
            new = tok.lower()
        if len(new) == len(tok):
            chars[s:e] = new
    # "Punta Arenas", "Puerto Natales": the word after a place's head word that is no
    # English word is part of the place's name, even when it is one ("arenas"); so is
    # the surname after a given name ("Becca Wright", "Jannik Sinner").
    for k in range(len(toks) - 1):
        s, e, tok = toks[k]
        cap = tok[:1] + tok[1:].lower() if all_caps else tok
        nxt_cap = toks[k + 1][2][:1] + toks[k + 1][2][1:].lower() if all_caps else toks[k + 1][2]
        if kept[k] and not kept[k + 1] and (cap in g.place_heads or (
                g.is_first(cap) and (cap,) not in g.phrases and nxt_cap in g.last_names
                # (not "Rosé Wine" where the article writes "wine" as a word)
                and f" {nxt_cap.lower()} " not in doc)) \
                and (nxt_cap not in g.org_words and nxt_cap not in g.place_words):
            s2, e2, nxt = toks[k + 1]
            if nxt[:1].isupper() and text[e:s2] == " " and nxt.lower() not in _MINOR:
                chars[s2:e2] = nxt if not all_caps else nxt[:1] + nxt[1:].lower()
                kept[k + 1] = True
    # "Port Safety Talks" is not a name, "Atlantic Ports Agency" is: an
    # organisation or place word stays capitalised next to a kept name word.
    for k, (s, e, tok) in enumerate(toks):
        cap = tok[:1] + tok[1:].lower() if all_caps else tok
        if cap in g.org_words or cap in g.place_words or cap in g.other_words:
            left = k and kept[k - 1] and text[toks[k - 1][1] : s] == " "
            right = k + 1 < len(toks) and kept[k + 1] and text[e : toks[k + 1][0]] == " "
            if not kept[k] and not (left or right):
                chars[s:e] = tok.lower()
    return "".join(chars)


def _plain_word(tok: str, g: Gazetteer) -> bool:
    """A hyphenated Title Case headline word whose every part is a plain word:
    "Long-Delayed", "Zero-Emission"."""
    if "-" in tok:
        return all(p and (g.is_common(p) or g.in_dictionary(p)) for p in tok.split("-"))
    return False  # a single word: only the common words (a headline's "Costa" may be a name)


def _headline_mode(text: str, where: str, g: Gazetteer) -> str | None:
    if len(text) > 300:
        # a paragraph, not a headline; shouted in capitals only if it has no small letter
        # (a small ASCII letter anywhere settles it without copying the paragraph)
        return "caps" if not _ASCII_SMALL.search(text) and text.upper() == text and text.lower() != text else None
    # Small ASCII letters in a fifth of the text or more: not shouted, and no need to
    # look at every letter (they are counted on the bytes, which is quick).
    data = text.encode("utf-8", "surrogatepass")
    small = len(data) - len(data.translate(None, _SMALL_ASCII))
    if not (small >= 4 and small * 5 >= len(text)):
        letters = list(filter(str.isalpha, text))
        if len(letters) < 4:
            return None
        upper = sum(map(str.isupper, letters))
        if upper / len(letters) > 0.8:
            return "caps"
    # Only a title, or a body line without a full stop, may be a headline (tested first: cheap);
    # a caption or a one-sentence line only in strict Title Case (see below).
    loose = where == "title" or (where == "body" and "." not in text.rstrip()[-1:] and ". " not in text)
    if not loose and (where not in ("caption", "body") or len(text) > 160 or ". " in text.rstrip(". ")):
        return None
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 2 or len(words) > 30 or (len(words) == 2 and where == "caption"):
        return None
    major = [w for w in words if w.lower() not in _MINOR]
    if not major:
        return None
    lower = sum(1 for w in major if not w[0].isupper())
    if not loose:
        # "Kelp Farmers of Chiloé Count a Record Harvest." as a caption: every major word
        # capitalised, the small ones not: the capitals say nothing about names.
        # (and most of them plain words: a caption crowded with names keeps its capitals)
        if lower == 0 and len(major) >= 4 and any(w in _MINOR for w in words):
            plain = [w for w in major if w.isalpha() and w not in g.org_words and w not in g.place_words
                     and w not in g.other_words and g.is_common(w)]
            if len(plain) >= 3 and len(plain) * 5 >= len(major) * 3:
                return "title"
        return None
    if lower == 0 or (lower == 1 and len(major) >= 8 and where == "title"):
        # a sentence ends with a full stop; a headline does not
        if where == "title" or (where == "body" and "." not in text.rstrip()[-1:] and ". " not in text):
            return "title"
    return None


_SMALL_ASCII = bytes(range(ord("a"), ord("z") + 1))
_MINOR = frozenset("a an the and or nor but of in on at to for by with from as vs via into over up off per than".split())


class _Initial(dict):
    """Whether token ``i`` starts a sentence (or a line): ``initial[i]``, worked out
    the first time it is asked (only capitalised tokens ever are)."""

    __slots__ = ("work", "toks")

    def __init__(self, work: str, toks: list[tuple[int, int, str]]) -> None:
        super().__init__()
        self.work = work
        self.toks = toks

    def __missing__(self, i: int) -> bool:
        if i == 0:
            starts = True
        else:
            toks = self.toks
            gap = self.work[toks[i - 1][1] : toks[i][0]]
            ptok = toks[i - 1][2]
            if gap != " " and ("\n" in gap or not SENTENCE_END.isdisjoint(gap)):
                starts = not ("." not in gap.strip() and gap.strip() in ("", "'", "’", "’s", "'s", "s"))
            else:
                starts = ptok.endswith(".") and not _ABBREV_RE.match(ptok)
        self[i] = starts
        return starts


# A transcript's speaker label at the start of a line: "JANE ROE:", "JANE ROE, HOST:",
# "UNIDENTIFIED PERSON #1:", "ROE:".  The name is the person's (said in capitals);
# the role after the comma and the stand-in words are no entities.
_SPEAKER = re.compile(
    r"(?m)^(?P<name>[A-Z][A-Z'’.\-]*[A-Z.](?: [A-Z][A-Z'’.\-]*[A-Z.]){0,3})"
    r"(?:, (?P<role>[A-Z][A-Z'’\-]*(?: [A-Z][A-Z'’\-]*){0,3}))?(?: #\d{1,3})?:(?= |$)"
)
_SPEAKER_ROLES = frozenset(
    "UNIDENTIFIED PERSON PEOPLE GROUP BYLINE HOST HOSTS ANNOUNCER NARRATOR REPORTER CROWD INTERPRETER "
    "TRANSLATOR SPEAKER VOICE MAN WOMAN BOY GIRL CHILD CHILDREN STUDENT STUDENTS PROTESTER PROTESTERS "
    "AUDIENCE MEMBER MEMBERS CALLER ANCHOR CORRESPONDENT MODERATOR PRESENTER INTERVIEWER GUEST "
    "ANSWER QUESTION VOICEOVER SINGER SINGERS OFFICER OFFICIAL".split()
)


def _cap_word(w: str) -> str:
    """"MARTINEZ-BELTRAN" -> "Martinez-Beltran": each part of a hyphenated name."""
    return "-".join(p.capitalize() for p in w.split("-"))


def _speaker_labels(text: str, g: Gazetteer, doc: str) -> tuple[list[Found], list[tuple[int, int]]]:
    """The people named by a transcript's speaker labels in ``text`` and the spans of
    the labels' words that name no one (roles, "UNIDENTIFIED PERSON")."""
    found: list[Found] = []
    blocked: list[tuple[int, int]] = []
    for m in _SPEAKER.finditer(text):
        words = m.group("name").split()
        if m.group("role"):
            blocked.append((m.start("role"), m.end("role")))
        if any(w in _SPEAKER_ROLES for w in words):
            blocked.append((m.start("name"), m.end("name")))
            continue
        if not m.group("role") and not (m.end() < len(text) and text[m.end()] == " "):
            continue  # "NOTE:" closing a line is a heading more likely
        cased = [_cap_word(w) for w in words]
        if tuple(cased) in g.phrases or any(c in g.org_words or c in g.place_words or c in g.other_words
                                            for c in cased):
            continue  # "LONDON:", "BREAKING NEWS:", "WHITE HOUSE:"
        written = " ".join(cased) in doc  # the article writes the name in its own case too
        kind = "person"
        if len(cased) == 1:
            # a surname alone ("ROE:"): no place's or thing's name nor a plain word; a
            # person where the article writes it as a name ("Roe said ..."), else left
            # to be matched with the full name the article gives
            if (cased[0],) in g.phrases or (g.is_common(cased[0]) and cased[0] not in g.last_names):
                continue
            if not written and f" {words[0]}," not in doc and f" {words[0]}:" not in doc:
                continue  # ("FAQ:", "CEO:"): a surname only where a label names the person in full
            kind = "person" if written else "unknown"
        elif g.is_common(cased[0]) and not g.is_first(cased[0]):
            continue  # "EDITOR'S NOTE:", "TOP PICKS:"
        elif not written:
            # a given name first (or a role after it: "JANE ROE, HOST:"), then no plain word
            if not (g.is_first(cased[0]) or m.group("role")) or any(
                    (g.is_common(c) or ((c,) in g.phrases and not g.is_first(c))) and c not in g.last_names
                    for c in cased[1:]):
                continue
        found.append(Found(m.start("name"), m.end("name"), kind, "", True))
        blocked.append((m.start("name"), m.end("name")))
    return found, blocked


def find_in_segment(text: str, g: Gazetteer, finder: Finder, where: str = "body",
                    skip: list[tuple[int, int]] | None = None, doc: str = "") -> tuple[list[Found], list]:
    """Name candidates and dates in one piece of text, offsets local to it; no name
    is sought over the ``skip`` spans.  ``doc``: the whole article, for the words it
    writes in lower case."""
    dates = find_dates(text)
    mode = _headline_mode(text, where, g)
    work = _recase(text, g, mode == "caps", doc or text) if mode else text
    toks = tokenize(work)
    initial = _Initial(work, toks)
    blocked = [(d.start, d.end) for d in dates]
    if skip:
        blocked.extend(skip)
    found: list[Found] = []
    speakers = False
    if mode != "caps" and ":" in text:
        labels, spans = _speaker_labels(text, g, doc or text)
        if spans:
            found.extend(labels)
            blocked.extend(spans)
            speakers = bool(labels)
    # A dateline: "NAIROBI, Kenya (AP) -", "AUGUSTA , Georgia 2024-04-14", "LIMA 2024-03-01".
    m = _DATELINE.match(text)
    if m and mode == "caps" and len(text) >= 40:
        m = None  # a shouted headline
    if m:
        key = " ".join(w.capitalize() for w in m.group("place").split())
        hit = g.phrases.get(tuple(key.split()))
        if text[m.end("place") :].lstrip().startswith(("-", "–", "—")) and not (hit and hit[0] == "place"):
            m = None  # "SOCCER - ...": a sports headline, not a dateline
    if m:
        name = m.group("place")
        key = " ".join(w.capitalize() for w in name.split())
        hit = g.phrases.get(tuple(key.split()))
        found.append(Found(m.start("place"), m.end("place"), "place", key=hit[1] if hit and hit[0] == "place" else key))
        blocked.append((m.start("place"), m.end("place")))
        if m.group("region"):  # "AUGUSTA, Georgia"
            rhit = g.phrases.get(tuple(m.group("region").split()))
            found.append(Found(m.start("region"), m.end("region"), "place",
                               key=rhit[1] if rhit and rhit[0] == "place" else m.group("region")))
            blocked.append((m.start("region"), m.end("region")))
    for run in finder.runs(work, toks, blocked):
        found.extend(finder.classify(work, toks, run, initial))
    if speakers:
        found.sort(key=_START)  # (labels after a line break inside the text come in order)
    # "Freiburg 3 Bochum 1", "Leipzig 4 3 1 0 7 1 10": teams in a results line.
    if found and _RESULTS_LINE.match(text):
        for f in found:
            if f.kind in ("place", "unknown", "other"):
                f.kind, f.key = "organization", ""
    # "National Defense Council (SECODENA)": the acronym spells the organisation.
    if "(" in text:  # (no acronym in brackets without a bracket)
        by_start = {f.start: k for k, f in enumerate(found)}
        for k, f in enumerate(found):
            if f.kind in ("person", "unknown", "other") and " " in text[f.start : f.end] and not f.title:
                # "Empresa Nacional del Petróleo (ENAP)": a name of several words spelt by
                # the acronym after it is an organisation (people have no acronyms); an
                # "other" only when its words are no English ones ("Artificial Intelligence
                # (AI)" and "Affordable Care Act (ACA)" stay things).
                m = _PAREN_ACRONYM.match(text, f.end)
                if m and m.group("acr").isupper():
                    caps = [w for w in text[f.start : f.end].split() if w[0].isupper()]
                    if m.group("acr") == "".join(w[0] for w in caps) and (
                            f.kind != "other" or not any(g.is_common(w) for w in caps)):
                        f.kind = "organization"
            if f.kind == "organization":
                m = _PAREN_ACRONYM.match(text, f.end)
                if m and m.start("acr") in by_start:
                    j = by_start[m.start("acr")]
                    if found[j].end == m.end("acr") and _ACRONYM.match(m.group("acr")):
                        found[j].kind = "organization"
                        found[j].acronym_of = k
    return found, dates


def extract(article: Article) -> list[Entity]:
    g = load()
    finder = Finder(g)
    text = article.text
    raws: list[Raw] = []
    date_raws: list[tuple[int, int, str, object]] = []
    source_names = [x for x in [article.source or ""] if len(x) > 2]
    author_names = [x for x in article.authors if x and len(x) > 2]
    people_authors = [x for x in author_names if _person_like(x, g)]
    credit_starts = {c.credit_start for c in article.captions if c.credit and c.credit_start is not None}
    plain_segments: list[tuple[str, int, str]] = []
    metadata: list[tuple[int, int]] = []  # where the source's and authors' names stand as credits
    for seg_text, seg_start, where, cmap in located_segments(article):
        if cmap is None:
            plain_segments.append((seg_text, seg_start, where))
        found, dates = find_in_segment(seg_text, g, finder, where, doc=text)
        if where == "caption" and seg_start in credit_starts and found:
            # "Photo: Jane Roe/Archive", "Image: Handout": a single plain word in a
            # photo credit says where the picture came from, not whom it shows.
            found = _outside(found, [(f.start, f.end) for f in found if _credit_word(seg_text[f.start : f.end], g)],
                             whole=True)
        if people_authors and found:
            found = _authors_as_people(seg_text, found, people_authors)
        if source_names or (author_names and where == "caption"):
            # A piece of the source's name ("Lantern" of "Photo: Daily Lantern/Jane
            # Roe") is no name of its own; the whole name is dropped below.  An
            # author's name in a photo credit is a byline too: dropped whole.  Named
            # in the text ("Jane Roe, who chairs ...") the author is a person like any.
            spans = _meta_spans(seg_text, source_names)
            if spans:
                found = _outside(found, spans)
            if author_names and where == "caption":
                spans += _author_credit_spans(seg_text, author_names, seg_start in credit_starts)
                if spans:
                    found = _outside(found, spans, whole=True)
            if cmap is None:
                metadata.extend((seg_start + a, seg_start + b) for a, b in spans)
        if cmap is not None:
            # Only what stands in the article as written (no line break or "> " inside).
            found, dates = _mapped(seg_text, text, cmap, found), _mapped(seg_text, text, cmap, dates)
        base = len(raws)
        for f in found:
            alias_of = (base + f.acronym_of) if f.acronym_of >= 0 else -1
            raws.append(
                Raw(seg_start + f.start, seg_start + f.end, f.kind, f.key, where, f.title, f.initial,
                    alias_of=alias_of, prev=f.prev, next=f.next)
            )
        for d in dates:
            date_raws.append((seg_start + d.start, seg_start + d.end, where, d))
    _retype_speakers(text, raws, g)
    raws.extend(_surnames_that_are_words(text, raws, plain_segments, g, metadata))
    entities = _merge_names(text, raws, g)
    # The source is the article's metadata, shown in its header (the authors too, but
    # only their bylines and credits are: an author the text names is a person).
    meta = {_fold(x) for x in [article.source or ""] if x}
    if meta:
        entities = [e for e in entities if _fold(e.name) not in meta and _fold("the " + e.name) not in meta]
    entities.extend(_merge_dates(text, date_raws, article.published))
    entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0))
    return entities


def _mapped(seg: str, text: str, cmap: list[int], items: list) -> list:
    """Candidates of a located segment moved to article offsets (a copy each), those
    that do not stand in the article as written left out."""

    out = []
    new_index: dict[int, int] = {}
    for k, f in enumerate(items):
        if f.end <= f.start:
            continue
        a, b = cmap[f.start], cmap[f.end - 1]
        if a < 0 or b < 0 or text[a : b + 1] != seg[f.start : f.end]:
            continue
        new_index[k] = len(out)
        out.append(replace(f, start=a, end=b + 1))
    for f in out:
        if getattr(f, "acronym_of", -1) >= 0:
            f.acronym_of = new_index.get(f.acronym_of, -1)
    return out


_START = attrgetter("start")


def _merge_names(text: str, raws: list[Raw], g: Gazetteer) -> list[Entity]:
    surf = [" ".join(text[r.start : r.end].split()) for r in raws]
    folded = list(map(_fold, surf))

    group_of: list[str | None] = [None] * len(raws)  # merge key per raw
    kind_of: list[str] = [r.kind for r in raws]
    # Cues first: "in Peterhead" is a place, "the company Codelco" an organisation,
    # "Kipyegon said" a person.
    cued: list[str | None] = [None] * len(raws)
    denied: dict[str, str] = {}  # a several-word name some mention shows is no person's
    for i, r in enumerate(raws):
        if r.kind in ("unknown", "other") and " " not in folded[i]:
            cued[i] = _cue(r.prev) or _appositive_org(r) or _PERSON_NEXT.get(r.next) or _PLACE_NEXT.get(r.next) \
                or _POSS_NEXT.get(r.next) or (_single_cue(r.prev) if not g.is_common(surf[i]) else None) or (
                _thing_cue(r.prev) if not ("-" in surf[i] and surf[i].rsplit("-", 1)[1].islower()) else None)
        elif r.kind in ("unknown", "other", "person") and not r.title and not g.is_first(surf[i].split()[0]):
            # "the town of Wad Madani", "its El Teniente mine"
            cue = _cue(r.prev, strong_only=True) or _appositive_org(r) or _PLACE_NEXT.get(r.next) or (
                # "in Isola Verde": after "in", a name that starts with no given name
                _cue(r.prev) if r.kind != "other" and _cue(r.prev) == "place" and r.next not in _PERSON_NEXT
                else None) or (
                "organization" if r.next == "#" and r.kind != "other" else None)  # "Hansa Rostock 1"
            if cue is None and r.kind in ("unknown", "other") and r.prev:
                # "the environmental group Mar Austral": a body named after its kind
                last = r.prev.rsplit(" ", 1)[-1]
                cue = "organization" if last in _ORG_CUES else None
            if cue is None and r.kind == "person":
                # "the state company Codelco Norte"; "the Statsraad Lehmkuhl", "the training
                # ship Mar Azul": the name of a thing, not of a person (whose name would
                # start with a given name or follow a title).
                last = r.prev.rsplit(" ", 1)[-1] if r.prev else ""
                cue = "organization" if last in _ORG_CUES_FIRM else _thing_cue(r.prev)
            if cue and not g.is_first(surf[i].split()[0]):
                cued[i] = cue
                kind_of[i] = cue
                if r.kind == "person":
                    denied.setdefault(folded[i], cue)
    if denied:
        for i, r in enumerate(raws):
            if r.kind == "person" and not cued[i] and not r.title and folded[i] in denied:
                cued[i] = kind_of[i] = denied[folded[i]]
    # "Tomasina Errázuriz Vial ... Errázuriz Vial plans": the last words of a person's
    # full name are that person, though "vial" is a word and the pair came out a thing.
    tails = {tuple(ws[k:]) for i, r in enumerate(raws) if r.kind == "person" and not cued[i]
             for ws in [folded[i].split()] if len(ws) >= 3 for k in range(1, len(ws) - 1)
             if not all(g.is_common(w) for w in ws[k:-1])}  # (not "Resistance Bands" of a product)
    if tails:
        for i, r in enumerate(raws):
            if r.kind in ("other", "unknown") and not cued[i] and tuple(folded[i].split()) in tails:
                r.kind = kind_of[i] = "person"
    # 1. Persons: full names (two words or more) and the single words that name them.
    full: dict[str, list[int]] = {}  # folded full name -> raw indexes
    for i, r in enumerate(raws):
        if r.kind == "person" and len(folded[i].split()) >= 2 and not cued[i]:
            full.setdefault(folded[i], []).append(i)
    # Shorter multi-word names join a longer one that contains their words in order.
    names_sorted = sorted(full, key=lambda n: (-len(n.split()), -len(n)))
    by_last: dict[str, list[str]] = {}
    for n in names_sorted:
        toks = n.split()
        by_last.setdefault(toks[-1], []).append(n)
        if len(toks) >= 3 and toks[-2] != toks[-1]:
            # "Ricardo Ibanez" is "Ricardo Ibáñez Soto": the first of two surnames
            # (and, folded, with or without its accents)
            by_last.setdefault(toks[-2], []).append(n)
    parent: dict[str, str] = {}
    for n in names_sorted:
        toks = n.split()
        for m in by_last[toks[-1]]:  # longest first
            if m == n or len(m.split()) <= len(toks) or m in parent:
                continue
            if m.rsplit(" ", 1)[-1] != toks[-1] and not (len(toks) == 2 and g.is_first(toks[0].capitalize())):
                continue  # by the first surname: only a given name and that surname
            if _subsequence(toks, m.split()):
                parent[n] = m
                break

    def root(n: str) -> str:
        while n in parent:
            n = parent[n]
        return n

    # In the order the names first appear (a set's order would change from run to run,
    # and with it which full name a lone surname joins when two share it).
    roots = dict.fromkeys(root(n) for n in full)
    last_word: dict[str, list[str]] = {}
    first_word: dict[str, list[str]] = {}
    for n in roots:
        toks = n.split()
        last_word.setdefault(toks[-1], []).append(n)
        first_word.setdefault(toks[0], []).append(n)
        # "Díaz-Canel" also as "Canel"?  No; but the first part of a double surname
        # ("Ornelas Ferreira") names the person too.
        if len(toks) >= 3:
            last_word.setdefault(toks[-2], []).append(n)

    # Types voted by surface: a word typed somewhere is that type everywhere.
    votes: dict[str, dict[str, int]] = {}
    total: dict[str, int] = {}
    for i, r in enumerate(raws):
        total[folded[i]] = total.get(folded[i], 0) + 1
        k = cued[i] or r.kind
        if k in ("person", "organization", "place", "group") and r.alias_of < 0:
            d = votes.setdefault(folded[i], {})
            d[k] = d.get(k, 0) + (2 if cued[i] is None else 1)
    # A cue tells about every mention of the word only if it is not outnumbered
    # ("data in Tastewise" once among many bare mentions proves little).
    mid_sentence = {folded[i] for i, r in enumerate(raws) if not r.initial}
    things = {folded[i] for i in range(len(raws)) if cued[i] == "other"}
    inner_words = {w for i in range(len(raws)) if " " in folded[i] and kind_of[i] in ("organization", "place", "other")
                   for w in folded[i].split()[1:]}
    typed = {
        f: k for f, d in votes.items() for k in [max(d.items(), key=lambda kv: kv[1])[0]]
        if d[k] * 2 >= total[f] or (d[k] >= 2 and d[k] * 3 >= total[f])
    }
    listed_places = _listed_with_places(text, raws, folded, typed, cued)
    # "GitHub", "NULbyte": written anywhere with a capital inside, no person's name
    odd_case = {folded[i] for i in range(len(raws)) if " " not in folded[i] and _ODD_CASE.search(surf[i])
                and not _NAME_PREFIX.match(surf[i])}
    caps_small = {f for f in odd_case for i in range(len(raws)) if folded[i] == f and _CAPS_THEN_SMALL.match(surf[i])} \
        if odd_case else set()
    for i, r in enumerate(raws):
        f = folded[i]
        words = f.split()
        if r.kind == "person" and len(words) >= 2 and not cued[i]:
            group_of[i] = "person:" + root(f)
            continue
        tail = surf[i].rsplit("-", 1)[1] if len(words) == 1 and "-" in f else ""
        if tail.islower() and (tail.endswith(("ed", "ing")) or (r.next and r.next not in (",", "#"))):
            # "English-language reports", "Santiago-based", "AI-powered": an adjective
            # made from a name, not a name ("Middle-earth" is one)
            continue
        if len(words) == 1 and r.kind in ("place", "organization") and f in last_word and r.alias_of < 0 \
                and _surname_not_gazetteer(r, surf[i], g):
            # "Nils Pereira ... Pereira said": the surname of a person the article has
            # named, though a town or a company bears it too.
            cands = last_word[f]
            group_of[i] = "person:" + max(cands, key=lambda n: len(full.get(n, [])))
            kind_of[i] = "person"
            continue
        if r.kind in ("person", "unknown", "other") and len(words) == 1:
            cands = last_word.get(f) or (first_word.get(f) if r.kind == "person" or r.kind == "unknown" else None)
            if cands:
                best = max(cands, key=lambda n: len(full.get(n, [])))
                group_of[i] = "person:" + best
                kind_of[i] = "person"
                continue
        if r.kind in ("unknown", "other"):
            if len(words) == 1 and not r.key and any(c.isdigit() for c in f):
                continue  # "OSC52", "B2B", "RAV4", "Q1": a code or a model, not a name
            t = typed.get(f) or cued[i]
            if t == "person" and f in odd_case:
                t = "organization"  # "GitHub said": a capital inside, a brand that speaks
            if t:
                kind_of[i] = t
            elif r.kind == "unknown":
                if len(f) == 1 or ("-" in f and surf[i].rsplit("-", 1)[1].islower()):
                    continue  # "D", "Santiago-based", "Kremlin-backed"
                if g.is_common(f):
                    if r.initial:
                        continue  # "Shares rose": a common word starting a sentence
                    kind_of[i] = "other"
                elif f in odd_case:
                    if f in caps_small:
                        continue  # "NULbyte", "IPv": capitals glued to a word, no name
                    kind_of[i] = "other"  # "GitHub", "WordPress": a brand, not a person
                elif r.initial and f not in mid_sentence and not r.title and g.in_dictionary(f):
                    continue  # "Quinoa growers said": a plain word starting a sentence
                elif r.initial and f in inner_words and f not in mid_sentence and not r.title:
                    # A word met otherwise only inside a longer name of a thing or body
                    # ("Harbour Pilots’ Guild"), alone only where every word has a capital
                    # ("Pilots boarded..."): a plain word there, not a person.
                    kind_of[i] = "other"
                elif f in listed_places and not r.title:
                    kind_of[i] = "place"  # "Aberdeenshire, Moray and the Northern Isles"
                elif r.title or surf[i] in g.last_names or _SURNAME_END.search(f) or g.is_first(surf[i]) \
                        or _APPOSITIVE.match(text, r.end):
                    kind_of[i] = "person"
                elif _DEMONYM_PLURAL.search(surf[i]) or _place_people(surf[i], g):
                    kind_of[i] = "group"  # "Limeños", "Londoners": the people of a place
                elif f in things:
                    kind_of[i] = "other"  # "The Silala dispute" where elsewhere "over the Silala"
                else:
                    kind_of[i] = UNKNOWN_SINGLE_KIND
        if kind_of[i] == "person":
            group_of[i] = "person:" + f
        elif kind_of[i] in ("place", "group"):
            group_of[i] = kind_of[i] + ":" + _fold(r.key or surf[i])
        elif kind_of[i] == "organization":
            group_of[i] = "organization:" + _fold(r.key or surf[i])
        else:
            group_of[i] = "other:" + f

    # 2. Organisations: acronyms defined in parentheses, short forms of "X of Y",
    #    and a club's name without its "Club"/"Deportivo" ("Puerto Austral").
    alias: dict[str, str] = {}
    short: dict[str, str] = {}
    for i, r in enumerate(raws):
        if kind_of[i] == "organization" and group_of[i]:
            ws = surf[i].split()
            if len(ws) >= 2 and ws[0] in g.org_heads:
                short.setdefault(_fold(" ".join(ws[1:])), group_of[i])
                if len(ws) >= 3:
                    short.setdefault(_fold(ws[1]), group_of[i])
    # "Cape Horn" ... "the Horn", "Atacama Desert" ... "the Atacama": a place's name
    # without its head word or its landform word is the same place, as a surname
    # is the person (not "Mexico" of "Mexico City", nor "Congo" of "Congo River":
    # a country or a capital is a place of its own).
    place_short: dict[str, tuple[str, bool]] = {}  # short form -> (group, short form is a common word)
    for i, r in enumerate(raws):
        if kind_of[i] == "place" and group_of[i] and " " in folded[i]:
            ws = surf[i].split()
            tail = []
            if ws[0] in g.place_heads:
                tail = ws[2:] if len(ws) > 2 and ws[1] in PARTICLES else ws[1:]
            elif ws[-1] in _LANDFORMS and ws[-2] not in PARTICLES and ws[-2] not in ("of", "the"):
                tail = ws[:-1]
            if tail and " ".join(tail) not in g.nations and not any(_ACRONYM.match(w) for w in tail):
                place_short.setdefault(_fold(" ".join(tail)), (group_of[i], g.is_common(" ".join(tail))))
    if place_short:
        for i, r in enumerate(raws):
            k = group_of[i]
            hit = place_short.get(folded[i])
            if hit is None or not k or k == hit[0] or cued[i] in ("person", "organization") or r.alias_of >= 0:
                continue
            if hit[1] and r.initial:
                continue  # "Horn" starting a sentence may be the word
            if (kind_of[i] in ("person", "other") and r.kind in ("unknown", "other") and cued[i] in (None, "other")) \
                    or (kind_of[i] == "place" and surf[i] not in g.nations):
                group_of[i] = hit[0]
                kind_of[i] = "place"
    if short:
        for i, r in enumerate(raws):
            k = group_of[i]
            if k and not k.startswith("organization:") and folded[i] in short and r.alias_of < 0:
                group_of[i] = short[folded[i]]
                kind_of[i] = "organization"
    _org_short_forms(raws, surf, folded, group_of, kind_of, cued, g, last_word, first_word)
    for i, r in enumerate(raws):
        if r.alias_of >= 0 and kind_of[r.alias_of] == "organization":
            alias[group_of[i]] = group_of[r.alias_of]
    org_keys = sorted({k for k in group_of if k and k.startswith("organization:")})
    heads: dict[str, str] = {}  # "security council" -> key of "security council of the russian federation"
    for k in org_keys:
        oname = k.split(":", 1)[1]
        if " of " in oname:
            heads.setdefault(oname.split(" of ")[0], k)
    for k in org_keys:
        name = k.split(":", 1)[1]
        other = heads.get(name) or heads.get(_strip_demonym(name, g))
        if other and other != k:
            alias.setdefault(k, other)
    for i in range(len(raws)):
        k = group_of[i]
        seen = 0
        while k in alias and seen < 5:
            k = alias[k]
            seen += 1
        group_of[i] = k

    # 3. Build entities.
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(group_of):
        if k:
            groups.setdefault(k, []).append(i)
    out: list[Entity] = []
    for k, idxs in groups.items():
        kind = k.split(":", 1)[0]
        # In the text's order, each place once (a stable sort: the first of equals stays).
        mentions: list[Mention] = []
        last = (-1, -1)
        for r in sorted((raws[i] for i in idxs), key=_START):
            if (r.start, r.end) != last:
                mentions.append(Mention(text[r.start : r.end], r.start, r.end, r.where))
                last = (r.start, r.end)
        out.append(Entity(_name(kind, [surf[i] for i in idxs], [raws[i] for i in idxs]), kind, mentions))
    return out


# Words that end a company's name after its own word ("HCA Healthcare", "CVS Health").
_SECTOR_WORDS = frozenset(
    "Healthcare Health Holdings Pharma Pharmaceuticals Energy Airlines Airways Motors Capital Financial "
    "Technologies Systems Media Entertainment Communications Telecom Foods Brands Partners Labs Studios".split()
)


def _org_short_forms(raws, surf, folded, group_of, kind_of, cued, g: Gazetteer, last_word, first_word) -> None:
    """"Eli Lilly ... Lilly", "Novo Nordisk ... Novo", "HCA Healthcare ... HCA": a short
    form of a body's name stands for that body, as a surname for a person: a
    distinctive word (no plain word, place or body's word) of a well-known
    organisation's name of two or three words; or the first word (an acronym, or no
    plain word) of a name whose other words are a body's ("Lemonlight Studios",
    "HCA Healthcare").  Not where a person the article names bears that word too."""
    parts: dict[str, set[str]] = {}

    def distinctive(w: str, j: int) -> bool:
        return w.isalpha() and not w.isupper() and not g.is_common(w) and (w,) not in g.phrases \
            and w not in g.org_words and w not in g.place_words and w not in g.other_words \
            and not (j == 0 and g.is_first(w))

    for i, r in enumerate(raws):
        if kind_of[i] != "organization" or not group_of[i] or r.alias_of >= 0:
            continue
        ws = surf[i].split()
        if not 2 <= len(ws) <= 3 or not all(w[:1].isupper() for w in ws):
            continue
        if r.key:  # a name the gazetteer knows
            for j, w in enumerate(ws):
                if distinctive(w, j):
                    parts.setdefault(_fold(w), set()).add(group_of[i])
        elif all(w in _SECTOR_WORDS for w in ws[1:]) and (
                (_ACRONYM.match(ws[0]) and not any(c.isdigit() for c in ws[0]) and (ws[0],) not in g.phrases)
                or distinctive(ws[0], 0)):
            parts.setdefault(_fold(ws[0]), set()).add(group_of[i])
    if not parts:
        return
    # An acronym used far more often than the name it heads is a term of its own
    # ("AI" beside one "AI Technologies"), not that body's short name.
    counts: dict[str, int] = {}
    for i in range(len(raws)):
        counts[folded[i]] = counts.get(folded[i], 0) + 1
    for f in [f for f in parts if f.isupper() or _ACRONYM.match(f.upper())]:
        longs = sum(counts.get(k.split(":", 1)[1], 0) for k in parts[f])
        if counts.get(f, 0) > 4 * max(longs, 1):
            del parts[f]
    for i, r in enumerate(raws):
        f = folded[i]
        hit = parts.get(f)
        if not hit or len(hit) != 1 or " " in f or r.alias_of >= 0 or r.title or cued[i] == "person" \
                or r.next == "age":  # "Lilly, 9, ...": a child, not the company
            continue
        k = next(iter(hit))
        if group_of[i] == k or not group_of[i] or f in last_word or f in first_word:
            continue
        if kind_of[i] in ("person", "other", "unknown") or (kind_of[i] == "organization" and _ACRONYM.match(surf[i])):
            group_of[i] = k
            kind_of[i] = "organization"


_ODD_CASE = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]")
_CAPS_THEN_SMALL = re.compile(r"^[A-Z]{2,}[a-z]")
# Names of people written with a capital inside: "McCarthy", "MacLeod", "DeSantis", "O'Neill".
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|Fitz|De|Di|Da|Du|Le|La|Van|Von|O['’]|D['’])[A-Z][a-z]+$")
# What an unknown single capitalised word is taken for when nothing else tells
# (no title, given name, surname list or ending, verb of saying, "X, who ...", cue,
# gazetteer entry or full name in the article): a thing of some kind, not a person.
# It used to be "person": scored sentence by sentence on the CoNLL-style samples a
# lone surname is common ("GOLF - SCHEFFLER WINS"), and "other" costs 0.929 -> 0.904
# F1 there; scored by document, where a person is first named in full, 0.930 -> 0.927
# (person F1 0.958 -> 0.969).  In scraped pages the lone words left are towns
# ("fares to Porvenir"), brands and products ("Shopify", "Photoshop"): about 5 in a
# sample of 120 were people.
UNKNOWN_SINGLE_KIND = "other"
# Endings that mark a word as a surname in many languages (Ivanov, Kowalski, Petrović, Shevchenko,
# Popescu, Papadopoulos, Hovhannisyan, Gelashvili, Yilmazoglu, Fernández-less Spanish -ez kept out).
_SURNAME_END = re.compile(
    r"(?:ov|ova|ev|eva|ski|ska|sky|cki|wicz|vic|vić|ić|ovich|enko|chuk|escu|opoulos|idis|akis|yan|ian"
    r"|shvili|dze|oglu|oğlu|sson|sen|stein|berg|mann|ini|elli|etti|ucci)$"
)
_PERSON_NEXT = dict.fromkeys(
    "said says told added wrote argued announced explained insisted warned claimed noted stressed "
    "scored won finished replied admitted denied recalled urged met visited spoke resigned died married "
    "took became believes thinks wants hopes vowed pledged promised criticised criticized tweeted age".split(), "person"
)  # ("age": "Lilly, 9, ..." names a person of that age)
_PLACE_NEXT = dict.fromkeys(
    "harbour harbor port airport province region county district valley river coast border mine oilfield mayor streets "
    "residents villagers township municipality quay wharf waterfront neighbourhood neighborhood "
    "plateau desert lake mountains peninsula basin delta glacier volcano island islands".split(), "place"
)
# "Porvenir's port", "Roe's wife": what a possessive name owns tells what it is.
_POSS_NEXT = {"'s " + w: "place" for w in
              "harbour harbor port airport residents villagers coast waterfront quay wharf mayor streets".split()}
_POSS_NEXT.update({"'s " + w: "person" for w in
                   "wife husband son daughter father mother brother sister widow lawyer lawyers spokesman "
                   "spokeswoman spokesperson funeral birthday".split()})
# After a lone name, what only a person is given: "X, who ...", "X, 39,", "X, the world
# record holder", "X, speaking to reporters".
_APPOSITIVE = re.compile(
    r" ?, ?(?:who\b|whose\b|\d{1,3} ?,|speaking\b|the (?:[\w’'-]+ ){0,3}(?:holder|champion|minister|president|"
    r"chairman|chairwoman|chair|director|leader|founder|owner|chief|head|coach|captain|spokesman|spokeswoman|"
    r"author|winner|mayor|governor|senator|economist|analyst|professor|manager|secretary|ambassador|editor)\b)"
)
_STAKE_WORDS = frozenset("shares stake stakes investment investments invested investing jobs".split())
_PLACE_CUES = frozenset("in near outside across around".split())
_PLACE_CUES2 = frozenset(
    "city of|town of|village of|port of|region of|province of|state of|island of|capital of|district of"
    "|municipality of|suburb of|outskirts of|streets of|north of|south of|east of|west of|centre of|center of"
    "|residents of|inhabitants of|people of|mayor of|harbour of|harbor of|coast of|shores of|heart of".split("|")
)
_ORG_CUES = frozenset(
    "company firm group agency party bank newspaper daily broadcaster club team brand maker giant airline "
    "operator retailer insurer lender carrier manufacturer conglomerate startup automaker miner producer "
    "outlet network union association organisation organization".split()
)


# Nouns for things that bear names of their own, put before the name: "the ship X",
# "the frigate X", "the novel X".  With "the" alone before it a name is seldom a
# person's ("the Costa Verde", "on board the X").
_THING_CUES = frozenset(
    "ship vessel boat yacht frigate schooner barque tanker trawler freighter ferry liner cutter destroyer "
    "icebreaker sloop full-rigger tall-ship steamer warship submarine film novel album song opera play "
    "painting book series show".split()
)


def _thing_cue(prev: str) -> str | None:
    if not prev:
        return None
    last = prev.rsplit(" ", 1)[-1]
    return "other" if last == "the" or last in _THING_CUES else None


# Plural demonyms of Spanish and Portuguese ("Limeños", "Paceñas", "Bonaerenses",
# "Cariocas" is not caught): the people of a place, never one person's name.
_DEMONYM_PLURAL = re.compile(r"(?:eños|eñas|enses|ensis)$")


def _place_people(word: str, g: Gazetteer) -> bool:
    """"Londoners", "Muscovites"-style plurals of a known place's name ("Londoners" from
    "London", "Limeños" from "Lima")."""
    for suffix in ("ers", "ites", "ians", "ans"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            stem = word[: -len(suffix)]
            for cand in (stem, stem + "a", stem + "e", stem + "o"):
                hit = g.phrases.get((cand,))
                if hit and hit[0] == "place":
                    return True
    return False


# Of those, the ones that never stand before a person's name ("producer", "team" may:
# "producer Jane Roe").
_ORG_CUES_FIRM = frozenset(
    "company firm agency bank airline retailer insurer lender manufacturer conglomerate startup automaker "
    "miner broadcaster newspaper".split()
)


def _cue(prev: str, strong_only: bool = False) -> str | None:
    """What the words just before an unknown name say it is: "in X" a place,
    "the company X" an organisation."""
    if not prev:
        return None
    if strong_only:
        return "place" if prev in _PLACE_CUES2 or prev.rsplit(" ", 1)[-1] == "near" else None
    last = prev.rsplit(" ", 1)[-1]
    if last == "in" and prev.split(" ")[0] in _STAKE_WORDS:
        return "organization"
    if prev in _PLACE_CUES2:
        return "place"
    if last in _PLACE_CUES:
        return "place"
    if last in _ORG_CUES:
        return "organization"
    return None


# Words before a lone unknown name that tell what it is: "at Quemchi", "fares to
# Porvenir" (a place; "at" may be a body's name too, never a person's), "said Roe".
_SAY_BEFORE = frozenset("said says added asked explained".split())
_MOTION_TO = frozenset(
    "ferry ferries flight flights fare fares route routes road roads trip trips journey voyage travel travelled "
    "traveled travels moved move moving returned return returning sailed sail flew fly drove drive went go going "
    "came headed heading bound exports shipments migrated evacuated relocated".split()
)


def _appositive_org(r: Raw) -> str | None:
    """"The operator, Norte Agua, said": a name set beside "the company", "the
    operator" is that body's name (not the person "said" would suggest)."""
    if r.next == "," and r.prev.endswith(" ,"):
        noun = r.prev[:-2].rsplit(" ", 1)[-1]
        if noun in _ORG_CUES:
            return "organization"
    return None


def _single_cue(prev: str) -> str | None:
    if not prev:
        return None
    words = prev.split(" ")
    last = words[-1]
    if last == "at":
        return "place"
    if last == "to" and len(words) == 2 and words[0] in _MOTION_TO:
        return "place"
    if last in _SAY_BEFORE:
        return "person"
    return None


def _retype_speakers(text: str, raws: list[Raw], g: Gazetteer) -> None:
    """"Yusuf Grieve said": a name whose last word is a word of the language came out a
    thing; a given name or a word no dictionary knows before it, and "said" after it
    (in one mention at least), make it a person's, in every mention."""
    spoke = {text[r.start : r.end] for r in raws
             if r.kind == "other" and r.next in _PERSON_NEXT and not _cue(r.prev)
             and _may_be_person(text[r.start : r.end], g)}
    if spoke:
        for r in raws:
            if r.kind == "other" and text[r.start : r.end] in spoke and not _cue(r.prev):
                r.kind = "person"


def _may_be_person(name: str, g: Gazetteer) -> bool:
    """Two words: a given name (or a word no dictionary knows) and a plain word."""
    ws = name.split()
    return len(ws) == 2 and all(w.isalpha() and w[0].isupper() for w in ws) and ws[1] not in g.not_names \
        and (g.is_first(ws[0]) or not g.in_dictionary(ws[0])) and (ws[0],) not in g.phrases \
        and ws[1] not in g.org_words and ws[1] not in g.other_words and ws[1] not in g.place_words


def _surname_not_gazetteer(r: Raw, surface: str, g: Gazetteer) -> bool:
    """Whether a one-word place or organisation the gazetteer found may rather be the
    surname of a person named in the article: not a country, capital or continent
    (a town, a province: "Nils Pereira", "Ana Zamora"), not an acronym, and no "in"/"the company" cue
    before it."""
    if _ACRONYM.match(surface) or _cue(r.prev) or _PLACE_NEXT.get(r.next):
        return False
    if r.kind == "place":
        hit = g.phrases.get((surface,))
        return bool(hit) and hit[0] == "place" and surface not in g.nations
    return True


# Landform words after a name that the name alone may stand for ("the Atacama").
_LANDFORMS = frozenset(
    "Desert Island Islands Isles Peninsula Mountains Plateau Basin Delta Glacier Archipelago River Lake "
    "Valley Range Cordillera Sierra Steppe Highlands Fjord".split()
)


_LIST_GAP = re.compile(r"(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)(?:the\s+)?")


def _listed_with_places(text: str, raws: list[Raw], folded: list[str], typed: dict[str, str],
                        cued: list) -> set[str]:
    """Single unknown words listed beside a place ("Orkney and Shetland", "Moray and
    the Northern Isles"): the folded words, with what they are listed with, that are
    places by their company.  A person's name is seldom listed among places."""
    # Raws come in the text's order within a segment: a word's neighbours in the list
    # are its neighbours in the text.
    pairs = []
    n = len(raws)
    for i in range(n):
        if raws[i].kind != "unknown" or cued[i] or " " in folded[i]:
            continue
        for x, y in ((i - 1, i), (i, i + 1)):
            if x < 0 or y >= n:
                continue
            a, b = raws[x], raws[y]
            if b.start > a.end and b.start - a.end <= 10 and a.where == b.where \
                    and _LIST_GAP.fullmatch(text, a.end, b.start):
                pairs.append((x, y))
    if not pairs:
        return set()

    def is_place(i: int) -> bool:
        return raws[i].kind == "place" or cued[i] == "place" or typed.get(folded[i]) == "place" \
            or folded[i] in out

    out: set[str] = set()
    for _ in range(3):  # along a list: "Orkney, Shetland and Fair Isle"
        grew = False
        for x, y in pairs:
            for i, j in ((x, y), (y, x)):
                r = raws[i]
                if r.kind == "unknown" and " " not in folded[i] and folded[i] not in out and not cued[i] \
                        and folded[i] not in typed and is_place(j):
                    out.add(folded[i])
                    grew = True
        if not grew:
            break
    return out


def _strip_demonym(name: str, g: Gazetteer) -> str:
    parts = name.split(" ", 1)
    if len(parts) == 2:
        hit = g.phrases.get((parts[0][:1].upper() + parts[0][1:],))
        if hit and hit[0] == "demonym":
            return parts[1]
    return name


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(t == x for x in it) for t in short)


def _name(kind: str, surfaces: list[str], raws: list[Raw]) -> str:
    if kind in ("place", "group"):
        # The gazetteer's spelling only where the article writes it (or shouts it:
        # "LIMA" in a dateline is "Lima"); a folded or alternate match ("Reykjavík"
        # found by "Reykjavik") types the name but never respells it.
        keys = [r.key for r in raws if r.key]
        # "Atacama Desert" over "Atacama" (a longer form holding the key's words), but
        # "Russia" over "Russian Federation" (another name for it)
        longer = {x for x in surfaces if " " in x}
        if longer:
            keys = [k for k in keys if not any(len(x.split()) > len(k.split()) and _subsequence(k.split(), x.split())
                                               for x in longer)]
        if keys:
            written = set(surfaces)
            for key in dict.fromkeys(keys):
                if key in written or any(s.isupper() and s.lower() == key.lower() for s in written):
                    return key
    # A shouted headline's "UKRAINE" is named as the body writes it, or in title case.
    calm = [s for s in surfaces if not (s.isupper() and (len(s) > 6 or " " in s))]
    if calm:
        surfaces = calm
    else:
        cap = _cap_word if kind == "person" else str.capitalize  # (a person's "Martinez-Beltran")
        surfaces = [" ".join(map(cap, s.split())) for s in surfaces]
    if kind in ("person", "organization"):
        # The fullest form the article uses (most words, then longest).
        # (among equals, the first written: max keeps the first of equal keys)
        return max(dict.fromkeys(surfaces), key=lambda s: (len(s.split()), len(s)))
    counts: dict[str, int] = {}
    for s in surfaces:
        counts[s] = counts.get(s, 0) + 1
    if kind == "place":
        # "Atacama" joined to "Atacama Desert": the fullest form, as for people.
        return max(counts, key=lambda s: (len(s.split()), counts[s], len(s)))
    return max(counts, key=lambda s: (counts[s], len(s)))


def _merge_dates(text: str, date_raws, published: str | None) -> list[Entity]:
    year = context_year(published, [d for *_, d in date_raws])
    groups: dict[str, Entity] = {}
    for start, end, where, d in date_raws:
        value = d.value
        if value is None and d.needs_year and year:
            value = f"{year}-{d.month:02d}-{d.day:02d}"
        surface = text[start:end]
        key = value or " ".join(surface.split()).lower()
        ent = groups.get(key)
        if ent is None:
            ent = groups[key] = Entity(" ".join(surface.split()), "date", [], value)
        elif len(surface) > len(ent.name) and (d.value or not ent.value):
            ent.name = " ".join(surface.split())
        ent.mentions.append(Mention(surface, start, end, where))
    return list(groups.values())
