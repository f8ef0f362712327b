"""Where search words stand in a text, ignoring case and accents ("jose" finds "José")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The text without case and accents, and for each folded character its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower())
            index.append(i)
            continue
        folded = _fold_char(ch)
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index


def word_spans(text: str, terms: list[str] | tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) spans in ``text`` of words that match ``terms``.

    A term matches whole words; a term ending in ``*`` matches words it starts.
    A term of several words matches them as a phrase.
    """
    if not text or not terms:
        return []
    patterns = []
    for term in terms:
        prefix = term.endswith("*")
        folded_term = fold(term.rstrip("*").strip())[0]
        words = re.findall(r"\w+", folded_term)
        if not words:
            continue
        body = r"\W+".join(re.escape(w) for w in words)
        patterns.append(rf"\b{body}\w*" if prefix else rf"\b{body}\b")
    if not patterns:
        return []
    folded, index = fold(text)
    spans: list[tuple[int, int]] = []
    for match in re.finditer("|".join(f"(?:{p})" for p in patterns), folded):
        if match.end() == match.start():
            continue
        start = index[match.start()]
        end = index[match.end() - 1] + 1
        spans.append((start, end))
    return spans
