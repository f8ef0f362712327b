"""How an article is kept in the index: its record, compressed, with its body stored once.  No Textual here.

The whole understood :class:`~tuireader.model.Article` is stored in the ``blobs``
table, so showing an article needs no re-parse.  The body is stored once: the
record keeps the lengths of the body blocks and the rest of the text, and the
body itself is read back from the full-text table (see :func:`article_record`).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from tuireader.model import BODY_KINDS, Article, Block, Caption


_BLOCK_FIELDS = Block.__slots__
_CAPTION_FIELDS = Caption.__slots__
_ARTICLE_FIELDS = Article.__slots__


def article_record(article: Article, body: str) -> dict[str, Any]:
    """Article.to_record() without the text the index holds elsewhere; see article_from_record.

    ``body`` is the article's body text as the full-text table stores it (its "body"
    column).  Where that is exactly the body blocks' texts joined (no private-use marks
    were taken out), each body block keeps only its length, and the stretches of
    ``text`` those blocks stand at verbatim are cut out of the stored text: the body
    is stored once, in the full-text table.  Other blocks that stand verbatim in the
    text at their offset keep only their length too.
    """
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


def article_from_record(rec: dict[str, Any], body: str = "") -> Article:
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


def pack(obj: Any) -> bytes:
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"), 6)


def unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
