"""Headlines: taking the site's name off a page title, and making one when there is none."""

from __future__ import annotations

import re

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


_APPOSITIVE = re.compile(
    r"^(?:The|A|An)\s[^,]{5,90},\s((?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]+\s){1,3}[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]+),\s(?=[a-z])"
)
_STRONG_CUTS = re.compile(r";\s|:\s|\s[\u2013\u2014]\s|\s-\s|,?\s(?:as well as|which|who|while|whereas|after|before|because|although|but|in order to|amid|despite)\s")
_WEAK_CUTS = re.compile(r",\s|\s(?:and|in|on|at|with|for|to|of|from|by)\s")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\u00e0-\u024f)\u201d\"'])[.!?](?=\s+[A-Z\u00c0-\u00de\u201c\"]|$)")
_DANGLING = re.compile(r"(?:\s(?:a|an|the|and|or|of|to|in|on|at|for|with|by|from|as|that|its|their|his|her))+$", re.I)


def first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[: m.start()] if m else text


def derive_title(text: str, limit: int = MAX_TITLE) -> str:
    """A headline-like title from a body paragraph: its first sentence, cut to fit.

    A leading appositive ("The secretary of X, Jane Doe, met ...") is reduced
    to the name ("Jane Doe met ...").  Longer sentences are cut at the last
    clause boundary (";", ":", a dash, "which", "as well as", ...) that fits,
    else at a comma, else at a word, never mid-word.
    """
    sentence = first_sentence(" ".join(text.split())).strip().rstrip(".")
    m = _APPOSITIVE.match(sentence)
    if m and len(sentence) > limit:
        sentence = m.group(1) + " " + sentence[m.end():]
    if len(sentence) <= limit:
        return sentence
    for rx, floor in ((_STRONG_CUTS, 35), (_WEAK_CUTS, 45)):
        cuts = [m.start() for m in rx.finditer(sentence) if floor <= m.start() <= limit]
        if cuts:
            out = _DANGLING.sub("", sentence[: max(cuts)].rstrip(" ,;:"))
            if len(out) >= floor - 10:
                return out
    cut = sentence.rfind(" ", 0, limit + 1)
    out = sentence[: cut if cut > 0 else limit].rstrip(" ,;:")
    return _DANGLING.sub("", out) or out
