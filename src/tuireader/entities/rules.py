"""Finding name candidates in one stretch of text and deciding what each names.

Works on one segment at a time and returns :class:`Found` records with offsets
local to the segment; :mod:`tuireader.entities.extract` shifts them into the
article and merges them into entities.

The method: split the text into tokens; join capitalised tokens that stand next
to each other (with "of", "de", "al-" and the like between them) into runs;
cut each run at the phrases the gazetteer knows (titles, places, nationalities,
organisations); then decide each remaining piece by its words: an
organisation word at its end (Council, Ministry, Times) makes an organisation,
a place word (Strait, River) a place, an event word (Summit, Act) an "other",
a title before it or a first name at its head a person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter, methodcaller

from tuireader.entities.gazetteer import DEMONYM, GROUP, ORG, OTHER, PLACE, TITLE, Gazetteer, fold

_ABBREV = r"(?:Mr|Mrs|Ms|Mx|Dr|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Sen|Rep|Gov|Prof|Rev|St|Mt|Jr|Sr|Inc|Corp|Co|Ltd|Brig|Cpl|Pvt|Ft|No)\."
_TOKEN = re.compile(
    r"(?=[A-Z])(?:"  # (the capitals' forms are tried only where a capital stands: quicker)
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.
    r"|" + _ABBREV +
    r"|[A-Z]\.(?=\s+[A-Z])"  # initial: John F. Kennedy
    r")|[^\W\d_]\w*(?:[-'’](?=[^\W_])\w*)*\+?"  # words, hyphenated, apostrophes, BRICS+
    r"|\d+(?:[.,:/]\d+)*"
    r"|&"
)
_POSSESSIVE = re.compile(r"[’']s$|(?<=s)[’']$")
_PARTICLE_HYPHEN = re.compile(r"^(?:al|el|ad|as|ash|at|az|an|ar|bin|ibn|bint|abu|de|di|da|d|l|o)[-’'][A-Z]")
_PARTICLE_HYPHEN_ANY = re.compile(r"[-’'][A-Z]")  # no such token in a text without this: a quick test first
_CONTRACTION = re.compile(r"[’'](?:t|ll|ve|re|d|m|T|LL|VE|RE|D|M)$")
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,7}\+?|(?:[A-Z]\.){2,}|[A-Z]\d{1,2})$")

# Lower-case words that may stand inside a name between capitalised words.
PARTICLES = frozenset(
    "de del della di da do dos das du la le les van von der den ter bin ibn bint al el y e".split()
)
_STRAY = PARTICLES | {"of", "the", "and", "&", "for", "on"}  # not at the ends of a name
_STRAY_IN_PART = PARTICLES | {"of", "the", "&", "for"}
SENTENCE_END = frozenset(".!?:;\"“”‘’'•…–—-(|[")


@dataclass(slots=True)
class Found:
    start: int  # local to the text given
    end: int
    kind: str  # person organization place group date other unknown
    key: str = ""  # canonical name where the gazetteer gives one
    initial: bool = False  # first word of a sentence or headline
    title: bool = False  # a title stood before it (persons)
    acronym_of: int = -1  # index of the organisation this acronym spells out
    prev: str = ""  # the one or two lower-case words before it ("in", "city of")
    next: str = ""  # the lower-case word after it ("said")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Tokens as (start, end, text); a possessive 's is cut off the token."""
    # Built with map/zip rather than a loop over the matches: this runs on every word.
    ms = list(_TOKEN.finditer(text))
    words = list(map(_GROUP, ms))
    out = list(zip(map(_START, ms), map(_END, ms), words))
    if "'" not in text and "’" not in text:
        return out
    # Only a token ending in "s" after an apostrophe (or in an apostrophe) may be a possessive.
    for i in compress(range(len(words)), map(_MAY_BE_POSSESSIVE, words)):
        s, e, tok = out[i]
        pm = _POSSESSIVE.search(tok)
        if pm and len(tok) > 2:
            cut = len(pm.group())
            out[i] = (s, e - cut, tok[: len(tok) - cut])
    return out


def _org_acronym(w: str) -> bool:
    """Capitals that may spell a body's name ("NDU", "BRICS+"); with a digit in it
    ("OSC52", "B2B", "RAV4") a code or a model more often than a body."""
    return bool(_ACRONYM.match(w)) and not any(c.isdigit() for c in w)


_HONORIFICS = frozenset("Mr Mrs Ms Mx Mr. Mrs. Ms. Mx. Dr Dr.".split())
_DETERMINERS = frozenset("the its their a an".split())
# What a possessive name may be read by: a place's own harbour or people ("X's port").
_AFTER_POSSESSIVE = frozenset(
    "harbour harbor port airport residents villagers coast waterfront quay wharf mayor streets "
    "wife husband son daughter father mother brother sister widow lawyer lawyers spokesman spokeswoman "
    "spokesperson funeral birthday".split())
