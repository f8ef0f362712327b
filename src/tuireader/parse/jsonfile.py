"""Articles saved as JSON the way trafilatura writes them (``--json``), and HTML via trafilatura.

JSON fields read: ``title``, ``author`` (one string, ``;``-separated),
``date``, ``text`` (else ``raw_text``), ``sitename`` / ``source`` /
``hostname``, ``url``, ``tags``/``categories``, ``image``/``description``
are ignored.  The body text is split into paragraphs at its line breaks.
Offsets are kept where a piece of text appears verbatim in the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tuireader.clean import clean_line, clean_text
from tuireader.model import Article, Block
from tuireader.parse.dates import find_date
from tuireader.parse.roles import BULLET_RE
from tuireader.parse.title import derive_title

_LIST_MARK = re.compile(r"^[-*\u2022]\s+")
_TITLE_KEYS = ("title", "headline")
_TEXT_KEYS = ("text", "raw_text", "raw-text")


class _Bad(Exception):
    pass


def _first(data: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = data.get(k)
        if v not in (None, "", []):
            return v
    return None


_KINDS = {dict: "a mapping", list: "a list", bool: "true or false"}


def _text(article: Article, field: str, value: Any) -> str | None:
    """A field's value as text: a string, or a number (a title "1984", a year); anything else
    (a mapping, a list, true/false) is left out with a note, never shown as Python would write it."""
    if value is None:
        return None
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return str(value)
    kind = _KINDS.get(type(value), f"a {type(value).__name__}")
    article.problems.append(f"{field} left out: it is {kind}, not text")
    return None


def _authors(value: Any, article: Article | None = None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        items = [item for item in value if isinstance(item, str)]
        if len(items) < len(value) and article is not None:
            article.problems.append("author: names that are not text left out")
    elif isinstance(value, str):
        items = re.split(r"\s*;\s*", value)
    else:
        if article is not None:
            article.problems.append(f"author left out: it is {_KINDS.get(type(value), 'a number')}, not text")
        return []
    out: list[str] = []
    for item in items:
        name = clean_line(item).strip(" ,")
        name = re.sub(r"^(?:By|BY)\s+", "", name)
        if name and name not in out:
            out.append(name)
    return out


def fill_from_fields(article: Article, data: dict[str, Any]) -> None:
    """Metadata and body from trafilatura-style fields into ``article``."""
    text = article.text
    title = _text(article, "title", _first(data, *_TITLE_KEYS))
    if title is not None:
        article.title = clean_line(title)
        idx = text.find(article.title)
        article.title_start = idx if idx >= 0 and article.title else None
    source = _text(article, "source", _first(data, "sitename", "source", "hostname", "site_name"))
    article.source = clean_line(source) if source is not None else None
    article.authors = _authors(_first(data, "author", "authors"), article)
    date = _text(article, "date", _first(data, "date", "published", "date_published"))
    article.published = find_date(date) if date is not None else None
    if date is not None and article.published is None:
        article.problems.append(f"date {clean_line(date).strip()[:40]!r} is not a date; left out")
    url = _first(data, "url", "source-hostname", "link")
    if url is not None and not isinstance(url, str):
        article.problems.append(f"url left out: it is {_KINDS.get(type(url), 'a number')}, not text")
        url = None
    article.url = clean_line(url) if url is not None else None
    tags = _first(data, "tags", "categories")
    if tags is not None:
        tags = tags if isinstance(tags, list) else re.split(r"\s*[,;]\s*", str(tags)) \
            if isinstance(tags, str) else []
        article.tags = [clean_line(str(t)) for t in tags
                        if isinstance(t, (str, int, float)) and not isinstance(t, bool) and str(t).strip()]
    body = _first(data, *_TEXT_KEYS)
    if isinstance(body, list) and all(isinstance(part, str) for part in body):
        body = "\n".join(body)  # paragraphs given as a list
    elif body is not None and not isinstance(body, str):
        article.problems.append(f"the text field is a {type(body).__name__}, not text: left out")
        body = None
    pos = 0
    for para in clean_text(str(body or "")).split("\n"):
        para = para.strip()
        if not para:
            continue
        if not article.blocks and article.title and para == article.title:
            continue  # the headline repeated at the top of the text
        kind = "paragraph"
        shown = para
        m = _LIST_MARK.match(para)
        if m or BULLET_RE.match(para) and para[0] in "-*\u2022":
            kind = "list_item"
            shown = para[m.end():] if m else para
        start = text.find(shown, pos)
        if start >= 0:
            pos = start + len(shown)
        article.blocks.append(Block(kind, shown, start if start >= 0 else None))
    if not article.title:
        first = next((b for b in article.blocks if b.kind == "paragraph"), None)
        article.title = derive_title(first.text) if first else "(untitled)"
        article.title_derived = True
        article.title_start = None


def parse_json(text: str, *, article_id: str, path: str | None = None) -> Article:
    from tuireader.parse import ArticleError

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ArticleError(f"{path or 'input'}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        data = data[0]
    if not isinstance(data, dict):
        raise ArticleError(f"{path or 'input'}: JSON is not an article object")
    if _first(data, *_TITLE_KEYS, *_TEXT_KEYS) is None:
        # package.json, a settings file: JSON, but none of an article's fields
        raise ArticleError(f"{path or 'input'}: not an article: no title or text "
                           f"(an article in JSON has a \"title\" or a \"text\" field)")
    article = Article(id=article_id, text=text, format="json", path=path)
    fill_from_fields(article, data)
    return article
