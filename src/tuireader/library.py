"""The library: a folder of article files and its SQLite index.  No Textual here.

The index lives in the cache (``paths.index_path_for(root)``) and can always be
rebuilt from the files.  It holds, for each article (identified by a hash of
its file's content, so a moved file keeps its id):

* its metadata, with one index per sort order, so listing 100,000 articles
  page by page costs a few milliseconds;
* the whole understood :class:`~tuireader.model.Article` and its entities,
  compressed, so showing an article needs no re-parse.  The body is stored once:
  the record keeps the lengths of the body blocks and the rest of the text, and
  the body itself is read back from the full-text table (see ``_record``);
* an FTS5 full-text index (title, captions, body, source, authors, and the
  names of the people, organisations, places and other entities);
* the entity names (folded) with their counts, for "which articles name X";
* hashes of its lines, so lines that recur in 3 or more articles of the same
  source can be handed to the parser as boilerplate evidence.

:meth:`Library.update` rescans the folder by size and modification time and
parses only new or changed files.  A SQLite connection belongs to one thread,
so the Library keeps one per thread: call it from any worker thread.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import threading
import time
import unicodedata
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from tuireader import paths
from tuireader.clean import clean_line
from tuireader.model import BODY_KINDS, Article, Entity

if TYPE_CHECKING:
    from tuireader.reading_state import ReadingState

__all__ = ["ArticleRow", "SearchHit", "UpdateSummary", "Library", "SORTS"]

SCHEMA_VERSION = 3  # 3: compact records, entity rows without rowid
# What the parser and the entity extractor make of a file.  Raised whenever they change what
# they make of it: an index made with another value is rebuilt (it is a cache; the reading
# state is kept apart and survives), so nobody reads yesterday's understanding of an article.
UNDERSTANDING = 4  # 4: 2026-11-27: file-name dates, related links, derived titles, entity fixes
APPLICATION_ID = 0x74724958  # "trIX"
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters around matches in snippets
BATCH = 250  # files written per transaction during update (and about as many parsed ahead)
RECUR_MIN = 3  # a line in this many articles of one source is boilerplate evidence
PREHINT_MIN = 20  # a line in this many files anywhere is handed to the parser on the first parse
POOL_MIN = 200  # parse in worker processes when at least this many files are new
OPTIMIZE_MIN = 1000  # merge the FTS index after adding at least this many articles
LIST_SQL_TOP = 2000  # pages this near the top come from SQL even in a big library
LIST_CACHE_MIN = 5000  # libraries this big list pages from a cached order (see Library._order)
HUGE = 8000  # a query matching more articles than this is ranked in tiers (see Library.search)
FIELD_RANK_MAX = 8000  # a field-limited query with more matches is ranked by FTS5 (see Library._field_ranked)

# FTS5 columns, and their weights in the same order.
FTS_COLUMNS = ("title", "captions", "body", "source", "authors", "people", "orgs", "places", "others")
WEIGHTS = (10.0, 2.0, 1.0, 3.0, 3.0, 0.5, 0.5, 0.5, 0.5)
# Columns a query limited to one of them is ranked by (the body is most of an article's length,
# so FTS5's own ranking already fits in:body).
FIELD_RANKED = ("title", "captions", "source", "authors", "people", "orgs", "places", "others")

SORTS = {
    "newest": ("a_newest", "a.pub_desc DESC, a.title_key, a.id"),
    "oldest": ("a_oldest", "a.pub_asc, a.title_key, a.id"),
    "title": ("a_title", "a.title_key, a.pub_desc DESC, a.id"),
    "source": ("a_source", "a.source_key, a.pub_desc DESC, a.id"),
}

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(
    path TEXT PRIMARY KEY,          -- relative to the library folder, '/' separated
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    article_id TEXT,                -- NULL when the file could not be read as an article
    problem TEXT
) WITHOUT ROWID;
CREATE INDEX files_article ON files(article_id);
CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    source TEXT,
    source_key TEXT NOT NULL,
    published TEXT,
    pub_desc TEXT NOT NULL,         -- published, or '' (undated last when newest first)
    pub_asc TEXT NOT NULL,          -- published, or '~' (undated last when oldest first)
    path TEXT,                      -- one file with this content (relative)
    format TEXT,
    n_captions INTEGER NOT NULL DEFAULT 0,
    hint_sig INTEGER NOT NULL DEFAULT 0   -- which boilerplate hints it was parsed with
);
CREATE INDEX a_newest ON articles(pub_desc DESC, title_key, id);
CREATE INDEX a_oldest ON articles(pub_asc, title_key, id);
CREATE INDEX a_title ON articles(title_key, pub_desc DESC, id);
CREATE INDEX a_source ON articles(source_key, pub_desc DESC, id);
CREATE TABLE blobs(rowid INTEGER PRIMARY KEY, record BLOB NOT NULL, entities BLOB NOT NULL);
CREATE TABLE ents(                  -- its own index by name; rows of an article are found by
    name_key TEXT NOT NULL,         -- the names in its entities blob (see _delete_article)
    type TEXT NOT NULL,
    aid INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY(name_key, type, aid)
) WITHOUT ROWID;
CREATE TABLE lines(aid INTEGER NOT NULL, h INTEGER NOT NULL, bp INTEGER NOT NULL,
                   PRIMARY KEY(aid, h)) WITHOUT ROWID;
CREATE INDEX lines_h ON lines(h);
CREATE VIRTUAL TABLE fts USING fts5(
    title, captions, body, source, authors, people, orgs, places, others,
    tokenize = "unicode61 remove_diacritics 2", prefix = '2 3 4'
);
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25({", ".join(str(w) for w in WEIGHTS)})');
"""


# -- what the UI and CLI get ---------------------------------------------------------


@dataclass
class ArticleRow:
    id: str
    title: str
    source: str | None
    published: str | None
    path: str | None
    read: bool = False
    starred: bool = False
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source,
                "published": self.published, "path": clean_line(self.path) if self.path else self.path,
                "read": self.read, "starred": self.starred}


@dataclass
class SearchHit:
    row: ArticleRow
    score: float  # higher is better
    snippet: str  # plain text
    terms: list[str] = field(default_factory=list)  # words to highlight

    def to_json(self) -> dict[str, Any]:
        data = self.row.to_json()
        data["score"] = self.score
        data["snippet"] = self.snippet
        return data


@dataclass
class UpdateSummary:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    moved: int = 0
    seconds: float = 0.0
    copies: list[tuple[str, str]] = field(default_factory=list)  # (path, the path of the same text)

    def line(self) -> str:
        parts = [f"{self.added:,} added", f"{self.changed:,} changed", f"{self.removed:,} removed",
                 f"{self.unchanged:,} unchanged"]
        if self.moved:
            parts.append(f"{self.moved:,} moved")
        if self.copies:
            parts.append(f"{len(self.copies):,} {'copy' if len(self.copies) == 1 else 'copies'} of other files, "
                         "listed once")
        if self.failed:
            parts.append(f"{len(self.failed):,} could not be read")
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"


# -- helpers ---------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'José Múñoz' -> 'jose munoz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _title_key(title: str) -> str:
    key = fold(title)
    return key.lstrip("\"'“”‘’«»([¿¡-–— ") or key


def _line_hash(line: str) -> int:
    norm = " ".join(line.split()).casefold()
    import hashlib  # indexing only: start-up does not load it

    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)


def _line_hashes(text: str) -> dict[int, str]:
    """Hash of each distinct non-empty line -> the line (stripped)."""
    out: dict[int, str] = {}
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            out.setdefault(_line_hash(stripped), stripped)
    return out


