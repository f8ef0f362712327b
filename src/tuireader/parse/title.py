"""Headlines: taking the site's name off a page title, and making one when there is none."""

from __future__ import annotations

import re

from tuireader.parse.dates import find_dates

# " – Site", " | Site", " - Site", " :: Site", " · Site" at the end of a title
_SUFFIX_SEPS = (" | ", " \u2013 ", " \u2014 ", " - ", " :: ", " \u00b7 ", " \u2022 ", " // ", " \u00bb ")
MAX_TITLE = 100


def split_site_suffix(line: str) -> tuple[str, str | None]:
    """"Headline | Site" -> ("Headline", "Site"); a line without a suffix is returned whole.

    The suffix must be short (a name, not a clause); when the line has several
    separators the last short part is the site.
    """
    best: tuple[str, str] | None = None
    for sep in _SUFFIX_SEPS:
        idx = line.rfind(sep)
        if idx <= 0:
            continue
        head, tail = line[:idx].rstrip(), line[idx + len(sep):].strip()
        if not head or not tail or len(tail.split()) > 6 or len(tail) > 50:
            continue
        if len(head) < len(tail) or len(head.split()) < 2:
            continue
        if best is None or len(head) < len(best[0]):
            best = (head, tail)
    if best is None:
        return line, None
    return best


def strip_site_suffix(line: str) -> str:
    return split_site_suffix(line)[0]


_TITLE_SEP = re.compile(r"\s(?:\||\u2013|\u2014|-|::|\u00b7|\u2022|//|\u00bb)\s")


def site_name_like(part: str) -> bool:
    """Could this piece of a page title be a site's or a section's name ("The Daily Lamp",
    "Opinion", "UC Harbour Health")?  A name is short and is not a clause: it does not open
    in lower case ("tips and tricks") nor end like a sentence ("My Favourites!")."""
    part = part.strip()
    return (0 < len(part) <= 50 and len(part.split()) <= 6 and part[-1] not in "!?."
            and not part[0].islower())


def page_title_parts(line: str) -> list[str]:
    """The pieces of a page title between its separators (" | ", " – ", " - ", ...)."""
    out, start = [], 0
    for m in _TITLE_SEP.finditer(line):
        out.append(line[start:m.start()].strip())
        start = m.end()
    out.append(line[start:].strip())
    return out


def cut_page_title(line: str) -> str:
    """The headline in a browser title: "Headline | Section | Site" -> "Headline".

    Every trailing piece that reads like a name (a site, a section, a site's
    slogan of a few words) is cut, from the right, as long as the headline keeps
    two words or more; a piece that opens in lower case or ends with "!" or "?"
    is part of the headline ("Headline – tips and tricks | Site").  A title
    without such a piece is returned whole.
    """
    cuts = list(_TITLE_SEP.finditer(line))
    k = len(cuts)
    while k > 0:
        m = cuts[k - 1]
        tail = line[m.end():cuts[k].start()] if k < len(cuts) else line[m.end():]
        head = line[:m.start()].rstrip()
        if not site_name_like(tail) or len(head.split()) < 2:
            break
        k -= 1
    return line if k == len(cuts) else line[:cuts[k].start()].rstrip()


_APPOSITIVE = re.compile(
    r"^(?:The|A|An)\s[^,]{5,90},\s((?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]+\s){1,3}[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]+),\s(?=[a-z])"
)

# What may open a paragraph but not a headline: a label ("Updated:", "Editor's note:"), a wire
# dateline ("HARBOURTON (Coast Wire) -- "), a date.
_LEAD_LABEL = re.compile(
    r"^(?:last updated|updated|published|posted|editor['\u2019]?s note|note|foreword|summary|abstract|overview|"
    r"introduction|intro|tl;?dr|key takeaways|in brief|at a glance)\s*(?::|\s[\u2013\u2014-])\s*", re.I)
_DATELINE = re.compile(
    r"^(?=[A-Z\u00c0-\u00de]{2})[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019 -]{1,40}(?:,\s*[^,()\u2013\u2014]{1,30})?"
    r"\s*(?:\([^()]{1,30}\))?\s*(?:--|[\u2013\u2014-])\s+(?=[\"\u201c]?[A-Z0-9\u00c0-\u00de])")
