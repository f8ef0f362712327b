"""Markdown articles with optional YAML front matter.

Front matter (``---`` ... ``---`` at the top) is read with the safe YAML loader
and wins over what the text says: title, source/site, author(s), date, url,
tags.  A malformed front matter (or one using a ``!!python`` tag, which safe
loading refuses, or YAML aliases, which could expand to gigabytes) becomes an
entry in ``Article.problems``; the rest of the file is still read.  A field of
the wrong kind (a title that is a list or a mapping, a url that is a number) is
left out with a note; it is never shown as Python's rendering of the value.

Blocks: ``#`` headings, ``>`` quotes, ``-``/``*``/``+``/``1.`` list items and
paragraphs (consecutive lines joined by a space).  Inline emphasis, code
spans, links and images are reduced to their text; a block keeps its
``start`` offset only when its text is verbatim in the file.

Without front matter the text says it: a byline line at the top ("By Ada
Quill, 4 April 2025", italic or not, "By Ada Quill | Site") gives the authors,
the date and the source, and a date line there gives the date; neither is
body.  An image's caption is its alt text, unless the line under the image is
a caption ("*The quay at dawn. Photo: Ada Quill*": in italics, or with a
credit), which then replaces it, credit split off.  A line that is a lone link
saying "Read more", "Related" or "See also" is page furniture (boilerplate);
"Read more: [Another story](...)", and the links listed under a "Related"
heading, are related-story links (``related`` blocks), not body.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from tuireader.model import Article, Block, Caption
from tuireader.parse.dates import DATE_RE, find_date
from tuireader.parse.roles import (BYLINE_RE, CREDIT_ONLY_RE, RELATED_RE, TIME_RE, WEEKDAY_RE, byline_source,
                                   clean_authors, is_boilerplate_line, parse_byline, split_caption)
from tuireader.parse.title import derive_title

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_QUOTE = re.compile(r"^>[ \t]?")
_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+")
_RULE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_FENCE = re.compile(r"^(```|~~~)")
_IMAGE_LINE = re.compile(r"^!\[([^\]]*)\]\(([^)]*)\)\s*$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


_MARKUP_CHARS = re.compile(r"[\\`*_\[<~]")
# a line that is all emphasis: "*The quay at dawn. Photo: Ada Quill*", "_By Ada Quill_"
_EMPHASIS_LINE = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1$")
# a line that is one link, give or take emphasis, arrows and a full stop around it
_LONE_LINK = re.compile(r"^[\W_]{0,3}\[([^\]]+)\]\([^)]*\)[\W_]{0,3}$")
_LINK = re.compile(r"\]\([^)]*\)")
# what a link to another page says when it says nothing about the page
_ONWARD = re.compile(
    r"^(?:read (?:more|on|also|the full (?:story|article|report))|full (?:story|article)|continue reading|"
    r"keep reading|learn more|find out more|more(?: (?:stories|articles|news|on this(?: story)?))?|"
    r"related(?: (?:articles?|stories|posts?|content|reading|links?))?|see also|also read|further reading|"
    r"you may also like|you might also like|recommended(?: reading)?)\W*$",
    re.I,
)
# what is left of a date line without its date: "Published", "Updated on", "Posted:"
_DATE_WORDS = re.compile(r"\b(?:published|updated|posted|last|modified|on|at|date|dated)\b|[\s:,.|\u00b7\u2022\u2013\u2014-]+",
                         re.I)


def strip_inline(text: str) -> str:
    if not _MARKUP_CHARS.search(text):
        return text
    for rx, rep in _INLINE:
        text = rx.sub(rep, text)
    return text


def _kind(value: Any) -> str:
    """What a front-matter value is, in words (never its Python rendering)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return "not text"


