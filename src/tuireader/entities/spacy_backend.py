"""Entities found by a spaCy pipeline instead of the built-in rules.

spaCy is imported only when this backend is asked for.  Any pipeline with an
``ents``-setting component works (``en_core_web_sm``, or ``spacy.blank("en")``
plus an EntityRuler in the tests).  spaCy's labels map to our kinds; names are
cut at line breaks, titles and possessives are trimmed off, and the mentions go
through the same merging as the built-in extractor, so "President Maduro" and
"Nicolás Maduro" are still one person.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tuireader.model import Article, Entity

LABEL_KINDS = {
    "PERSON": "person", "PER": "person",
    "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "EVENT": "other", "LAW": "other", "WORK_OF_ART": "other", "PRODUCT": "other", "MISC": "other",
    "LANGUAGE": "other",
}
DEFAULT_MODEL = "en_core_web_sm"
_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")


def spacy_available(model: str = DEFAULT_MODEL) -> bool:
    """spaCy importable and the English pipeline installed (nothing downloaded)."""
    try:
        from spacy.util import is_package
    except Exception:
        return False
    try:
        return bool(is_package(model))
    except Exception:
        return False


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL) -> Any:
    import spacy

    return spacy.load(model)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at line breaks, each piece stripped of spaces."""
    out = []
    pos = start
    for part in text[start:end].split("\n"):
        a, b = pos, pos + len(part)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        pos += len(part) + 1
    return out


def _trim(text: str, a: int, b: int, kind: str, g) -> tuple[int, int, bool]:
    """Cut a leading "the", titles before a person's name and a trailing 's."""
    titled = False
    while True:
        chunk = text[a:b]
        m = re.match(r"(?:[Tt]he)\s+", chunk)
        if m and kind != "date":
            a += m.end()
            continue
        if kind == "person":
            words = chunk.split(" ")
            cut = 0
            for n in range(min(4, len(words) - 1), 0, -1):
                if " ".join(words[:n]).lower() in g.titles_lower:
                    cut = n
                    break
            if cut:
                a += len(" ".join(words[:cut])) + 1
                titled = True
                continue
        break
    m = _POSSESSIVE.search(text[a:b])
    if m and b - a > m.end() - m.start() + 1:
        b -= m.end() - m.start()
    while b > a and text[b - 1] in ".,;:)" and not (text[b - 1] == "." and b - a <= 5):
        b -= 1
    return a, b, titled


def extract_entities_spacy(article: Article, nlp: Any = None) -> list[Entity]:
    """The article's entities as spaCy finds them, merged like the built-in ones."""
    from tuireader.entities.dates import DateFound, find_dates
    from tuireader.entities.extract import Raw, _merge_dates, _merge_names, located_segments
    from tuireader.entities.gazetteer import load

    if nlp is None:
        if not spacy_available():
            raise RuntimeError(f"the spaCy backend needs spaCy and the {DEFAULT_MODEL} pipeline installed")
        nlp = load_pipeline()
    g = load()
    text = article.text
    segs = list(located_segments(article))
    raws: list[Raw] = []
    date_raws = []
    for (seg_text, seg_start, where, cmap), doc in zip(segs, nlp.pipe(s[0] for s in segs)):
        for ent in doc.ents:
            kind = LABEL_KINDS.get(ent.label_)
            if kind is None:
                continue
            for a, b in _pieces(seg_text, ent.start_char, ent.end_char):
                a, b, titled = _trim(seg_text, a, b, kind, g)
                if b <= a:
                    continue
                shift = seg_start
                if cmap is not None:
                    # a block joined from several lines: only what stands in the article as written
                    if cmap[a] < 0 or cmap[b - 1] < 0 or text[cmap[a] : cmap[b - 1] + 1] != seg_text[a:b]:
                        continue
                    shift = cmap[a] - a
                if kind == "date":
                    found = find_dates(seg_text[a:b])
                    d = found[0] if found else DateFound(0, b - a, None)
                    d = DateFound(a, b, d.value, d.needs_year, d.month, d.day)
                    date_raws.append((shift + a, shift + b, where, d))
                    continue
                key = ""
                if kind in ("place", "group"):
                    hit = g.phrases.get(tuple(seg_text[a:b].split()))
                    if hit and hit[0] in ("place", "demonym", "group"):
                        key = hit[1]
                raws.append(Raw(shift + a, shift + b, kind, key, where, title=titled))
    entities = _merge_names(text, raws, g)
    entities.extend(_merge_dates(text, date_raws, article.published))
    entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0))
    return entities
