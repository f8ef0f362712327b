"""Lines a source repeats across its articles: mastheads, footers, appeals.

The library calls :func:`recurring_lines` with the texts of its articles
grouped by source, and passes each source's set back to the parser as
``boilerplate_hints`` (``load_article(path, boilerplate_hints=...)`` or
``parse_raw(..., boilerplate_hints=...)``).  A line is recurring when it
appears in at least ``min_articles`` articles of the source and in at least
``min_share`` of them; long prose lines are left out (a quoted paragraph
syndicated twice is not boilerplate), unless they recur very widely.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping


def _lines(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}


def recurring_lines(texts_by_source: Mapping[str | None, Iterable[str]], *, min_articles: int = 3,
                    min_share: float = 0.3, max_words: int = 60) -> dict[str | None, set[str]]:
    """For each source, the lines seen in many of its articles (whitespace-normalised)."""
    out: dict[str | None, set[str]] = {}
    for source, texts in texts_by_source.items():
        counts: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            counts.update(_lines(text))
        if n < min_articles:
            out[source] = set()
            continue
        need = max(min_articles, int(min_share * n + 0.999))
        out[source] = {
            line for line, c in counts.items()
            if c >= need and (len(line.split()) <= max_words or c >= max(need, int(0.8 * n)))
        }
    return out