def _one_string(value: Any, *, numbers: bool = False) -> str | None:
    """A text value on one line; a number too when ``numbers``; anything else is None."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _as_list(value: Any) -> tuple[list[str], bool]:
    """The strings in a value that is one string or a list of them, and whether anything else was dropped.

    Items that are mappings give their ``name`` (or ``title``) when that is text; numbers are kept
    as written; nested lists and mappings without a name are dropped.
    """
    if value is None:
        return [], False
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    dropped = False
    for v in items:
        if isinstance(v, dict):
            v = v.get("name") or v.get("title")
        text = _one_string(v, numbers=True)
        if text is not None:
            out.append(text)
        elif v is not None and v != "":
            dropped = True
    return out, dropped


def _date(value: Any) -> str | None:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is None:
        return None
    return find_date(str(value))


def read_front_matter(text: str, problems: list[str]) -> tuple[dict[str, Any], int]:
    """The front matter as a dict, and the offset where the Markdown body starts."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    raw = m.group(1)
    if "!!python" in raw:
        problems.append("front matter refused: it uses a !!python tag, which is never loaded")
        return {}, m.end()
    import yaml

    try:
        from tuireader.yamlsafe import safe_loader, uses_aliases

        if uses_aliases(raw):  # "billion laughs": a few lines that expand to gigabytes
            problems.append("front matter refused: it uses YAML aliases (*name), which are never expanded")
            return {}, m.end()
        data = yaml.load(raw, Loader=safe_loader())  # the safe loader; dates stay text
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problems.append(f"front matter ignored: malformed YAML{where}")
        return {}, m.end()
    if data is None:
        return {}, m.end()
    if not isinstance(data, dict):
        problems.append("front matter ignored: it is not a mapping of fields")
        return {}, m.end()
    return {str(k).lower(): v for k, v in data.items()}, m.end()


def apply_front_matter(article: Article, meta: dict[str, Any]) -> None:
    def first(*keys: str) -> Any:
        for k in keys:
            if meta.get(k) not in (None, "", []):
                return meta[k]
        return None

    def left_out(field: str, value: Any, want: str = "text") -> None:
        article.problems.append(f"front matter {field} left out: it is {_kind(value)}, not {want}")

    title = first("title", "headline")
    if title is not None:
        shown = _one_string(title, numbers=True)  # "title: 1984" is a title
        if shown is None:
            left_out("title", title)
        else:
            article.title = shown
            article.title_derived = False
            idx = article.text.find(article.title)
            article.title_start = idx if idx >= 0 else None
    source = first("source", "site", "sitename", "site_name", "publisher", "hostname")
    if source is not None:
        names, _ = _as_list(source) if isinstance(source, (str, list, tuple, dict)) else ([], True)
        if names and not isinstance(source, (int, float)):
            article.source = names[0]
        else:
            left_out("source", source)
    authors = first("authors", "author", "by", "byline")
    if authors is not None:
        items, dropped = _as_list(authors)
        kept = [item for item in items if not item.replace(".", "").isdigit()]  # a number is not a name
        if not kept:
            left_out("author", authors, "a name or a list of names")
        elif dropped or len(kept) < len(items):
            article.problems.append("front matter author: some entries are not names; left out")
        names: list[str] = []
        for item in kept:
            found = clean_authors(item) if re.search(r"\band\b|;|&|,|^By\s", item) else [item]
            for name in found:
                if name not in names:
                    names.append(name)
        if kept:
            article.authors = names
    date = first("date", "published", "pubdate", "published_at", "datepublished", "created")
    if date is not None:
        if isinstance(date, (str, int, _dt.date)) and not isinstance(date, bool):
            published = _date(date)
            if published is None:
                article.problems.append(f"front matter date {str(date).strip()[:40]!r} is not a date; left out")
            else:
                article.published = published
        else:
            left_out("date", date, "a date")
    url = first("url", "link", "canonical", "canonical_url", "permalink", "source_url")
    if url is not None:
        if isinstance(url, str):
            article.url = url.strip()
        else:
            left_out("url", url, "a web address")
    tags = first("tags", "keywords", "categories", "category")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t for t in re.split(r"\s*[,;]\s*", tags) if t]
        found, dropped = _as_list(tags)
        if dropped:
            article.problems.append("front matter tags: some entries are not words; left out")
        article.tags = found


def _block(kind: str, parts: list[tuple[str, int]], text: str) -> Block | None:
    """A block from its source pieces (text, offset); start kept only when verbatim."""
    joined = " ".join(p for p, _ in parts).strip()
    shown = " ".join(strip_inline(joined).split())
    if not shown:
        return None
    start = None
    if len(parts) == 1 and shown == parts[0][0]:
        start = parts[0][1]
    elif text.find(shown) >= 0 and len(parts) == 1:
        start = text.find(shown, parts[0][1])
        if start < 0:
            start = None
    return Block(kind, shown, start)


def _date_line(shown: str) -> str | None:
    """The date of a line that is only a date ("4 April 2025", "Published: 4 April 2025, 10:42")."""
    if len(shown) > 80:
        return None
    found = find_date(shown)
    if not found:
        return None
    rest = TIME_RE.sub(" ", WEEKDAY_RE.sub(" ", DATE_RE.sub(" ", shown)))
    return found if not _DATE_WORDS.sub("", rest) else None


