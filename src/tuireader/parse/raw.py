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

from tuireader.model import Article, Block, Caption
from tuireader.parse import roles
from tuireader.parse.dates import find_date, has_date
from tuireader.parse.linemodel import Line, body_scores, split_lines
from tuireader.parse.title import derive_title, split_site_suffix

_WORD = re.compile(r"[\w\u00c0-\u024f'\u2019-]+")
_SMALL = frozenset("a an the and or of to in on at for with by from as is are vs via but nor per into over up".split())
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_AUTHOR_NOTE = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]*\s){1,4}(?:is|was|has been|writes|covers|reports)\s(?:an?|the|for|about|on)?\s?",
)
_SENTENCE_PUNCT = frozenset(".!?:;\u201d\"')\u2026")


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _title_case_ratio(text: str) -> float:
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) / len(words)


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


def parse_raw(text: str, *, article_id: str, path: str | None = None,
              boilerplate_hints: set[str] | None = None) -> Article:
    article = Article(id=article_id, text=text, format="txt", path=path)
    lines = split_lines(text)
    if not lines:
        article.title = "(empty)"
        article.title_derived = True
        return article
    hints = {" ".join(h.split()) for h in boilerplate_hints} if boilerplate_hints else set()
    _Reader(article, lines, hints).run()
    return article


