"""Reading article files into :class:`tuireader.model.Article`.  No Textual here.

``load_article(path)`` reads a file of any supported format; ``parse_text``
parses text already in hand.  Unsupported or unreadable files raise
:class:`ArticleError` with one clear message.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from tuireader.clean import binary_kind, clean_line, decode_bytes
from tuireader.model import Article
from tuireader.parse.recurring import recurring_lines

__all__ = ["ArticleError", "article_id", "format_for", "load_article", "parse_bytes", "parse_text",
           "recurring_lines", "SUPPORTED"]

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".json": "json",
             ".html": "html", ".htm": "html"}
MAX_BYTES = 64 * 1024 * 1024


class ArticleError(Exception):
    """A file that cannot become an article; the message is for the user."""


def article_id(data: bytes) -> str:
    """Ids come from the content, so a moved or renamed file keeps its id."""
    return hashlib.sha1(data).hexdigest()[:12]


def format_for(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


def load_article(path: str | os.PathLike[str], *, boilerplate_hints: Iterable[str] = ()) -> Article:
    path = Path(path)
    fmt = format_for(path)
    shown = clean_line(str(path))
    if path.is_dir():
        raise ArticleError(f"{shown}: is a folder, not an article file")
    if fmt is None:
        raise ArticleError(f"{shown}: unsupported format {path.suffix or '(no extension)'!r}; "
                           f"tuireader reads {', '.join(sorted(set(SUPPORTED)))}")
    try:
        if path.is_dir():
            raise ArticleError(f"{shown}: is a folder, not an article file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{shown}: too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except ArticleError:
        raise
    except FileNotFoundError:
        if path.is_symlink():
            target = clean_line(os.readlink(path))
            raise ArticleError(f"{shown}: a link to {target}, which does not exist") from None
        raise ArticleError(f"{shown}: no such file") from None
    except OSError as exc:
        raise ArticleError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    return parse_bytes(data, fmt=fmt, path=shown, boilerplate_hints=boilerplate_hints)


def parse_bytes(data: bytes, *, fmt: str = "txt", path: str | None = None,
                boilerplate_hints: Iterable[str] = ()) -> Article:
    shown = clean_line(path) if path else "input"
    kind = binary_kind(data)
    if kind is not None:
        raise ArticleError(f"{shown}: not text: it looks like {kind}")
    text, problems = decode_bytes(data)
    try:
        article = parse_text(text, fmt=fmt, path=clean_line(path) if path else None,
                             article_id=article_id(data), boilerplate_hints=boilerplate_hints)
    except ArticleError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one file, with one line
        raise ArticleError(clean_line(f"{shown}: could not be parsed ({exc.__class__.__name__}: {exc})")) from exc
    if article.published is None and path:
        # the text has no date: the date a file's name starts with (2024-04-15_...) is the
        # archive's own label for it
        from tuireader.parse.dates import date_from_path

        article.published = date_from_path(path)
    if not text.strip():
        problems.append("the file is empty" if not data else "the file holds only blank space")
    article.problems = problems + article.problems
    _one_line_fields(article)
    return article


def _one_line_fields(article: Article) -> None:
    """Fields shown on one line (title, byline, date, url, tags, problems) hold no tab or newline."""
    def one(value: str | None) -> str | None:
        return clean_line(value) if value and ("\t" in value or "\n" in value) else value

    title = one(article.title)
    if title != article.title:
        article.title, article.title_start = title or "(untitled)", None  # no longer verbatim
    article.source, article.published, article.url = one(article.source), one(article.published), one(article.url)
    article.authors = [one(a) for a in article.authors]
    article.tags = [one(t) for t in article.tags]
    article.problems = [one(p) for p in article.problems]


def parse_text(text: str, *, fmt: str = "txt", path: str | None = None, article_id: str | None = None,
               boilerplate_hints: Iterable[str] = ()) -> Article:
    """Parse cleaned text (see tuireader.clean) of the given format."""
    if article_id is None:
        article_id = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if fmt == "md":
        from tuireader.parse.markdown import parse_markdown

        return parse_markdown(text, article_id=article_id, path=path)
    if fmt == "json":
        from tuireader.parse.jsonfile import parse_json

        return parse_json(text, article_id=article_id, path=path)
    if fmt == "html":
        from tuireader.parse.html import parse_html

        return parse_html(text, article_id=article_id, path=path)
    from tuireader.parse.raw import parse_raw

    return parse_raw(text, article_id=article_id, path=path, boilerplate_hints=set(boilerplate_hints))
