"""What a single line of scraped text looks like it is, from its wording alone.

These are the signs an editor reads at a glance: "By ..." opens a byline,
"Photo: X" closes a caption, "READ MORE:" marks a link to another story,
"Share this:" is page furniture.  The raw parser combines them with the
line's neighbours and a learned body/not-body model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tuireader.parse.dates import DATE_RE, find_date

# --- captions and their credits -------------------------------------------------------------
_CREDIT_WORDS = r"(?:Photo(?:graph)?s?|Image|Picture|Pic|Credit|Illustration|Graphic|Video|Foto|Photo credit|Image credit|Image source|Photo courtesy|Courtesy)"
# "... text. Photo: Someone." / "... text (Photo: Someone)" / "... text | Image: X"
CAPTION_CREDIT_RE = re.compile(
    r"(?:(?<=[\s.,;:!?\u201d\"')\]])|^)[(\[|]?\s*(?P<credit>" + _CREDIT_WORDS
    + r"\s*(?::|by\b|/|\u2013|-)\s*[^()\[\]]{2,90}?)[)\]]?\s*\.?\s*$",
    re.IGNORECASE,
)
# "(AP Photo/Jane Doe)", "(Reuters/Someone)", "(Getty Images)" at the end of a line
AGENCY_CREDIT_RE = re.compile(
    r"[(\[](?P<credit>(?:[A-Z][\w.&'\u2019-]*\s?){0,3}(?:Photo|Images?|Pool|Reuters|AFP|AP|EPA|Xinhua|Getty|Shutterstock|Alamy|via [^)]{2,40})[^()\[\]]{0,60})[)\]]\s*\.?\s*$"
)
# "... text. Getty Images" or "File photo" with nothing after
TRAILING_AGENCY_RE = re.compile(
    r"(?<=[.!?\u201d\"])\s+(?P<credit>(?:[A-Z][\w.'\u2019-]*\s){0,3}(?:/\s?)?(?:Getty Images|Shutterstock|Reuters|AFP via Getty Images|Associated Press|EPA-EFE|Alamy|File photo|File Photo))\.?\s*$"
)


_CREDIT_HINT = re.compile(
    "photo|image|picture|pic|credit|illustration|graphic|video|foto|courtesy|getty|shutterstock|reuters|afp|ap|"
    "epa|xinhua|alamy|pool|via "
)


_CREDIT_LEAD = re.compile(r"^[\w.-]+(?:\s+(?:credit|courtesy|source|by))?\s*(?::|\bby\b|/|\u2013|-)\s*", re.I)


@lru_cache(maxsize=8192)
def split_caption(line: str) -> tuple[str, str, int] | None:
    """If ``line`` is a photo caption with a credit, return (text, credit, credit offset).

    The caption text is the line up to the credit (a prefix of it, so its
    offset is the line's).  Lines that are pure credits ("Photo: X") give an
    empty text.
    """
    if len(line) > 700:
        return None
    # credits sit at the end of the line: look only there, and only when a credit word is present
    cut = max(0, len(line) - 170)
    tail = line[cut:]
    if not _CREDIT_HINT.search(tail.lower()):
        return None
    for rx in (AGENCY_CREDIT_RE, CAPTION_CREDIT_RE, TRAILING_AGENCY_RE):
        m = rx.search(line, cut)
        if m:
            credit = m.group("credit").rstrip(" .")
            # A "credit" that is really a sentence is no credit, nor is "the video: how to ..."
            if len(credit.split()) > 12:
                continue
            named = _CREDIT_LEAD.sub("", credit, count=1)
            if named and not (named[0].isupper() or named[0].isdigit() or named[0] in "\u00a9@"):
                continue
            text = line[: m.start()].rstrip(" |([")
            if text and text.rsplit(None, 1)[-1].lower() in _NOT_BEFORE_CREDIT:
                continue  # "Freezing Your Credit: How It Works" is a title, not a credit
            return text, credit, m.start("credit")
    return None


# a caption's text does not end on these: "Your Credit: ...", "the photo: ..." run on in a phrase
_NOT_BEFORE_CREDIT = frozenset("your my our their his her its the a an of for to on in and with your bad good "
                               "no build building improve improving fix fixing check checking".split())


CREDIT_ONLY_RE = re.compile(
    r"^[(\[]?\s*(?:" + _CREDIT_WORDS + r")\s*(?::|by\b|/)\s*\S.{0,80}$|^(?:Getty Images|Shutterstock|File photo)\.?$",
    re.IGNORECASE,
)

# --- bylines --------------------------------------------------------------------------------
BYLINE_RE = re.compile(
    r"^(?:(?:Written|Posted|Published|Reported|Words|Story|Text|Reviewed|Edited|Fact[- ]checked|Medically reviewed)\s+(?:[Bb]y|BY|on)\b|By\b|BY\b|by\s(?=[A-Z])|Author:|Authors:|Autor:|Posted on\b|Published on\b)\s*:?",
)
POSTED_ON_BY_RE = re.compile(
    r"^(?:Posted|Published|Written|Updated|Last updated)(?:\s+on)?:?\s+(?P<date>.+?)\s+by\s+(?P<who>.+)$", re.I)
# "August 12, 2025 By Jane Doe", "12 Aug 2025 | by Jane Doe": the date first
DATE_FIRST_BY_RE = re.compile(r"^(?P<date>[\w,. /-]{6,48}?)\s*(?:[|\u00b7\u2022\u2013\u2014-]\s*)?[Bb]y\s+(?P<who>[A-Z].{1,80})$")
POSTED_DATE_BY_RE = re.compile(r"^(?:Posted|Published|Updated)\s+(?P<date>.{6,40}?)\s+by\s+(?P<who>[A-Z].+)$")
# "Ada Quill @adaquill / 2 days", "Ada Quill @adaquill · Mar 3, 2024"
HANDLE_BYLINE_RE = re.compile(
    r"^(?P<who>[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]*(?:\s[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]*){0,3})"
    r"\s+@\w+(?:\s*[/|\u00b7\u2022\u2013-]\s*.{0,40})?$"
)
URL_LINE_RE = re.compile(
    r"^(?:(?:URL|Link|Source|Canonical|Permalink|Originally published at|Read the original(?: article)? at|"
    r"This article (?:was )?(?:first|originally) (?:appeared|published) (?:at|on))\s*:?\s*)?(?P<url>https?://[^\s<>\"]{4,300})\s*$",
    re.I,
)
HANDLE_RE = re.compile(r"@\w+")
RELATIVE_TIME_RE = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?|mins?|[hdmw])\b(?:\s+ago)?|\bago\b|\byesterday\b|\btoday\b|\bjust now\b",
    re.I,
)
TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}T|ET|PT|CT))?\b", re.I)
WEEKDAY_RE = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b|\u00b7|\u2022|\u25cf|\u22c5|\|)\s*", re.I)
_AUTHOR_JUNK = re.compile(
    r"\b(?:staff|reporter|correspondent|editor|writer|contributor|columnist|expert|senior|updated|published|"
    r"posted|min read|read|follow|email|twitter|more from|view all|articles?|posts?|(?:co-?)?founder|director|"
    r"manager|journalist|officer|head of|chief|ceo|coo|cto|cfo|president|professor|analyst|strategist|consultant|"
    r"specialist|executive|producer|reviewer|attorney|lawyer|photographer)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w\u00c0-\u024f'\u2019.-]*|de|da|del|der|van|von|la|le|bin|al|dos|di|du|y|e)$")


_NAME_TAIL = re.compile(
    r"\s+(?:on\s+\S*\d|(?i:\d+|no)\s+(?i:comments?|responses?|replies)\b|(?i:in)\s+[A-Za-z]|View\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2}(?:st|nd|rd|th)?\b|"
    r"(?i:on behalf of)\b).*$")
_HANDLE_WORD = re.compile(r"^[a-z][a-z0-9_.]{2,24}$")


def clean_authors(who: str, handle_ok: bool = False) -> list[str]:
    """Turn what follows "By" into a list of names: no handles, dates, roles or "and".

    ``handle_ok``: what follows is only the name ("By jdoe"), so a single word in lower
    case that is no everyday word is taken as a user name."""
    who = HANDLE_RE.sub(" ", who)
    who = DATE_RE.sub(" | ", who)
    who = RELATIVE_TIME_RE.sub(" | ", who)
    who = TIME_RE.sub(" | ", who)
    who = WEEKDAY_RE.sub(" ", who)
    # Site or date after a dash or a slash: "A – Feb 28" / "A | Site" / "A / 2 days"
    who = re.split(r"\s+[\u2013\u2014|/-]\s+|\s+[\u2013\u2014|/]|\||\s{2,}", who)[0]
    who = re.sub(r"^(?:By|BY|Author:|Authors:)\s+", "", who.strip())
    who = re.sub(r"\s+(?:on|at|in)\s*$", "", who, flags=re.I)  # "By A on <date>" with the date taken away
    # what trails the name: "on 04-ago-2021" (a date DATE_RE cannot read), "59 Comments", "in Woodworking,
    # Tools" (the categories), "View profile", "December 8" (no year), "on behalf of the Docs team"
    who = _NAME_TAIL.sub("", who)
    handle_ok = handle_ok and len(who.split()) == 1  # "By jdoe | 3 March 2024": the name alone before the date
    who = re.sub(r"(?<=[\w.])\s+(?:last\s+)?(?:updated|modified)\b.*$", "", who, flags=re.I)  # "A Last Updated: ..."
    who = re.sub(r"\s+(?:\u00b7\s*)?In:\s.*$", "", who)  # "A \u00b7 In: Recipes, Bread": the category
    names = []
    after_role = False  # "Jane Doe, Senior Editor, Gazette": what follows a role is more of the role
    for k, part in enumerate(_AUTHOR_SPLIT.split(who)):
        part = part.strip(" .,:;-\u2013\u2014[]")
        if part.count("(") != part.count(")"):
            part = part.strip("()")
        elif part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        half = part.split()
        if len(half) in (4, 6) and half[: len(half) // 2] == half[len(half) // 2:]:
            part = " ".join(half[: len(half) // 2])  # "Jane Doe Jane Doe": the name said twice
        if not part or len(part) > 60:
            continue
        words = part.split()
        if len(words) > 6:
            continue
        if k and names and _AUTHOR_JUNK.search(part):
            after_role = True
            continue  # "Jane Doe, Senior Managing Editor": the role is not a second author
        if not names and len(words) == 2 and _named_with_role_word(words):
            pass  # "Resy Staff", "Tom Read": a name whose second word is also a role word
        elif _AUTHOR_JUNK.search(part) and len(words) > 1:
            # "Jane Doe Executive Editor" -> the name before the role; "Senior Writer Jane Doe" -> the rest
            cut = next((j for j, w in enumerate(words) if _AUTHOR_JUNK.fullmatch(w.strip(".,"))), None)
            if cut is not None and cut >= 2:
                words = words[:cut]
                while len(words) > 2 and words[-1].casefold() in _ROLE_QUALIFIERS:
                    words.pop()  # "Jane Doe Former Deputy Tech Editor"
                after_role = True
            else:
                words = [w for w in words if not _AUTHOR_JUNK.fullmatch(w)]
            if not words:
                continue
            part = " ".join(words)
        elif _AUTHOR_JUNK.fullmatch(part) or (len(words) == 1 and "-" in part and _AUTHOR_JUNK.search(part)):
            after_role = True
            continue  # "Staff", "Editor-in-Chief"
        if len(words) == 1:
            if handle_ok and k == 0 and _HANDLE_WORD.match(part) and not _everyday_word(part):
                names.append(part)  # "By jdoe42": a user name, written in lower case
                continue
            if _everyday_word(part) or (after_role and part.strip(".,").casefold() not in _given_names()):
                continue  # "By Industry" (a filter, not a name); "..., Director at Acme & Partners"
        elif after_role and names and not person_name(part):
            continue  # "..., Chief Officer, AI at Work, Microsoft": the rest of the role
        if not any(w[:1].isupper() for w in words):
            continue
        if not all(_NAME_WORD.match(w) for w in words) and not (len(words) <= 3 and part[:1].isupper()):
            continue
        if part not in names:
            names.append(part)
    return names


# Words that make "<word> Writer" a role ("Staff Writer", "Food Writer") and not a name ("Resy Staff")
_ROLE_QUALIFIERS = frozenset(
    "a an the our your their his her its staff senior junior guest sports sport food travel science political "
    "politics special contributing contributor freelance feature features business health tech technology music "
    "film arts art fashion news lead associate assistant managing executive deputy investigative opinion "
    "economics economic environment environmental culture city court courts crime education wire local "
    "national foreign international global world motoring property wine beauty books book television tv "
    "weather legal medical money finance financial digital social web online photo video data graphics copy "
    "desk night weekend editorial community content marketing regional agency press home style life lifestyle "
    "entertainment games gaming energy climate transport religion faith regular resident visiting veteran "
    "former chief principal general correspondent writer reporter editor staff team".split()
)
# role words that are the whole of a role in "<word> Writer" ("Big Writer", "Resy Staff" are names)
_ROLE_NOUNS = frozenset("staff writer reporter correspondent contributor columnist".split())
# role words that are also surnames ("Tom Read", "Ann Writer")
_SURNAME_ROLES = frozenset("read writer".split())


def label_like(name: str) -> bool:
    """A "name" made only of everyday words ("Use Case", "Company Size", "Quiet Light"): the filter
    of a listing ("By Use Case") as often as a company's name; the page must tell which."""
    words = name.split()
    return len(words) > 1 and all(_everyday_word(w) or w.casefold() in _SMALL_WORDS for w in words) \
        and not (len(words) == 2 and _named_with_role_word(words)) and _HONORIFIC.match(name) is None \
        and words[-1].casefold() not in _GROUP_NOUNS


# "News Desk", "Marketing Team", "The Editors": a group of writers named by what it does
_GROUP_NOUNS = frozenset("team desk staff editors newsroom writers reporters contributors".split())


def group_name(name: str) -> bool:
    """"Everfit Team", "The Lavazza Team", "News Desk": a group signing as the author."""
    words = name.split()
    return 2 <= len(words) <= 4 and words[-1].casefold() in _GROUP_NOUNS and all(w[:1].isupper() for w in words)


def _named_with_role_word(words: list[str]) -> bool:
    """Two words, the second a role word, that still name the author: "Resy Staff" (the gold of news
    archives keeps a site's staff byline as its author), "Big Writer", "Tom Read" (a surname);
    not "Staff Writer", "Food Writer", "Our Reporter"."""
    first, second = words[0].strip(".,"), words[1].strip(".,").casefold()
    if not first[:1].isupper() or not first.replace("-", "").replace("'", "").isalpha():
        return False
    low = first.casefold()
    if low in _ROLE_QUALIFIERS or _AUTHOR_JUNK.fullmatch(first):
        return False
    if second in _SURNAME_ROLES and low in _given_names():
        return True
    return second in _ROLE_NOUNS


_NAV_WORDS = frozenset(
    "home blog news menu contact about search login subscribe share team staff services resources careers "
    "company products pricing support help privacy terms policy more read latest popular categories tags "
    "editorial guides reviews press media events shop store account follow newsletter admin now apply address "
    "email library video videos thoughts advice final shopping software recipes boutique opportunities "
    "employment close clear occasion insurance guide tips free online learn download watch listen "
    "overview summary introduction conclusion table contents".split()
)


def name_like(line: str) -> bool:
    """A line that is only a person's name ("Lisa Park", "José Adelino Ferreira")."""
    words = line.split()
    if not 2 <= len(words) <= 4 or len(line) > 50:
        return False
    if any(w.lower().strip(".,") in _NAV_WORDS or w.lower() in _SMALL_WORDS for w in words):
        return False
    return all(_NAME_WORD.match(w) and not any(c.isdigit() for c in w) for w in words) \
        and sum(1 for w in words if w[:1].isupper()) >= 2 and not line.isupper()


_SMALL_WORDS = frozenset("the of and to a in on at for with from is are our your my how why what".split())

_GIVEN_NAMES_FILES = ("first_names.txt", "first_names_extra.txt")  # the entity extractor's lists, see its SOURCES.md
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "entities" / "data"
    names: set[str] = set()
    for name in _GIVEN_NAMES_FILES:
        try:
            text = (data / name).read_text(encoding="utf-8")
        except OSError:
            continue
        names.update(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(names)


_PLATFORMS = frozenset("facebook twitter whatsapp linkedin reddit telegram pinterest instagram youtube tiktok "
                       "mastodon bluesky tumblr flipboard messenger skype snapchat".split())


def person_name(line: str) -> bool:
    """A line that is only a person's name and opens with a known given name ("Lisa Park",
    "Dr. Ana Ruiz"): "Key Takeaways" or "Select Page" look like names but are not."""
    line = _HONORIFIC.sub("", line.strip())
    if not name_like(line):
        return False
    if any(w.casefold() in _PLATFORMS for w in line.split()):
        return False  # "Facebook Instagram": a row of share buttons
    given = _given_names()
    words = [w.strip(".,").casefold() for w in line.split()]
    if not given or words[0] in given:
        return True
    # a name the lists lack ("Chirag Bhardwaj") is still a name when most of its words are not
    # everyday English words ("Use Case", "Select Page", "Industry Insights" are)
    common = _common_words()
    return sum(1 for w in words if w in common) * 2 < len(words)


def given_name_first(name: str) -> bool:
    """Does ``name`` open with a given name of the lists ("Dr. Ana Ruiz", "Lisa Park")?"""
    words = _HONORIFIC.sub("", name.strip()).split()
    return bool(words) and words[0].strip(".,").casefold() in _given_names()


def everyday(word: str) -> bool:
    """An ordinary English word that is not also a given name ("Energy"; not "Walter")."""
    return _everyday_word(word)


def _everyday_word(word: str) -> bool:
    """An ordinary English word that is not also a given name ("Industry", "Region"; not "Walter")."""
    w = word.strip(".,").casefold()
    return w in _common_words() and w not in _given_names()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    import gzip
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "entities" / "data" / "words.txt.gz"  # SCOWL, see its SOURCES.md
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(w.strip() for w in fh if w.strip() and not w.startswith("#"))
    except OSError:
        return frozenset()


def name_with_role(line: str) -> str | None:
    """"Jane Doe, Senior Editor" / "Jane Doe | Staff Writer" -> "Jane Doe"; a bare name -> itself."""
    if len(line) > 80:
        return None
    m = re.match(r"^([^,|\u2013\u2014]{4,50}?)\s*(?:,|\||\s[\u2013\u2014-]\s)\s*(.{3,60})$", line)
    if m and _AUTHOR_JUNK.search(m.group(2)) and person_name(m.group(1)):
        return m.group(1)
    if person_name(line):
        return line
    # "Jane Doe Founder at Acme", "Jane Doe Senior Writer": the name, then the role with no mark between
    words = line.split()
    if 3 <= len(words) <= 9:
        k = next((j for j, w in enumerate(words) if _AUTHOR_JUNK.fullmatch(w.strip(".,&"))), None)
        if k is not None and 2 <= k <= 3 and person_name(" ".join(words[:k])):
            return " ".join(words[:k])
    return None


def name_before_date(line: str) -> str | None:
    """"Jane Doe March 3, 2024 ..." -> "Jane Doe" when what comes before the date is a person's name."""
    m = DATE_RE.search(line)
    if not m or m.start() < 4:
        return None
    who = line[: m.start()].rstrip(" ,|\u00b7\u2022\u2013\u2014-")
    if not person_name(who):
        # "Jane Doe Published 10:19am 3 March 2024"
        who = re.sub(r"\s+(?:published|updated|posted)\s*:?(?:\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?$", "",
                     who, flags=re.I)
        if not person_name(who):
            return None
    return who


# "Guide by Jane Doe", "Interview by Jane Doe": a byline that says what the piece is (kept out of
# BYLINE_RE, which the line model reads as a feature it was trained with)
_KIND_BY_RE = re.compile(r"^(?:Guide|Review|Article|Analysis|Feature|Column|Interview)\s+by\s+(?=[A-Z])")
_LOWER_BY_RE = re.compile(r"^by [a-z][a-z0-9_.]{2,24}$")
_PARTICLES = frozenset("de da del der van von la le bin al dos di du the our".split())


def slot_name(line: str, single: bool = False) -> str | None:
    """A name standing where a byline stands (between the headline and the date line), which
    may be one the lists lack ("Kalyn Keen", "Ash Vardanian") or written in capitals: name-like
    words, at least half of them not everyday words.  ``single``: a one-word name will do when it
    is no everyday word ("Gabo")."""
    line = line.strip()
    if person_name(line):
        return line
    bare = _HONORIFIC.sub("", line)
    shown = bare.title() if bare.isupper() else bare
    words = shown.split()
    if len(words) == 1:
        w = words[0]
        if single and 3 <= len(w) <= 20 and w.isalpha() and w[:1].isupper() and not w.isupper() \
                and not _everyday_word(w) and w.lower() not in _NAV_WORDS:
            return line
        if bare != line and w.isalpha() and w[:1].isupper():
            return line  # "Dr. Allen"
        return None
    if not name_like(shown):
        return None
    # (an acronym is not a name's word: "HR Strategy", "AI Trends")
    plain = sum(1 for w in words if not _everyday_word(w) and w.strip(".").casefold() not in _SMALL_WORDS
                and not (w.isupper() and len(w.strip(".")) > 1))
    return line if plain * 2 >= len(words) else None


_ROLE_LINE = re.compile(r"\b(?:VP|SVP|EVP|Vice President|Head|Lead|Partner|Founder)\b")


def role_line(line: str) -> bool:
    """A short line that is a job title ("VP - Technology", "Former Consultant", "Writer, Hardware")."""
    words = line.split()
    return 1 <= len(words) <= 7 and len(line) <= 60 and line[-1:] not in ".?!" and (
        _AUTHOR_JUNK.search(line) is not None or _ROLE_LINE.search(line) is not None) \
        and not DATE_RE.search(line) and not any(c.isdigit() for c in line)


_DATE_LINE_SPLIT = re.compile(r"\s*[|\u00b7\u2022\u2013\u2014/]\s*|\s{2,}")
_DATE_LINE_NOISE = re.compile(
    r"^(?:\d[\d,.]*\s*(?:min(?:ute)?s?|words?|comments?|views?|shares?)(?:\s+read)?|(?:published|updated|posted|"
    r"last updated|modified|on|by)\s*:?)$", re.I)


def name_on_date_line(line: str) -> str | None:
    """The author's name on the date line: "Jane Doe March 3, 2024", "Jane Doe Published 10:19am
    3 March 2024", "Dec 3, 2024 Jane Doe", "3 March 2024 · 6 min · Jane Doe"; one name only."""
    if len(line) > 160:
        return None
    who = name_before_date(line)
    if who:
        return who
    if not DATE_RE.search(line):
        return None
    rest = TIME_RE.sub(" ", DATE_RE.sub(" | ", line))
    found = []
    for part in _DATE_LINE_SPLIT.split(rest):
        part = re.sub(r"^(?:by|posted by|written by)\s+|\s+on behalf of\b.*$|\s+in\s+[A-Z].*$", "",
                      part.strip(" ,.:;"), flags=re.I)
        part = re.sub(r"\s+(?:published|updated|posted|on)\s*:?$", "", part, flags=re.I)
        if not part or _DATE_LINE_NOISE.match(part):
            continue
        who = slot_name(part)
        if who is None:
            if len(part.split()) > 4:
                return None  # a sentence or a title with a date in it
            continue  # a category ("Friday Philosophy")
        found.append(who)
    return found[0] if len(found) == 1 else None


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """If ``line`` is a byline, return (authors, iso date or None)."""
    found = _parse_byline(line)
    return None if found is None else (list(found[0]), found[1])


@lru_cache(maxsize=8192)
def _parse_byline(line: str) -> tuple[tuple[str, ...], str | None] | None:
    found = _parse_byline_uncached(line)
    return None if found is None else (tuple(found[0]), found[1])


def _parse_byline_uncached(line: str) -> tuple[list[str], str | None] | None:

    if len(line) > 200:
        return None
    m = POSTED_ON_BY_RE.match(line)
    if m:
        who = m.group("who")
        return clean_authors(who, handle_ok=True), find_date(m.group("date"))
    m = BYLINE_RE.match(line) or _KIND_BY_RE.match(line)
    if not m and line[:1] in _FOREIGN_BY_FIRST:
        found = _foreign_byline(line)
        if found is not None:
            return found
    if not m:
        if line[:3] == "by " and _LOWER_BY_RE.match(line) and not _everyday_word(line[3:].strip()):
            return [line[3:].strip()], None  # "by jdoe": a user name under the headline
        m3 = HANDLE_BYLINE_RE.match(line)
        if m3:
            return clean_authors(m3.group("who")), find_date(line)
        m2 = POSTED_DATE_BY_RE.match(line)
        if m2 and find_date(m2.group("date")):
            return clean_authors(m2.group("who")), find_date(m2.group("date"))
        m4 = DATE_FIRST_BY_RE.match(line) if line[:1].isalnum() and "by " in line[:60].lower() else None
        if m4:
            date = find_date(re.sub(r",(?=\d)", ", ", m4.group("date")))  # "27 September,2023 By A"
            who = clean_authors(m4.group("who"))
            # (WordPress: "On <published> <updated> By A In Category")
            left = WEEKDAY_RE.sub("", DATE_RE.sub("", re.sub(r",(?=\d)", ", ", m4.group("date")))).strip(" ,.|-")
            if date and who and left in ("", "On", "on"):
                return who, date
        return None
    rest = line[m.end():].strip()
    if not rest:
        return [], None  # a bare "By" whose name is on the next line
    head = rest.split(None, 3)[:3]
    first = head[0]
    if first[:1].islower() and first not in _PARTICLES and (
            first.endswith(("ing", ",")) or any(w[:1].islower() for w in head[1:])):
        return None  # "By using this site, you agree ...", "By mail, send ...": a sentence, not a byline
    date = find_date(rest)
    if re.match(r"^(?:Posted|Published)\s+on\b", line, re.I):
        who = re.split(r"\bby\b", rest, maxsplit=1, flags=re.I)
        return (clean_authors(who[1]) if len(who) > 1 else []), date
    authors = clean_authors(rest, handle_ok=True)
    if not authors and date is None:
        return None
    return authors, date


# Bylines in other European languages: "Par Jean Dupont", "Por Ana Ruiz", "Von Max Roth", "Di Anna
# Neri", "Door Jan de Vries", "Av Per Holm", "Af Ole Friis", "De Ana Lopes" (only with a date), and
# the labelled "Auteur :", "Texto:", "Автор:", "Текст:".
_FOREIGN_BY_RE = re.compile(
    r"^(?:(?P<label>Auteur|Auteurs|Autore|Autori|Autores|Texte|Texto|Testo|Tekst|Door|Автор|Авторы|Текст)\s*:"
    r"|(?P<word>Par|PAR|Por|POR|Von|VON|Di|DI|Door|DOOR|Av|AV|Af|AF|De|DE|Da|Van)\s)\s*")
_FOREIGN_BY_FIRST = frozenset("APDVTDАТ")
_NEEDS_DATE = frozenset("de da di von van".split())  # also a particle of a name ("Di Marco", "Van Dijk")


def _foreign_byline(line: str) -> tuple[list[str], str | None] | None:
    """A byline introduced by another language's "By" (see :data:`_FOREIGN_BY_RE`), or None.  The
    words are everyday words in English too ("Door prizes", "Par for the course"), so the rest must
    be a person's name: Capitalised words, the first a known given name or the line dated; a bare
    "De"/"Di"/"Von"/"Van" (also particles of a surname) needs the date."""
    m = _FOREIGN_BY_RE.match(line)
    if not m or len(line) > 120:
        return None
    rest = line[m.end():].strip()
    if sum(w in _ENGLISH_CLAUSE_WORDS for w in re.findall(r"[a-z]+", rest)) >= 2:
        return None  # "Por Lucia Mendez, the singer dedicated her song ...": an English sentence
    date = find_date(rest)
    names = clean_authors(rest)
    if not names or any(not _foreign_name(n) for n in names):
        return None
    if m.group("label"):
        return names, date
    word = m.group("word").casefold()
    if date is None and (word in _NEEDS_DATE or names[0].split()[0].casefold() not in _given_names()):
        return None
    return names, date


# words of an English clause: a line holding two of them after "Por"/"De"/"Par" + a name is a
# sentence of the story, not a byline in another language
_ENGLISH_CLAUSE_WORDS = frozenset((
    "the", "a", "an", "who", "which", "that", "said", "says", "was", "were", "is", "are", "has", "had",
    "have", "her", "his", "she", "he", "they", "their", "it", "its", "to", "of", "and", "with", "for",
    "from", "at", "on", "in", "by", "as", "this", "but", "would", "will", "after", "when"))


def _foreign_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or len(name) > 60 or any(c.isdigit() for c in name):
        return False
    if any(w.casefold().strip(".,") in _NAV_WORDS for w in words):
        return False
    caps = [w for w in words if w[:1].isupper()]
    return len(caps) >= 2 and all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words) \
        and all(w.replace("-", "").replace("'", "").replace("\u2019", "").replace(".", "").isalpha() for w in words)


_BYLINE_PARTS = re.compile(r"\s+[|\u2013\u2014/\u00b7\u2022]\s+|\s*\|\s*")


def byline_source(line: str) -> str | None:
    """The publication a byline names after its authors: "By Ada Lind | Harbour Ledger" ->
    "Harbour Ledger".  Only a part after a bar, a dash or a slash that reads as a name of a
    publication: not a date, a time, a role ("Staff Writer"), a second person, a section word
    ("Politics") or page furniture ("Comments", "4 min read")."""
    if len(line) > 160 or not BYLINE_RE.match(line):
        return None
    found = parse_byline(line)
    if not found or not found[0]:
        return None
    parts = [p.strip(" .,;") for p in _BYLINE_PARTS.split(line)]
    if len(parts) < 2:
        return None
    site = parts[1]  # right after the names
    if not _publication_like(site) or site.casefold() in {a.casefold() for a in found[0]}:
        return None
    for rest in parts[2:]:
        if rest and not (DATE_RE.search(rest) or TIME_RE.search(rest) or find_date(rest)):
            return None  # "by A | SEO | 8 min read": a blog's row of facts, whose words are categories
    return site


_SECTION_WORDS = frozenset("news opinion sport sports politics business culture desk".split())


def _publication_like(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5 or len(part) > 40 or not part[:1].isupper():
        return False
    if any(c.isdigit() or c in ":@()[]<>=+*#" for c in part) or "http" in part.lower():
        return False
    if any(w.casefold() not in ("post", "posts") for w in _AUTHOR_JUNK.findall(part)):
        return False  # a role, "Updated", "Follow" ("The Fjord Post" is a name)
    if RELATIVE_TIME_RE.search(part) or WEEKDAY_RE.search(part):
        return False
    if DATE_RE.search(part) or find_date(part) or is_boilerplate_line(part) or is_social_row(part):
        return False
    if len(words) == 2 and words[0].casefold() in _ROLE_QUALIFIERS and words[1].casefold() in _SECTION_WORDS:
        return False  # "Local News", "World Sport": a section
    if len(words) == 1:
        return not _everyday_word(part)  # "Reuters"; not "Politics"
    if _HONORIFIC.sub("", part).split()[0].strip(".,").casefold() in _given_names() and name_like(part):
        return False  # "By Ada Lind | Tom Reed": a second author ("Skarholm Tidende" is no given name)
    small = _SMALL_WORDS | {"de", "la", "le", "del", "du", "des", "am", "im"}
    return all(w[:1].isupper() or w.casefold() in small or w == "&" for w in words)


# --- related links, credits, boilerplate ----------------------------------------------------
RELATED_RE = re.compile(
    r"^(?:READ MORE|Read more|Read More|Related|RELATED|Also read|ALSO READ|Also Read|See also|SEE ALSO|Read also|"
    r"READ ALSO|Recommended|RECOMMENDED|Related article|Related story|Related Story|Related content|More on this|"
    r"Don\u2019t miss|Don't miss|MORE|Further reading|You may also like|You might also like)\s*[:|\u2013\u2014>\u00bb-]\s*\S",
)
CREDIT_RE = re.compile(
    r"^(?:Translation|Translated by|Translated from|Translation by|Edited by|Editing by|Reporting by|Additional reporting|"
    r"Compiled by|Source|Sources|Originally published|This article was originally published|This story was originally published|"
    r"A version of this|Written by|Research by|Graphics by|Illustrations? by|Produced by|Copy[- ]edited by)\b\s*[:\w]",
    re.I,
)
INITIALS_RE = re.compile(r"^\(?[A-Z]{1,4}(?:\s?/\s?[A-Z]{1,4}){1,6}\)?$|^\([a-z]{1,4}(?:/[a-z]{1,4}){1,5}\)$|^-\s?[A-Z]{2,4}\s?-$")

BOILERPLATE_RE = re.compile(
    r"^(?:advertisement|advertisements|sponsored|sponsored content|story continues below|continue reading|"
    r"skip to (?:main )?content|skip to navigation|share|share this|share this:|share this article|share on \w+|"
    r"tweet|email|print|comments?|leave a (?:comment|reply)|\d+ comments?|no comments|subscribe|sign up|log ?in|"
    r"sign in|register|menu|search|close|home|next|previous|back to top|facebook|twitter|whatsapp|linkedin|"
    r"reddit|telegram|pinterest|copy link|copied|tags?:.*|filed under:?.*|categories:.*|category:.*|"
    r"(?:\u00a9|copyright|\(c\)).*|all rights reserved.*|.*cookies?\b.*(?:accept|consent|policy|use|settings).*|"
    r"accept(?: all)?(?: cookies)?|reject all|privacy policy|terms of (?:use|service)|"
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) (?:free )?(?:daily |weekly )?newsletters?.*|"
    r"donate(?: now)?.*|support (?:us|our).*|become a (?:member|patron|subscriber).*|follow us.*|"
    r"click here.*|you may also like.*|related (?:posts?|articles?|stories)|more stories|most popular|"
    r"trending(?: now)?|latest news|recommended(?: for you)?|about the author|loading\W*|"
    r"[a-z]+ \| [a-z]+(?: \| [a-z]+)*)$",
    re.I,
)
SOCIAL_WORDS = frozenset(
    "facebook twitter x whatsapp linkedin reddit telegram pinterest email e-mail print share copy link "
    "messenger tumblr mastodon bluesky threads flipboard sms instagram youtube tiktok".split()
)
APPEAL_RE = re.compile(
    r"\b(?:donat(?:e|ion|ions)|subscribe|subscription|support (?:us|our|independent|groundbreaking)|newsletter|"
    r"become a (?:member|patron)|patreon|paypal|every contribution|sign up)\b",
    re.I,
)
BULLET_RE = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\u00b7*\u2013\u2014-]|\d{1,2}[.)]|[a-z][.)])\s+\S")


