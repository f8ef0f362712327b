"""Finding publication dates in the text of a byline or a dateline.

:func:`find_date` resolves only absolute dates: ``Feb 28, 2024``, ``Jul. 11. 2025``,
``28 February 2024``, ``19-Dec-2025``, ``2023 Jan 7``, ``2024-02-28``,
``2025•01•08``, ``06.18.2025``, ``14.11.24``, ``12/19 — 2025``.  Relative ones
("2 days ago") and dates without a year give ``None``: no date is better than
a guessed one.

A relative date ("2 days", "3 hours ago", "yesterday") is resolved by
:func:`relative_date` only against a reference time the caller knows (the
moment the page was saved).  :func:`date_from_path` reads the explicit date a
file's name starts with (``2024-04-15_site_story.txt``).

All-number dates are read day-first or month-first only when that is certain:
when one of the numbers is over 12 (``06.18.2025``, ``14.11.24``), when the
two readings are the same day, or when the page's other dates settle the order
(pass ``order="dmy"`` or ``"mdy"``, see :func:`page_order`).  ``09.10.2024``
alone gives ``None``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Callable, Optional, Union

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_Y = r"(?:19|20)\d\d"
# Month names of French, Spanish, German, Italian, Portuguese, Dutch, the Scandinavian languages and
# Russian (genitive), read only between a day and a four-digit year ("1 juin 2024", "1. Juni 2024",
# "1 de junio de 2024", "1 июня 2024"): alone, "Mars", "Mai" or "Juni" are names as often as months.
_FOREIGN_MONTHS: dict[str, int] = {}
for _n, _words in enumerate((
        "janvier enero januar jänner jaenner gennaio janeiro januari января",
        "février fevrier febrero februar febbraio fevereiro februari февраля",
        "mars marzo märz maerz março marco maart марта",
        "avril abril aprile апреля",
        "mai mayo maggio maio mei maj мая",
        "juin junio juni giugno junho июня",
        "juillet julio juli luglio julho июля",
        "août aout agosto augustus augusti августа",
        "septembre septiembre setiembre settembre setembro сентября",
        "octobre octubre oktober ottobre outubro октября",
        "novembre noviembre novembro ноября",
        "décembre decembre diciembre dezember dicembre dezembro desember декабря",
), start=1):
    for _w in _words.split():
        _FOREIGN_MONTHS[_w] = _n
del _n, _words, _w
_FMON = "(?:" + "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True)) + ")"

DATE_RE = re.compile(
    # Feb 28, 2024 / Jul. 11. 2025 / December 19. 2025 / Feb 28 2024
    r"(?P<a>\b" + _MON + r")\.?\s+(?P<ad>\d{1,2})(?:st|nd|rd|th)?[,.]?\s+(?:at\s+)?(?P<ay>" + _Y + r")\b"
    # 28 February 2024 / 28th of Feb., 2024
    r"|\b(?P<bd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<b>" + _MON + r")\.?,?\s+(?P<by>" + _Y + r")\b"
    # 19-Dec-2025 / 25.Jun.2019 / 19/Dec/2025
    r"|\b(?P<cd>\d{1,2})(?P<csep>[-./])(?P<c>" + _MON + r")\.?(?P=csep)(?P<cy>" + _Y + r")\b"
    # 2023 Jan 7 (as in reference lists); not "2023 Jan 7:30"
    r"|\b(?P<ey>" + _Y + r")\s+(?P<e>" + _MON + r")\.?\s+(?P<ed>\d{1,2})\b(?![:\d])"
    # 2024-02-28 / 2024/02/28 / 2025•01•08 / 2021 – 01 – 18
    r"|\b(?P<iy>" + _Y + r")(?P<isep>[-/.\u2022]|\s[\u2013-]\s)(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?![\d])"
    # 03/04/2024 / 28.02.2024 / 01-04-2024 / 12/19 — 2025
    r"|(?<![\d/.-])(?P<n1>\d{1,2})(?P<sep>[/.-])(?P<n2>\d{1,2})(?:(?P=sep)|\s?[\u2013\u2014]\s?)(?P<ny>" + _Y + r")\b"
    # 1 juin 2024 / 1er juin 2024 / 1. Juni 2024 / 1 de junio de 2024 / 1º de março de 2024
    r"|(?<![\d.,])(?P<fd>\d{1,2})(?:er|\.|\u00ba|\u00b0|o)?\s+(?:de\s+)?(?P<f>" + _FMON + r")\.?,?\s+(?:de\s+|del\s+)?(?P<fy>" + _Y + r")\b"
    # 14.11.24 (a two-digit year: two digits each, dots only, nothing number-like around it)
    r"|(?<![\w/.-])(?P<s1>\d\d)\.(?P<s2>\d\d)\.(?P<sy>\d\d)(?![\w.-]|/)",
    re.IGNORECASE,
)


def _valid(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    if d > (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


Order = Union[str, Callable[[], Optional[str]], None]  # "dmy", "mdy", None, or a function giving one


def _numeric(a: int, b: int, y: int, order: Order) -> str | None:
    """``a``/``b``/``y``: day-first or month-first only when certain."""
    if a > 12 >= b:
        return _valid(y, b, a)
    if b > 12 >= a or a == b:
        return _valid(y, a, b)
    if callable(order):
        order = order()  # the page's order, worked out only when a date needs it
    if order == "dmy":
        return _valid(y, b, a)
    if order == "mdy":
        return _valid(y, a, b)
    return None


def _from_match(m: re.Match[str], order: Order = None) -> str | None:
    g = m.group
    if g("a"):
        return _valid(int(g("ay")), MONTHS[g("a").lower()], int(g("ad")))
    if g("b"):
        return _valid(int(g("by")), MONTHS[g("b").lower()], int(g("bd")))
    if g("c"):
        return _valid(int(g("cy")), MONTHS[g("c").lower()], int(g("cd")))
    if g("e"):
        return _valid(int(g("ey")), MONTHS[g("e").lower()], int(g("ed")))
    if g("f"):
        return _valid(int(g("fy")), _FOREIGN_MONTHS[g("f").lower()], int(g("fd")))
    if g("iy"):
        return _valid(int(g("iy")), int(g("im")), int(g("id")))
    if g("n1"):
        return _numeric(int(g("n1")), int(g("n2")), int(g("ny")), order)
    # a two-digit year only when the day is certain without the page's help (1.10.12 may be a version)
    return _numeric(int(g("s1")), int(g("s2")), 2000 + int(g("sy")), None)


_YEAR = re.compile(r"(?:19|20)\d\d")
_SHORT_YEAR = re.compile(r"\d\d\.\d\d\.\d\d(?!\d)")


def _maybe(text: str) -> bool:
    """The cheap test before the full pattern: a four-digit year, or (on a short line, where a
    dateline is) a dotted date with a two-digit year."""
    if _YEAR.search(text) is not None:
        return True
    return len(text) <= 60 and text.count(".") >= 2 and _SHORT_YEAR.search(text) is not None
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.\u2013\u2014 -]{1,3}(?:(?:19|20)\d\d|\d\d(?!\d))")


def page_order(text: str) -> str | None:
    """How the page writes all-number dates: "dmy" when one of them can only be day-first
    (``28.02.2024``), "mdy" when one can only be month-first (``02/28/2024``); else, when an
    ambiguous one (``03/10/2023``) is another date of the page written out in words
    (``3 October 2023``) in one reading only, that reading's order.  None when nothing tells
    (or the signs disagree)."""
    dmy = mdy = False
    unsure = []
    for m in _NUMERIC.finditer(text):
        if m.start() and text[m.start() - 1] in "0123456789/.-":
            continue  # part of a longer number
        a, b = int(m.group(1)), int(m.group(2))
        if 12 < a <= 31 and 1 <= b <= 12:
            dmy = True
        elif 12 < b <= 31 and 1 <= a <= 12:
            mdy = True
        elif 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            unsure.append(m)
    if not dmy and not mdy and unsure:
        worded = {iso for iso, s, e in find_dates(text) if any(c.isalpha() for c in text[s:e])}
        for m in unsure:
            y = m.group(0)[-4:]
            if not y.isdigit() or len(y) != 4:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            dmy = dmy or _valid(int(y), b, a) in worded
            mdy = mdy or _valid(int(y), a, b) in worded
    if dmy != mdy:
        return "dmy" if dmy else "mdy"
    return None


def find_dates(text: str, order: Order = None) -> list[tuple[str, int, int]]:
    """All resolvable dates in ``text``: (iso, start, end)."""
    if not _maybe(text):
        return []
    out = []
    for m in DATE_RE.finditer(text):
        iso = _from_match(m, order)
        if iso:
            out.append((iso, m.start(), m.end()))
    return out


_PUBLISHED_CUE = re.compile(r"(?:published|posted|created|written|first|originally|released)\W*(?:on|at)?\W*$", re.I)
_UPDATED_CUE = re.compile(r"(?:updated|modified|edited|revised|reviewed|changed)\W*(?:on|at)?\W*$", re.I)


def find_date(text: str, order: Order = None) -> str | None:
    """The publication date in ``text`` as YYYY-MM-DD, else None.

    With one date, that date.  With several: the one labelled "Published"/"Posted"
    (over one labelled "Updated"), else the earliest (an update comes after the
    publication).  ``order`` ("dmy" or "mdy", from :func:`page_order`, or a
    function returning one, called only when needed) settles all-number dates
    such as ``09.10.2024`` that could be read either way; without it they give None.
    """
    if not _maybe(text):
        return None
    found = []
    for m in DATE_RE.finditer(text):
        iso = _from_match(m, order)
        if iso:
            found.append((iso, m.start()))
    if len(found) <= 1:
        return found[0][0] if found else None
    if len({iso for iso, _ in found}) == 1:
        return found[0][0]
    before = [text[max(0, s - 30):s] for _, s in found]
    cued = [iso for (iso, _), b in zip(found, before) if _PUBLISHED_CUE.search(b)]
    if cued:
        return cued[0]
    plain = [iso for (iso, _), b in zip(found, before) if not _UPDATED_CUE.search(b)]
    return min(plain or [iso for iso, _ in found])


def has_date(text: str) -> bool:
    if _YEAR.search(text) is None and (len(text) > 60 or text.count(".") < 2 or _SHORT_YEAR.search(text) is None):
        return False  # (the test of :func:`_maybe`, inlined: this runs on every line of a page)
    return DATE_RE.search(text) is not None


# "2 days", "2 days ago", "3 hrs ago", "45 min", "1 week ago", "yesterday", "today", "just now".
# Months and years are left out: "2 months ago" is too rough to give a day.
_RELATIVE = re.compile(
    r"(?<![\w@])(?:(?P<n>\d{1,3}|an?|one)\s*(?P<unit>s(?:ec(?:ond)?s?)?|m(?:in(?:ute)?s?)?|h(?:(?:ou)?rs?)?|d(?:ays?)?|w(?:(?:ee)?ks?)?)"
    r"(?:\s+ago)?|(?P<word>yesterday|today|just now))(?!\w)",
    re.IGNORECASE,
)
_UNIT = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1),
         "d": timedelta(days=1), "w": timedelta(weeks=1)}


def relative_date(text: str, reference: date | datetime | None) -> str | None:
    """The day a relative date in ``text`` ("2 days", "3 hours ago", "yesterday") stands for,
    counted back from ``reference`` (the time the page was saved), as YYYY-MM-DD; None without a
    reference or a relative date.  A bare number needs its unit spelled out as a word ("2 days",
    "3 hrs"); a one-letter unit ("2d", "5h") counts only with "ago"."""
    if reference is None or not text:
        return None
    for m in _RELATIVE.finditer(text):
        word = (m.group("word") or "").lower()
        if word:
            back = timedelta(days=1) if word == "yesterday" else timedelta(0)
        else:
            unit = m.group("unit").lower()
            if len(unit) == 1 and not m.group(0).lower().endswith("ago"):
                continue  # "5 m" is five metres as often as five minutes
            if not m.group("n")[0].isdigit() and not m.group(0).lower().endswith("ago"):
                continue  # "a day" in prose
            n = int(m.group("n")) if m.group("n")[0].isdigit() else 1
            back = n * _UNIT[unit[0]]
        if isinstance(reference, datetime):
            return (reference - back).date().isoformat()
        return (reference - timedelta(days=back.days)).isoformat()
    return None


_PATH_DATE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])")


def date_from_path(path: str | None) -> str | None:
    """The date a file's name starts with (``2024-04-15_daily-lantern_glacier.txt``), as
    YYYY-MM-DD; None when the name does not start with a valid date."""
    if not path:
        return None
    m = _PATH_DATE.match(PurePath(path).name)
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
