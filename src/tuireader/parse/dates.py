"""Finding publication dates in the text of a byline or a dateline.

Only absolute dates are resolved (``Feb 28, 2024``, ``28 February 2024``,
``2024-02-28``, ``03/04/2024`` when unambiguous); relative ones ("2 days ago")
and dates without a year give ``None``: no date is better than a guessed one.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"

DATE_RE = re.compile(
    r"(?P<a>\b" + _MON + r")\.?\s+(?P<ad>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:at\s+)?(?P<ay>(?:19|20)\d\d)\b"
    r"|\b(?P<bd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<b>" + _MON + r")\.?,?\s+(?P<by>(?:19|20)\d\d)\b"
    r"|\b(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?![\d])"
    r"|(?<![\d/.])(?P<n1>\d{1,2})(?P<sep>[/.])(?P<n2>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)

# Words around a date that say it is the publication (or update) date.


def _valid(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    if d > (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _from_match(m: re.Match[str]) -> str | None:
    if m.group("a"):
        return _valid(int(m.group("ay")), MONTHS[m.group("a").lower()], int(m.group("ad")))
    if m.group("b"):
        return _valid(int(m.group("by")), MONTHS[m.group("b").lower()], int(m.group("bd")))
    if m.group("iy"):
        return _valid(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    a, b, y = int(m.group("n1")), int(m.group("n2")), int(m.group("ny"))
    if m.group("sep") == ".":  # 28.02.2024 is day first
        return _valid(y, b, a)
    if a > 12 >= b:
        return _valid(y, b, a)
    if b > 12 >= a or a == b:
        return _valid(y, a, b)
    return _valid(y, a, b)  # 03/04/2024: US order, the most common on English pages


_YEAR = re.compile(r"(?:19|20)\d\d")


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """All resolvable dates in ``text``: (iso, start, end)."""
    if not _YEAR.search(text):
        return []
    out = []
    for m in DATE_RE.finditer(text):
        iso = _from_match(m)
        if iso:
            out.append((iso, m.start(), m.end()))
    return out


def find_date(text: str) -> str | None:
    """The first resolvable date in ``text`` as YYYY-MM-DD, else None."""
    if not _YEAR.search(text):
        return None
    for m in DATE_RE.finditer(text):
        iso = _from_match(m)
        if iso:
            return iso
    return None


def has_date(text: str) -> bool:
    return _YEAR.search(text) is not None and DATE_RE.search(text) is not None
