"""Markdown articles with optional YAML front matter.

Front matter (``---`` ... ``---`` at the top) is read with ``yaml.safe_load``
and wins over what the text says: title, source/site, author(s), date, url,
tags.  A malformed front matter (or one using a ``!!python`` tag, which safe
loading refuses) becomes an entry in ``Article.problems``; the rest of the
file is still read.

Blocks: ``#`` headings, ``>`` quotes, ``-``/``*``/``+``/``1.`` list items and
paragraphs (consecutive lines joined by a space).  Inline emphasis, code
spans, links and images are reduced to their text; a block keeps its
``start`` offset only when its text is verbatim in the file.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from tuireader.model import Article, Block, Caption
from tuireader.parse.dates import find_date
from tuireader.parse.roles import clean_authors
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


def strip_inline(text: str) -> str:
    if not _MARKUP_CHARS.search(text):
        return text
    for rx, rep in _INLINE:
        text = rx.sub(rep, text)
    return text


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            if isinstance(v, dict):
                v = v.get("name") or v.get("title") or ""
            if v is not None and str(v).strip():
                out.append(" ".join(str(v).split()))
        return out
    return [" ".join(str(value).split())] if str(value).strip() else []


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
        from tuireader.yamlsafe import safe_loader

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

    title = first("title", "headline")
    if title is not None:
        article.title = " ".join(str(title).split())
        article.title_derived = False
        idx = article.text.find(article.title)
        article.title_start = idx if idx >= 0 else None
    source = first("source", "site", "sitename", "site_name", "publisher", "hostname")
    if source is not None:
        article.source = _as_list(source)[0] if _as_list(source) else None
    authors = first("authors", "author", "by", "byline")
    if authors is not None:
        names: list[str] = []
        for item in _as_list(authors):
            found = clean_authors(item) if re.search(r"\band\b|;|&|,|^By\s", item) else [item]
            for name in found:
                if name not in names:
                    names.append(name)
        article.authors = names
    date = first("date", "published", "pubdate", "published_at", "datepublished", "created")
    if date is not None:
        article.published = _date(date)
        if article.published is None and str(date).strip():
            article.problems.append(f"front matter date {str(date).strip()[:40]!r} is not a date; left out")
    url = first("url", "link", "canonical", "canonical_url", "permalink", "source_url")
    if url is not None:
        article.url = str(url).strip()
    tags = first("tags", "keywords", "categories", "category")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t for t in re.split(r"\s*[,;]\s*", tags) if t]
        article.tags = _as_list(tags)


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


def parse_markdown(text: str, *, article_id: str, path: str | None = None) -> Article:
    article = Article(id=article_id, text=text, format="md", path=path)
    meta, pos = read_front_matter(text, article.problems)
    if meta:
        apply_front_matter(article, meta)
    body = text[pos:]
    blocks: list[Block] = []
    pending: list[tuple[str, int]] = []
    pending_kind = "paragraph"
    in_fence = False
    h1_taken = False

    def flush() -> None:
        nonlocal pending, pending_kind
        if pending:
            b = _block(pending_kind, pending, text)
            if b is not None:
                blocks.append(b)
        pending = []
        pending_kind = "paragraph"

    offset = pos
    for raw in body.split("\n"):
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
            blocks.append(b)
            continue
        img = _IMAGE_LINE.match(stripped)
        if img:
            flush()
            alt = img.group(1).strip()
            if alt:
                article.captions.append(Caption(alt, None, lead + stripped.find(alt)))
            continue
        if _QUOTE.match(stripped):
            inner = _QUOTE.sub("", stripped)
            inner_start = lead + (len(stripped) - len(inner))
            if pending and pending_kind != "quote":
                flush()
            pending_kind = "quote"
            if inner.strip():
                pending.append((inner.strip(), inner_start + (len(inner) - len(inner.lstrip()))))
            else:
                flush()
            continue
        m = _ITEM.match(stripped)
        if m:
            flush()
            pending_kind = "list_item"
            pending.append((stripped[m.end():], lead + m.end()))
            continue
        if pending and pending_kind == "quote":
            flush()
        pending.append((stripped, lead))
    flush()
    article.blocks = blocks
    if not article.title:
        first = next((b for b in blocks if b.kind == "paragraph"), None)
        article.title = derive_title(first.text) if first else "(untitled)"
        article.title_derived = True
        article.title_start = None
    return article