class _Header:
    """What the top of a Markdown article says about itself, and its image captions."""

    def __init__(self, article: Article) -> None:
        self.a = article
        self.authors_given = bool(article.authors)
        self.byline_seen = False
        self.prose_seen = 0  # paragraphs of the body so far
        self.image: tuple[int, int, int] | None = None  # (caption index or -1, blocks so far, line number)
        self.related_heading = False

    def take(self, kind: str, parts: list[tuple[str, int]], block: Block, blocks: list[Block], line_no: int) -> bool:
        """Put ``block`` where it belongs if it is not body (byline, date, caption, link); True if taken."""
        a = self.a
        one_line = len(parts) == 1
        source = parts[0][0] if one_line else ""
        if kind == "heading":
            self.related_heading = bool(_ONWARD.match(block.text))
            if self.related_heading:
                a.boilerplate.append(block.text)  # "Related", "See also": the links under it follow
                return True
            return False
        if kind == "list_item" and self.related_heading and one_line and _LONE_LINK.match(source):
            blocks.append(Block("related", block.text, block.start))
            return True
        if kind != "list_item":
            self.related_heading = False
        if kind == "paragraph" and self._byline_or_date(parts):
            return True
        if kind == "paragraph" and one_line:
            if self._caption(source, block, blocks, line_no):
                return True
            if _LINK.search(source) or len(block.text) < 40:
                if _ONWARD.match(block.text) or (_LONE_LINK.match(source) and is_boilerplate_line(block.text)):
                    a.boilerplate.append(block.text)  # "[Read more](...)": furniture
                    return True
                if _LINK.search(source) and RELATED_RE.match(block.text):
                    blocks.append(Block("related", block.text, block.start))  # "Read more: [Story](...)"
                    return True
        if kind == "list_item" and one_line and _LONE_LINK.match(source) and _ONWARD.match(block.text):
            a.boilerplate.append(block.text)
            return True
        if kind == "paragraph":
            self.prose_seen += 1
        return False

    def _byline_or_date(self, parts: list[tuple[str, int]]) -> bool:
        """A byline and/or a date line at the top ("*By Ada Quill, 4 April 2025*", "By Ada Quill" over
        "4 April 2025"): their facts go to the article (front matter keeps its own) and they are not body."""
        if self.prose_seen > 1 or len(parts) > 3:
            return False  # a byline sits at the top, over the body or after its first paragraph
        found: list[tuple[str, Any]] = []
        bylines = 0
        for raw, _ in parts:
            shown = " ".join(strip_inline(raw).split())
            if len(shown) > 160:
                return False
            by = parse_byline(shown) if not self.byline_seen and BYLINE_RE.match(shown) else None
            if by is not None and (by[0] or by[1]) and not bylines:
                found.append(("byline", (by, shown)))
                bylines += 1
                continue
            date = _date_line(shown) if self.prose_seen == 0 or bylines else None
            if not date:
                return False
            found.append(("date", date))
        a = self.a
        for what, value in found:
            if what == "byline":
                (authors, date), shown = value
                self.byline_seen = True
                if authors and not self.authors_given:
                    a.authors = authors
                if date and a.published is None:
                    a.published = date
                if a.source is None:
                    a.source = byline_source(shown)
            elif a.published is None:
                a.published = value
        return True

    def _caption(self, source: str, block: Block, blocks: list[Block], line_no: int) -> bool:
        """The line under an image: a caption if in italics (right under it) or with a credit."""
        if self.image is None:
            return False
        cap_index, blocks_then, image_line = self.image
        if len(blocks) != blocks_then:
            self.image = None
            return False
        gap = line_no - image_line - 1  # blank lines between the image and this line
        shown = block.text
        split = split_caption(shown) if len(shown) <= 300 else None
        if split is not None and not split[0] and not CREDIT_ONLY_RE.match(shown):
            split = None
        italic = _EMPHASIS_LINE.match(source) is not None
        if not ((italic and gap == 0) or (split is not None and gap <= 1)):
            self.image = None
            return False
        self.image = None
        start = block.start  # where the caption's text is written verbatim (inside the emphasis marks)
        if split is not None:
            ctext, credit, coff = split
            if not ctext and 0 <= cap_index:
                # "Photo: Ada Quill" alone under the image: the credit of the alt text's caption
                old = self.a.captions[cap_index]
                self.a.captions[cap_index] = Caption(old.text, credit, old.start,
                                                     start + coff if start is not None else None)
                return True
            caption = Caption(ctext, credit, start if ctext and start is not None else None,
                              start + coff if start is not None else None)
        else:
            caption = Caption(shown, None, start)
        if 0 <= cap_index:
            self.a.captions[cap_index] = caption  # the line under the image says more than its alt text
        else:
            self.a.captions.append(caption)
        return True