# Prepositions that, capitalised at a sentence start, still tell what the name after them is.
_INITIAL_CUES = frozenset("In Near Outside Across Around".split())
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end
_MAY_BE_POSSESSIVE = methodcaller("endswith", ("'s", "’s", "'", "’"))
_PARTICLE_FIRST = frozenset("aebidlo")  # first letters of the particles in _PARTICLE_HYPHEN
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


def _found(text: str, toks, ti: int, tb: int, kind: str, key: str, title: bool, initial: bool) -> Found:
    """The candidate made of tokens ``ti``..``tb``, with the lower-case words around it."""
    s, e = toks[ti][0], toks[tb][1]
    prev = ""
    if ti:
        p1 = toks[ti - 1]
        if p1[2] in _HONORIFICS and text[p1[1] : s] == " ":
            title = True  # "Mr Ostergaard": the honorific is kept out of the run, not out of the reading
        if p1[2].islower() and text[p1[1] : s] == " ":
            prev = p1[2]
            if ti > 1 and text[toks[ti - 2][1] : p1[0]] == " ":
                p2 = toks[ti - 2][2]
                if p2.islower() or (p2[:1].isupper() and p2[1:].islower()):  # "Fares to X" too
                    prev = p2.lower() + " " + prev
        elif p1[2] in _INITIAL_CUES and text[p1[1] : s] == " ":
            prev = p1[2].lower()  # "In Lerwick, ...": the preposition starting the sentence
        elif p1[2].islower() and text[p1[1] : s] == ", " and ti > 1 and toks[ti - 2][2].lower() in _DETERMINERS \
                and text[toks[ti - 2][1] : p1[0]] == " ":
            prev = toks[ti - 2][2].lower() + " " + p1[2] + " ,"  # "the operator, Norte Agua, said"
    nxt = ""
    if tb + 1 < len(toks):
        nts, _, nw = toks[tb + 1]
        gap = text[e:nts]
        if nw[:1].isdigit() and gap == " ":
            nxt = "#"  # "Feyenoord 2 Ajax 1": a team in a results line
        elif nw.isdigit() and len(nw) <= 3 and gap == ", " and text[toks[tb + 1][1] : toks[tb + 1][1] + 1] == ",":
            nxt = "age"  # "Lilly, 9, handed the mayor a bouquet": a person's age
        elif nw.islower() and gap in (" ", ", "):
            nxt = nw if gap == " " else ","
        elif gap == " , ":
            nxt = ","
        elif gap in ("'s ", "’s ") and nw.islower() and nw in _AFTER_POSSESSIVE:
            nxt = "'s " + nw  # "Porvenir's port", "Quemchi's residents", "Roe's wife"
    return Found(s, e, kind, key, initial, title, -1, prev, nxt)