def is_social_row(line: str) -> bool:
    words = re.findall(r"[\w-]+", line.lower())
    if not words:
        return False
    if len(words) <= 12 and all(w in SOCIAL_WORDS for w in words):
        return True
    # "Share on Facebook Share on Pinterest Share via Email": a row of share buttons
    return (len(words) <= 40 and "share" in words and all(w in SOCIAL_WORDS or w in _SHARE_FILLER for w in words)
            and sum(1 for w in words if w in SOCIAL_WORDS and w not in _SHARE_FILLER) >= 3)


_SHARE_FILLER = frozenset("share on via to it flip tweet pin opens in new window this article story post page "
                          "with a friend friends copy link x".split())
_ROW_WORDS = SOCIAL_WORDS | _SHARE_FILLER
_CHROME_FIRST = frozenset("sSvVpPhHlLeE[<")
# page furniture a scraper keeps between paragraphs: never a subheading or body text
CHROME_RE = re.compile(
    r"^(?:(?i:sponsor(?:ed)? message|view (?:image|photo|gallery) in full ?screen|print this (?:page|article|story)"
    r"(?: click to print)?|(?:hide|show) (?:caption|captions|image caption)|labels?:\s.*|\[\s*loading\s*\]|(?:embed\s*)?<\s*iframe\b.*)"
    r"|\[[a-z][\w-]*(?:\s+[\w-]+\s*=\s*\S[^\]]*)?\])$")


