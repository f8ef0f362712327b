"""Reading article files into :class:`tuireader.model.Article`.  No Textual here.

``load_article(path)`` reads a file of any supported format; ``parse_text``
parses text already in hand.  Unsupported or unreadable files raise
:class:`ArticleError` with one clear message.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Iterable

from tuireader.clean import binary_kind, clean_line, decode_bytes
from tuireader.model import Article
from tuireader.parse.recurring import recurring_lines

__all__ = ["ArticleError", "article_id", "format_for", "load_article", "not_regular_message", "parse_bytes",
           "parse_text", "read_article_bytes", "recurring_lines", "SUPPORTED"]

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".json": "json",
             ".html": "html", ".htm": "html"}
MAX_BYTES = 64 * 1024 * 1024
# O_NONBLOCK: opening or reading a named pipe must never wait for a writer
_OPEN_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


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
        data = read_article_bytes(path, shown)
    except ArticleError:
        raise
    except FileNotFoundError:
        if path.is_symlink():
            target = clean_line(os.readlink(path))
            raise ArticleError(f"{shown}: a link to {target}, which does not exist") from None
        raise ArticleError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{shown}: is a folder, not an article file") from None
    except OSError as exc:
        raise ArticleError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    return parse_bytes(data, fmt=fmt, path=shown, boilerplate_hints=boilerplate_hints)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def not_regular_message(path: str | os.PathLike[str], shown: str, mode: int) -> str:
    """The one line for an article name that is a named pipe, a device or a socket (or a link to one)."""
    kind = _kind_of(mode)
    try:
        if os.path.islink(path):
            kind = f"a link to {clean_line(os.readlink(path))}, {kind}"
    except OSError:
        pass
    return f"{shown}: not a regular file ({kind}); only files are read as articles"


def read_article_bytes(path: str | os.PathLike[str], shown: str | None = None) -> bytes:
    """The bytes of an article file, read safely.

    Only a regular file (after following links) is read: a named pipe, a device
    (``/dev/zero``, ``/dev/urandom``) or a socket raises :class:`ArticleError` without being
    read, and so does a file over ``MAX_BYTES``.  The file is opened with O_NONBLOCK, so a
    name swapped for a pipe after the check cannot block, and at most ``MAX_BYTES + 1``
    bytes are ever read.  Other failures (no such file, no permission) raise ``OSError``.
    """
    if shown is None:
        shown = clean_line(os.fsdecode(path))
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError(not_regular_message(path, shown, st.st_mode))
    if st.st_size > MAX_BYTES:
        raise ArticleError(_too_large(shown, st.st_size))
    fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    try:
        st = os.fstat(fd)  # the file opened, which may not be the one looked at
        if not stat.S_ISREG(st.st_mode):
            raise ArticleError(not_regular_message(path, shown, st.st_mode))
        parts: list[bytes] = []
        total = 0
        want = st.st_size + 1  # the whole file, and one byte more to see its end
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(max(want - total, 1 << 16), MAX_BYTES + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > MAX_BYTES:  # it grew while being read
        raise ArticleError(_too_large(shown, total))
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _too_large(shown: str, size: int) -> str:
    return (f"{shown}: too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")


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