def _sig(hashes: Iterable[int]) -> int:
    items = sorted(hashes)
    if not items:
        return 0
    import hashlib

    digest = hashlib.blake2b(",".join(map(str, items)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True) or 1


def _index_text(text: str | None) -> str:
    if not text:
        return ""
    return text.replace(MARK_START, "").replace(MARK_END, "")


_BLOCK_FIELDS: tuple[str, ...] = ()
_CAPTION_FIELDS: tuple[str, ...] = ()
_ARTICLE_FIELDS: tuple[str, ...] = ()


def _fields() -> None:
    global _BLOCK_FIELDS, _CAPTION_FIELDS, _ARTICLE_FIELDS
    from dataclasses import fields

    from tuireader.model import Block, Caption

    _BLOCK_FIELDS = tuple(f.name for f in fields(Block))
    _CAPTION_FIELDS = tuple(f.name for f in fields(Caption))
    _ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def _record(article: Article, body: str) -> dict[str, Any]:
    """Article.to_record() without the text the index holds elsewhere; see _article_from_record.

    ``body`` is the article's body text as the full-text table stores it (its "body"
    column).  Where that is exactly the body blocks' texts joined (no private-use marks
    were taken out), each body block keeps only its length, and the stretches of
    ``text`` those blocks stand at verbatim are cut out of the stored text: the body
    is stored once, in the full-text table.  Other blocks that stand verbatim in the
    text at their offset keep only their length too.
    """
    if not _ARTICLE_FIELDS:
        _fields()
    text = article.text
    rec = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    rec["captions"] = [{name: getattr(c, name) for name in _CAPTION_FIELDS} for c in article.captions]
    for name in ("authors", "credits", "boilerplate", "tags", "problems"):
        if isinstance(rec.get(name), tuple):
            rec[name] = list(rec[name])
    body_ok = body == article.body_text
    blocks: list[dict[str, Any]] = []
    rest: list[str] = []
    at = 0  # end of the last stretch cut out of the text
    for b in article.blocks:
        d = {name: getattr(b, name) for name in _BLOCK_FIELDS}
        verbatim = b.start is not None and bool(b.text) and text.startswith(b.text, b.start)
        if body_ok and b.kind in BODY_KINDS:
            d["text"] = len(b.text)
            d["_from"] = "body"
            if verbatim and b.start >= at:
                d["_cut"] = 1
                rest.append(text[at : b.start])
                at = b.start + len(b.text)
        elif verbatim:
            d["text"] = len(b.text)
        blocks.append(d)
    rec["blocks"] = blocks
    rec["_body"] = int(body_ok)
    if rest:
        rest.append(text[at:])
        rec["text"] = "".join(rest)
        rec["_cut"] = 1
        if _article_text(rec, body) != text:  # cannot happen; but never store what does not read back
            rec["text"], rec["_cut"] = text, 0
            for d in blocks:
                d.pop("_cut", None)
    return rec


def _body_texts(rec: dict[str, Any], body: str) -> None:
    """Put the body blocks' texts back from the full-text table's body column."""
    if not rec.get("_body"):
        return
    pos = 0
    for b in rec.get("blocks", []):
        if b.get("_from") == "body" and isinstance(b.get("text"), int):
            n = b["text"]
            b["text"] = body[pos : pos + n]
            pos += n + 1


def _article_text(rec: dict[str, Any], body: str) -> str:
    """The article's whole text from a stored record and its body column."""
    if not rec.get("_cut"):
        return rec.get("text") or ""
    rest = rec["text"]
    out: list[str] = []
    pos = 0  # in rest
    at = 0  # in the whole text
    body_pos = 0
    for b in rec.get("blocks", []):
        if b.get("_from") != "body":
            continue
        t = b["text"]
        if isinstance(t, int):  # not put back yet: read it from the body column
            t = body[body_pos : body_pos + t]
        body_pos += len(t) + 1
        if b.get("_cut"):
            gap = b["start"] - at
            out.append(rest[pos : pos + gap])
            pos += gap
            out.append(t)
            at = b["start"] + len(t)
    out.append(rest[pos:])
    return "".join(out)


def _article_from_record(rec: dict[str, Any], body: str = "") -> Article:
    text = _article_text(rec, body)
    _body_texts(rec, body)
    rec["text"] = text
    for key in ("_body", "_cut"):
        rec.pop(key, None)
    for b in rec.get("blocks", []):
        b.pop("_from", None)
        b.pop("_cut", None)
        if isinstance(b.get("text"), int):
            b["text"] = text[b["start"] : b["start"] + b["text"]]
    return Article.from_record(rec)


def _pack(obj: Any) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"), 6)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))


def _db_path(rel: str) -> str | bytes:
    """File names that are not valid UTF-8 are stored as bytes."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape")


def _from_db_path(value: str | bytes) -> str:
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _snippet_text(raw: str | None) -> tuple[str, list[str]]:
    """Plain snippet text and the words that were marked in it."""
    if not raw:
        return "", []
    marked: list[str] = []
    out: list[str] = []
    pos = 0
    while True:
        start = raw.find(MARK_START, pos)
        if start < 0:
            out.append(raw[pos:])
            break
        end = raw.find(MARK_END, start)
        if end < 0:
            out.append(raw[pos:start])
            out.append(raw[start + 1:])
            break
        out.append(raw[pos:start])
        word = raw[start + 1:end]
        out.append(word)
        if word and word not in marked:
            marked.append(word)
        pos = end + 1
    text = "".join(out).replace(MARK_START, "").replace(MARK_END, "")
    return clean_line(text), marked


# -- parsing one file (runs in worker processes too) --------------------------------


def prepare_article(data: bytes, fmt: str, shown_path: str, hints: Iterable[str] = (),
                    decoded: tuple[str, dict[int, str]] | None = None,
                    same: tuple[bytes, tuple[str, ...]] | None = None,
                    hint_sig: int | None = None) -> dict[str, Any]:
    """Parse file bytes and extract entities: everything the index stores for one article.

    ``decoded``: the file's decoded text and its line hashes when the caller has them
    already (they are reused when the parser's text is that same text).  ``same``: the
    stored record of this article and its first five full-text columns; when the parse
    gives them again (the article is the same), entity extraction is skipped and
    {"same": True, "id": ..., "hint_sig": ...} is returned.  ``hint_sig``: the signature of
    the hints' line hashes when the caller has it (else it is computed from ``hints``).

    Raises ArticleError (or anything the parser raises) when the file is not an article.
    """
    from tuireader.entities import extract_entities
    from tuireader.parse import parse_bytes

    hints = list(hints)
    if hint_sig is None:
        hint_sig = _sig(_line_hash(h) for h in hints)
    article = parse_bytes(data, fmt=fmt, path=shown_path, boilerplate_hints=hints)
    source = article.source or None
    text_cols = (
        _index_text(article.title),
        _index_text("\n".join(c.text + (f" ({c.credit})" if c.credit else "") for c in article.captions)),
        _index_text(article.body_text),
        _index_text(source),
        _index_text("; ".join(article.authors)),
    )
    record = _pack(_record(article, text_cols[2]))
    if same is not None and record == same[0] and text_cols == tuple(same[1]):
        return {"same": True, "id": article.id, "hint_sig": hint_sig}
    entities = extract_entities(article)
    cols: dict[str, list[str]] = {"person": [], "organization": [], "place": [], "other": []}
    counts: dict[tuple[str, str], int] = {}
    for ent in entities:
        names = [ent.name] + sorted({m.text for m in ent.mentions if m.text and m.text != ent.name})
        cols.get(ent.type, cols["other"]).extend(names)
        key = (fold(ent.name), ent.type)
        counts[key] = counts.get(key, 0) + max(ent.count, 1)
    ent_rows = [(k, t, c) for (k, t), c in counts.items()]
    if decoded is not None and decoded[0] == article.text:
        lines = decoded[1]
    else:
        lines = _line_hashes(article.text)
    bp = {_line_hash(b) for b in article.boilerplate if b.strip()}
    return {
        "id": article.id,
        "title": article.title or "(untitled)",
        "source": source,
        "published": article.published or None,
        "format": article.format,
        "n_captions": len(article.captions),
        "hint_sig": hint_sig,
        "record": record,
        "entities": _pack([e.to_json() for e in entities]),
        "ents": ent_rows,
        "lines": [(h, int(h in bp)) for h in lines],
        "fts": (
            *text_cols,
            _index_text("\n".join(cols["person"])),
            _index_text("\n".join(cols["organization"])),
            _index_text("\n".join(cols["place"])),
            _index_text("\n".join(cols["other"])),
        ),
    }


def _decode(data: bytes) -> str:
    from tuireader.clean import decode_bytes

    return decode_bytes(data)[0]


def _read(abspath: str) -> tuple[bytes | None, str | None]:
    shown = clean_line(abspath)
    try:
        with open(abspath, "rb") as fh:
            return fh.read(), None
    except FileNotFoundError:
        return None, f"{shown}: the file disappeared while indexing"
    except OSError as exc:
        return None, f"{shown}: cannot read ({exc.strerror or exc})"


def _hash_job(job: tuple[str, str]) -> tuple:
    """Read one file: ("ok", rel, id, line hashes) or ("fail", rel, message)."""
    from tuireader.parse import article_id

    rel, abspath = job
    data, problem = _read(abspath)
    if data is None:
        return ("fail", rel, problem)
    try:
        text = _decode(data)
        hashes = tuple(_line_hashes(text))
    except Exception:  # noqa: BLE001 - the parser will say what is wrong with it
        text, hashes = None, ()
    if text is not None and not text.strip():
        # Nothing to read.  (Every empty file has the same content, so as articles they
        # would all be one article, under one of their names.)
        what = "is empty" if not data else "holds only blank space"
        return ("fail", rel, f"{clean_line(abspath)}: the file {what}")
    return ("ok", rel, article_id(data), hashes)


_RECURRING: dict[str, frozenset[int]] = {}


def _recurring_set(path: str) -> frozenset[int]:
    """The line hashes in a file that Library._update wrote (8-byte integers), read once per process."""
    found = _RECURRING.get(path)
    if found is None:
        hashes = array("q")
        with open(path, "rb") as fh:
            hashes.frombytes(fh.read())
        _RECURRING.clear()  # one update at a time: an earlier file is gone
        found = _RECURRING[path] = frozenset(hashes)
    return found


def _parse_job(job: tuple) -> tuple:
    """Parse one file with boilerplate hints.

    The job is (rel, abspath, fmt, hints[, (stored record, its text columns)]).  ``hints`` is
    the line hashes to hand over as hints, or the path of a file of line hashes that recur
    across the library (see _recurring_set): then the file's lines among those are the hints.
    ("ok", rel, id, prepared) or ("fail", rel, message).
    """
    from tuireader.parse import article_id

    rel, abspath, fmt, hint_hashes = job[:4]
    same = job[4] if len(job) > 4 else None
    shown = clean_line(abspath)
    data, problem = _read(abspath)
    if data is None:
        return ("fail", rel, problem)
    hints: list[str] = []
    decoded = None
    if hint_hashes:
        try:
            text = _decode(data)
            lines = _line_hashes(text)
            decoded = (text, lines)
            if isinstance(hint_hashes, str):
                recurring = _recurring_set(hint_hashes)
                hint_hashes = tuple(sorted(h for h in lines if h in recurring))
            hints = [lines[h] for h in hint_hashes if h in lines]
        except Exception:  # noqa: BLE001
            hints = []
            if isinstance(hint_hashes, str):
                hint_hashes = ()
    try:
        prepared = prepare_article(data, fmt, shown, hints, decoded, same, _sig(hint_hashes))
        return ("ok", rel, article_id(data), prepared)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
        if exc.__class__.__name__ == "ArticleError":
            message = str(exc)
        else:
            message = f"{shown}: could not be parsed ({exc.__class__.__name__}: {exc})"
        return ("fail", rel, clean_line(message))


def _run_chunk(fn: Callable[[Any], Any], items: list) -> list:
    return [fn(item) for item in items]


def _imap(ex: Any, fn: Callable[[Any], Any], items: Iterable, chunksize: int, workers: int) -> Iterable:
    """ex.map(fn, items), in order, submitting only a few chunks ahead of the results taken.

    Executor.map submits every job at once and keeps every result until it is taken: at
    100,000 files the jobs, and the results waiting for the writer, would all be in memory.
    """
    if isinstance(ex, _InProcess):
        yield from map(fn, items)
        return
    from collections import deque
    from itertools import islice

    items = iter(items)
    ahead: deque = deque()

    def submit() -> None:
        chunk = list(islice(items, chunksize))
        if chunk:
            ahead.append(ex.submit(_run_chunk, fn, chunk))

    # Enough ahead that the workers keep busy while the caller writes a batch (BATCH results).
    for _ in range(max(4 * workers, BATCH // chunksize + 2 * workers)):
        submit()
    try:
        while ahead:
            results = ahead.popleft().result()
            submit()
            yield from results
    finally:
        for future in ahead:
            future.cancel()


class _Progress:
    """Calls progress(done, total) now and then (every 0.1 s at most), and at the end."""

    def __init__(self, callback: Callable[[int, int], None] | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self.last = 0.0
        if callback:
            callback(0, total)

    def step(self, n: int) -> None:
        self.done += n
        if self.callback:
            now = time.monotonic()
            if now - self.last >= 0.1:
                self.last = now
                self.callback(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.callback:
            self.callback(self.total, self.total)


class _InProcess:
    """The executor interface, run here (for small batches, or where processes cannot start)."""

    def map(self, fn, items, chunksize: int = 1):
        return map(fn, items)

    def __enter__(self) -> "_InProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


# -- scanning ---------------------------------------------------------------------


def scan_folder(root: Path, broken: list[tuple[str, str]] | None = None) -> dict[str, tuple[int, int]]:
    """Every supported article file under root: relative path -> (size, mtime_ns).

    Hidden files and folders are skipped; symlinks are followed, but a folder
    already visited (a symlink loop) is not entered again.  Article names that
    cannot be read (a link to nowhere, a link to itself) go to ``broken`` as
    (relative path, message).
    """
    from tuireader.parse import SUPPORTED

    out: dict[str, tuple[int, int]] = {}
    try:
        st = os.stat(root)
    except OSError:
        return out
    seen = {(st.st_dev, st.st_ino)}
    stack = [(str(root), "")]
    suffixes = {s.lower() for s in SUPPORTED}
    while stack:
        folder, rel = stack.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # a link to itself: not a folder; reported below
                        is_dir = False
                    if is_dir:
                        st = entry.stat()
                        key = (st.st_dev, st.st_ino)
                        if key not in seen:
                            seen.add(key)
                            stack.append((entry.path, rel + name + "/"))
                        continue
                    dot = name.rfind(".")
                    if dot <= 0 or name[dot:].lower() not in suffixes:
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        if broken is not None:
                            shown = clean_line(rel + name)
                            if entry.is_symlink():
                                try:
                                    target = clean_line(os.readlink(entry.path))
                                except OSError:
                                    target = "?"
                                broken.append((rel + name, f"{shown}: a link to {target}, which cannot be read "
                                                            f"({exc.strerror or exc})"))
                            else:
                                broken.append((rel + name, f"{shown}: cannot read ({exc.strerror or exc})"))
                        continue
                    out[rel + name] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    continue
    return out


# -- the library ---------------------------------------------------------------------


class Library:
    """A folder of articles and its index."""

    def __init__(self, root: Path, index_path: Path | None = None, state: "ReadingState | None" = None,
                 *, workers: int | None = None) -> None:
        self.root = Path(root).expanduser().resolve()
        self.index_path = Path(index_path) if index_path is not None else paths.index_path_for(self.root)
        self.state = state
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.warnings: list[str] = []
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._update_lock = threading.Lock()
        self._generation = 0  # bumped when the index file is replaced
        self._writes = 0  # bumped when an update changed the index
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        self._open_or_rebuild()

    # -- connections ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.index_path, timeout=60, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 60000")
        # Turning a new file to WAL needs it to itself: while another process is creating the
        # index, SQLite answers "locked" at once rather than waiting (it cannot wait safely there).
        for attempt in range(600):
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 599:
                    raise
                time.sleep(0.1)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -16384")  # 16 MB
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA mmap_size = 0")
        if self.state is not None:
            conn.execute("ATTACH DATABASE ? AS st", (str(self.state.path),))
        return conn

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "generation", -1) != self._generation:
            conn = self._connect()
            self._local.conn = conn
            self._local.generation = self._generation
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open_or_rebuild(self) -> None:
        problem = self._index_problem()
        if problem == "new":
            self._create()
            return
        if problem == "outdated":
            self._replace_index("this version of tuireader understands articles better", keep=False)
        elif problem:
            self._replace_index(problem)

    def _index_problem(self) -> str | None:
        if not self.index_path.exists() or self.index_path.stat().st_size == 0:
            return "new"
        try:
            conn = sqlite3.connect(self.index_path, timeout=60)
            try:
                app = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if app != APPLICATION_ID:
                    return "it is not a tuireader index"
                if version != SCHEMA_VERSION:
                    return f"it has format {version}, this tuireader uses {SCHEMA_VERSION}"
                conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
                conn.execute("SELECT rowid FROM fts WHERE fts MATCH '\"x\"' LIMIT 1").fetchall()
                made = conn.execute("SELECT value FROM meta WHERE key = 'understanding'").fetchone()
                if made is None or made[0] != str(UNDERSTANDING):
                    return "outdated"
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            return f"it is unreadable ({exc})"
        return None

    def _replace_index(self, reason: str, keep: bool = True) -> None:
        """Move the bad index aside (or delete it) and start an empty one (the next update fills it).

        Other threads' connections are left alone (one may be in the middle of a query);
        each thread opens the new file on its next call.
        """
        mine = getattr(self._local, "conn", None)
        if mine is not None:
            mine.close()
            self._local.conn = None
        self._generation += 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.index_path.with_name(f"{self.index_path.name}.bad-{stamp}")
        try:
            if keep:
                os.replace(self.index_path, aside)
            else:
                aside = None
                self.index_path.unlink()
        except OSError:
            aside = None
        for suffix in ("-wal", "-shm"):
            companion = self.index_path.with_name(self.index_path.name + suffix)
            try:
                companion.unlink()
            except OSError:
                pass
        # Keep only the newest bad copy: the index is a cache, rebuilt from the files.
        for old in self.index_path.parent.glob(self.index_path.name + ".bad-*"):
            if aside is None or old != aside:
                try:
                    old.unlink()
                except OSError:
                    pass
        self.warnings.append(f"The index was rebuilt because {reason}.")
        self._create()

    def _create(self) -> None:
        conn = self._conn()
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            return
        root = str(self.root).replace("'", "''")
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;" + _SCHEMA
                + f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
                + f"INSERT OR REPLACE INTO meta VALUES ('root', '{root}');"
                + f"INSERT OR REPLACE INTO meta VALUES ('understanding', '{UNDERSTANDING}'); COMMIT;")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if "already exists" not in str(exc):  # another process made it first: fine
                raise

    # -- update ---------------------------------------------------------------------

    def update(self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False) -> UpdateSummary:
        """Bring the index up to date with the folder; parse only new or changed files."""
        with self._update_lock, self._process_lock():
            if rebuild:
                self._replace_index("a rebuild was asked for", keep=False)
                self.warnings.pop()
            try:
                with self._temp_on_disk():
                    return self._update(progress)
            except sqlite3.DatabaseError as exc:
                if "malformed" in str(exc) or "not a database" in str(exc):
                    self._replace_index(f"it was damaged ({exc})")
                    with self._temp_on_disk():
                        return self._update(progress)
                raise

    @contextmanager
    def _temp_on_disk(self):
        """Temporary tables and sorts in a file while updating (else in memory): counting
        the lines of 100,000 new files, or grouping them, must not take hundreds of MB."""
        conn = self._conn()
        conn.execute("PRAGMA temp_store = FILE")
        try:
            yield
        finally:
            _RECURRING.clear()
            try:
                conn.execute("PRAGMA temp_store = MEMORY")
            except sqlite3.Error:  # within a transaction left open by an error: a later update resets it
                pass

    @contextmanager
    def _process_lock(self):
        """One indexer at a time per index, across processes (a second one waits, then finds little to do)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: SQLite's own locking must do
            yield
            return
        lock_path = self.index_path.with_name(self.index_path.name + ".lock")
        with open(lock_path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _update(self, progress: Callable[[int, int], None] | None) -> UpdateSummary:
        t0 = time.perf_counter()
        conn = self._conn()
        summary = UpdateSummary()
        if not self.root.is_dir():
            # An unmounted disk or a typo must not empty the index: leave it as it is.
            summary.failed.append((clean_line(str(self.root)), f"{clean_line(str(self.root))}: no such folder"))
            return summary
        broken: list[tuple[str, str]] = []
        scanned = scan_folder(self.root, broken)
        summary.failed.extend((clean_line(rel), message) for rel, message in broken)
        known: dict[str, tuple[int, int, str | None, str | None]] = {}
        for path, size, mtime, aid, problem in conn.execute(
                "SELECT path, size, mtime_ns, article_id, problem FROM files"):
            known[_from_db_path(path)] = (size, mtime, aid, problem)
        stale = [p for p, stat in scanned.items()
                 if (k := known.get(p)) is None or (k[0], k[1]) != stat]
        gone = [p for p in known if p not in scanned]
        summary.unchanged = len(scanned) - len(stale)
        for p, (_, _, _, problem) in known.items():
            if problem and p in scanned and p not in stale:
                summary.failed.append((self._shown(p), problem))
        if not stale and not gone:
            summary.seconds = time.perf_counter() - t0
            return summary

        existing_ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        before_ids = set(existing_ids)
        before_sources: set[str] = set()
        new_path_ids: dict[str, str] = {}  # rel -> id, for the stale files that read fine
        failures: dict[str, str] = {}
        added_ids: set[str] = set()
        inserted_rels: set[str] = set()  # the files new articles were made from
        later: list[tuple] = []  # copies of articles parsed in this same update

        pending: list[tuple] = []

        def flush() -> None:
            if not pending:
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                for result in pending:
                    self._write_result(conn, result, scanned, existing_ids, added_ids,
                                       new_path_ids, failures, inserted_rels)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            pending.clear()

        from tuireader.parse import format_for

        self._remove_lines_files()  # left by an update that was killed
        # Progress units: reading a file counts 1, parsing it 9 (re-parses for boilerplate too).
        meter = _Progress(progress, 10 * len(stale))
        hints_file: str | None = None
        try:
            with self._executor(len(stale)) as ex:
                # 1. Read and hash every new or touched file: its id, and its lines.  The lines
                #    are counted in a temporary table (a file, see _temp_on_disk): 100,000 files
                #    have millions of distinct lines.
                # (Results come in the order of the jobs: each keeps the path string of `stale`
                # rather than its own copy, since several sets and dicts below hold it.)
                to_parse: dict[str, str] = {}  # id -> rel, one file for each new article
                conn.execute("DROP TABLE IF EXISTS temp.seen")
                conn.execute("CREATE TEMP TABLE seen(h INTEGER NOT NULL)")
                rows: list[tuple[int]] = []
                jobs = ((rel, str(self.root / rel)) for rel in stale)
                for rel, result in zip(stale, _imap(ex, _hash_job, jobs, 32, self.workers)):
                    meter.step(1)
                    if result[0] == "fail":
                        pending.append(("fail", rel, result[2]))
                    elif result[2] in existing_ids:
                        pending.append(("ok", rel, result[2], None))
                    elif result[2] not in to_parse:
                        to_parse[result[2]] = rel
                        rows.extend((h,) for h in result[3])
                        if len(rows) >= 5000:
                            self._count_lines(conn, rows)
                    else:
                        later.append(("ok", rel, result[2], None))
                self._count_lines(conn, rows)
                parse_rels = list(to_parse.values())
                del to_parse
                # 2. Lines that already recur in PREHINT_MIN or more files are boilerplate evidence
                #    for the parser (checked per source afterwards, in _boilerplate_pass).  The
                #    workers read them from a file, each once.
                recurring = self._recurring_hashes(conn)
                conn.execute("DROP TABLE temp.seen")
                hints: str | tuple = ()
                if recurring:
                    hints_file = hints = self._lines_file(os.getpid())
                    with open(hints_file, "wb") as fh:
                        array("q", recurring).tofile(fh)
                del recurring
                meter.total = len(stale) + 9 * len(parse_rels)
                flush()
                # 3. Parse what is new, in worker processes when there is a lot.
                jobs = ((rel, str(self.root / rel), format_for(Path(rel)) or "txt", hints) for rel in parse_rels)
                for rel, result in zip(parse_rels, _imap(ex, _parse_job, jobs, 8, self.workers)):
                    pending.append((result[0], rel, *result[2:]))
                    meter.step(9)
                    if len(pending) >= BATCH:
                        flush()
                pending.extend(later)
                flush()
                del parse_rels
        finally:
            if hints_file is not None:
                os.unlink(hints_file)

        # Files that left, and articles no file points to any more.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for p in gone:
                conn.execute("DELETE FROM files WHERE path = ?", (_db_path(p),))
            orphans = conn.execute(
                "SELECT rowid, id, source_key FROM articles WHERE NOT EXISTS "
                "(SELECT 1 FROM files f WHERE f.article_id = articles.id)").fetchall()
            for rowid, aid, source_key in orphans:
                before_sources.add(source_key)
                self._delete_article(conn, rowid)
            # Articles whose recorded file moved: point them at a file that is there.
            conn.execute(
                "UPDATE articles SET path = (SELECT min(f.path) FROM files f WHERE f.article_id = articles.id) "
                "WHERE path IS NULL OR NOT EXISTS (SELECT 1 FROM files f WHERE f.path = articles.path "
                "AND f.article_id = articles.id)")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

        # Count what happened, by file path.
        edited: list[tuple[str, str]] = []  # (old id, new id) of files whose text changed
        copies: list[tuple[str, str]] = []  # (path, id) of files whose text another file has too
        gone_ids: dict[str, int] = {}
        for p in gone:
            if known[p][2]:
                gone_ids[known[p][2]] = gone_ids.get(known[p][2], 0) + 1
        for p in stale:
            old = known.get(p)
            new_id = new_path_ids.get(p)
            if p in failures:
                summary.failed.append((self._shown(p), failures[p]))
                if old is not None and old[2] is not None:
                    summary.changed += 1
                continue
            if old is not None:
                if old[2] != new_id:
                    summary.changed += 1
                    if old[2] and new_id:
                        edited.append((old[2], new_id))
                else:
                    summary.unchanged += 1
            elif new_id in before_ids:
                if gone_ids.get(new_id, 0) > 0:
                    gone_ids[new_id] -= 1
                    summary.moved += 1
                else:
                    summary.unchanged += 1  # another copy of an article already there
                    copies.append((p, new_id))
            elif p in inserted_rels:
                summary.added += 1
            else:  # a copy of a file that was new in this same update
                copies.append((p, new_id))
        summary.removed = len(gone) - summary.moved
        for p, aid in copies:
            found = conn.execute("SELECT path FROM articles WHERE id = ?", (aid,)).fetchone()
            original = _from_db_path(found[0]) if found and found[0] is not None else None
            if original is not None and original != p:
                summary.copies.append((self._shown(p), self._shown(original)))
        if edited and self.state is not None:
            # an edited file is the same article to its reader: its read mark, star and place follow it
            try:
                self.state.carry_marks(edited)
            except Exception as exc:  # noqa: BLE001 - the index is fine; say what was not carried
                self.warnings.append(f"Read marks and stars of {len(edited):,} edited files could not be "
                                     f"carried to their new text ({exc}); the old marks are kept.")

        self._boilerplate_pass(conn, before_sources | self._sources_of(conn, added_ids), meter)
        if len(added_ids) >= OPTIMIZE_MIN:
            # After a big batch, merge the full-text index into one segment: prefix and
            # common-word queries get 2-3x faster.
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        meter.finish()
        self._writes += 1
        conn.execute("PRAGMA optimize")
        summary.seconds = time.perf_counter() - t0
        return summary

    def _lines_file(self, pid: int) -> str:
        """The file of recurring line hashes an update hands its workers (next to the index)."""
        return str(self.index_path.with_name(f"{self.index_path.name}.lines-{pid}"))

    def _remove_lines_files(self) -> None:
        prefix = f"{self.index_path.name}.lines-"
        try:
            names = [n for n in os.listdir(self.index_path.parent) if n.startswith(prefix)]
        except OSError:
            return
        for name in names:
            try:
                os.unlink(self.index_path.parent / name)
            except OSError:
                pass

    def _shown(self, rel: str) -> str:
        return clean_line(str(self.root / rel))

    def _executor(self, jobs: int):
        """Worker processes for big batches (parsing is CPU-bound), or this process."""
        if self.workers <= 1 or jobs < POOL_MIN:
            return _InProcess()
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context(method))
        except (OSError, RuntimeError, ValueError):
            return _InProcess()

    @staticmethod
    def _count_lines(conn: sqlite3.Connection, rows: list[tuple[int]]) -> None:
        """Add line hashes (one row per file that has the line) to temp.seen; empties rows."""
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO temp.seen VALUES (?)", rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        rows.clear()

    def _recurring_hashes(self, conn: sqlite3.Connection) -> set[int]:
        """Line hashes seen in at least PREHINT_MIN files, counting the new ones (temp.seen) and the indexed ones.

        The source of a file is known only after parsing it, so the first parse is handed
        the lines that recur across the whole library; _boilerplate_pass then checks each
        article against its own source's recurring lines (RECUR_MIN) and re-parses the
        few that differ.  A line in 20 files is nearly always boilerplate of its source
        too (measured on a 100,000-article library: 7% re-parsed, against 50% with 3).
        """
        if conn.execute("SELECT 1 FROM lines LIMIT 1").fetchone() is None:
            found = conn.execute("SELECT h FROM temp.seen GROUP BY h HAVING count(*) >= ?", (PREHINT_MIN,))
        else:
            found = conn.execute(
                "SELECT s.h FROM (SELECT h, count(*) AS n FROM temp.seen GROUP BY h) AS s "
                "WHERE s.n >= ? OR s.n + (SELECT count(*) FROM lines l WHERE l.h = s.h) >= ?",
                (PREHINT_MIN, PREHINT_MIN))
        return {r[0] for r in found}

    def _write_result(self, conn: sqlite3.Connection, result: tuple, scanned: dict[str, tuple[int, int]],
                      existing_ids: set[str], added_ids: set[str], new_path_ids: dict[str, str],
                      failures: dict[str, str], inserted_rels: set[str]) -> None:
        rel = result[1]
        size, mtime = scanned[rel]
        if result[0] == "fail":
            failures[rel] = result[2]
            conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                         "VALUES (?, ?, ?, NULL, ?)", (_db_path(rel), size, mtime, result[2]))
            return
        _, _, aid, prepared = result
        new_path_ids[rel] = aid
        if aid not in existing_ids:
            if prepared is None:  # a copy of a file that could not be read as an article
                failures[rel] = f"{self._shown(rel)}: the same content as a file that could not be read"
                conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                             "VALUES (?, ?, ?, NULL, ?)", (_db_path(rel), size, 0, failures[rel]))
                return
            self._insert_article(conn, prepared, rel)
            existing_ids.add(aid)
            added_ids.add(aid)
            inserted_rels.add(rel)
        conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, article_id, problem) "
                     "VALUES (?, ?, ?, ?, NULL)", (_db_path(rel), size, mtime, aid))

    def _insert_article(self, conn: sqlite3.Connection, p: dict[str, Any], rel: str | None,
                        rowid: int | None = None) -> int:
        published = p["published"]
        source = p["source"]
        values = (p["id"], p["title"], _title_key(p["title"]), source, fold(source) if source else "\uffff",
                  published, published or "", published or "~", p["format"], p["n_captions"], p["hint_sig"])
        if rowid is None:
            cur = conn.execute(
                "INSERT INTO articles(id, title, title_key, source, source_key, published, pub_desc, pub_asc,"
                " format, n_captions, hint_sig, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                values + (_db_path(rel) if rel is not None else None,))
            rowid = cur.lastrowid
        else:
            conn.execute(
                "UPDATE articles SET id=?, title=?, title_key=?, source=?, source_key=?, published=?, pub_desc=?,"
                " pub_asc=?, format=?, n_captions=?, hint_sig=? WHERE rowid=?", values + (rowid,))
            self._delete_article(conn, rowid, keep_row=True)
        conn.execute("INSERT INTO blobs(rowid, record, entities) VALUES (?,?,?)",
                     (rowid, p["record"], p["entities"]))
        conn.execute("INSERT INTO fts(rowid, title, captions, body, source, authors, people, orgs, places, others)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?)", (rowid, *p["fts"]))
        conn.executemany("INSERT INTO ents(name_key, type, aid, count) VALUES (?,?,?,?)",
                         [(k, t, rowid, c) for k, t, c in p["ents"]])
        conn.executemany("INSERT OR IGNORE INTO lines(aid, h, bp) VALUES (?,?,?)",
                         [(rowid, h, bp) for h, bp in p["lines"]])
        return rowid

    def _delete_article(self, conn: sqlite3.Connection, rowid: int, keep_row: bool = False) -> None:
        # The entity rows are keyed by name: their names come from the stored entities.
        stored = conn.execute("SELECT entities FROM blobs WHERE rowid = ?", (rowid,)).fetchone()
        try:
            keys = {(fold(e["name"]), e["type"]) for e in _unpack(stored[0])} if stored else set()
        except (ValueError, TypeError, KeyError, zlib.error):
            keys = None
        if keys is None:
            conn.execute("DELETE FROM ents WHERE aid = ?", (rowid,))  # a full scan: unreadable blob
        else:
            conn.executemany("DELETE FROM ents WHERE name_key = ? AND type = ? AND aid = ?",
                             [(k, t, rowid) for k, t in keys])
        if not keep_row:
            conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM blobs WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM lines WHERE aid = ?", (rowid,))

    def _sources_of(self, conn: sqlite3.Connection, ids: set[str]) -> set[str]:
        out: set[str] = set()
        for aid in ids:
            row = conn.execute("SELECT source_key FROM articles WHERE id = ?", (aid,)).fetchone()
            if row:
                out.add(row[0])
        return out

    def _boilerplate_pass(self, conn: sqlite3.Connection, sources: set[str], meter: "_Progress") -> None:
        """Re-parse articles whose source's recurring lines (boilerplate evidence) changed."""
        from tuireader.parse import format_for

        todo: list[tuple[int, str, tuple[int, ...]]] = []
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS rec(h INTEGER PRIMARY KEY)")
        for source_key in sorted(s for s in sources if s):
            conn.execute("DELETE FROM temp.rec")
            conn.execute(
                "INSERT INTO temp.rec SELECT l.h FROM articles a JOIN lines l ON l.aid = a.rowid "
                "WHERE a.source_key = ? GROUP BY l.h HAVING count(*) >= ?", (source_key, RECUR_MIN))
            # each article with its lines among them, one row at a time (a source may have 100,000)
            for rowid, sig, path, found in conn.execute(
                    "SELECT a.rowid, a.hint_sig, a.path, (SELECT group_concat(l.h) FROM lines l "
                    "JOIN temp.rec r ON r.h = l.h WHERE l.aid = a.rowid) FROM articles a WHERE a.source_key = ?",
                    (source_key,)):
                wanted = tuple(sorted(map(int, found.split(",")))) if found else ()
                if _sig(wanted) != sig and path is not None:
                    todo.append((rowid, _from_db_path(path), wanted))
        conn.execute("DELETE FROM temp.rec")
        if not todo:
            return
        total = len(todo)
        meter.total += 9 * total

        def jobs() -> Iterable[tuple]:
            # Each job carries the stored record: a re-parse that gives it again (the new hints
            # changed nothing) skips entity extraction and only records the hints.  Read as the
            # workers need them, not all at once.
            for rowid, rel, wanted in todo:
                stored = conn.execute("SELECT record FROM blobs WHERE rowid = ?", (rowid,)).fetchone()
                cols = conn.execute("SELECT title, captions, body, source, authors FROM fts WHERE rowid = ?",
                                    (rowid,)).fetchone()
                yield (rel, str(self.root / rel), format_for(Path(rel)) or "txt", wanted,
                       (stored[0], tuple(cols)) if stored and cols else None)

        rowids = {rel: rowid for rowid, rel, _ in todo}
        with self._executor(total) as ex:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for n, result in enumerate(_imap(ex, _parse_job, jobs(), 8, self.workers), 1):
                    if result[0] == "ok":
                        rowid = rowids[result[1]]
                        row = conn.execute("SELECT id FROM articles WHERE rowid = ?", (rowid,)).fetchone()
                        if row is None or row[0] != result[2]:
                            pass  # the file changed: the next update sees it
                        elif result[3].get("same"):
                            conn.execute("UPDATE articles SET hint_sig = ? WHERE rowid = ?",
                                         (result[3]["hint_sig"], rowid))
                        else:
                            self._insert_article(conn, result[3], None, rowid=rowid)
                    meter.step(9)
                    if n % BATCH == 0:
                        conn.execute("COMMIT")
                        conn.execute("BEGIN IMMEDIATE")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- listing ---------------------------------------------------------------------

    def _state_cols(self) -> tuple[str, str]:
        if self.state is None:
            return "0, 0", ""
        return "COALESCE(m.read, 0), COALESCE(m.starred, 0)", "LEFT JOIN st.marks m ON m.id = a.id"

    def _filters(self, unread_only: bool, starred_only: bool) -> str:
        conds = []
        if self.state is not None:
            if unread_only:
                conds.append("COALESCE(m.read, 0) = 0")
            if starred_only:
                conds.append("COALESCE(m.starred, 0) = 1")
        elif starred_only:
            conds.append("0")
        return (" WHERE " + " AND ".join(conds)) if conds else ""

    def _row(self, r: tuple) -> ArticleRow:
        aid, title, source, published, path, read, starred = r[:7]
        return ArticleRow(aid, title, source, published,
                          str(self.root / _from_db_path(path)) if path is not None else None,
                          bool(read), bool(starred))

    def count(self, *, unread_only: bool = False, starred_only: bool = False) -> int:
        conn = self._conn()
        if not unread_only and not starred_only:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        _, join = self._state_cols()
        return conn.execute(f"SELECT count(*) FROM articles a {join}{self._filters(unread_only, starred_only)}"
                            ).fetchone()[0]

    def rows(self, offset: int, limit: int, *, sort: str = "newest", unread_only: bool = False,
             starred_only: bool = False) -> list[ArticleRow]:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        offset, limit = max(0, offset), max(0, limit)
        cols, join = self._state_cols()
        # Near the top, SQL is quickest; deeper pages slice the cached order.
        order = self._order(sort, unread_only, starred_only, build=offset + limit > LIST_SQL_TOP)
        if order is not None:
            ids = order[offset:offset + limit]
            if not ids:
                return []
            found = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for r in self._conn().execute(
                        f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a {join} "
                        f"WHERE a.id IN ({','.join('?' * len(chunk))})", chunk):
                    found[r[0]] = r
            return [self._row(found[i]) for i in ids if i in found]
        index, order_sql = SORTS[sort]
        sql = (f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a INDEXED BY {index} "
               f"{join}{self._filters(unread_only, starred_only)} ORDER BY {order_sql} LIMIT ? OFFSET ?")
        return [self._row(r) for r in self._conn().execute(sql, (limit, offset))]

    def _order(self, sort: str, unread_only: bool, starred_only: bool, build: bool = True) -> list[str] | None:
        """All ids in this order, kept per thread while neither the index nor the reading
        state changes, so that any page of a big library is a slice (OFFSET walks the index:
        25 ms at the end of 100,000 rows).  None for small libraries: SQL is quick there."""
        conn = self._conn()
        cache = getattr(self._local, "orders", None)
        if cache is None:
            cache = self._local.orders = {}
        filtered = self.state is not None and (unread_only or starred_only)
        stamp = (self._generation, self._writes, conn.execute("PRAGMA main.data_version").fetchone()[0],
                 conn.execute("PRAGMA st.data_version").fetchone()[0] if filtered else 0)
        key = (sort, unread_only, starred_only)
        hit = cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        if not build:
            return None
        if conn.execute("SELECT count(*) FROM articles").fetchone()[0] < LIST_CACHE_MIN:
            cache.pop(key, None)
            return None
        index, order_sql = SORTS[sort]
        _, join = self._state_cols()
        ids = [r[0] for r in conn.execute(
            f"SELECT a.id FROM articles a INDEXED BY {index} {join}"
            f"{self._filters(unread_only, starred_only)} ORDER BY {order_sql}")]
        cache[key] = (stamp, ids)
        return ids

    def index_of(self, article_id: str, *, sort: str = "newest", unread_only: bool = False,
                 starred_only: bool = False) -> int | None:
        """Where the article stands in rows() with the same options, or None if not there."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        # A cached order answers at once.  By date, SQL answers in a millisecond, so the order
        # (tens of ms to build at 100,000) is not built for it; by title or source it is quicker.
        order = self._order(sort, unread_only, starred_only, build=sort not in ("newest", "oldest"))
        if order is not None:
            try:
                return order.index(article_id)
            except ValueError:
                return None
        cols, join = self._state_cols()
        conn = self._conn()
        filters = self._filters(unread_only, starred_only)
        me = conn.execute(
            f"SELECT a.pub_desc, a.pub_asc, a.title_key, a.source_key, a.id FROM articles a {join} "
            f"{filters + ' AND' if filters else 'WHERE'} a.id = ?", (article_id,)).fetchone()
        if me is None:
            return None
        values = dict(zip(("pub_desc", "pub_asc", "title_key", "source_key", "id"), me))
        keys = [(part.split()[0].removeprefix("a."), part.endswith("DESC"))
                for part in SORTS[sort][1].split(", ")]
        # rows before this one: lexicographic comparison on the sort keys
        ors, params = [], []
        for i, (col, desc) in enumerate(keys):
            eqs = [f"a.{c} = ?" for c, _ in keys[:i]]
            ors.append("(" + " AND ".join(eqs + [f"a.{col} {'>' if desc else '<'} ?"]) + ")")
            params += [values[c] for c, _ in keys[:i]] + [values[col]]
        where = f"({' OR '.join(ors)})"
        where = f"{filters} AND {where}" if filters else f" WHERE {where}"
        return conn.execute(f"SELECT count(*) FROM articles a {join}{where}", params).fetchone()[0]

    def row(self, article_id: str) -> ArticleRow | None:
        cols, join = self._state_cols()
        r = self._conn().execute(
            f"SELECT a.id, a.title, a.source, a.published, a.path, {cols} FROM articles a {join} WHERE a.id = ?",
            (article_id,)).fetchone()
        return self._row(r) if r else None

    def problems(self) -> list[ArticleRow]:
        """Files that could not be read as articles, with their message in ``problem``."""
        out = []
        for path, problem in self._conn().execute(
                "SELECT path, problem FROM files WHERE problem IS NOT NULL ORDER BY path"):
            rel = _from_db_path(path)
            out.append(ArticleRow(id="", title=clean_line(Path(rel).name), source=None, published=None,
                                  path=str(self.root / rel), problem=problem))
        return out

    # -- one article -------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        # One statement, so the record and its body come from the same moment even while
        # another thread or process rewrites the article.
        r = self._conn().execute(
            "SELECT b.record, a.path, f.body FROM articles a JOIN blobs b ON b.rowid = a.rowid "
            "LEFT JOIN fts f ON f.rowid = a.rowid WHERE a.id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        article = _article_from_record(_unpack(r[0]), r[2] or "")
        if r[1] is not None:
            article.path = clean_line(str(self.root / _from_db_path(r[1])))
        return article

    def entities(self, article_id: str) -> list[Entity]:
        r = self._conn().execute(
            "SELECT b.entities FROM articles a JOIN blobs b ON b.rowid = a.rowid WHERE a.id = ?",
            (article_id,)).fetchone()
        return [Entity.from_json(e) for e in _unpack(r[0])] if r else []

    def mentioning(self, name: str, type: str | None = None, limit: int = 1000,
                   offset: int = 0) -> list[tuple[ArticleRow, int]]:
        """Articles that name this entity (same name, any case or accents), most mentions first."""
        cols, join = self._state_cols()
        type_cond = "AND e.type = ?" if type else ""
        params: list[Any] = [fold(name)] + ([type] if type else []) + [max(0, limit), max(0, offset)]
        sql = (f"SELECT a.id, a.title, a.source, a.published, a.path, {cols}, sum(e.count) AS n "
               f"FROM ents e JOIN articles a ON a.rowid = e.aid {join} "
               f"WHERE e.name_key = ? {type_cond} GROUP BY a.rowid ORDER BY n DESC, a.pub_desc DESC, a.id "
               f"LIMIT ? OFFSET ?")
        return [(self._row(r), r[7]) for r in self._conn().execute(sql, params)]

    def count_mentioning(self, name: str, type: str | None = None) -> int:
        """How many articles name this entity (what mentioning() would list without a limit)."""
        type_cond = "AND type = ?" if type else ""
        params: list[Any] = [fold(name)] + ([type] if type else [])
        return self._conn().execute(f"SELECT count(DISTINCT aid) FROM ents WHERE name_key = ? {type_cond}",
                                    params).fetchone()[0]

    def resolve(self, id_or_path: str) -> Article | None:
        """An article by id (or a unique start of one), or by the path of a file."""
        text = str(id_or_path).strip()
        if not text:
            return None
        found = self.article(text)
        if found is not None:
            return found
        candidate = Path(text).expanduser()
        if candidate.is_file():
            from tuireader.parse import article_id, load_article

            try:
                found = self.article(article_id(candidate.read_bytes()))
            except OSError:
                found = None
            if found is not None:
                found.path = clean_line(str(candidate))
                return found
            return load_article(candidate)
        if len(text) >= 4 and all(c in "0123456789abcdef" for c in text.lower()):
            rows = self._conn().execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                                        (text.lower(), text.lower() + "g")).fetchall()
            if len(rows) == 1:
                return self.article(rows[0][0])
        return None

    # -- search ---------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching the query, best first.  Raises QueryError on a malformed query.

        Words in the title count most (BM25 with field weights); newer articles
        come first among equals.  A query whose words are all limited to one
        column (``title:x``) is ranked by BM25 on that column (see _field_ranked).
        A query matching more than HUGE articles is
        too broad to rank them all quickly: then the articles with the words in
        their title come first (ranked), then the rest, most recently added
        first (score 0).
        """
        from tuireader.query import QueryError, compile_query  # first search: not at start-up

        compiled = compile_query(query, has_state=self.state is not None)
        if compiled is None:
            return []
        limit = max(1, int(limit))
        conn = self._conn()
        try:
            top = self._top(conn, compiled, limit)
            return self._hits(conn, compiled, top)
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "fts5" in text or "MATCH" in text or "syntax" in text:
                raise QueryError(f"cannot search for {query.strip()!r}; try simpler words") from None
            raise

    def _top(self, conn: sqlite3.Connection, q, limit: int) -> list[tuple[int, float, bool]]:
        """(rowid, rank, ranked) of the best matches, best first."""
        _, join = self._state_cols()
        if q.match is None:
            rows = conn.execute(
                f"SELECT a.rowid FROM articles a {join} WHERE {q.where} "
                f"ORDER BY a.pub_desc DESC, a.title_key LIMIT ?", [*q.params, limit]).fetchall()
            return [(r[0], 0.0, False) for r in rows]
        if q.title_match is not None:
            n = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
                             (q.match, HUGE + 1)).fetchone()[0]
            if n > HUGE:
                head = [(r, rank, True) for r, rank in self._ranked(conn, q.title_match, q, limit)]
                if len(head) >= limit:
                    return head
                seen = {r for r, _, _ in head}
                for rowid in self._recent_matches(conn, q, limit + len(seen)):
                    if rowid not in seen:
                        head.append((rowid, 0.0, False))
                return head[:limit]
        if q.field_column in FIELD_RANKED:
            ranked = self._field_ranked(conn, q, limit)
            if ranked is not None:
                return [(r, rank, True) for r, rank in ranked]
        return [(r, rank, True) for r, rank in self._ranked(conn, q.match, q, limit)]

    def _field_ranked(self, conn: sqlite3.Connection, q, limit: int) -> list[tuple[int, float]] | None:
        """BM25 on one column, for a query whose words are all limited to it (``title:x``).

        FTS5's bm25() divides by the length of the whole article (every column), so a
        short title over a long body would rank below a long title over a short body.
        Here the length is the column's own (FTS5's per-column sizes, ``fts_docsize``),
        the average is that column's over the library, and each word or phrase weighs
        by how many articles have it in that column.  Titles are scored counting the
        words in each one; other columns (slow to read for thousands of articles) are
        scored counting each word once, and the best of them again counting repeats.
        None (FTS5's rank is used) when there are more than FIELD_RANK_MAX matches or
        the sizes cannot be read."""
        col = q.field_column
        ci = FTS_COLUMNS.index(col)
        units = _rank_units(q, col)
        if not units:
            return None
        _, join = self._state_cols()
        if q.where is None:
            inner, params = "SELECT rowid FROM fts WHERE fts MATCH ?", [q.match]
        else:
            inner = (f"SELECT a.rowid FROM fts JOIN articles a ON a.rowid = fts.rowid {join} "
                     f"WHERE fts MATCH ? AND ({q.where})")
            params = [q.match, *q.params]
        exact = col == "title"  # the titles are at hand in the articles table
        sql = (f"SELECT d.id, d.sz, a.title, a.pub_desc FROM fts_docsize d JOIN articles a ON a.rowid = d.id "
               f"WHERE d.id IN ({inner} LIMIT ?)" if exact else
               f"SELECT id, sz FROM fts_docsize WHERE id IN ({inner} LIMIT ?)")
        try:
            rows = conn.execute(sql, [*params, FIELD_RANK_MAX + 1]).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts_docsize" in str(exc):
                return None
            raise
        if len(rows) > FIELD_RANK_MAX:
            return None
        if not rows:
            return []
        n_rows, avg = _column_average(conn, ci)
        lengths = _column_sizes([r[1] for r in rows], ci)
        if avg <= 0:
            avg = sum(lengths) / len(lengths) or 1.0
        n_rows = max(n_rows, len(rows))
        if len(units) == 1:
            has = None
            counts = [len(rows)]
        else:  # which articles have which word: each looked up on its own
            has = [{r[0] for r in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (expr,))}
                   for expr, _ in units]
            counts = [len(h) for h in has]
        idf = [max(1e-6, math.log((n_rows - n + 0.5) / (n + 0.5))) for n in counts]
        k1, b, weight = 1.2, 0.75, WEIGHTS[ci]
        cache: dict[tuple, float] = {}

        def neg_score(dl: int, tfs: tuple[int, ...]) -> float:
            key = (dl, tfs)
            value = cache.get(key)
            if value is None:
                if not any(tfs):  # matched in a way the patterns do not see: count one match
                    tfs = (1,) + (0,) * (len(tfs) - 1)
                norm = k1 * (1 - b + b * dl / avg)
                value = cache[key] = -weight * sum(idf[i] * f * (k1 + 1) / (f + norm)
                                                   for i, f in enumerate(tfs) if f)
            return value

        def counted(rowid: int, text: str) -> tuple[int, ...]:  # each word's or phrase's count in text
            return tuple(max(len(p.findall(text)), 1) if (has is None or rowid in has[i]) else 0
                         for i, (_, p) in enumerate(units))

        if exact:
            scored = [(neg_score(dl, counted(r[0], r[2] or "")), r[3], r[0]) for r, dl in zip(rows, lengths)]
        else:
            keep = max(2 * limit, 60)
            ones = tuple(1 for _ in units)
            first = [(neg_score(dl, ones if has is None else tuple(1 if r[0] in h else 0 for h in has)), r[0], dl)
                     for r, dl in zip(rows, lengths)]
            first.sort(key=itemgetter(0))
            if len(first) > keep:  # keep the best, and the newest of those tied with the last kept
                cut = first[keep - 1][0]
                better = [f for f in first if f[0] < cut]
                tied = {f[1]: f for f in first if f[0] == cut}
                newest = conn.execute(
                    "SELECT rowid FROM articles WHERE rowid IN (SELECT value FROM json_each(?)) "
                    "ORDER BY pub_desc DESC, title_key LIMIT ?",
                    (json.dumps(list(tied)), keep - len(better))).fetchall()
                first = better + [tied[r[0]] for r in newest]
            ids = json.dumps([f[1] for f in first])
            dates = dict(conn.execute(
                "SELECT rowid, pub_desc FROM articles WHERE rowid IN (SELECT value FROM json_each(?))", (ids,)))
            texts = dict(conn.execute(
                f"SELECT rowid, {col} FROM fts WHERE rowid IN (SELECT value FROM json_each(?))", (ids,)))
            scored = [(neg_score(dl, counted(rowid, texts.get(rowid) or "")), dates.get(rowid, ""), rowid)
                      for _, rowid, dl in first]
        scored.sort(key=itemgetter(1), reverse=True)  # newest first among equals (the sorts are stable)
        scored.sort(key=itemgetter(0))
        return [(rowid, neg) for neg, _, rowid in scored[:limit]]

    def _recent_matches(self, conn: sqlite3.Connection, q, limit: int) -> list[int]:
        """The most recently added matching articles (no ranking: cheap for any query)."""
        if q.where is None:
            return [r[0] for r in conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?", (q.match, limit))]
        _, join = self._state_cols()
        return [r[0] for r in conn.execute(
            f"SELECT a.rowid FROM fts JOIN articles a ON a.rowid = fts.rowid {join} "
            f"WHERE fts MATCH ? AND ({q.where}) ORDER BY fts.rowid DESC LIMIT ?",
            [q.match, *q.params, limit])]

    def _ranked(self, conn: sqlite3.Connection, match: str, q, limit: int) -> list[tuple[int, float]]:
        _, join = self._state_cols()
        if q.where is None:
            rows = conn.execute("SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
                                (match, limit)).fetchall()
        else:
            rows = conn.execute(
                f"SELECT a.rowid, fts.rank FROM fts JOIN articles a ON a.rowid = fts.rowid {join} "
                f"WHERE fts MATCH ? AND ({q.where}) ORDER BY fts.rank LIMIT ?",
                [match, *q.params, limit]).fetchall()
        return rows

    def _hits(self, conn: sqlite3.Connection, q, top: list[tuple[int, float, bool]]) -> list[SearchHit]:
        cols, join = self._state_cols()
        pattern = _term_pattern(q.terms)
        phrases = [p for p in (_phrase_pattern(t) for t in q.phrases) if p is not None]
        hits = []
        for n, (rowid, rank, ranked) in enumerate(top):
            r = conn.execute(
                f"SELECT a.id, a.title, a.source, a.published, a.path, {cols}, a.pub_desc "
                f"FROM articles a {join} WHERE a.rowid = ?", (rowid,)).fetchone()
            if r is None:
                continue
            snippet, marked = self._snippet(conn, rowid, q.match, pattern, q.scope, phrases)
            seen = {fold(t) for t in marked}
            terms = marked + [t for t in q.terms if fold(t) not in seen]  # as typed, "x*" for starts
            score = -float(rank) if ranked else 0.0
            hits.append(((0 if ranked else 1), rank if ranked else n, _neg_date(r[7]),
                         SearchHit(self._row(r), score, snippet, terms)))
        # Equal scores: newer first (the sort is stable, so rank order stays otherwise).
        hits.sort(key=lambda h: h[:3])
        return [h[3] for h in hits]

    def _snippet(self, conn: sqlite3.Connection, rowid: int, match: str | None,
                 pattern: "re.Pattern[str] | None", scope: Iterable[str] = (),
                 phrases: "Iterable[re.Pattern[str]]" = ()) -> tuple[str, list[str]]:
        """Plain text around the best match: in the body, or in the columns an ``in:`` filter
        named (``in:caption`` shows the caption, even when the word is in the body too).
        A phrase of the query (``phrases``: patterns) is looked for first, then any word."""
        cols = [c for c in scope if c in FTS_COLUMNS] or ["body"]
        row = conn.execute(f"SELECT {', '.join(cols)}, title FROM fts WHERE rowid = ?", (rowid,)).fetchone()
        if not row:
            return "", []
        texts = [t for t in row[:-1] if t]
        for finder in [*phrases, pattern]:
            if finder is None:
                continue
            for text in texts:
                found = _window(text, finder, mark=pattern)
                if found is not None:
                    return found
        if match is not None:
            column = FTS_COLUMNS.index(cols[0]) if len(cols) == 1 else -1
            r = conn.execute(
                f"SELECT snippet(fts, {column}, '{MARK_START}', '{MARK_END}', ' … ', 24) "
                "FROM fts WHERE fts MATCH ? AND rowid = ?", (match, rowid)).fetchone()
            if r and r[0] and MARK_START in r[0]:
                return _snippet_text(r[0])
        text = clean_line(texts[0] if texts else row[-1] or "")
        return ((text[:200].rsplit(" ", 1)[0] + " …") if len(text) > 200 else text), []


_VARIANTS: dict[str, str] = {}


def _variants() -> dict[str, str]:
    """For each ASCII letter, the accented Latin letters that fold to it."""
    if not _VARIANTS:
        for cp in range(0xC0, 0x250):
            ch = chr(cp)
            base = fold(ch)
            if len(base) == 1 and base.isascii() and base.isalpha() and ch.lower() == ch:
                _VARIANTS[base] = _VARIANTS.get(base, "") + ch
    return _VARIANTS


def _word_regex(key: str, prefix: bool) -> str:
    variants = _variants()
    body = "".join(f"[{c}{variants[c]}]" if c in variants else re.escape(c) for c in key)
    return body + r"[^\W_]*" if prefix else body + r"(?![^\W_])"


def _term_pattern(terms: list[str]) -> "re.Pattern[str] | None":
    """A regex finding the query's words in text, ignoring case and accents ("x*": words starting x)."""
    keys = {(fold(t.rstrip("*")), t.endswith("*")) for t in terms if t.rstrip("*")}
    parts = [_word_regex(key, prefix) for key, prefix in sorted(keys, key=lambda k: len(k[0]), reverse=True)]
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _phrase_pattern(phrase: str) -> "re.Pattern[str] | None":
    """A regex finding a phrase ("grain corridor", "grain corr*" for a word start at its end) as
    the index does: its words in this order with only non-word characters between them."""
    prefix = phrase.endswith("*")
    words = [fold(w) for w in phrase.rstrip("*").split()]
    if not words or not all(words):
        return None
    parts = [_word_regex(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts), re.IGNORECASE)


def _rank_units(q, col: str) -> list[tuple[str, "re.Pattern[str]"]]:
    """What a field-limited ranking counts: each phrase, and each word not in a phrase, as
    (FTS5 expression limited to ``col``, regex finding it in text)."""
    units = []
    in_phrases = {fold(w) for t in q.phrases for w in t.rstrip("*").split()}
    texts = list(q.phrases) + [t for t in q.terms if fold(t.rstrip("*")) not in in_phrases]
    for t in texts:
        pattern = _phrase_pattern(t) if " " in t else _term_pattern([t])
        if pattern is not None:
            quoted = '"' + t.rstrip("*").replace('"', '""') + '"'
            units.append((f"{col} : {quoted}" + (" *" if t.endswith("*") else ""), pattern))
    return units


_VARINT = rb"[\x80-\xff]*[\x00-\x7f]"


def _varint_value(raw: bytes) -> int:
    value = 0
    for byte in raw:
        value = (value << 7) | (byte & 0x7F)
    return value


def _column_sizes(blobs: list[bytes], ci: int) -> list[int]:
    """Column ``ci``'s size (in tokens) from each of FTS5's per-article size records: one
    varint per column (SQLite varints; these sizes never need the 9-byte form)."""
    n = len(FTS_COLUMNS)
    one = re.compile(rb"(?:%s){%d}(%s)(?:%s){%d}" % (_VARINT, ci, _VARINT, _VARINT, n - 1 - ci))
    found = one.findall(b"".join(blobs))
    if len(found) != len(blobs):  # a record of another shape: read them one by one
        found = []
        for blob in blobs:
            m = one.match(blob) or re.match(rb"(?:%s){%d}(%s)" % (_VARINT, ci, _VARINT), blob)
            found.append(m.group(1) if m else b"\x00")
    return [raw[0] if len(raw) == 1 else _varint_value(raw) for raw in found]


def _varints(blob: bytes) -> list[int]:
    """SQLite varints, as FTS5 writes them (big-endian, 7 bits a byte, the 9th byte whole)."""
    out, i, n = [], 0, len(blob)
    while i < n:
        value = 0
        for k in range(9):
            if i >= n:
                return out
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def _column_average(conn: sqlite3.Connection, ci: int) -> tuple[int, float]:
    """(articles, average tokens in column ``ci``) from FTS5's own totals (its "averages"
    record); (0, 0.0) when they cannot be read."""
    try:
        r = conn.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    except sqlite3.Error:
        return 0, 0.0
    if not r or not r[0]:
        return 0, 0.0
    values = _varints(bytes(r[0]))
    if len(values) < len(FTS_COLUMNS) + 1 or values[0] <= 0:
        return 0, 0.0
    return values[0], values[1 + ci] / values[0]


def _window(text: str, pattern: "re.Pattern[str]", before: int = 24, width: int = 220,
            mark: "re.Pattern[str] | None" = None) -> tuple[str, list[str]] | None:
    """Plain text around the first match of ``pattern``, and the words in it matching ``mark``
    (by default ``pattern``)."""
    m = pattern.search(text)
    if m is None:
        return None
    start = max(0, m.start() - before)
    if start > 0:
        space = text.find(" ", start, m.start())
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", m.end(), end)
        end = space if space > 0 else end
    piece = clean_line(text[start:end])
    marked: list[str] = []
    for w in (mark or pattern).findall(piece):
        if w not in marked:
            marked.append(w)
    return ("… " if start > 0 else "") + piece + (" …" if end < len(text) else ""), marked


def _neg_date(pub_desc: str) -> tuple:
    # sort key: newer (larger string) first
    return tuple(-ord(c) for c in pub_desc)