@lru_cache(maxsize=8192)
def is_chrome_line(line: str) -> bool:
    """A line that is site chrome wherever it stands (a sponsor label, a caption toggle, a shortcode, share buttons)."""
    if len(line) > 400 or line[-1:] in ".!?\u201d\"":
        return False
    if line[:1] in _CHROME_FIRST and CHROME_RE.match(line) is not None:
        return True
    if len(line) >= 300:
        return False
    sp = line.find(" ")
    return (line[:sp] if sp > 0 else line).strip("([|:,").lower() in _ROW_WORDS and is_social_row(line)


_LONG_PREFIXES = ("tag", "filed", "categor", "copyright", "all rights", "sign up", "subscribe", "donate", "support",
                  "follow", "click", "you may", "become a", "\u00a9")


@lru_cache(maxsize=8192)
def is_boilerplate_line(line: str) -> bool:
    if is_chrome_line(line):
        return True
    if len(line) > 400:
        return False
    if len(line) > 100:
        # long lines: only the patterns that can run long (cookie notices, copyright, tags, appeals)
        low = line[:40].lower()
        if "cookie" not in line.lower() and not low.startswith(_LONG_PREFIXES) and line[0] not in "\u00a9(":
            return False
        return BOILERPLATE_RE.match(line) is not None
    return BOILERPLATE_RE.match(line) is not None or is_social_row(line)


