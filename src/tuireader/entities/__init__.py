"""Finding the people, organisations, places, groups and dates an article names.  No Textual.

``extract_entities(article)`` runs the built-in extractor: rules and word lists
shipped in ``data/``, no model download.  ``backend="spacy"`` uses spaCy instead
when it and an English pipeline are installed (see :mod:`.spacy_backend`); the
same merging into one entity per real thing applies to both.
"""

from __future__ import annotations

from typing import Any

from tuireader.model import Article, Entity

__all__ = ["extract_entities", "available_backends"]


def extract_entities(article: Article, backend: str = "builtin", nlp: Any = None) -> list[Entity]:
    """The article's entities, most mentioned first.

    Mentions are looked for in ``article.segments()`` only (title, captions and
    their credits, body blocks); every mention's offsets point into
    ``article.text`` so that ``article.text[m.start:m.end] == m.text``.
    """
    if backend == "spacy" or nlp is not None:
        from tuireader.entities.spacy_backend import extract_entities_spacy

        return extract_entities_spacy(article, nlp)
    if backend not in ("builtin", "rules"):
        raise ValueError(f"unknown entity backend: {backend!r}")
    from tuireader.entities.extract import extract

    return extract(article)


def available_backends() -> list[str]:
    """Backends usable here: always "builtin"; "spacy" when spaCy and an English pipeline load."""
    out = ["builtin"]
    try:
        from tuireader.entities.spacy_backend import spacy_available

        if spacy_available():
            out.append("spacy")
    except Exception:  # pragma: no cover - a broken spaCy install must not break the reader
        pass
    return out