class _Reader:
    def __init__(self, article: Article, lines: list[Line], hints: set[str]) -> None:
        self.a = article
        self.lines = lines
        self.hints = hints
        self.n = len(lines)
        self.role: list[str | None] = [None] * self.n
        self.caption: dict[int, tuple[str, str, int]] = {}

    # -- the passes --------------------------------------------------------------------------
    def run(self) -> None:
        lines, n = self.lines, self.n
        scores = body_scores(lines)
        for ln in lines:
            if ln.text in self.hints:
                ln.hint = True
        body = [s >= 0.5 and not ln.hint for s, ln in zip(scores, lines)]
        # Explicit signs win over the body score.
        for i, ln in enumerate(lines):
            t = ln.text
            cap = roles.split_caption(t)
            if cap and (cap[0] or roles.CREDIT_ONLY_RE.match(t)):
                self.caption[i] = cap
                body[i] = False
            elif roles.RELATED_RE.match(t):
                self.role[i] = "related"
                body[i] = False
        first = next((i for i in range(n) if body[i]), None)
        if first is None:
            # No body line at all: keep everything that reads like prose.
            body = [len(ln.text.split()) >= 6 and not ln.hint and not roles.is_boilerplate_line(ln.text)
                    for ln in lines]
            first = next((i for i in range(n) if body[i]), None)
        last = max((i for i in range(n) if body[i]), default=-1)
        if first is None:
            first = n
        first = self._header(first, body)
        last = self._tail_start(first, last, body) - 1
        self._body(first, last, body, scores)
        self._finish()

    # -- header: site, title, byline, date ------------------------------------------------------
    def _header(self, first: int, body: list[bool]) -> int:
        """Read the lines before the body; return the body's first line."""
        lines, a = self.lines, self.a
        byline_at = None
        source_at = None
        for i in range(first):
            t = lines[i].text
            if i in self.caption:
                continue
            by = roles.parse_byline(t)
            if by is not None:
                authors, date = by
                if byline_at is None or not a.authors:
                    if not authors and t.strip().lower() in ("by", "by:") and i + 1 < first:
                        authors = roles.clean_authors(lines[i + 1].text)
                        if authors:
                            self.role[i + 1] = "byline"
                    if authors and not a.authors:
                        a.authors = authors
                    if date and not a.published:
                        a.published = date
                    byline_at = i
                self.role[i] = "byline"
                continue
            site = self._site_line(t, i)
            if site and source_at is None and a.source is None:
                a.source = site
                source_at = i
                self.role[i] = "source"
                # the tagline that follows a "Site – tagline" line is chrome too
                if i + 1 < first and i + 1 not in self.caption and self._tagline(lines[i + 1].text):
                    self.role[i + 1] = "tagline"
                continue
        # Dates on their own line near the top ("Feb 28, 2024", "Updated ...")
        if a.published is None:
            for i in range(first):
                if self.role[i] is None and i not in self.caption and len(lines[i].text) <= 120:
                    d = find_date(lines[i].text)
                    if d:
                        a.published = d
                        self.role[i] = "dateline"
                        break
        self._title(first, body)
        return first

    def _site_line(self, t: str, i: int) -> str | None:
        """"Orinoco Tribune – News and opinion ..." -> "Orinoco Tribune"."""
        m = re.match(r"^((?:[A-Z\u00c0-\u00de0-9][\w\u00c0-\u024f.'\u2019&-]*\s?){1,4}?)\s*[\u2013\u2014|:-]\s+(.{8,120})$", t)
        if not m:
            return None
        name, tagline = m.group(1).strip(), m.group(2)
        if tagline[-1:] == "." or has_date(tagline) or len(tagline.split()) < 3:
            return None
        # the tagline reads like a description, not a headline continuation
        if _title_case_ratio(tagline) > 0.6:
            return None
        return name

    @staticmethod
    def _tagline(t: str) -> bool:
        return len(t.split()) <= 12 and t[-1:] not in ".?!" and not roles.BYLINE_RE.match(t) and not has_date(t)

    def _title(self, first: int, body: list[bool]) -> None:
        lines, a = self.lines, self.a
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
            if site0 and a.source is None:
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
                if i != chosen and self.role[i] is None and _norm(split_site_suffix(lines[i].text)[0]) == want:
                    self.role[i] = "title-copy"

    # -- tail: credits, author notes, appeals -----------------------------------------------------
    def _tail_start(self, first: int, last: int, body: list[bool]) -> int:
        """The first line after the body proper: a credit line ends the article."""
        lines = self.lines
        span = max(last - first + 1, 1)
        for i in range(first + 1, last + 1):
            t = lines[i].text
            if (roles.CREDIT_RE.match(t) and len(t) < 200 and not roles.BYLINE_RE.match(t)) or roles.INITIALS_RE.match(t):
                if (i - first) >= span * 0.5:
                    return i
        return last + 1

    # -- body ---------------------------------------------------------------------------------
    def _body(self, first: int, last: int, body: list[bool], scores: list[float]) -> None:
        lines = self.lines
        for i in range(first, last + 1):
            if self.role[i] is not None or i in self.caption:
                continue
            t = lines[i].text
            if body[i]:
                self.role[i] = "list_item" if roles.BULLET_RE.match(t) and len(t) < 400 else "paragraph"
                continue
            if lines[i].hint or roles.is_boilerplate_line(t):
                continue
            words = len(t.split())
            # a short line followed closely by body text is structure (subheading, related link)
            leads_on = any(body[j] for j in range(i + 1, min(i + 3, last + 1)))
            if roles.BULLET_RE.match(t) and (scores[i] >= 0.2 or leads_on):
                self.role[i] = "list_item"
            elif words <= 20 and t[-1] not in ".!;" and (scores[i] >= 0.15 or leads_on):
                nxt = lines[i + 1].text if i + 1 <= last else ""
                next_is_short = i + 1 <= last and not body[i + 1] and len(nxt.split()) <= 20
                if _title_case_ratio(t) >= 0.75 and words >= 4 and (next_is_short or ":" in t[:-1]) \
                        and i + 1 <= last and not body[i + 1]:
                    self.role[i] = "related"
                else:
                    self.role[i] = "heading"
            elif scores[i] >= 0.3:
                self.role[i] = "paragraph"

    # -- assembling ---------------------------------------------------------------------------
    def _finish(self) -> None:
        a, lines = self.a, self.lines
        seen: set[str] = set()
        body_started = False
        authors_norm = {_norm(x) for x in a.authors}
        last_body = max((i for i in range(self.n) if self.role[i] in ("paragraph", "list_item", "heading", "quote")),
                        default=-1)
        for i, ln in enumerate(lines):
            t, role = ln.text, self.role[i]
            if i in self.caption:
                ctext, credit, coff = self.caption[i]
                key = "cap:" + _norm(t)
                if key in seen:
                    a.boilerplate.append(t)
                    continue
                seen.add(key)
                a.captions.append(Caption(ctext or "", credit, ln.start if ctext else None, ln.start + coff))
                continue
            if role in ("paragraph", "heading", "quote", "list_item", "related"):
                key = "blk:" + _norm(t)
                if key in seen and len(t) > 20:
                    a.boilerplate.append(t)
                    continue
                seen.add(key)
                a.blocks.append(Block(role, t, ln.start))
                body_started = True
                continue
            if role in ("title", "byline", "dateline", "source"):
                continue
            if i > last_body >= 0 and self._is_credit(t, authors_norm):
                a.credits.append(t)
                continue
            a.boilerplate.append(t)
        if not a.title:
            first_par = next((b for b in a.blocks if b.kind == "paragraph"), None)
            if first_par is not None:
                a.title = derive_title(first_par.text)
            else:
                a.title = derive_title(lines[0].text) if lines else "(untitled)"
            a.title_derived = True
            a.title_start = None
        del body_started

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