def parse_markdown(text: str, *, article_id: str, path: str | None = None) -> Article:
    article = Article(id=article_id, text=text, format="md", path=path)
    meta, pos = read_front_matter(text, article.problems)
    if meta:
        apply_front_matter(article, meta)
    body = text[pos:]
    blocks: list[Block] = []
    pending: list[tuple[str, int]] = []
    pending_kind = "paragraph"
    pending_line = 0
    in_fence = False
    h1_taken = False
    header = _Header(article)
    first_line = text.count("\n", 0, pos)  # line numbers count from the file's top

    def flush() -> None:
        nonlocal pending, pending_kind
        if pending:
            b = _block(pending_kind, pending, text)
            if b is not None and not header.take(pending_kind, pending, b, blocks, pending_line):
                blocks.append(b)
        pending = []
        pending_kind = "paragraph"

    def add(piece: tuple[str, int], line_no: int) -> None:
        nonlocal pending_line
        if not pending:
            pending_line = line_no
        pending.append(piece)

    offset = pos
    for n, raw in enumerate(body.split("\n")):
        line_no = first_line + n
        line_start = offset
        offset += len(raw) + 1
        stripped = raw.strip()
        lead = line_start + (len(raw) - len(raw.lstrip()))
        if _FENCE.match(stripped):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if stripped:
                blocks.append(Block("paragraph", stripped, lead))
            continue
        if not stripped:
            flush()
            continue
        if _RULE.match(stripped) and not pending:
            continue
        if pending and pending_kind == "paragraph" and _SETEXT.match(stripped):
            pending_kind = "heading" if stripped[0] == "-" or h1_taken or article.title else "h1"
            flush_kind = pending_kind
            if flush_kind == "h1":
                pending_kind = "heading"
                if not article.title:
                    b = _block("heading", pending, text)
                    if b is not None:
                        article.title, article.title_start = b.text, b.start
                        h1_taken = True
                    pending = []
                    pending_kind = "paragraph"
                    continue
            flush()
            continue
        m = _HEADING.match(stripped)
        if m:
            flush()
            level = len(m.group(1))
            inner = m.group(2)
            inner_start = lead + m.start(2)
            b = _block("heading", [(inner, inner_start)], text)
            if b is None:
                continue
            if level == 1 and not h1_taken:
                h1_taken = True
                if not article.title:
                    article.title, article.title_start, article.title_derived = b.text, b.start, False
                    continue
                if " ".join(article.title.split()).casefold() == b.text.casefold():
                    continue  # the front matter's title repeated
            if not header.take("heading", [(inner, inner_start)], b, blocks, line_no):
                blocks.append(b)
            continue
        img = _IMAGE_LINE.match(stripped)
        if img:
            flush()
            alt = img.group(1).strip()
            if alt:
                article.captions.append(Caption(alt, None, lead + stripped.find(alt)))
            header.image = (len(article.captions) - 1 if alt else -1, len(blocks), line_no)
            continue
        if _QUOTE.match(stripped):
            inner = _QUOTE.sub("", stripped)
            inner_start = lead + (len(stripped) - len(inner))
            if pending and pending_kind != "quote":
                flush()
            pending_kind = "quote"
            if inner.strip():
                add((inner.strip(), inner_start + (len(inner) - len(inner.lstrip()))), line_no)
            else:
                flush()
            continue
        m = _ITEM.match(stripped)
        if m:
            flush()
            pending_kind = "list_item"
            add((stripped[m.end():], lead + m.end()), line_no)
            continue
        if pending and pending_kind == "quote":
            flush()
        add((stripped, lead), line_no)
    flush()
    article.blocks = blocks
    if not article.title:
        first = next((b for b in blocks if b.kind == "paragraph"), None)
        article.title = derive_title(first.text) if first else "(untitled)"
        article.title_derived = True
        article.title_start = None
    return article
