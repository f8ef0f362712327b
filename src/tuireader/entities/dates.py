"""Dates written out in news text, with their value where it can be worked out.

"February 27, 2024", "Feb. 28, 2024", "Tuesday, February 27", "28 February 2024",
"2024-02-28", "March 2024", "in 2023".  A day without a year takes the year of
the article (its ``published`` date, else the year its dates mostly name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun"
# Words before a bare year: "in 2023", "the end of 2023".
_YEAR_CUES = ("in|of|since|by|until|till|from|to|before|after|during|early|late|mid|year|summer|winter|spring"
              "|autumn|fall|In|Since|By|Until|From|Before|After|During")
_MONTH = r"(?P<{n}>" + _MONTH_NAMES + r"|(?:" + _MONTH_SHORT + r")\.?)"
_WEEKDAY = r"(?:(?:" + _WEEKDAYS + r")\.?,?\s)?"
# Every date starts with a digit or with the first letter of one of these words: the
# pattern is tried only there (much quicker than at every word's start).
_FIRST_CHARS = "".join(sorted({w[0] for w in "|".join((_MONTH_NAMES, _MONTH_SHORT, _WEEKDAYS, _YEAR_CUES)).split("|")}))
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>1[6-9]\d\d|20\d\d)"

_DATE = re.compile(
    r"(?=[0-9" + _FIRST_CHARS + r"])\b(?:"
    # 2024-02-28
    r"(?P<iy>1[6-9]\d\d|20\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])(?![\d-])"
    # (Tuesday,) February 27(, 2024)
    r"|" + _WEEKDAY + _MONTH.format(n="m1") + r"\s" + _DAY.format(n="d1") + r"(?![\d:])(?:,?\s" + _YEAR.format(n="y1") + r"(?!\d))?"
    # (Tuesday,) 27 February( 2024)
    r"|" + _WEEKDAY + _DAY.format(n="d2") + r"\s(?:of\s)?" + _MONTH.format(n="m2") + r"(?:,?\s" + _YEAR.format(n="y2") + r"(?!\d))?"
    # February 2024
    r"|" + _MONTH.format(n="m3") + r",?\s" + _YEAR.format(n="y3") + r"(?!\d)"
    # a year after a preposition: "in 2023", "the end of 2023"
    r"|(?:" + _YEAR_CUES + r")\s"
    + _YEAR.format(n="y4") + r"(?![\w%-]|\.\d|\s?(?:percent|per cent|people|km|kg|troops|soldiers|times|dollars|euros|tons))"
    r")",
)
_DIGIT = re.compile(r"\d")
_YEAR_ANY = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


@dataclass
class DateFound:
    start: int
    end: int
    value: str | None
    needs_year: bool = False
    month: int = 0
    day: int = 0


def _month(word: str) -> int:
    return MONTHS.get(word.rstrip(".").lower(), 0)


def find_dates(text: str) -> list[DateFound]:
    out: list[DateFound] = []
    if not _DIGIT.search(text):
        return out  # every date form has a digit
    for m in _DATE.finditer(text):
        gd = m.groupdict()
        s, e = m.span()
        if gd["iy"]:
            out.append(DateFound(s, e, f"{gd['iy']}-{gd['im']}-{gd['id']}"))
            continue
        for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
            if gd[mk]:
                month, day = _month(gd[mk]), int(gd[dk])
                if not 1 <= day <= 31:
                    break
                if gd[mk] == "May" and not gd[yk] and mk == "m1":
                    # "May 5" is a date, "may 5" is not; the capital decides.  Keep.
                    pass
                if gd[yk]:
                    out.append(DateFound(s, e, f"{gd[yk]}-{month:02d}-{day:02d}"))
                else:
                    out.append(DateFound(s, e, None, needs_year=True, month=month, day=day))
                break
        else:
            if gd["m3"]:
                out.append(DateFound(s, e, f"{gd['y3']}-{_month(gd['m3']):02d}"))
            elif gd["y4"]:
                out.append(DateFound(m.start("y4"), e, gd["y4"]))
    return out


def context_year(published: str | None, found: list[DateFound]) -> str | None:
    if published and re.match(r"^\d{4}", published):
        return published[:4]
    years: dict[str, int] = {}
    for d in found:
        if d.value and len(d.value) >= 7:
            years[d.value[:4]] = years.get(d.value[:4], 0) + 1
    if years:
        return max(years.items(), key=lambda kv: kv[1])[0]
    return None