# --- navigation rows ------------------------------------------------------------------------
# "Home · World · Sport", "News | Fishing | Energy", "World   Economy   Climate": items split by a
# middle dot, a bullet, a bar or a run of spaces.
_MENU_SPLIT = re.compile(r"\s*[\u00b7\u2022|]\s*|\s{2,}|\t")


@lru_cache(maxsize=8192)
def is_menu_line(line: str) -> bool:
    """A row of navigation links: many short items, none of them a sentence, a name with a role or a date."""
    if len(line) > 200:
        return False
    parts = [p.strip() for p in _MENU_SPLIT.split(line.strip()) if p.strip()]
    if len(parts) < 3:
        return False
    if len(parts) < 4 and any(len(p.split()) > 1 for p in parts):
        return False  # "Jane Doe | Staff | Politics" may be a byline; a menu has more items or single words
    for p in parts:
        if len(p) > 24 or len(p.split()) > 3 or p[-1] in ".?!:,;" or any(c.isdigit() for c in p):
            return False
    if parse_byline(line) is not None:
        return False
    return sum(1 for p in parts if p[:1].isupper()) >= 0.75 * len(parts) or all(p.islower() for p in parts)


# "Skip to content", "Skip to main content", "Jump to navigation": accessibility links atop a page
SKIP_LINK_RE = re.compile(r"^(?:skip|jump) to (?:the )?(?:main |primary )?(?:content|navigation|menu|search|footer)\W*$",
                          re.I)