_LEAD_JUNK = " \t,.;:|\u00b7\u2022\u2013\u2014-"

# The end of the first sentence: ".", "!", "?" or "…" (and closing quotes), then a capital or the end.
_SENTENCE_END = re.compile(
    r"(?:[.!?\u2026]+)(?P<close>[\"'\u201d\u2019)\]]*)(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de]|\s*$)")
_ABBREV = frozenset(
    "mr mrs ms dr prof st jr sr gen gov sen rep col lt sgt capt cpt rev hon no nos vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept univ est fig".split())

# Where a long sentence may end, best first: each tier is (pattern, shortest share of the limit).
# A cut is placed at the start of the match: the match itself (a comma, a dash, the next word)
# is not kept.
_CLAUSE_WORDS = (r"and|but|or|so|yet|which|who|whose|where|when|while|whereas|although|though|as|because|"
                 r"after|before|since|until|including|according|saying|said|with|amid|despite|leaving|"
                 r"prompting|making|bringing|putting|following")
_TIERS = (
    # a clause ends: semicolon, colon, a dash (spaced, or an unspaced em dash)
    (re.compile(r"\s*;\s|:\s|\s(?:--|[\u2013\u2014-]|\|)\s|\u2014(?=\w)"), 0.3),
    # a comma before a new clause (", and ...", ", which ...", ", after ...")
    (re.compile(r",\s(?=(?:" + _CLAUSE_WORDS + r")\b)", re.I), 0.35),
    # any comma; a clause word without a comma; an aside in brackets
    (re.compile(r",\s|\s(?=(?:which|who|whose|because|although|though|whereas|while|after|before|since|until|amid|"
                r"despite|as well as|so that|in order to|according to|following|prompting|leaving|saying|"
                r"when|where)\b)|\s(?=\()"), 0.4),
    # a phrase ends: before a preposition or a conjunction
    (re.compile(r"\s(?=(?:and|or|but|in|on|at|for|with|by|from|to|of|into|onto|over|under|after|before|during|"
                r"across|against|between|near|about|as|than|through|without|within|amid|despite|since|until)\b)"),
     0.5),
)
# words a headline does not end on: articles, prepositions, conjunctions, auxiliaries, determiners
_DANGLING_WORDS = frozenset(
    "a an the and or nor but so yet of to in on at for with by from as into onto over under about after before "
    "between through during without within across against near than that which who whom whose where when while "
    "because if though although whether since until upon via per its their his her our your my this these those "
    "is are was were be been being am has have had do does did can could will would shall should may might must "
    "not no very more most such also just up both either neither each every some any all".split())
_TRAIL_PUNCT = " ,;:\u2013\u2014-([{\u201c\u2018/&+"


def _in_list(sentence: str, pos: int) -> bool:
    """Is the cut at ``pos`` (a comma, or the space before "and"/"or") inside a list ("checked the
    scales, labels and receipts")?  The list's first comma is not: cutting there keeps its first
    item ("checked the scales"); a later one would end the title in the middle of the list."""
    if sentence[pos] != "," and not sentence.startswith((" and ", " or ", " & "), pos):
        return False
    k = sentence.rfind(",", 0, pos)
    return k >= 0 and len(sentence[k + 1:pos].split()) <= 3


