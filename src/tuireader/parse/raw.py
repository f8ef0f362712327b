"""Raw scraped text (one block element a line) understood as an editor would.

The page's lines are read in three passes:

1. each line's own look (:mod:`tuireader.parse.roles`): caption with credit,
   byline, date, related-story marker, credit, page furniture, list bullet;
2. a body score for each line from its features and its neighbours'
   (:mod:`tuireader.parse.linemodel`, weights learned on real pages);
3. the article's shape: a header (site name, title, byline, captions) before
   the body, the body itself (paragraphs, subheadings, quotes, list items,
   inlined related-story links) and a tail (credits, author note, appeals,
   footers) after it.

Everything that is not the article goes to ``Article.boilerplate`` in order;
nothing is dropped but empty lines.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Iterable

from tuireader.model import BODY_KINDS, Article, Block, Caption
from tuireader.parse import roles
from tuireader.parse.dates import date_from_path, find_date, find_dates, has_date, page_order, relative_date
from tuireader.parse.headline import anchor_line, clean_headline, ordinary_case, pick_headline
from tuireader.parse.linemodel import Line, body_scores, select_body, split_lines
from tuireader.parse.title import derive_title, split_site_suffix

_WORD = re.compile(r"[\w\u00c0-\u024f'\u2019-]+")
# Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar): there
# a line's length in words is counted from its characters (a short heading has under thirty of them).
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The full stop, question and exclamation marks and closing quotes of Chinese and Japanese (and the
# full stops of Devanagari, Arabic, Armenian, Ethiopic, Myanmar): a line ending in one is a sentence.
_WIDE_STOPS = frozenset("\u3002\uff01\uff1f\uff0e\u300d\u300f\uff61\u0964\u06d4\u061f\u0589\u1362\u104b")


def _word_count(t: str) -> int:
    """Words in ``t``; in a script without spaces, characters count (two words to three characters)."""
    words = len(t.split())
    if t.isascii() or len(t) < 2 * words + 8:
        return words
    return max(words, len(_UNSPACED.findall(t)) * 2 // 3)


_SMALL = frozenset("a an the and or of to in on at for with by from as is are vs via but nor per into over up".split())
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_AUTHOR_NOTE = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]*\s){1,4}(?:is|was|has been|writes|covers|reports)\s(?:an?|the|for|about|on)?\s?",
)
TITLE_MIN_P = 0.05
SIGNATURE_REACH = 8  # lines under the story searched for its date line
STAMP_REACH = 12  # lines either side searched for the other dates of a list of dated items
# a sentence's end: a full stop (or "!", "?"), maybe inside closing quotes or a bracket
_STORY_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_FULL_STOP = re.compile(r"(?<!\.)\.[\"'\u201d\u2019)]*$")  # (not an ellipsis)
# what carries a story on: a quote or an attribution
_STORY_CUE = re.compile(r"[\"\u201c\u201d]|\b(?:said|says|told|tells|added|adds|according to|asked|replied|explained|"
                        r"noted|warned|stated|announced|confirmed)\b")
_BARE_BY = frozenset(("by", "written by", "posted by", "words by", "story by", "reported by", "author", "authors",
                      "article by", "article written by", "post by"))
_MONTH_DAY = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?$")
_SIGNATURE_LEAD = re.compile(r"^(?:[-\u2013\u2014~]+|<3|(?:\.\s?){2,}\.?)\s*")
_HOLDER_END = re.compile(r"[.,|\u00b7\u2022\u2019]|\s[-\u2013\u2014]\s|\bAll rights\b", re.I)
_NOT_A_GROUP = frozenset("our meet about join contact your the my".split())  # ("Meet Our Team")
_MIN_READ = re.compile(r"^(?:\d+\s*min(?:ute)?s?(?: read)?|\d+ comments?)$", re.I)
# a dek that ends with its byline: "... the region. By Jane Doe on Dec. 19, 2024"
_TRAILING_BY = re.compile(r"(?<=[.!?\u201d\"])\s+(By\s+[A-Z][^!?]{2,80}?)\.?$")
# "Jane Doe USA TODAY": a name, then the paper's in capitals
_NAME_MASTHEAD = re.compile(r"^(\S+(?:\s\S+){1,3}?)\s+((?:[A-Z&]{2,}\s?){1,3})$")
# the note of an author box: "Jane Doe is a ...", "Jane has ...", "Jane Doe, our editor, ..."
_BIO_OPENING = re.compile(r"^((?:[A-Z][\w'\u2019.-]*\s?){1,3}?)(?:\s(?:is|was|has|had|writes|covers|lives|holds|joined|"
                          r"grew|started|founded|leads|loves)\b|,\s|[\u2019']s\s)")
# the head of a comment section: "42 Comments", "10 comments:", "Leave a Reply", "3 thoughts on “Title”"
_COMMENTS_HEAD = re.compile(
    r"^(?:(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies)(?:\s+(?:to|on)\b.*)?\s*:?"
    r"|\d+\s+thoughts? on\b.*|leave a (?:reply|comment)(?:\s+cancel reply)?|post a comment|add (?:a )?comment"
    r"|join the (?:discussion|conversation)|comments are closed\.?|(?:show|view|read|see) (?:all )?\d*\s*comments)$",
    re.I)
# a comment section's own furniture: what only a comment thread or its form has ("Reply", "Cancel
# reply", "Your email address will not be published", "Notify me of new comments")
_COMMENT_CHROME = re.compile(
    r"^(?:reply(?:\s*[\u2193\u21b5])?|cancel reply|log in to reply|report(?: comment)?|"
    r"your email address will not be published\..*|required fields are marked.*|"
    r"(?:name|email|e-mail|comment|website)\s*\*?:?|save my name, email.*|notify me of .*(?:comments|posts).*|"
    r"\d+\s+(?:reader\s+)?(?:comments?|responses?|replies)(?:\s+(?:to|on)\b.*)?\s*:?|comments navigation|"
    r"(?:older|newer|previous|next|load more|show more) comments|post a comment|subscribe to: post comments.*|"
    # a comment's time stamp on its own line, under the "Jane says:" line
    r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}),?\s(?:at\s)?"
    r"\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)$", re.I)
# one reader's comment header: "Jane Doe says:", "Anonymous September 3, 2011 at 4:21 AM"
_COMMENTER = re.compile(
    r"^(?:[^\s.!?,;:][^.!?;:]{0,40}\s(?:says|wrote)(?: on .{0,40})?:"
    r"|[^\s.!?,;:][^.!?;:]{0,40}?\s(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|\d{1,2}/\d{1,2}/\d{2,4})"
    r",? at \d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)$")
# a line that only stands for a picture: "Photo", "Image 2 of 5", "[image]", "Gallery"
_PHOTO_LABEL = re.compile(r"^[(\[]?\s*(?:photos?|images?|pictures?|illustration|gallery|graphic|slideshow|video)"
                          r"(?:\s+\d+\s*(?:of|/)\s*\d+)?\s*[)\]]?:?$", re.I)
_CRUMBS = re.compile(r"\s+[\u00bb\u203a>]\s+")
_PERSONAL = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]erself|[Hh]imself)\b")
_FIRST_PERSON = ("I'm ", "I\u2019m ", "I am ", "Hi, I", "Hi! I", "Hey, I", "Hello, I")
# the heading of an author box under the story, its name on the next line
_BOX_LABELS = _BARE_BY | frozenset(("about the author", "meet the writer", "meet the author", "about the writer"))
# "This post was written by Jane Doe, Head of ..." under the story
_WRITTEN_BY = re.compile(r"^This (?:blog )?(?:post|article|story|piece|guide) (?:was|is) (?:written|authored) by\s+(?=\S)")


_DATE_NOISE = re.compile(
    r"\b(?:updated|last updated|published|posted|originally published|first published|modified|on|at|by|"
    r"min read|minutes? read|read|am|pm|gmt|utc|est|edt|pst|pdt|cet|ist|et|pt)\b|[|/\u00b7\u2022\u2013\u2014:,.-]",
    re.I,
)


_TIME_ONLY = re.compile(
    r"^(?:(?:updated|last updated|published|posted)\s*:?\s*)?(?:"
    r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|UTC|BST|CET|CEST|[A-Z]{1,2}T)?|"
    r"\d+\s*(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\s+ago|yesterday|just now)\s*$",
    re.I,
)
_DATE_CUE = re.compile(
    r"^(?:Published|Posted|Updated|Last updated|Last modified|Page last modified|Date|Originally published|"
    r"First published|Created)\b", re.I)


# a label on its own line, the date on the next: "Published" / "Content current as of:" / "Publish date"
_DATE_LABEL = re.compile(
    r"^(?:published(?: on)?|publish(?:ed)? date|date published|posted(?: on)?|date|content current as of|"
    r"first published|originally published|release date|article date)\s*:?$", re.I)
_UPDATE_WORD = re.compile(r"\b(?:updated|modified|revised|edited)\b", re.I)
_DATE_LABEL_OTHER = re.compile(r"^(?:updated|last updated|reviewed|modified|last modified)\b", re.I)
# /2024/02/28/ in a URL
# the holder's name follows: "© 2024 Name", "Copyright © 2019-2024, Name"
_COPYRIGHT = re.compile(r"^(?:copyright\s*(?:\u00a9|\(c\))?|\u00a9|\(c\))\s*(?:copyright\b)?\s*"
                        r"(?:(?:19|20)\d\d(?:\s*[-\u2013]\s*(?:19|20)\d\d)?)?[\s,\u2013-]*", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)")


def _date_dominant(t: str) -> bool:
    """A line that is mostly a date ("Updated Feb 28, 2024 10:42 GMT", "March 3, 2024 · 5 min read")."""
    if len(t) > 150 or not has_date(t):
        return False
    rest = roles.DATE_RE.sub(" ", t) if hasattr(roles, "DATE_RE") else t
    rest = roles.TIME_RE.sub(" ", rest)
    rest = roles.WEEKDAY_RE.sub(" ", rest)
    rest = _DATE_NOISE.sub(" ", rest)
    return len(rest.split()) <= 6


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _words(text: str) -> set[str]:
    """The words of a line that carry meaning (no small words), folded."""
    return {w.casefold() for w in _WORD.findall(text) if w.lower() not in _SMALL}


def _title_case_ratio(text: str) -> float:
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) / len(words)


# words a Title Case headline may leave in lower case (small words and prepositions)
_LOWER_OK = _SMALL | frozenset(
    "about above across after against along among around before behind below beneath beside between beyond "
    "despite during except inside into like near off onto out outside past since than through throughout till "
    "toward towards under until upon within without so yet if amid".split())


def _capitals(text: str) -> float | None:
    """The share of capitalised words after the first, leaving out the words a Title Case headline
    keeps in lower case: 1.0 for "Storm Closes the Harbour", 0.0 for "Storm closes the harbour";
    None when no word tells."""
    words = [w for w in _WORD.findall(text)[1:] if w.lower() not in _LOWER_OK and w[:1].isalpha()]
    if not words:
        return None
    return sum(1 for w in words if w[:1].isupper()) / len(words)


def _title_like(text: str) -> bool:
    """Could this line be a headline? Short, not a sentence run, not furniture."""
    words = text.split()
    if not 2 <= len(words) <= 30 or len(text) > 220:
        return False
    if text[-1] == "." and not text.endswith("..."):
        return False
    if roles.is_boilerplate_line(text) or roles.BYLINE_RE.match(text) or roles.split_caption(text):
        return False
    return True


def _recurring_prose(text: str) -> bool:
    """A full sentence of article length: kept as text even when other articles of the source repeat it."""
    if len(text) < 80 or not _STORY_END.search(text) or not (text[0].isupper() or text[0] in "\"\u201c'\u2018"):
        return False
    words = text.split()
    if len(words) < 12 or roles.is_boilerplate_line(text):
        return False
    return sum(1 for w in words if w[:1].islower()) * 2 >= len(words)


# "Jane Doe and John Roe | Guest Columnists": names, then what they are
_NAMES_ROLE = re.compile(r"^(?P<names>[^|\u2013\u2014]{5,80}?)\s+[|\u2013\u2014]\s+(?P<role>(?:[\w'-]+\s){0,3}"
                         r"(?:columnists?|contributors?|writers?|reporters?|correspondents?|editors?|staff))$", re.I)
# an author's note: "Jane Doe covers health and co-writes our newsletter ..."
_BIO_NOTE = re.compile(r"^(?:[A-Z][\w'\u2019.-]*\s){1,3}(?:covers|co-writes|writes about|reports on|is an? (?:\w+\s){0,3}"
                       r"(?:reporter|writer|correspondent|editor|columnist|journalist)\b)")


def _signed(text: str) -> bool:
    """A line naming the writers (with their role) or a note about them: never the headline."""
    if len(text) > 400:
        return False
    m = _NAMES_ROLE.match(text) if ("|" in text or "\u2013" in text or "\u2014" in text) else None
    if m:
        names = [x for x in re.split(r"\s*(?:,|&|\band\b)\s*", m.group("names")) if x]
        return all(1 < len(x.split()) <= 4 and all(w[:1].isupper() for w in x.split()) for x in names)
    return _BIO_NOTE.match(text) is not None and len(text.split()) > 12


def parse_raw(text: str, *, article_id: str, path: str | None = None,
              boilerplate_hints: set[str] | None = None,
              reference: date | datetime | None = None, related_titles: Iterable[str] = ()) -> Article:
    """Parse raw scraped text.

    The published date is, in this order: a date written on the page (byline, date line,
    signature, the page's URL); a relative date on the page ("2 days", "yesterday") counted back
    from ``reference``, the time the page was saved, when the caller knows it; the date the file's
    name starts with (``2024-04-15_site_story.txt``: the archive's own label); else None.

    ``related_titles``: titles of other articles (of the same library): a line of the body that is
    one of them is shown as a related-story link, not as a subheading or a paragraph.
    """
    article = Article(id=article_id, text=text, format="txt", path=path)
    lines = split_lines(text)
    if not lines:
        article.title = "(empty)"
        article.title_derived = True
        article.published = date_from_path(path)
        return article
    hints = {" ".join(h.split()) for h in boilerplate_hints} if boilerplate_hints else set()
    reader = _Reader(article, lines, hints)
    reader.reference = reference
    reader.related_titles = {_norm(t) for t in related_titles if t}
    reader.run()
    return article


class _Reader:
    def __init__(self, article: Article, lines: list[Line], hints: set[str]) -> None:
        self.a = article
        self.lines = lines
        self.hints = hints
        self.n = len(lines)
        self.role: list[str | None] = [None] * self.n
        self.caption: dict[int, tuple[str, str, int]] = {}
        self._order: list[str | None] = []
        self.reference: date | datetime | None = None
        self.related_titles: set[str] = set()

    def order(self) -> str | None:
        """How the page writes all-number dates ("dmy", "mdy" or None), worked out when first needed."""
        if not self._order:
            self._order.append(page_order(self.a.text))
        return self._order[0]

    # -- the passes --------------------------------------------------------------------------
    def run(self) -> None:
        lines, n = self.lines, self.n
        hints = self.hints
        # chrome the page itself shows to be chrome (a sponsor label, share buttons, a caption
        # toggle) counts as a line other articles repeat
        chrome = [roles.is_chrome_line(ln.text) for ln in lines]
        for ln, c in zip(lines, chrome):
            if c or (hints and (ln.text in hints or " ".join(ln.text.split()) in hints)):
                ln.hint = True
        cut = [c and not roles.is_social_row(ln.text) for ln, c in zip(lines, chrome)]
        if any(cut):
            # a label between paragraphs ("View image in fullscreen") is read past: the lines
            # either side of it are neighbours, as a reader sees them
            kept = [ln for ln, c in zip(lines, cut) if not c]
            it = iter(body_scores(kept))
            scores = [0.0 if c else next(it) for c in cut]
            it2 = iter(select_body(kept, [p for p, c in zip(scores, cut) if not c]))
            selected = [False if c else next(it2) for c in cut]
        else:
            scores = body_scores(lines)
            selected = select_body(lines, scores)
        self.scores = scores
        body = [b and not ln.hint for b, ln in zip(selected, lines)]
        if any(chrome):
            self._read_past_chrome(body, chrome)
        if hints:
            self._keep_recurring_prose(body)
        # Explicit signs win over the body score.
        for i, ln in enumerate(lines):
            t = ln.text
            cap = roles.split_caption(t)
            if cap and (cap[0] or roles.CREDIT_ONLY_RE.match(t)):
                if (not cap[0] or _PHOTO_LABEL.match(cap[0])) and not self._photo_near(i):
                    self.role[i] = "menu"  # a bare credit with no picture of its own: page chrome
                else:
                    self.caption[i] = cap
                body[i] = False
            elif roles.RELATED_RE.match(t):
                self.role[i] = "related"
                body[i] = False
            elif "http" in t[:60] and len(t) < 330 and roles.URL_LINE_RE.match(t):
                self.role[i] = "url"
                body[i] = False
                if self.a.url is None:
                    self.a.url = roles.URL_LINE_RE.match(t).group("url").rstrip(").,;")
            elif len(t) < 60 and _TIME_ONLY.match(t):
                self.role[i] = "dateline"  # "Updated 10:42 GMT", "2 days ago": no date to keep
                body[i] = False
            elif len(t) < 160 and roles.BYLINE_RE.match(t) and roles.parse_byline(t) is not None:
                self.role[i] = "byline?"
                body[i] = False
        first = next((i for i in range(n) if body[i]), None)
        if first is None:
            # No body line at all: keep everything that reads like prose.
            body = [len(ln.text.split()) >= 6 and (not ln.hint or _recurring_prose(ln.text))
                    and not roles.is_boilerplate_line(ln.text) for ln in lines]
            for ln, b in zip(lines, body):
                if b:
                    ln.hint = False
            first = next((i for i in range(n) if body[i]), None)
        last = max((i for i in range(n) if body[i]), default=-1)
        if first is not None:
            # a note about the writer over the story is not one of its paragraphs
            for i in [i for i in range(first, n) if body[i]][:4]:
                if _BIO_NOTE.match(lines[i].text) and _signed(lines[i].text) and any(body[i + 1:]):
                    body[i] = False
                    self.role[i] = "menu"
            first = next((i for i in range(first, n) if body[i]), None)
        if first is None:
            first = n
        first = self._header(first, body)
        if not self.a.title:
            first = self._prose_above(first, body)
        last = self._story_goes_on(last, body)
        if not self.a.authors and last >= 0:
            self._signature_name(last)
        if self.a.published is None:
            self._late_date(last)
        if self.a.published is None:
            self._undated()
        last = self._tail_start(first, last, body) - 1
        self._body(first, last, body, scores)
        self._finish()

    def _photo_near(self, i: int) -> bool:
        """Is there a picture next to line ``i``: a caption with its own text, or a label ("Photo",
        "Image 2 of 5", "[image]")?"""
        for j in (i - 1, i + 1):
            if 0 <= j < self.n:
                t = self.lines[j].text
                if _PHOTO_LABEL.match(t):
                    return True
                cap = roles.split_caption(t)
                if cap and cap[0] and not _PHOTO_LABEL.match(cap[0]):
                    return True
        return False

    def _read_past_chrome(self, body: list[bool], chrome: list[bool]) -> None:
        """A full paragraph right after chrome that interrupts the body ("Sponsor Message", share
        buttons) goes on with the body, as a reader reads past the chrome."""
        lines = self.lines
        above = False  # the nearest line above that is not chrome is body
        crossed = False
        for i in range(self.n):
            if chrome[i]:
                crossed = True
                continue
            if above and crossed and not body[i] and not lines[i].hint and self._prose(i, self.n - 1) \
                    and not roles.is_boilerplate_line(lines[i].text):
                body[i] = True
            above = body[i]
            crossed = False

    def _keep_recurring_prose(self, body: list[bool]) -> None:
        """A line other articles of the source have too (a hint) is still article text when it is a
        full prose sentence that leads on into the body: a series' shared lead, a wire story saved
        twice.  Site chrome (menus, share rows, appeals, footers) is short, or matched by its own
        patterns, or sits after the story.  Read bottom up so a run of such lines leads on too."""
        lines = self.lines
        leads_on = False  # the nearest line below that is not a hint is body
        for i in range(self.n - 1, -1, -1):
            ln = lines[i]
            if not ln.hint:
                leads_on = body[i]
            elif leads_on and _recurring_prose(ln.text):
                ln.hint = False
                body[i] = True

    # -- header: site, title, byline, date ------------------------------------------------------
    def _header(self, first: int, body: list[bool]) -> int:
        """Read the top of the page (and the first lines of the body for bylines and dates)."""
        lines, a = self.lines, self.a
        top_end = min(self.n, first + 25)
        bylines: list[tuple[int, list[str], str | None]] = []
        datelines: list[tuple[int, str]] = []
        source_at = None
        for i in range(top_end):
            t = lines[i].text
            if i in self.caption:
                continue
            if self.role[i] == "byline?":
                self.role[i] = None
            if self.role[i] is not None or len(t) > 200:
                continue
            by = roles.parse_byline(t)
            if by is None and len(t) < 24 and t.lower().rstrip(" :") in _BARE_BY:
                by = ([], None)  # "written by" / "Author", the name on the next line
            if by is not None:
                authors, date = by
                authors = self._real_names(authors, i)
                if date is None:
                    date = find_date(t, self.order)  # "By A | 03/04/2024" on a page that writes 28/02/2024
                if not authors and t.lower().rstrip(" :") in _BARE_BY and i + 1 < self.n:
                    authors = roles.clean_authors(lines[i + 1].text)
                    if authors:
                        self.role[i + 1] = "byline"
                        body[i + 1] = False
                self.role[i] = "byline"
                body[i] = False
                bylines.append((i, authors, date))
                continue
            if _date_dominant(t):
                d = find_date(t, self.order)
                if d:
                    datelines.append((i, d))
                    continue
            if i < first and (roles.is_menu_line(t) or roles.SKIP_LINK_RE.match(t)):
                self.role[i] = "menu"  # navigation, never the headline nor a byline
                continue
            if i < first and source_at is None and a.source is None:
                site = self._site_line(t, i)
                bare = site is None and self._bare_site_line(t, i, first)
                if (site and roles.junk_source(site)) or (bare and roles.junk_source(t)):
                    site = bare = None  # "Opinion", "Advertisement", "About: ...": a label, not the site
                if site or bare:
                    a.source = site or t.strip()
                    source_at = i
                    self.role[i] = "source"
                    # the tagline that follows a "Site – tagline" line is chrome too
                    if i + 1 < first and i + 1 not in self.caption and self._tagline(lines[i + 1].text) \
                            and ((site and not self._headline_slot(i + 1)) or self._tagline_not_headline(i + 1, first)):
                        self.role[i + 1] = "tagline"
        self._title(first, body)
        anchor = next((i for i in range(self.n) if self.role[i] == "title"), first)

        def dist(i: int) -> int:
            return i - anchor if i >= anchor else (anchor - i) * 2 + 1

        if not any(b[1] for b in bylines) and anchor < self.n:
            # a bare name next to the headline or the date line is the byline
            near = [anchor + d for d in (1, 2, 3, -1, 4, 5, -2)] + [i + d for i, _ in datelines for d in (-1, 1)] \
                + [i - 2 for i, _ in datelines if i >= 2 and roles.role_line(lines[i - 1].text)]  # name / role / date
            dated_at = {i for i, _ in datelines}
            for i in near:
                free = 0 <= i < self.n and self.role[i] is None and i not in self.caption
                who = self._masthead_name(i, anchor) if free else None
                if free and who is None:
                    who = roles.name_with_role(lines[i].text)
                if free and who is None:
                    who = self._slot_name(i, anchor, dated_at)
                if who and _norm(who) != _norm(a.source or ""):
                    self.role[i] = "byline"
                    body[i] = False
                    bylines.append((i, [who], None))
                    break
            else:
                # "Jane Doe March 3, 2024" on the date line
                for i, _d in sorted(datelines, key=lambda x: dist(x[0])):
                    who = roles.name_on_date_line(lines[i].text)
                    if who:
                        bylines.append((i, [who], None))
                        break
        named = [b for b in bylines if b[1]]
        below = [b for b in named if b[0] > first]
        if len({tuple(_norm(x) for x in b[1]) for b in below}) > 1 or len({b[2] for b in below if b[2]}) > 1:
            # bylines under the story's first lines naming several people, or one with several
            # dates: a list of other stories ("Related posts"), not this one's byline
            named = [b for b in named if b[0] <= first]
            bylines = [b for b in bylines if b[0] <= first]
        if named:
            a.authors = min(named, key=lambda b: dist(b[0]))[1]
        else:
            late = self._late_byline(top_end, first) or self._author_box(first) or self._own_name_site(first) \
                or self._copyright_person()
            if late:
                a.authors = late
        dated = [(i, d) for i, _, d in bylines if d] + [x for x in datelines if not self._stamp_list(*x)]
        if not dated:
            # a short line with a date right around the headline ("Jane Doe | 21 Apr 2017 | Courts")
            for i in (anchor + 1, anchor + 2, anchor - 1, anchor + 3, anchor + 4):
                if 0 <= i < self.n and i not in self.caption and len(lines[i].text.split()) <= 20 \
                        and (self.role[i] in (None, "byline")):
                    d = find_date(lines[i].text, self.order)
                    if d:
                        dated.append((i, d))
                        break
        if not dated:
            # "Published March 3, 2024" further down the page ("Updated ..." only when nothing else)
            cued = []
            for i in range(self.n):
                t = lines[i].text
                if len(t) < 160 and _DATE_CUE.match(t) and i not in self.caption:
                    d = find_date(t, self.order)
                    if d:
                        cued.append((i, d))
                        if not _DATE_LABEL_OTHER.match(t):
                            break
            if cued:
                dated.append(next((x for x in cued if not _DATE_LABEL_OTHER.match(lines[x[0]].text)), cued[0]))
        if dated:
            i, d = min(dated, key=lambda x: dist(x[0]))
            # "Updated ..." gives way to a plain or "Posted ..." date line close by
            if _DATE_LABEL_OTHER.match(lines[i].text):
                plain = [x for x in dated if not _DATE_LABEL_OTHER.match(lines[x[0]].text)
                         and abs(x[0] - i) <= 3]
                if plain:
                    i, d = min(plain, key=lambda x: dist(x[0]))
            a.published = d
            t = lines[i].text
            if self.role[i] is None and not (_FULL_STOP.search(t) and len(t.split()) >= 12 and not _date_dominant(t)):
                # (a sentence of the story that holds a date is the story's, not the page's date line)
                self.role[i] = "dateline"
                body[i] = False
            if not a.authors:
                who = roles.name_on_date_line(lines[i].text)  # "Jane Doe 3 March 2024 | Gardening"
                if who and _norm(who) != _norm(a.source or ""):
                    a.authors = [who]
        while first < self.n and not body[first]:
            first += 1
        return first
    def _late_date(self, last: int) -> None:
        """No date at the top: a labelled date ("Published" / "15 March 2021" on the next line),
        a signature under the story ("Jane Doe" / "March 3, 2024"), or a date in the page's URL."""
        lines, a = self.lines, self.a
        found: tuple[int, str] | None = None
        for i in range(self.n - 1):
            t = lines[i].text
            if len(t) < 40 and _DATE_LABEL.match(t) and i not in self.caption:
                for j in (i + 1, i + 2):
                    if j < self.n and _date_dominant(lines[j].text) and not _DATE_LABEL_OTHER.match(lines[j].text):
                        d = find_date(lines[j].text, self.order)
                        if d:
                            found = (j, d)
                            break
                if found:
                    break
        if found is None and last >= 0:
            for j in range(last + 1, min(self.n, last + 4)):
                t = lines[j].text
                if self.role[j] not in (None, "byline") or not _date_dominant(t):
                    continue
                signed = any(0 <= k < self.n and k != j and (self.role[k] == "byline" or (
                    roles.name_like(lines[k].text) or roles.BYLINE_RE.match(lines[k].text)))
                    for k in (j - 1, j - 2))
                d = find_date(t, self.order)
                if d and signed:
                    found = (j, d)
                    break
        if found is None and last >= 0:
            found = self._signature_date(last)
        if found is not None:
            j, d = found
            a.published = d
            if self.role[j] is None:
                self.role[j] = "dateline"
            return
        if a.url:
            m = _URL_DATE.search(a.url)
            if m:
                from tuireader.parse.dates import _valid
                a.published = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))

    def _undated(self) -> None:
        """No date written on the page: a relative one on the byline or a date line ("2 days",
        "3 hours ago") counted back from the time the page was saved, when that is known; else the
        date the file's name starts with."""
        if self.reference is not None:
            for i in range(self.n):
                if self.role[i] in ("byline", "dateline") and len(self.lines[i].text) < 160:
                    d = relative_date(self.lines[i].text, self.reference)
                    if d:
                        self.a.published = d
                        return
        self.a.published = date_from_path(self.a.path)

    def _late_byline(self, start: int, first: int) -> list[str]:
        """No byline at the top: the first "By Jane Doe" / "Written by Jane Doe" further down the
        page (an author box under the story), when the page has only one such name.  Labelled
        boxes ("Written by" / "Jane Doe", "This post was written by ...") are looked for from the
        body's ``first`` line, "By" lines under the top (``start``) that the header read."""
        found: list[str] | None = None
        dates: set[str] = set()
        for i in range(min(start, first), self.n):
            t = self.lines[i].text
            if len(t) > 200 or i in self.caption:
                continue
            if i < start and not (len(t) < 24 or t[:4] == "This"):
                continue
            if len(t) < 24 and t.lower().rstrip(" :") in _BOX_LABELS:
                names = self._box_name(i)  # "Written by" / "Jane Doe"
            elif t[:4] == "This" and _WRITTEN_BY.match(t):
                names = self._real_names(roles.clean_authors(t[_WRITTEN_BY.match(t).end():]), i)
            elif i < start or len(t) > 120 or not (roles.BYLINE_RE.match(t) or (
                    t[:1].isdigit() or t[:1].isupper()) and " by " in t.lower() and roles.DATE_FIRST_BY_RE.match(t)):
                continue  # "By Jane Doe", "March 3, 2024 By Jane Doe"
            else:
                by = roles.parse_byline(t)
                names = self._real_names(by[0], i) if by is not None else []
                if names and by[1]:
                    dates.add(by[1])
            if not names:
                continue
            if found is None:
                found = names
            elif {_norm(x) for x in names} != {_norm(x) for x in found}:
                return []  # bylines of several stories (a list of related posts)
        if len(dates) > 1:
            return []  # "March 3, 2024 by Jane Doe", "May 9, 2024 by Jane Doe": her other posts
        return found or []

    def _signature_name(self, last: int) -> None:
        """The writer's name signed right under the story's last paragraph ("— Jane Doe")."""
        j = last + 1
        if j >= self.n or j in self.caption or self.role[j] is not None or not self._prose(last, last):
            return
        t = _SIGNATURE_LEAD.sub("", self.lines[j].text).rstrip(" .")
        words = t.split()
        if 2 <= len(words) <= 3 and roles.given_name_first(t) and roles.person_name(t) \
                and not roles.everyday(words[-1]) and len(words[-1].rstrip(".")) > 1:
            # (not "Sarah K.", a testimonial's signature)
            self.a.authors = [t]
            self.role[j] = "byline"

    def _copyright_person(self) -> list[str]:
        """A personal site: the copyright at the foot of the page is held by a person ("© 2025
        Jane Doe. All rights reserved."), not a company ("© Jane Doe Photography")."""
        for i in range(self.n - 1, max(-1, self.n - 40), -1):
            t = self.lines[i].text
            if len(t) > 120 or t[:1] not in "©Cc(":
                continue
            m = _COPYRIGHT.match(t)
            if not m or not m.end():
                continue
            holder = _HOLDER_END.split(t[m.end():], 1)[0].strip()
            words = holder.split()
            if 2 <= len(words) <= 3 and roles.given_name_first(holder) and roles.person_name(holder) \
                    and not roles.everyday(words[-1]) and len(words[-1]) > 1 and "'" not in holder:
                return [holder]
            return []  # (the first copyright line from the foot tells)
        return []

    def _own_name_site(self, first: int) -> list[str]:
        """A one-person site named after its writer: the page's title ends with a person's name
        ("Headline | Jane Doe") and the name stands alone on a line at the top (the masthead)."""
        lines = self.lines
        for k in range(min(2, self.n)):
            site = split_site_suffix(lines[k].text)[1]
            words = site.split() if site else []
            if not 2 <= len(words) <= 3 or not roles.person_name(site) \
                    or any(w.isupper() and len(w) > 1 for w in words) \
                    or (roles.everyday(words[-1]) and not (len(words) == 2 and roles.given_name_first(site))):
                continue  # (not "Ava Community Energy", "ACME Labs")
            want = _norm(site)
            for j in range(min(first, 12, self.n)):
                if j != k and _norm(lines[j].text.rstrip(" /|\u00b7-")) == want:
                    return [site]
        return []

    def _author_box(self, start: int) -> list[str]:
        """An author box under the story: the name alone on a line, maybe a job title under it,
        then the note about the author, which opens with the name or "I'm" ("Jane Doe" / "Jane Doe
        is a reporter who ..."), when the page has one such box."""
        lines = self.lines
        found: str | None = None
        for i in range(start, self.n - 1):
            t = lines[i].text
            if len(t) > 60 or not t[:1].isupper() or i in self.caption:
                continue
            first = t.split(None, 1)[0].rstrip(",")
            for j in (i + 1, i + 2):
                if j >= self.n:
                    break
                note = lines[j].text
                if note.startswith(first) and note != t or note.startswith(_FIRST_PERSON):
                    break
            else:
                continue
            if j == i + 2 and not roles.role_line(lines[i + 1].text):
                continue
            if not (_BIO_OPENING.match(note) or note.startswith(_FIRST_PERSON)) or len(note.split()) < 8:
                continue
            who = roles.name_with_role(t)
            if who is None or not (note.startswith(_FIRST_PERSON) or _PERSONAL.search(note)):
                continue  # (a product's note opens like a person's: "Acme Cloud is a ...", but says "it")
            if not note.startswith(_FIRST_PERSON):
                opened = _BIO_OPENING.match(note).group(1)
                name_words = who.split()
                if opened not in (who, name_words[0]) and opened != " ".join(name_words[:2]):
                    continue  # the note is about someone else
            if found is not None and _norm(found) != _norm(who):
                return []  # boxes of several people: a team page, related posts
            found = who
        return [found] if found else []

    def _dateish(self, j: int, dated_at: set[int]) -> bool:
        """Is line ``j`` a date line ("Nov 8, 2025", "Jun 9", "2 days ago")?"""
        if j >= self.n or j in self.caption:
            return False
        t = self.lines[j].text
        return j in dated_at or self.role[j] == "dateline" or (len(t) < 40 and (
            _MONTH_DAY.match(t) is not None or _TIME_ONLY.match(t) is not None or _date_dominant(t)))

    def _masthead_name(self, i: int, anchor: int) -> str | None:
        """"Jane Doe GAZETTE" near the headline: the name and the paper's, in capitals."""
        t = self.lines[i].text
        if len(t) > 60 or abs(i - anchor) > 3 or not t[-2:].isupper():
            return None
        m = _NAME_MASTHEAD.match(t)
        return m.group(1) if m and roles.person_name(m.group(1)) else None

    def _slot_name(self, i: int, anchor: int, dated_at: set[int]) -> str | None:
        """A name in the byline's place that the name lists do not know: right under the headline
        and over the date line (maybe with a job title between), or "Jane Doe USA TODAY" near
        the headline."""
        t = self.lines[i].text
        if 0 < i - anchor <= 2 and " By " in t:
            m = _TRAILING_BY.search(t)
            by = roles.parse_byline(m.group(1)) if m else None
            if by and len(by[0]) == 1 and roles.person_name(by[0][0]):
                return by[0][0]  # the dek ends with the byline
        if len(t) > 60:
            return None
        if i - 1 != anchor:
            return None
        if roles.group_name(t) and t.split(None, 1)[0].casefold() not in _NOT_A_GROUP:
            return t  # "Acme Staff" right under the headline
        j = i + 1
        if j < self.n and roles.role_line(self.lines[j].text) and not self._dateish(j, dated_at):
            j += 1
        if not self._dateish(j, dated_at):
            return None
        # one word ("Gabo") only in a blog's header row: name / date / "5 min read"
        single = j + 1 < self.n and _MIN_READ.match(self.lines[j + 1].text) is not None
        return roles.slot_name(t, single)

    def _box_name(self, i: int) -> list[str]:
        """The name under an author box's label ("Written by", "About the author"): the next line
        or the one after a short line between ("Email", the initials of a missing photo)."""
        for j in (i + 1, i + 2):
            if j >= self.n or j in self.caption:
                return []
            t = self.lines[j].text
            if len(t) > 80:
                return []
            who = roles.name_with_role(t)
            if who:
                return [who]
            names = self._real_names(roles.clean_authors(t), j)
            if names and all(roles.name_like(x) or roles.group_name(x) for x in names):
                return names
            if len(t.split()) > 2:
                return []
        return []

    def _real_names(self, authors: list[str], i: int) -> list[str]:
        """The names of a byline less those made of everyday words ("By Use Case", a filter of a
        listing) that the page does not name elsewhere as itself ("By Quiet Light" on a page whose
        title ends "| Quiet Light")."""
        if not authors or not any(roles.label_like(x) for x in authors):
            return authors
        return [x for x in authors if not roles.label_like(x) or self._named_elsewhere(x, i)]

    def _named_elsewhere(self, name: str, i: int) -> bool:
        """Does the page name ``name`` on another line: alone, as a title's site suffix, in a copyright?"""
        nn = _norm(name)
        for j, ln in enumerate(self.lines):
            t = ln.text
            if j == i or len(t) > 300 or nn not in _norm(t):
                continue
            if _norm(t) == nn:
                return True
            tail = split_site_suffix(t)[1]
            if tail is not None and _norm(tail) == nn:
                return True
            m = _COPYRIGHT.match(t)
            if m and m.end() and _norm(t[m.end():]).startswith(nn):
                return True
        return False

    def _stamp_list(self, i: int, d: str) -> bool:
        """Is the date line ``i`` one of a list of dated items (recent posts, comments): two more
        lines nearby that are mostly other dates?"""
        others = 0
        for j in range(max(0, i - STAMP_REACH), min(self.n, i + STAMP_REACH + 1)):
            if j != i and _date_dominant(self.lines[j].text):
                dj = find_date(self.lines[j].text, self.order)
                if dj and dj != d:
                    others += 1
                    if others >= 2:
                        return True
        return False

    def _signature_date(self, last: int) -> tuple[int, str] | None:
        """A little under the story, the post's own date line: "Jane Doe March 3, 2024",
        "March 3, 2024 By Jane Doe", "March 3, 2024 · 6 Comments".  The first date line there is
        taken when no date line below it is earlier (comments under a post come after it); lines
        with a clock time ("March 3, 2024 at 6:26 pm", a comment's stamp) or two dates with nothing
        to tell them apart are passed by ("March 3, 2024. Updated: March 9, 2024" gives March 3)."""
        lines = self.lines
        seen: list[tuple[int, str]] = []
        for j in range(last + 1, min(self.n, last + SIGNATURE_REACH)):
            t = lines[j].text
            if j in self.caption or self.role[j] not in (None, "byline") or not _date_dominant(t):
                continue
            found = {iso for iso, _, _ in find_dates(t, self.order)}
            if roles.TIME_RE.search(t) or (len(found) > 1 and not _UPDATE_WORD.search(t)):
                continue  # a comment's time stamp; two dates and nothing to tell them apart
            d = find_date(t, self.order)
            if d:
                seen.append((j, d))
        if not seen:
            return None
        j, d = seen[0]
        if all(d <= other for _, other in seen[1:]):
            return j, d
        return None

    def _site_line(self, t: str, i: int) -> str | None:
        """"Orinoco Tribune – News and opinion ..." -> "Orinoco Tribune"."""
        m = re.match(r"^((?:[A-Z\u00c0-\u00de0-9][\w\u00c0-\u024f.'\u2019&-]*\s?){1,4}?)\s*[\u2013\u2014|:-]\s+(.{8,120})$", t)
        if not m:
            return None
        name, tagline = m.group(1).strip(), m.group(2)
        if " " not in name and t[len(m.group(1)):].lstrip()[:1] == ":" and not self._site_echo(name, i):
            return None  # "Posted: ...", "Cost: ...": a one-word label, unless the page names it as its site
        if self._headline_slot(i + 1) and not _words(name) & _words(self.lines[i + 1].text):
            # a headline of other words under it, right above the byline: this is the masthead
            # ("The Kestrel – Since 1911"), not the browser title "Headline – Site"
            return name
        if tagline[-1:] == "." or has_date(tagline) or len(tagline.split()) < 3:
            return None
        # the tagline reads like a description, not a headline continuation; a Title Case one
        # passes only on top of the page when the name comes back as the site's elsewhere
        if _title_case_ratio(tagline) > 0.6 and not (
                len(tagline.split()) > len(name.split()) and self._near_top(i) and self._site_echo(name, i)
                and not self._site_echo(tagline, i) and not self._alone_elsewhere(name, i)):
            return None
        return name

    def _alone_elsewhere(self, name: str, i: int) -> bool:
        """A person's name that also stands on a line of its own (a byline), as on a one-author blog."""
        if not roles.name_like(name):
            return False
        nn = _norm(name)
        return any(j != i and _norm(ln.text) == nn for j, ln in enumerate(self.lines))

    def _near_top(self, i: int, most: int = 2) -> bool:
        """At most ``most`` lines of content (not captions, menus, notices) above line ``i``."""
        seen = 0
        for j in range(i):
            if j in self.caption or self.role[j] == "menu" or roles.is_boilerplate_line(self.lines[j].text):
                continue
            seen += 1
        return seen <= most

    def _site_echo(self, name: str, i: int) -> bool:
        """Does ``name`` come back elsewhere on the page as the site's name: in a photo credit
        ("Photo: Name/..."), as the suffix of a headline ("... | Name"), after a byline
        ("By A | Name") or in a copyright or other footer line?"""
        nn = _norm(name)
        if len(nn) < 3:
            return False
        rx = re.compile(r"(?<!\w)" + re.escape(nn) + r"(?!\w)")
        for j, ln in enumerate(self.lines):
            if j == i:
                continue
            t = ln.text
            if len(t) > 400 or not rx.search(_norm(t)):
                continue
            if j in self.caption:
                if rx.search(_norm(self.caption[j][1])):
                    return True
                continue
            tail = split_site_suffix(t)[1]
            if tail is not None and _norm(tail) == nn and _norm(split_site_suffix(t)[0]) != nn:
                return True
            by = roles.parse_byline(t)
            if by is not None and by[0] and all(_norm(x) != nn for x in by[0]):
                return True  # "By A | Site"
            m = _COPYRIGHT.match(t)
            if m and _norm(t[m.end():]).startswith(nn):
                return True  # "© 2024 Name Ltd"
        return False

    def _bare_site_line(self, t: str, i: int, first: int) -> bool:
        """A masthead on its own line ("Daily Lantern" over its tagline): a short capitalised name
        at the top of the page that the page repeats as the site's name (see :meth:`_site_echo`)."""
        words = t.split()
        if not 1 <= len(words) <= 4 or len(t) > 40 or t[-1:] in ".?!:,;" or i + 1 >= first:
            return False
        if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words) or not words[0][:1].isupper():
            return False
        if roles.parse_byline(t) is not None or has_date(t) or roles.is_boilerplate_line(t):
            return False
        if not self._near_top(i, 1):
            return False
        # the tagline under it: a short phrase, not a menu, a byline or a date
        nxt = self.lines[i + 1].text
        if i + 1 in self.caption or len(nxt.split()) < 3 or not self._tagline(nxt) or roles.is_menu_line(nxt) \
                or roles.is_boilerplate_line(nxt) or roles.BYLINE_RE.match(nxt):
            return False
        return self._site_echo(t, i) and not self._alone_elsewhere(t, i)

    def _headline_slot(self, j: int) -> bool:
        """A Title Case line right above the byline (``Site – tagline``, then this, then ``By X``):
        the headline's place on the page, not a second tagline (a tagline is followed by the
        caption, the body or nothing)."""
        k = j + 1
        if k >= self.n or k in self.caption or _title_case_ratio(self.lines[j].text) < 0.75:
            return False
        t = self.lines[k].text
        return bool(roles.BYLINE_RE.match(t)) or roles.parse_byline(t) is not None

    def _tagline_not_headline(self, j: int, first: int) -> bool:
        """Under a bare masthead: a tagline when no byline, date, caption or body follows it."""
        k = j + 1
        if k >= self.n or k >= first or k in self.caption:
            return False
        t = self.lines[k].text
        if roles.BYLINE_RE.match(t) or roles.parse_byline(t) is not None or _date_dominant(t) or _TIME_ONLY.match(t):
            return False
        return True

    @staticmethod
    def _tagline(t: str) -> bool:
        return len(t.split()) <= 12 and t[-1:] not in ".?!" and roles.parse_byline(t) is None and not has_date(t)

    def _title(self, first: int, body: list[bool]) -> None:
        lines, a = self.lines, self.a
        # (page furniture, a cookie notice, "Share this article", is never the headline)
        skip = set(self.caption) | {i for i in range(self.n) if self.role[i] is not None
                                    or roles.is_boilerplate_line(lines[i].text) or _signed(lines[i].text)}
        pair = self._title_pair(first, skip)
        if pair is not None:
            best, title, p = pair, lines[pair].text, 1.0
        else:
            best, title, p = pick_headline(lines, anchor_line(lines, body), self.scores, skip)
        if (best is None or p < TITLE_MIN_P) and 0 not in skip and _title_like(lines[0].text) \
                and (split_site_suffix(lines[0].text)[1] is not None or _title_case_ratio(lines[0].text) >= 0.75):
            # "Headline – Site" (or a Title Case line) on top, and nothing better
            best, title, p = 0, clean_headline(lines[0].text, True), 1.0
        if best is None or p < TITLE_MIN_P:
            over = self._headline_over_byline(first, skip)
            if over is not None:
                best, title, p = over, lines[over].text, 1.0
        if best is not None and p >= TITLE_MIN_P:
            t = lines[best].text
            title = ordinary_case(lines, title or t, best)
            a.title = title
            a.title_start = self._offset_of(title, best)
            a.title_derived = False
            self.role[best] = "title"
            if best == 0 and a.source is None:
                a.source = split_site_suffix(t)[1]
            elif a.source is None:
                a.source = split_site_suffix(lines[0].text)[1]
            if roles.junk_source(a.source):
                a.source = None  # "Headline | Opinion": a section, not the site
            want = _norm(title)
            for i in range(self.n):
                if i != best and self.role[i] is None and lines[i].text[:4].lower() == title[:4].lower() \
                        and _norm(split_site_suffix(lines[i].text)[0]) == want:
                    self.role[i] = "title-copy"
            return
        if best is not None:
            return  # the model saw no headline: derive one

        head0 = None
        site0 = None
        top = next((i for i in range(self.n) if i not in self.caption), None)
        if top is not None and top < max(first, 1) and self.role[top] is None and _title_like(lines[top].text):
            head0, site0 = split_site_suffix(lines[top].text)
        chosen: int | None = None
        if head0:
            want = _norm(head0)
            for i in range(top + 1, self.n):
                if i in self.caption or body[i] and i >= first:
                    continue
                if _norm(lines[i].text) == want:
                    chosen = i
                    break
            if chosen is None:
                chosen = top
            if site0 and a.source is None and not roles.junk_source(site0):
                a.source = site0
        else:
            # the last headline-like line just before the byline or the body
            for i in range(min(first, self.n) - 1, -1, -1):
                if self.role[i] in ("byline", "dateline") or i in self.caption:
                    continue
                if self.role[i] is None and _title_like(lines[i].text) and not lines[i].hint \
                        and _title_case_ratio(lines[i].text) >= 0.5:
                    chosen = i
                break
        if chosen is not None:
            t = lines[chosen].text
            title, _site = split_site_suffix(t)
            a.title = title
            a.title_start = lines[chosen].start
            a.title_derived = False
            self.role[chosen] = "title"
            # other copies of the headline are chrome
            want = _norm(title)
            for i in range(self.n):
                if i != chosen and self.role[i] is None and lines[i].text[:4].lower() == title[:4].lower() \
                        and _norm(split_site_suffix(lines[i].text)[0]) == want:
                    self.role[i] = "title-copy"

    def _offset_of(self, title: str, best: int) -> int | None:
        """Where the title's wording stands in the text: on its line, else on the line it was
        taken from (the page title's wording for an ALL CAPS headline), else nowhere."""
        pos = self.lines[best].text.find(title)
        if pos >= 0:
            return self.lines[best].start + pos
        for ln in self.lines:
            pos = ln.text.find(title)
            if pos >= 0:
                return ln.start + pos
        return None

    def _title_pair(self, first: int, skip: set[int]) -> int | None:
        """The headline printed twice above the body, once bare and once with the site's name
        appended ("Headline" / "Headline – Site"): the bare line is the title."""
        lines = self.lines
        for i in range(min(self.n, first + 1)):
            if i in skip:
                continue
            t = lines[i].text
            if not _title_like(t) or len(t.split()) < 4 or split_site_suffix(t)[1] is not None:
                continue
            want = _norm(t)
            prev = lines[i - 1].text if i else ""
            if "\u00bb" in prev or "\u203a" in prev or ">" in prev:
                crumbs = _CRUMBS.split(prev)
                if len(crumbs) >= 3 and _norm(crumbs[-1]) == want:
                    return i  # "Home » News » Headline" over "Headline": the page's own headline
            for j in range(max(0, i - 2), min(self.n, i + 3)):
                if j == i or j in self.caption:
                    continue
                head, site = split_site_suffix(lines[j].text)
                if site is not None and _norm(head) == want and (
                        _norm(site) == _norm(self.a.source or "") or self._site_echo(site, j)):
                    return i
        return None

    def _headline_over_byline(self, first: int, skip: set[int]) -> int | None:
        """Under the masthead (site name, tagline, menu), the Title Case line just above the
        byline or the date line is the headline."""
        lines = self.lines
        # (the body model may have taken the headline itself for the first line of the body)
        mark = next((i for i in range(min(self.n, first + 2)) if i not in self.caption and (
            self.role[i] in ("byline", "dateline") or _date_dominant(lines[i].text))), None)
        if mark is None:
            return None
        c = mark - 1
        while c >= 0 and c in self.caption:
            c -= 1
        if c < 0 or c in skip or lines[c].hint:
            return None
        t = lines[c].text
        if not _title_like(t) or _title_case_ratio(t) < 0.75:
            return None
        for j in range(c):
            if j in self.caption or self.role[j] in ("source", "tagline", "menu") \
                    or roles.is_boilerplate_line(lines[j].text):
                continue
            return None
        return c

    def _plain_line(self, i: int) -> bool:
        """A line no rule has claimed: not a caption, a hint, a role, furniture, a credit or an appeal."""
        t = self.lines[i].text
        return (self.role[i] is None and i not in self.caption and not self.lines[i].hint
                and not roles.is_boilerplate_line(t) and not roles.is_menu_line(t) and not roles.RELATED_RE.match(t)
                and not roles.CREDIT_RE.match(t) and not roles.INITIALS_RE.match(t) and not _AUTHOR_NOTE.match(t)
                and not roles.APPEAL_RE.search(t) and not roles.BULLET_RE.match(t))

    def _prose_above(self, first: int, body: list[bool]) -> int:
        """No headline on the page (the title will be made from the body's first sentence): the
        sentences right above the body's first line are the story's opening, whatever their case
        (the line model expects a headline there and scores them low)."""
        i = first - 1
        while i >= 0 and not body[i] and self._plain_line(i):
            t = self.lines[i].text
            if len(t.split()) < 8 or _STORY_END.search(t) is None:
                break
            body[i] = True
            first = i
            i -= 1
        return first

    def _story_goes_on(self, last: int, body: list[bool]) -> int:
        """A short sentence after the last paragraph that carries the story on (a quote, an
        attribution: "The council said it would ...") is the story's last line, not a footer: the
        line model scores short last lines low, as most are furniture."""
        if last < 0 or not self._prose(last, last):
            return last
        lower = self.lines[last].text[:1].islower()  # a page that writes its sentences in lower case
        j = last + 1
        while j < self.n and not body[j] and self._plain_line(j):
            t = self.lines[j].text
            words = len(t.split())
            caps = _capitals(t)
            if not (4 <= words <= 40 and (t[:1].isupper() or t[:1] in "\"\u201c" or lower and t[:1].islower())) \
                    or _FULL_STOP.search(t) is None \
                    or (caps is not None and caps > 0.5) or not _STORY_CUE.search(t):
                break
            body[j] = True
            last = j
            j += 1
        return last

    # -- tail: credits, author notes, appeals -----------------------------------------------------
    def _tail_start(self, first: int, last: int, body: list[bool]) -> int:
        """The first line after the body proper: a credit line after the story ends it."""
        lines = self.lines
        seen = 0
        for i in range(first, last + 1):
            t = lines[i].text
            if ((roles.CREDIT_RE.match(t) and len(t) < 200 and not roles.BYLINE_RE.match(t)
                 and not t.lower().startswith("source")) or roles.INITIALS_RE.match(t)) and seen >= 3:
                return i
            if seen >= 2 and len(t) < 90 and self._comments_start(i, last):
                return i
            if body[i] and len(t.split()) >= 12:
                seen += 1
        return last + 1

    def _comments_start(self, i: int, last: int) -> bool:
        """Does the readers' comment section start at line ``i``: "12 comments:", "Leave a Reply", or the
        first of a run of comment headers ("Jane says:", "Anonymous May 2, 2021 at 4:10 PM")?"""
        t = self.lines[i].text
        lines = self.lines
        end = min(self.n, i + 60)

        def furniture() -> bool:  # the thread's own lines around it (a subheading or an interview has none)
            return any(_COMMENT_CHROME.match(lines[j].text.strip()) for j in range(max(0, i - 3), end) if j != i)

        if _COMMENTS_HEAD.match(t):
            # "42 Comments" says so itself; "Join the conversation", "Three responses to the flood"
            # may be the story's own subheading
            return t[:1].isdigit() or t.lower().startswith("comments are closed") or t.lower() == "no comments:" \
                or furniture()
        if _COMMENTER.match(t):
            return any(_COMMENTER.match(lines[j].text) for j in range(i + 1, min(last + 1, i + 25))) \
                and furniture()
        return False

    # -- body ---------------------------------------------------------------------------------
    def _prose(self, j: int, last: int) -> bool:
        """Is line ``j`` (inside the body) a full paragraph of prose?"""
        if j < 0 or j > last or j in self.caption:
            return False
        x = self.lines[j].text
        return _word_count(x) >= 15 and (x[-1] in ".!?\u201d\"')" or x[-1] in _WIDE_STOPS)

    @staticmethod
    def _question_heading(t: str) -> bool:
        """A short question standing alone ("Are storms getting worse?"): a subheading's look."""
        return t[-1:] == "?" and len(t.split()) <= 8 and t[:1].isupper() and not any(q in t for q in "\"\u201c\u201d")

    def _kind(self, i: int, last: int, body: list[bool]) -> str:
        """The block kind of a body line, from its look and its next line's."""
        t = self.lines[i].text
        if roles.BULLET_RE.match(t) and len(t) < 600:
            return "list_item"
        words = _word_count(t)
        if t[-1] in _WIDE_STOPS:
            return "paragraph"  # "...\u3002": a sentence in Chinese or Japanese, never a heading
        if self._question_heading(t) and self._prose(i + 1, last) \
                and (i - 1 < 0 or self.lines[i - 1].text[-1:] != "?"):
            return "heading"  # a question over the paragraph that answers it (not one in a run of questions)
        if words > 20 or t[-1] in ".!?;\u201d\"\u2026" or (t[-1] == ":" and words > 8):
            return "paragraph"
        # A bare title-case line between a paragraph and a subheading is another story's title,
        # inlined by the site: paragraph / related / heading / paragraph.
        def prose(j: int) -> bool:
            return self._prose(j, last)

        def short_heading(j: int) -> bool:
            if j > last or j in self.caption:
                return False
            x = self.lines[j].text
            return len(x.split()) <= 20 and x[-1] not in ".!?;\u201d\"" and not roles.BULLET_RE.match(x)

        if words >= 4 and _title_case_ratio(t) >= 0.75 and prose(i - 1) and short_heading(i + 1) \
                and prose(i + 2) and not any(c in t for c in "$%") and sum(ch.isdigit() for ch in t) <= 4:
            return "related"
        return "heading"

    def _body(self, first: int, last: int, body: list[bool], scores: list[float]) -> None:
        lines = self.lines
        for i in range(first, last + 1):
            if self.role[i] is not None or i in self.caption:
                continue
            t = lines[i].text
            if body[i]:
                self.role[i] = self._kind(i, last, body)
                continue
            if lines[i].hint or roles.is_boilerplate_line(t):
                continue
            # a short line followed closely by body text is structure (subheading, related link)
            leads_on = any(body[j] for j in range(i + 1, min(i + 3, last + 1)))
            if _word_count(t) <= 20 and leads_on and scores[i] >= 0.1:
                self.role[i] = self._kind(i, last, body)
        self._related_by_style(first, last)
        if self.related_titles:
            self._related_by_title(first, last)

    def _related_by_style(self, first: int, last: int) -> None:
        """A line between paragraphs written like the page's headline (every word capitalised), on a
        page whose subheadings are all written in sentence case, is the headline of another story,
        inlined by the site.  Lines in between that are not the story (an advertisement label) are
        passed over when looking at a line's neighbours."""
        a = self.a
        if not a.title or a.title_derived or _capitals(a.title) != 1.0:
            return
        lines = self.lines
        seq = [i for i in range(first, last + 1) if i not in self.caption
               and self.role[i] in ("paragraph", "heading", "quote", "list_item", "related")]

        def prose(k: int) -> bool:
            return 0 <= k < len(seq) and self._prose(seq[k], last)

        candidates, sentence = [], 0
        for k, i in enumerate(seq):
            if self.role[i] != "heading":
                continue
            t = lines[i].text
            caps = _capitals(t)
            if caps is None:
                continue
            words = len(t.split())
            if caps >= 0.75 and words >= 2 and not (caps == 1.0 and words >= 4):
                return  # a Title Case subheading: the page writes them like headlines
            between = (prose(k - 1) or (k and self.role[seq[k - 1]] == "related")) and (
                prose(k + 1) or (k + 1 < len(seq) and self.role[seq[k + 1]] == "heading" and prose(k + 2)))
            if caps == 1.0 and words >= 4:
                if not between or t[-1:] in ":?" or any(c in t for c in "$%|") \
                        or sum(ch.isdigit() for ch in t) > 4:
                    return  # a Title Case line that is no inlined link: a subheading
                candidates.append(i)
            elif caps <= 0.5 and words >= 2 and between and t[-1:] not in ":?":  # (a question tells no style)
                sentence += 1
        if sentence and len(candidates) <= sentence:
            for i in candidates:
                self.role[i] = "related"

    def _related_by_title(self, first: int, last: int) -> None:
        """A line that is the title of another article of the library is a link to it."""
        own = _norm(self.a.title or "")
        for i in range(first, last + 1):
            if self.role[i] in ("heading", "paragraph") and len(self.lines[i].text) <= 250:
                n = _norm(self.lines[i].text)
                if n != own and n in self.related_titles:
                    self.role[i] = "related"

    # -- assembling ---------------------------------------------------------------------------
    def _finish(self) -> None:
        a, lines = self.a, self.lines
        if a.source is None:
            for i in range(self.n):
                site = roles.byline_source(lines[i].text) if self.role[i] == "byline" else None
                if site and not roles.junk_source(site):
                    a.source = site  # "By Ada Lind | Harbour Ledger", and no other line named the site
                    break
        seen: set[str] = set()
        authors_norm = {_norm(x) for x in a.authors}
        last_body = max((i for i in range(self.n) if self.role[i] in ("paragraph", "list_item", "heading", "quote")),
                        default=-1)
        for i, ln in enumerate(lines):
            t, role = ln.text, self.role[i]
            if i in self.caption:
                ctext, credit, coff = self.caption[i]
                key = "cap:" + t
                if key in seen:
                    a.boilerplate.append(t)
                    continue
                seen.add(key)
                a.captions.append(Caption(ctext or "", credit, ln.start if ctext else None, ln.start + coff))
                continue
            if role in ("paragraph", "heading", "quote", "list_item", "related"):
                key = "blk:" + t
                if key in seen and len(t) > 20:
                    a.boilerplate.append(t)
                    continue
                seen.add(key)
                a.blocks.append(Block(role, t, ln.start))
                continue
            if role in ("title", "byline", "dateline", "source", "url"):
                continue
            if i > last_body >= 0 and self._is_credit(t, authors_norm):
                a.credits.append(t)
                continue
            a.boilerplate.append(t)
        if not a.title:
            # from the body's first paragraph (else its first block), as the reader's note says;
            # a page with no body gets the first line's words (and no note)
            first_par = next((b for b in a.blocks if b.kind == "paragraph"), None) \
                or next((b for b in a.blocks if b.kind in BODY_KINDS), None)
            if first_par is not None:
                t = first_par.text
                if first_par.kind == "list_item" and roles.BULLET_RE.match(t):
                    t = t.split(None, 1)[1]  # (not its bullet)
                a.title = derive_title(t)
            else:
                a.title = derive_title(lines[0].text) if lines else "(untitled)"
            a.title_derived = True
            a.title_start = None

    @staticmethod
    def _is_credit(t: str, authors_norm: set[str]) -> bool:
        if len(t) > 400:
            return False
        if roles.INITIALS_RE.match(t) or (roles.CREDIT_RE.match(t) and len(t) < 200):
            return True
        if _AUTHOR_NOTE.match(t) and not roles.APPEAL_RE.search(t):
            nt = _norm(t)
            if any(nt.startswith(x) for x in authors_norm if x):
                return True
            if re.match(r"^\S+(?:\s\S+){0,3}\s(?:is|was)\san?\s[\w\s-]*(?:journalist|writer|reporter|author|editor|"
                        r"correspondent|website|outlet|columnist|analyst|professor|researcher|contributor)", t):
                return True
        return False