class Finder:
    """Rule-based candidate finder over one text (a segment)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.g = gaz
        self.run_prev = ""

    # -- runs -------------------------------------------------------------
    def runs(self, text: str, toks: list[tuple[int, int, str]], blocked: list[tuple[int, int]]):
        """Yield lists of token indexes forming capitalised runs."""
        g = self.g
        n = len(toks)
        run: list[int] = []
        pending: list[int] = []  # particles waiting for a capitalised word after them

        # The tokens that overlap a blocked span (a date, a dateline), found once.
        blocked_toks: set[int] = set()
        if blocked:
            ends = list(map(_SECOND, toks))
            for bs, be in blocked:
                k = bisect_right(ends, bs)  # the first token ending after the span starts
                while k < n and toks[k][0] < be:
                    blocked_toks.add(k)
                    k += 1

        # Outside a run (most words), only a word that may start a name matters: go from
        # one such word to the next.
        words = list(map(_THIRD, toks))
        starts = list(compress(range(n), map(str.isupper, map(_FIRST, words))))
        if _PARTICLE_HYPHEN_ANY.search(text):
            starts = sorted(starts + [i for i in range(n) if _PARTICLE_HYPHEN.match(words[i])
                                      and not words[i][0].isupper()])
        not_names = g.not_names
        next_start = iter(starts)
        i = -1
        while True:
            i += 1
            if not run:
                at = i
                for i in next_start:
                    if i >= at:
                        break
                else:
                    break
                tok = toks[i][2]
                if (tok not in not_names or (tok in _MONTH_ABBR and _before_name(text, toks, i))) \
                        and not (("'" in tok or "’" in tok) and _CONTRACTION.search(tok)) \
                        and i not in blocked_toks:
                    run.append(i)
                continue
            if i >= n:
                break
            s, _, tok = toks[i]
            gap = text[toks[i - 1][1] : s] if i else ""
            joined = gap == " " or _joinable(gap) or ((
                # "Andean Women’s Football League": a common noun's possessive inside a name
                gap in ("’s ", "'s ", " 's ", " ’s ") and not pending and toks[i - 1][2].lower() in g.words
                and tok[:1].isupper() and not g.is_first(toks[i - 1][2]) and (toks[i - 1][2],) not in g.phrases
            ) or (
                # "Farmers’ Union", "Skippers’ Group": a plural possessive before an organisation word
                gap in ("’ ", "' ") and not pending and toks[i - 1][2].endswith("s") and tok in g.org_words
            ))
            if not joined:
                if run:
                    yield run
                run, pending = [], []
            c = tok[0]  # capitalised, or "al-Assad", "de'Medici"; "7" only inside a name ("Channel 7")
            cap = c.isupper() or (c in _PARTICLE_FIRST and _PARTICLE_HYPHEN.match(tok)) or (
                c.isdigit() and bool(run) and tok in ("7", "8", "20"))
            if cap and (tok not in not_names or (tok in _MONTH_ABBR and _before_name(text, toks, i))) \
                    and not (("'" in tok or "’" in tok) and _CONTRACTION.search(tok)) \
                    and i not in blocked_toks:
                if pending:
                    run.extend(pending)
                    pending = []
                run.append(i)
            elif run and (tok in PARTICLES or tok in ("of", "the", "and", "&", "for", "on")) and not pending:
                pending.append(i)
            elif run and pending and toks[pending[-1]][2] in ("of", "for") and tok == "the":
                pending.append(i)
            else:
                if run:
                    yield run
                run, pending = [], []
        if run:
            yield run

    # -- classification -----------------------------------------------------
    def classify(self, text: str, toks, run: list[int], initial_idx) -> list[Found]:
        """The candidates in one run, offsets local to ``text``; ``initial_idx[i]`` tells
        whether token ``i`` starts a sentence."""
        g = self.g
        r0 = run[0]
        if len(run) == 1:
            # The commonest run: one capitalised word starting a sentence ("The", "However").
            # Settled here as the steps below would settle it when no phrase starts with it.
            w = toks[r0][2]
            if not g.first_len.get(w) and (w.isascii() or not g.first_len.get(fold(w))) \
                    and not ("-" in w and w[0].isupper()):
                if w.lower() in ("the", "a", "an") or (
                    (initial_idx[r0] or w in ("The", "A", "An")) and (g.is_common(w) or w in g.not_names)
                ) or w in _STRAY:
                    return []
                # Else it names something: as the steps below would decide a lone unknown word.
                kind = "organization" if w in g.org_words or _org_acronym(w) else "unknown"
                return [_found(text, toks, r0, r0, kind, "", False, initial_idx[r0])]
        # What a run names depends only on its words, which of them start a sentence
        # and the word before it: decided once for each such run (names come back,
        # in an article and across a library), then placed in this text.
        words = tuple([toks[i][2] for i in run])
        initial = tuple(map(initial_idx.__getitem__, run))
        run_prev = toks[r0 - 1][2] if r0 and text[toks[r0 - 1][1] : toks[r0][0]] == " " else ""
        key = (words, initial, run_prev in _PLACE_SIBLING_CUES)
        plan = g.run_plans.get(key)
        if plan is None:
            self.run_prev = run_prev
            # A name is a few words at most: a candidate longer than that is a run of
            # capitalised words (a table's row, a menu, a made-up string), not a name.
            plan = [p for p in self._plan(list(words), initial) if p[2] - p[1] <= MAX_NAME_TOKENS]
            if len(g.run_plans) > 50_000:
                g.run_plans.clear()  # bounded, as is_common's answers
            g.run_plans[key] = plan
        out: list[Found] = []
        for kind, a, b, name, title, part in plan:
            if part is None:
                out.append(_found(text, toks, run[a], run[b - 1], kind, name, title, initial[a]))
            else:  # one place of a hyphenated pair ("Russia-Ukraine"): offset and length in token a
                ps = toks[run[a]][0] + part[0]
                out.append(Found(ps, ps + part[1], kind, key=name))
        return out

    def _plan(self, words: list[str], initial: tuple[bool, ...]) -> list[tuple]:
        """What a run of ``words`` names, as (kind, a, b, key, title, part) with a, b
        positions in the run (b exclusive); part is None but for the pieces of a
        hyphenated token: (offset, length) inside token a."""
        g = self.g
        n = len(words)
        # Label each position with the longest gazetteer phrase starting there.
        labels: list[tuple[str, str, int, bool]] = []  # (kind, canonical, length, strong)
        phrases, first_len = g.phrases, g.first_len
        ascii_ = [w.isascii() for w in words]
        folded = words if all(ascii_) else [fold(w) for w in words]
        i = 0
        while i < n:
            best = None
            # Only as long as the longest phrase starting with this word (as written or unaccented).
            lim = first_len.get(words[i], 0)
            flim = lim if folded is words else first_len.get(folded[i], 0)
            for L in range(min(max(lim, flim), n - i), 0, -1):
                hit = phrases.get(tuple(words[i : i + L])) if L <= lim else None
                if hit is None and L <= flim and not all(ascii_[i : i + L]):
                    hit = phrases.get(tuple(folded[i : i + L]))
                if hit:
                    best = (hit[0], hit[1], L, hit[2])
                    break
            if best is None:
                w = words[i]
                if "-" in w and w[0].isupper():
                    parts = w.split("-")
                    kinds = [g.phrases.get((p,)) for p in parts]
                    if all(k and k[0] in (PLACE, DEMONYM) for k in kinds):
                        best = ("split", w, 1, True)
                if best is None:
                    best = ("unk", w, 1, False)
            labels.append(best)
            i += best[2]

        # Expand into pieces with token positions.
        pieces = []  # (kind, canonical, a, b) a,b positions into run (b exclusive)
        pos = 0
        for kind, canon, L, strong in labels:
            pieces.append([kind, canon, pos, pos + L, strong])
            pos += L

        # Drop sentence-initial common words ("The", "From", "Only") and stray particles.
        while pieces:
            kind, canon, a, b, strong = pieces[0]
            w = words[a]
            if kind == "unk" and (w.lower() in ("the", "a", "an") or (
                (initial[a] or w in ("The", "A", "An")) and (g.is_common(w) or w in g.not_names)
                and (w.lower() in FUNCTION_WORDS or not _heads_name(g, words, a))
                # "Nils Pereira said": a given name before a known surname stays
                and not (g.is_first(w) and b < n and words[b] in g.last_names and w not in g.not_names
                         and w.lower() not in FUNCTION_WORDS)
            )):
                pieces.pop(0)
                continue
            if kind == "unk" and w in _STRAY:
                pieces.pop(0)
                continue
            if kind == TITLE and initial[a] and b == len(words):
                pieces.pop(0)
                continue
            break
        while pieces and pieces[-1][0] == "unk" and words[pieces[-1][2]] in _STRAY:
            pieces.pop()
        if not pieces:
            return []

        out: list[tuple] = []
        chunk: list[list] = []  # pieces not yet decided

        def emit(kind: str, a: int, b: int, key: str = "", title: bool = False) -> None:
            out.append((kind, a, b, key, title, None))

        def flush(after_title: bool) -> None:
            if chunk:
                self._decide(chunk, words, emit, after_title)
                chunk.clear()

        after_title = False
        k = 0
        while k < len(pieces):
            kind, canon, a, b, strong = pieces[k]
            if kind == TITLE and k and pieces[k - 1][0] == "unk" and words[pieces[k - 1][2]] in ("of", "the", "for", "&", "on"):
                kind = pieces[k][0] = "unk"  # "Court of Justice", "Commission for Justice"
            if kind == TITLE:
                # A title only when a name follows; "Justice Ministry" is an organisation.
                nxt = pieces[k + 1] if k + 1 < len(pieces) else None
                if nxt is not None and nxt[0] == "unk" and words[nxt[2]].lower() in FUNCTION_WORDS \
                        and words[nxt[2]] not in ("of", "the", "and", "for", "&", "on") \
                        and not g.is_first(words[nxt[2]]) and words[nxt[2]] not in g.last_names:
                    # "Deaf President Now", "McKinley St. Their": no name follows (but "Prime
                    # Minister May" has one); neither the title nor the function word is a name
                    flush(after_title)
                    after_title = False
                    k += 2
                    continue
                if nxt is None and k and pieces[k - 1][0] == "unk" and g.is_first(words[pieces[k - 1][2]]) and b - a == 1:
                    pieces[k][0] = "unk"  # "Aaron Judge": a surname, not a title
                    chunk.append(pieces[k])
                    k += 1
                    continue
                org_follows = False
                j = k + 1
                while j < len(pieces) and pieces[j][0] == "unk":
                    if words[pieces[j][3] - 1] in g.org_words or words[pieces[j][3] - 1] in g.other_words:
                        org_follows = True
                        break
                    j += 1
                if chunk and words[b - 1] in _PORTFOLIO_TITLES and chunk[-1][0] in (ORG, OTHER) \
                        and chunk[-1][3] - chunk[-1][2] == 1 and chunk[-1][3] == a \
                        and g.is_common(words[chunk[-1][2]]):
                    # "Labour Minister X", "Treasury Secretary X": a known name that is also a
                    # plain word, right before a minister's title, is the portfolio.
                    chunk.pop()
                if nxt is not None and nxt[0] == "unk" and not org_follows and words[nxt[2]] not in ("the", "and", "for", "&", "on"):
                    # "Environment and Water Minister X": the words before belong to the title.
                    _pop_portfolio(g, words, chunk)
                if nxt is not None and nxt[0] in ("unk",) and not org_follows and words[nxt[2]] not in ("of", "the", "and", "for", "&", "on"):
                    flush(after_title)
                    after_title = True
                    k += 1
                    continue
                if nxt is not None and nxt[0] == "unk" and words[nxt[2]] == "of":
                    flush(after_title)
                    rest = pieces[k + 2 :]
                    while rest and rest[0][0] == "unk" and words[rest[0][2]] == "the":
                        rest = rest[1:]
                    # The person starts at the last first name with only name words after it.
                    cut = -1
                    for j in range(len(rest) - 1, -1, -1):
                        if rest[j][0] == "unk" and g.is_first(words[rest[j][2]]) and j < len(rest) - 1:
                            tail = rest[j:]
                            if all(p[0] in ("unk", PLACE) and words[p[2]] not in ("of", "the", "and", "for", "&")
                                   and words[p[2]] not in g.org_words for p in tail):
                                cut = j
                            break
                    if cut >= 0:
                        emit("person", rest[cut][2], rest[-1][3], title=True)
                        return out
                    # "Minister of Foreign Trade and Tourism": the portfolio, common words
                    # only, is part of the title and names nothing.
                    rest = _drop_portfolio(g, words, rest, "minist" in " ".join(words[a:b]).lower())
                    chunk.extend(rest)
                    flush(False)
                    return out
                if nxt is None or nxt[0] == TITLE:
                    # "Environment and Water Minister," with the name after a comma:
                    # the common words before the title are its portfolio.
                    _pop_portfolio(g, words, chunk, strict=True)
                    flush(after_title)
                    after_title = False
                    k += 1
                    continue
                pieces[k][0] = "unk"
            if kind == "split":
                flush(after_title)
                after_title = False
                off = 0
                for part in canon.split("-"):
                    hit = g.phrases.get((part,))
                    out.append(("place" if hit[0] == PLACE else "group", a, b, hit[1], False, (off, len(part))))
                    off += len(part) + 1
                k += 1
                continue
            chunk.append(pieces[k])
            k += 1
        flush(after_title)
        return out

    def _decide(self, chunk, words, emit, after_title: bool) -> None:
        """Decide the kinds of a chunk of pieces between titles."""
        g = self.g
        # Split at "and"/"for"/"on" unless an organisation word stands before a "for"/"&".
        parts: list[list] = [[]]
        for p in chunk:
            w = words[p[2]]
            if p[0] == "unk" and w == "and":
                parts.append([])
                continue
            if p[0] == "unk" and w in ("for", "on"):
                prev = parts[-1]
                if not prev or words[prev[-1][3] - 1] not in g.org_words:
                    parts.append([])
                    continue
            parts[-1].append(p)
        place_sibling = len(parts) > 1 and (
            any(len(pt) == 1 and pt[0][0] == PLACE for pt in parts) or self.run_prev in _PLACE_SIBLING_CUES
        )
        for part in parts:
            while part and part[-1][0] == "unk" and words[part[-1][2]] in _STRAY_IN_PART:
                part.pop()
            while part and part[0][0] == "unk" and words[part[0][2]] in _STRAY_IN_PART:
                part.pop(0)
            if not part:
                continue
            if place_sibling and all(p[0] == "unk" for p in part) and not after_title and len(part) <= 3:
                ws = [words[p[2]] for p in part]
                if (not g.is_common(ws[0]) or len(ws) > 1) and not g.is_first(ws[0]) and not _ACRONYM.match(ws[0]) \
                        and not any(w in g.org_words or w in g.other_words for w in ws):
                    emit("place", part[0][2], part[-1][3])  # "La Paz and El Alto"
                    continue
            self._decide_part(part, words, emit, after_title)
            after_title = False

    def _decide_part(self, part, words, emit, after_title: bool) -> None:
        g = self.g
        a0, b0 = part[0][2], part[-1][3]
        # Organisation: an organisation word somewhere, extended by "of ..." to the end.
        org_at = -1
        for idx, p in enumerate(part):
            if (p[0] == "unk" and words[p[3] - 1] in g.org_words) or (
                p[0] == ORG and idx + 1 < len(part) and words[part[idx + 1][2]] in ("of", "for")
            ):
                org_at = idx
                if idx + 1 < len(part) and words[part[idx + 1][2]] not in ("of", "for", "on"):
                    continue
                break
        if org_at == 0 and words[a0] in g.org_heads and len(part) > 1 and words[part[1][2]] not in ("of", "for"):
            emit("organization", a0, b0)  # "Club Altiplano Femenino"
            return
        if org_at >= 0 and not after_title:
            end_idx = org_at + 1
            # "Business Group on Health": an "on" after the body's word (the chunk was not
            # split there) goes on with its name, as "of" and "for" do
            if end_idx < len(part) and (words[part[end_idx][2]] in ("of", "for") or (
                    words[part[end_idx][2]] == "on" and not words[part[org_at][3] - 1].endswith(".") and not any(
                        words[p[2]] in g.place_words or words[p[2]] in _STREET_WORDS or words[p[2]].endswith(".")
                        or "-" in words[p[2]] for p in part[end_idx + 1 :]))):
                # to the end, but not over a person: "Party for Freedom of Geert Wilders"
                j = end_idx + 1
                while j < len(part) and not (
                    part[j][0] == "unk" and g.is_first(words[part[j][2]]) and words[part[j - 1][2]] in ("of", "for")
                    and j + 1 < len(part) and all(not g.is_common(words[p[2]]) for p in part[j + 1 :])
                ):
                    j += 1
                if j < len(part):
                    emit("organization", a0, part[j - 2][3])
                    self._decide_part(part[j:], words, emit, False)
                    return
                end_idx = len(part)
            elif end_idx < len(part) and part[end_idx][0] in (ORG, PLACE):
                end_idx += 1  # "Star India", "Bank Indonesia"
            elif org_at >= 1:
                # "Austin Independent School District", "Unified School District": a place word
                # right after the organisation's word is the end of its name, not a name of its
                # own (but "Times Square", "Union City": one word before it is the place's name)
                while end_idx < len(part) and part[end_idx][0] == "unk" \
                        and words[part[end_idx][2]] in g.place_words:
                    end_idx += 1
            elif len(part) == 2 and part[1][0] == "unk" and words[part[1][2]] in g.place_words \
                    and words[part[1][2]] != "District" and words[a0][1:].islower():
                emit("place", a0, b0)  # "Times Square", "Union City", "Union Station"
                return
            # Leading place pieces before an organisation word belong to it
            # ("Venezuela Central Bank"), but a known person before it does not.
            emit("organization", a0, part[end_idx - 1][3])
            rest = part[end_idx:]
            if rest:
                self._decide_part(rest, words, emit, False)
            return
        if len(part) > 1 and part[0][0] == "unk" and not after_title:
            head = words[a0]
            if head in g.org_heads:
                emit("organization", a0, b0)
                return
            if head in g.other_heads:
                emit("other", a0, b0)
                return
            if head in g.place_heads and part[1][0] != TITLE and not (head in ("San", "Santa", "Saint", "St.", "Santo", "São") and len(part) > 3):
                emit("place", a0, b0)
                return
        # Split "X of Y" when X is not an organisation/place word: "Patrushev of Russia".
        for idx, p in enumerate(part):
            if idx and p[0] == "unk" and words[p[2]] == "of":
                head = part[:idx]
                last = words[head[-1][3] - 1]
                if last in g.place_words or last in g.other_words or last in g.titles_lower:
                    kind = "place" if last in g.place_words else "other"
                    emit(kind, a0, b0)
                    return
                tail = part[idx + 1 :]
                while tail and words[tail[0][2]] in ("the",):
                    tail = tail[1:]
                self._decide_part(head, words, emit, after_title)
                if tail:
                    self._decide_part(tail, words, emit, False)
                return
        if len(part) == 1 and part[0][0] != "unk":
            kind, canon, a, b, strong = part[0]
            if kind == PLACE:
                emit("place", a, b, canon)
            elif kind == ORG:
                emit("organization", a, b, canon)
            elif kind in (DEMONYM, GROUP):
                emit("group", a, b, canon)
            elif kind == OTHER:
                emit("other", a, b, canon)
            elif kind == TITLE:
                pass
            return
        # Mixed chunk: emit known leading pieces separately, then decide the unknown rest.
        unk_tokens = [p for p in part if p[0] == "unk"]
        if len(unk_tokens) != len(part) and len(part) <= 4:
            last = words[b0 - 1]
            firstw = words[a0]
            ends_plain = not (part[-1][0] == "unk" and (last in g.place_words or last in g.org_words or last in g.other_words))
            singles = all(p[3] - p[2] == 1 and p[0] in ("unk", PLACE, DEMONYM) for p in part)
            second = words[part[1][2]]
            # "Harrison Ford", "Michael Dell": a first name before a one-word company is a person.
            if (len(part) == 2 and part[0][0] == "unk" and g.is_first(firstw) and part[1][0] == ORG
                    and part[1][3] - part[1][2] == 1 and not _ACRONYM.match(second)):
                emit("person", a0, b0, title=after_title)
                return
            if ends_plain and singles and (
                after_title
                or (g.is_first(firstw) and part[1][0] in ("unk", PLACE)
                    and (second.lower() not in g.words or (len(part) == 2 and not part[1][4])))
            ):
                emit("person", a0, b0, title=after_title)
                return
            # "Brayan Bello": unknown name words around a small town's name are a person.
            if ends_plain and singles and all(
                (p[0] == "unk" and not g.is_common(words[p[2]]) and not _ACRONYM.match(words[p[2]]))
                or (p[0] == PLACE and not p[4]) for p in part
            ) and part[0][0] == "unk":
                emit("person", a0, b0)
                return
            # "New York Yankees", "Boston Red Sox": a place and then a team name.
            if part[0][0] == PLACE and all(p[0] == "unk" for p in part[1:]) and (
                words[b0 - 1].endswith("s") and not words[b0 - 1].endswith("ss") or words[b0 - 1] in g.org_words
            ) and not g.is_first(words[part[1][2]]) and words[b0 - 1] not in g.place_words:  # not "X Heights"
                emit("organization", a0, b0)
                return
        if len(unk_tokens) != len(part) and not after_title:
            kinds = [p[0] for p in part]
            # "BBC Scotland": a known organisation followed by a place;
            # "Nissan Motor", "Honda Motor Company": followed by common words.
            if kinds[0] == ORG and all(
                k == PLACE or (k == "unk" and words[p[2]].lower() in g.words and words[p[2]] not in ("of", "for", "the")
                               and words[p[2]] not in g.place_words)
                for k, p in zip(kinds[1:], part[1:])
            ):
                emit("organization", a0, b0)
                return
            # "Liberal Democratic Party": a movement's word before a known organisation.
            if kinds[-1] == ORG and all(k == GROUP for k in kinds[:-1]):
                emit("organization", a0, b0)
                return
            # "Paris Olympics": a place or nationality before a known event.
            if kinds[-1] == OTHER and all(k in (PLACE, DEMONYM) for k in kinds[:-1]):
                emit("other", a0, b0)
                return
            # "Athletics Kenya", "Air France": common words before a place name.
            if kinds[-1] == PLACE and len(part) >= 2 and all(
                k == "unk" and words[p[2]].lower() in g.words and not g.is_first(words[p[2]])
                and words[p[2]] not in g.titles_lower for k, p in zip(kinds[:-1], part[:-1])
            ) and not any(words[p[2]].lower() in FUNCTION_WORDS for p in part[:-1]):
                emit("organization", a0, b0)
                return
        if len(unk_tokens) != len(part):
            # A place word at the end makes the whole a place ("Bab el-Mandeb Strait").
            last = words[b0 - 1]
            if part[-1][0] == "unk" and last in g.place_words and not after_title:
                emit("place", a0, b0)
                return
            if part[-1][0] == "unk" and last in g.other_words and not after_title:
                emit("other", a0, b0)
                return
            i = 0
            while i < len(part):
                if part[i][0] == "unk":
                    j = i
                    while j < len(part) and part[j][0] == "unk":
                        j += 1
                    self._decide_part(part[i:j], words, emit, after_title)
                    after_title = False
                    i = j
                else:
                    self._decide_part([part[i]], words, emit, False)
                    i += 1
            return
        # All unknown words.
        toks = words[a0:b0]
        if "&" in toks:
            emit("organization", a0, b0)  # "Pratt & Whitney", "Procter & Gamble"
            return
        last = toks[-1]
        if not after_title:
            if last in g.place_words and len(toks) > 1:
                emit("place", a0, b0)
                return
            if last in g.other_words and len(toks) > 1:
                emit("other", a0, b0)
                return
        if len(toks) == 1:
            w = toks[0]
            if after_title:
                emit("person", a0, b0, title=True)
            elif _org_acronym(w):
                emit("organization", a0, b0)
            else:
                emit("unknown", a0, b0)
            return
        if after_title or g.is_first(toks[0]):
            emit("person", a0, b0, title=after_title)
            return
        if any(_ACRONYM.match(t) for t in toks):
            emit("organization", a0, b0)
            return
        # "Salar de Uyuni", "Banco de la Nación": a Romance particle inside a phrase that
        # does not start with a given name is not a person's name.
        if any(t in _ROMANCE_PARTICLES for t in toks[1:-1]):
            emit("other", a0, b0)
            return
        # A surname may be a common word ("Jannik Sinner"); the words before it may not.
        common = sum(1 for t in toks if t.lower() in g.words and not g.is_first(t) and t not in g.last_names)
        if common == 0:
            emit("person", a0, b0)
        else:
            emit("other", a0, b0)


# The most tokens a name may have.  The longest real names of bodies run to about ten
# ("International Federation of Red Cross and Red Crescent Societies": 9, "United
# Kingdom of Great Britain and Northern Ireland": 8); on 793 scraped pages every
# candidate of more than 12 was a run of menu items, table cells or headings.
MAX_NAME_TOKENS = 12
_STREET_WORDS = frozenset("Ave Avenue St Street Rd Road Blvd Boulevard Lane Drive Square Plaza".split())
_PLACE_SIBLING_CUES = ("in", "near", "from")  # "in La Paz and El Alto": both are places
# Titles written after the portfolio they hold ("Labour Minister", "Home Secretary").
_PORTFOLIO_TITLES = frozenset("Minister Secretary Commissioner Spokesman Spokeswoman Spokesperson Undersecretary".split())
_ROMANCE_PARTICLES = frozenset("de del della di da do dos das du".split())


def _pop_portfolio(g: Gazetteer, words: list[str], chunk: list, strict: bool = False) -> None:
    """Take off the end of ``chunk`` the portfolio written before a title ("Fisheries
    and Aquaculture" Minister): the plain words back to the last known name, when
    most of them are common words and none is a given name or an acronym.  ``strict``
    (no name follows the title in this run: "Google Ads Manager, Jo Bloggs"): only a
    portfolio of common words, or of two joined by "and", goes."""
    j = len(chunk)
    while j and chunk[j - 1][0] == "unk":
        j -= 1
    tail = [words[p[2]] for p in chunk[j:]]
    if not tail:
        return
    content = [w for w in tail if w not in ("and", "&", "of", "the")]
    common = [w for w in content if g.is_common(w) and w not in g.place_words]
    if strict and len(common) < len(content) and not ("and" in tail or "&" in tail):
        return
    if any(g.is_first(w) or _ACRONYM.match(w) for w in content) or len(common) * 2 < len(content):
        # only the common words nearest the title go
        while chunk and chunk[-1][0] == "unk" and (
            words[chunk[-1][2]] in ("and", "&") or (
                g.is_common(words[chunk[-1][2]]) and words[chunk[-1][2]] not in g.org_words
                and words[chunk[-1][2]] not in g.place_words and not g.is_first(words[chunk[-1][2]]))
        ):
            chunk.pop()
        return
    del chunk[j:]


def _drop_portfolio(g: Gazetteer, words: list[str], rest: list, ministry: bool = False) -> list:
    """The pieces after "Minister of", less the parts (split at "and") made only of
    common words: "Foreign Trade and Tourism" names no entity, "Bank of Spain" does."""
    parts: list[tuple[list, list]] = [([], [])]  # (separator pieces, pieces)
    for p in rest:
        if p[0] == "unk" and words[p[2]] in ("and", "&"):
            parts.append(([p], []))
        else:
            parts[-1][1].append(p)
    kept: list = []
    for sep, part in parts:
        if part and all(p[0] == "unk" for p in part) and all(
            words[p[2]] in ("of", "the", "for")
            or (g.is_common(words[p[2]]) and ((ministry and len(part) == 1) or words[p[2]] not in g.org_words)
                and not g.is_first(words[p[2]]))
            for p in part
        ):
            continue
        if kept:
            kept.extend(sep)
        kept.extend(part)
    return kept


# A month's short form is a date only with a day or a year: before a capitalised
# word it is part of a name ("Mar Menor", the Spanish for sea).
_MONTH_ABBR = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())


def _before_name(text: str, toks, i: int) -> bool:
    """Token ``i`` stands right before a capitalised word that is no month or weekday."""
    if i + 1 >= len(toks) or text[toks[i][1] : toks[i + 1][0]] != " ":
        return False
    nxt = toks[i + 1][2]
    return nxt[:1].isupper() and nxt.isalpha() and not nxt.isupper()


def _joinable(gap: str) -> bool:
    """Two tokens belong to one name only if plain spaces (no line break) part them."""
    return gap == " " or (gap.strip() == "" and "\n" not in gap and len(gap) <= 3)


def _heads_name(g: Gazetteer, words: list[str], a: int) -> bool:
    """Whether a capitalised common word at a sentence start leads a longer name
    ("National Defense Council", "Presidential Press of Nicaragua")."""
    for w in words[a + 1 :]:
        if w in ("on", "and", "&", "for", "of"):
            return False
        if w in g.org_words or w in g.place_words or w in g.other_words:
            return True
    return False


FUNCTION_WORDS = frozenset("""
the a an this that these those there here it its he she we they i you his her their our my your
from in on at to of for with by as into onto upon about above below over under between among
through during before after since until till while when where whenever wherever why how what which who
whom whose if unless although though because so yet but and or nor not no only also even still just
then now meanwhile however moreover furthermore instead indeed thus hence therefore besides according
some many much more most all both each every any few several other another such own same last next
former latter later earlier first second third once again already always never often sometimes perhaps
maybe yes do does did is are was were be been being have has had will would shall should can could
may might must let like unlike despite against without within across along around behind beyond near
via per amid among toward towards
""".split())
