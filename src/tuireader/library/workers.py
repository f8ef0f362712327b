"""What an update does with each file: read and hash it, parse it into what the index stores.

These run in worker processes when an update has many files (see ``indexing``), and
in this process otherwise; they are loaded only when an update runs.  No Textual here.
"""

from __future__ import annotations

import hashlib
from array import array
from typing import Any, Iterable

from tuireader.clean import clean_line
from tuireader.library.keys import fold
from tuireader.library.records import article_record, pack
from tuireader.library.schema import MARK_END, MARK_START


def _line_hash(line: str) -> int:
    norm = " ".join(line.split()).casefold()
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


def hint_signature(hashes: Iterable[int]) -> int:
    """Which boilerplate hints (their line hashes) an article was parsed with: 0 for none."""
    items = sorted(hashes)
    if not items:
        return 0
    digest = hashlib.blake2b(",".join(map(str, items)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True) or 1


def _index_text(text: str | None) -> str:
    if not text:
        return ""
    return text.replace(MARK_START, "").replace(MARK_END, "")


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
        hint_sig = hint_signature(_line_hash(h) for h in hints)
    article = parse_bytes(data, fmt=fmt, path=shown_path, boilerplate_hints=hints)
    source = article.source or None
    text_cols = (
        _index_text(article.title),
        _index_text("\n".join(c.text + (f" ({c.credit})" if c.credit else "") for c in article.captions)),
        _index_text(article.body_text),
        _index_text(source),
        _index_text("; ".join(article.authors)),
    )
    record = pack(article_record(article, text_cols[2]))
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
        "entities": pack([e.to_json() for e in entities]),
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
    """The file's bytes, or None and the message: only a regular file is read, and at most
    the size limit (a named pipe or a link to /dev/zero must neither block nor fill memory)."""
    from tuireader.parse import ArticleError, read_article_bytes

    shown = clean_line(abspath)
    try:
        return read_article_bytes(abspath, shown), None
    except ArticleError as exc:
        return None, str(exc)
    except FileNotFoundError:
        return None, f"{shown}: the file disappeared while indexing"
    except OSError as exc:
        return None, f"{shown}: cannot read ({exc.strerror or exc})"


def hash_job(job: tuple[str, str]) -> tuple:
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


def forget_recurring() -> None:
    """Drop the recurring lines read by _recurring_set (an update is over)."""
    _RECURRING.clear()


def _recurring_set(path: str) -> frozenset[int]:
    """The line hashes in a file that Indexer._update wrote (8-byte integers), read once per process."""
    found = _RECURRING.get(path)
    if found is None:
        hashes = array("q")
        with open(path, "rb") as fh:
            hashes.frombytes(fh.read())
        _RECURRING.clear()  # one update at a time: an earlier file is gone
        found = _RECURRING[path] = frozenset(hashes)
    return found


def parse_job(job: tuple) -> tuple:
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
        prepared = prepare_article(data, fmt, shown, hints, decoded, same, hint_signature(hint_hashes))
        return ("ok", rel, article_id(data), prepared)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
        if exc.__class__.__name__ == "ArticleError":
            message = str(exc)
        else:
            message = f"{shown}: could not be parsed ({exc.__class__.__name__}: {exc})"
        return ("fail", rel, clean_line(message))
