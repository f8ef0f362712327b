"""The folded keys the index matches and sorts names, titles and words by.  No Textual here."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'José Múñoz' -> 'jose munoz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def title_key(title: str) -> str:
    key = fold(title)
    return key.lstrip("\"'“”‘’«»([¿¡-–— ") or key