# Labels that stand alone at the top of a page or before a colon but never name the site: the
# navigation words above, ad labels, section names and field labels ("Posted:", "Cost:").
_SOURCE_JUNK = _NAV_WORDS | frozenset(
    "advertisement advertisements advert adverts ad ads advertising sponsored sponsor promoted promotion "
    "opinion opinions editorials columnists columns column commentary analysis letters features feature "
    "district districts national international local world region regional nation business economy "
    "politics sports sport entertainment lifestyle health technology tech culture travel "
    "food weather environment education arts style fashion finance markets jobs obituaries "
    "report reports transcript transcripts infographic infographics posted updated published written "
    "by author authors source sources cost costs price prices provisions related trending top breaking "
    "live exclusive archive archives section category topic topics tag introduction step steps notice "
    "note notes disclaimer disclosure update correction sidebar photo photos image images gallery".split()
)


def junk_source(name: str | None) -> bool:
    """A "source" that is no site's name: a lone section or ad label ("Opinion", "Advertisement"),
    a navigation word ("About"), a field label, a bare date or number, or a lower-case compound
    ("Future-proofing").  A site named with a common word ("Medium", "Slate") is kept: only the
    labels above are refused (not "Science", "Money", "Life": magazines of those names), so a doubtful
    name costs the page its source, never a wrong one."""
    if not name:
        return False
    s = name.strip().strip(":;,.\u00b7|").strip()
    if not any(c.isalpha() for c in s) or find_date(s):
        return True
    if len(s.split()) != 1:
        return False
    if s.casefold() in _SOURCE_JUNK:
        return True
    head, _, tail = s.partition("-")
    return bool(tail) and head.isalpha() and tail.replace("-", "").isalpha() and tail.islower() and head[1:].islower()