def _strip_lead(text: str) -> str:
    """A paragraph's opening without a leading label, wire dateline or date (when prose follows)."""
    for _ in range(3):
        before = text
        m = _LEAD_LABEL.match(text) or _DATELINE.match(text)
        if m and len(text[m.end():].split()) >= 4:
            text = text[m.end():]
        if text[:1].isalnum():
            found = [e for _iso, s, e in find_dates(text[:60]) if s == 0]
            if found and len(text[found[0]:].split()) >= 4:
                text = text[found[0]:].lstrip(_LEAD_JUNK)
        if text == before:
            break
    return text


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, without its full stop ("?" and "!" are kept)."""
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
        mark = text[end]
        if mark == ".":
            word = text[:end].rsplit(None, 1)[-1] if text[:end].strip() else ""
            w = word.lstrip("(\"'\u201c\u2018").lower()
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue  # "Dr. Ruiz", "J. Ortega", "the U.S. navy"
            if len(text[:end].split()) < 3 and m.end() < len(text.rstrip()):
                continue  # too short to be a headline: read on
            return text[:end] + m.group("close")
        stop = m.end() - len(m.group("close"))
        return text[:stop] + m.group("close")
    return text


def _tidy_end(out: str) -> str:
    """No trailing punctuation, dangling little word, possessive or unclosed bracket."""
    while True:
        before = out
        out = out.rstrip(_TRAIL_PUNCT)
        words = out.rsplit(None, 1)
        if len(words) == 2:
            last = words[1]
            low = last.lower().strip("\"'\u201c\u201d\u2018\u2019()")
            if low in _DANGLING_WORDS or last.endswith(("'s", "\u2019s", "s'", "s\u2019")):
                out = words[0]
        for o, c in (("(", ")"), ("[", "]"), ("\u201c", "\u201d")):
            if out.count(o) > out.count(c):
                out = out[:out.rfind(o)]
        if out.count('"') % 2:
            out = out[:out.rfind('"')]
        if out == before:
            return out


_PARTICIPLE = re.compile(r"\b[a-z]{3,}(?:ed|en)$")
_PHRASE_END = re.compile(r",\s|\s(?=(?:will|would|could|can|may|might|must|should|shall|is|are|was|were|has|have|"
                         r"had|did|does|do)\b)")
_NOT_PARTICIPLES = frozenset(("been", "seen", "often", "even", "ten", "open", "when", "then", "than", "children",
                              "women", "men", "garden", "kitchen", "citizen", "golden", "wooden", "sudden",
                              "hundred", "need", "feed", "seed", "speed", "red", "bed", "shed", "indeed"))


def _past_participle_phrase(sentence: str, pos: int, limit: int) -> int:
    """Where to cut instead of ``pos`` when the word before it is a past participle opening
    a phrase (a reduced relative clause): at the phrase's end if that is within a tenth more
    than ``limit``, else ``pos``."""
    before = sentence[:pos].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    if not _PARTICIPLE.search(word) or word in _NOT_PARTICIPLES:
        return pos
    end = _PHRASE_END.search(sentence, pos + 1)
    if end is not None and end.start() <= limit * 1.1:
        return end.start()
    return pos


def derive_title(text: str, limit: int = MAX_TITLE) -> str:
    """A headline-like title from a body paragraph: its first sentence, cut to fit.

    A leading label, wire dateline or date is dropped, and a leading appositive
    ("The secretary of X, Jane Doe, met ...") is reduced to the name ("Jane Doe
    met ...").  A sentence longer than ``limit`` characters is cut at the last
    clause boundary that fits (a semicolon, colon or dash; a comma before a new
    clause; any comma or clause word; then the start of a phrase), never
    mid-word, and never left ending on "and", "of", "the", a possessive or an
    open bracket.  Only when no boundary leaves a title of some length is it cut
    at the last whole word.
    """
    text = _strip_lead(" ".join(text.split()))
    sentence = first_sentence(text).strip()
    m = _APPOSITIVE.match(sentence)
    if m and len(sentence) > limit:
        sentence = m.group(1) + " " + sentence[m.end():]
    if len(sentence) <= limit:
        return sentence.rstrip(" .") or sentence
    for rx, share in _TIERS:
        floor = share * limit
        for pos in sorted((m.start() for m in rx.finditer(sentence) if m.start() <= limit), reverse=True):
            if pos < floor:
                break
            if _in_list(sentence, pos):
                continue
            if rx is _TIERS[-1][0]:
                # "the corridor agreed | in Lima last week will flood ...": cut after a participle,
                # the title reads as a different claim ("fear the corridor agreed"); the phrase
                # the participle opens is kept when it ends, at a verb or a comma, a little later
                pos = _past_participle_phrase(sentence, pos, limit)
            out = _tidy_end(sentence[:pos])
            if len(out) >= floor:
                return out
    cut = sentence.rfind(" ", 0, limit + 1)
    out = _tidy_end(sentence[: cut if cut > 0 else limit])
    if out:
        return out
    # one "word" longer than the limit (a URL, a code line): there is no boundary to cut at
    return sentence[:limit].rstrip()
