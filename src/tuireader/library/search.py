"""Search: the articles matching a query, ranked, with a snippet of each.  No Textual here.

Queries are compiled by ``tuireader.query`` into an FTS5 match and SQL filters;
this module ranks the matches (BM25 with field weights, scored again so that a
word in the title always adds to the score, a common word keeps some weight and
a huge file does not win by length; or on one column for a query limited to it) and cuts a snippet around the words found.
An index found damaged mid-query is moved aside and IndexDamaged raised (see
``mentions.damage_guard``).  Loaded by the first search, not at start-up.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from operator import itemgetter
from typing import TYPE_CHECKING, Iterable

from tuireader.clean import clean_line
from tuireader.library.keys import fold
from tuireader.library.mentions import damage_guard
from tuireader.library.shelf import is_damage
from tuireader.library.schema import FTS_COLUMNS, MARK_END, MARK_START, WEIGHTS
from tuireader.library.shelf import SearchHit
from tuireader.query import TEXT_COLUMNS, QueryError, compile_query

if TYPE_CHECKING:
    from tuireader.library.shelf import Library

HUGE = 8000  # a query matching more articles than this is ranked in tiers (see search)
RERANK_EXTRA = 25  # FTS5's best limit + this many are scored again (see _rescored)
TITLE_BONUS = 1.0  # the weight of a word found in the title in _rescored, against FTS5's whole-article score
LONG = 20  # an article this many times as long as a typical match is damped in _rescored
FIELD_RANK_MAX = 8000  # a field-limited query with more matches is ranked by FTS5 (see _field_ranked)
# Columns a query limited to one of them is ranked by (the body is most of an article's length,
# so FTS5's own ranking already fits in:body).
FIELD_RANKED = ("title", "captions", "source", "authors", "people", "orgs", "places", "others")


def search(library: Library, query: str, limit: int = 50) -> list[SearchHit]:
    """Articles matching the query, best first.  Raises QueryError on a malformed query, and
    IndexDamaged (having moved the index aside) when the index turns out to be damaged.

    Words in the title count most (BM25 with field weights, then each word found
    in the title adds its own IDF: see _rescored); newer articles
    come first among equals.  A query whose words are all limited to one
    column (``title:x``) is ranked by BM25 on that column (see _field_ranked).
    A query matching more than HUGE articles is
    too broad to rank them all quickly: then the articles with the words in
    their title come first (ranked), then the rest, most recently added
    first (score 0).
    """
    compiled = compile_query(query, has_state=library.state is not None)
    if compiled is None:
        return []
    limit = max(1, int(limit))
    with damage_guard(library):  # a damaged index: moved aside, IndexDamaged raised
        conn = library._conn()
        try:
            top = _top(library, conn, compiled, limit)
            return _hits(library, conn, compiled, top)
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if not is_damage(exc) and ("fts5" in text or "MATCH" in text or "syntax" in text):
                raise QueryError(f"cannot search for {query.strip()!r}; try simpler words") from None
            raise


def _top(library: Library, conn: sqlite3.Connection, q, limit: int) -> list[tuple[int, float, bool]]:
    """(rowid, rank, ranked) of the best matches, best first."""
    _, join = library._state_cols()
    if q.match is None:
        rows = conn.execute(
            f"SELECT a.rowid FROM articles a {join} WHERE {q.where} "
            f"ORDER BY a.pub_desc DESC, a.title_key LIMIT ?", [*q.params, limit]).fetchall()
        return [(r[0], 0.0, False) for r in rows]
    n = None  # how many articles match (counted up to HUGE + 1)
    if q.title_match is not None:
        n = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
                         (q.match, HUGE + 1)).fetchone()[0]
        if n > HUGE:
            head = [(r, rank, True) for r, rank in _ranked(library, conn, q.title_match, q, limit)]
            if len(head) >= limit:
                return head
            seen = {r for r, _, _ in head}
            for rowid in _recent_matches(library, conn, q, limit + len(seen)):
                if rowid not in seen:
                    head.append((rowid, 0.0, False))
            return head[:limit]
    if q.field_column in FIELD_RANKED:
        ranked = _field_ranked(library, conn, q, limit)
        if ranked is not None:
            return [(r, rank, True) for r, rank in ranked]
    ranked = _ranked(library, conn, q.match, q, limit + RERANK_EXTRA)
    return [(r, rank, True) for r, rank in _rescored(conn, q, ranked, limit, n)]


def _idf(n_rows: int, n: int) -> float:
    """How much finding a word in an article tells, when n of the n_rows articles have it:
    BM25's inverse document frequency in the form that stays above 0 for a word in most articles
    (FTS5's own drops to 1e-6 once a word is in half of them, so every score collapses to ~1e-6)."""
    return math.log(1 + (n_rows - n + 0.5) / (n + 0.5))


def _rescored(conn: sqlite3.Connection, q, rows: list[tuple[int, float]], limit: int,
              n_match: int | None) -> list[tuple[int, float]]:
    """FTS5's best matches (rowid, rank), scored again and cut to ``limit``: (rowid, -score).

    Three things FTS5's bm25() does not do well are put right here:

    * its IDF is log((N - n + 0.5) / (n + 0.5)), floored at 1e-6: a word (or a prefix's words)
      in half the articles or more weighs 1e-6, so every score is ~2e-06 and nothing but the
      saturation of the counts orders the results.  The score is rescaled to the IDF of _idf
      (exactly for a query of one word, phrase or prefix; when every word is that common, with
      their average).
    * the title's weight multiplies the title's count inside one saturation with the body's, so
      a body long enough to saturate (a 10 MB file that repeats the word 85,000 times) scores as
      much as a title with the word: each word found in the title adds its own IDF (times BM25's
      saturation of its count there), as words in the title count most.  The title's length is
      not weighed again: among articles with the word in the title, FTS5's order stands.
    * BM25 weighs an article's length only so far (b = 0.75): once the count saturates, a file
      thousands of times the length of an article (the 10 MB file above) still comes first for a
      word it repeats.  An article more than LONG times as long as a typical match has its
      score damped by the fourth root of how much longer it is (LONG times: not damped; 16 times
      longer than that: halved).
    """
    n_rows, _, avg_all = _averages(conn, 0)
    if not rows or n_rows <= 0:
        return rows[:limit]
    units = _title_units(q.title_terms)
    # A query of one word, phrase or prefix (n_match: how many articles match it)?
    in_phrases = {fold(w) for t in q.phrases for w in t.rstrip("*").split()}
    single = n_match is not None and len(units) == 1 and (
        len(q.phrases) + sum(1 for t in q.terms if fold(t.rstrip("*")) not in in_phrases)) == 1
    counted: dict[int, int] = {}

    def count(i: int) -> int:  # how many articles have unit i (a phrase or a prefix: up to HUGE + 1)
        if i not in counted:
            expr = units[i][0]
            if single:
                counted[i] = n_match
            elif expr.endswith("*") or " " in expr.split(" : ", 1)[1]:
                counted[i] = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
                                          (expr, max(HUGE, n_rows // 2) + 1)).fetchone()[0]
            else:  # one word: quick to count
                counted[i] = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0]
        return max(1, min(counted[i], n_rows))

    def fts_idf(n: int) -> float:
        return max(1e-6, math.log((n_rows - n + 0.5) / (n + 0.5)))

    factor = 1.0
    if single:  # exactly FTS5's IDF, replaced
        factor = _idf(n_rows, count(0)) / fts_idf(count(0))
    elif units and max(-float(r[1]) for r in rows) < 1e-4 and all(
            fts_idf(count(i)) == 1e-6 for i in range(len(units))):
        # every word is in half the articles or more (FTS5 weighs each 1e-6): their average IDF
        factor = sum(_idf(n_rows, count(i)) for i in range(len(units))) / len(units) / 1e-6
    # (otherwise the words that common add ~0 to FTS5's score: left out, as BM25 does)
    ids = json.dumps([r[0] for r in rows])
    sql = ("SELECT a.rowid, a.title, a.pub_desc, d.sz FROM articles a LEFT JOIN fts_docsize d ON d.id = a.rowid "
           "WHERE a.rowid IN (SELECT value FROM json_each(?))")
    try:
        found = {r[0]: (r[1], r[2], _varints(bytes(r[3])) if r[3] else None) for r in conn.execute(sql, (ids,))}
    except sqlite3.OperationalError as exc:  # an index without per-article sizes
        if "fts_docsize" not in str(exc):
            raise
        found = {r[0]: (r[1], r[2], None) for r in conn.execute(sql.replace(", d.sz", ", NULL").replace(
            " LEFT JOIN fts_docsize d ON d.id = a.rowid", ""), (ids,))}
    # How long a typical matching article is (tokens): the median of these, or the library's
    # average if that is less (a handful of matches, one of them huge).
    lengths = sorted(sum(v[2]) for v in found.values() if v[2])
    typical = min(lengths[len(lengths) // 2], avg_all) if lengths else avg_all
    k1 = 1.2
    words = _term_pattern(q.terms) if any(u[1] for u in units) else None
    scored = []
    for rowid, rank in rows:
        title, pub_desc, sizes = found.get(rowid, ("", "", None))
        score = -float(rank) * factor
        if sizes and typical > 0 and sum(sizes) > LONG * typical:
            score *= (LONG * typical / sum(sizes)) ** 0.25
        if title and units:
            for i, tf in enumerate(_title_counts(title, units, words)):
                if tf:  # BM25's count saturation, without the length (FTS5 has weighed that)
                    score += TITLE_BONUS * _idf(n_rows, count(i)) * tf * (k1 + 1) / (tf + k1)
        scored.append((-score, pub_desc or "", rowid))
    scored.sort(key=itemgetter(1), reverse=True)  # newest first among equals (the sorts are stable)
    scored.sort(key=itemgetter(0))
    return [(rowid, neg) for neg, _, rowid in scored[:limit]]


def _field_ranked(library: Library, conn: sqlite3.Connection, q, limit: int) -> list[tuple[int, float]] | None:
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
    _, join = library._state_cols()
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
    idf = [_idf(n_rows, n) for n in counts]  # never ~0, however common the word
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


def _recent_matches(library: Library, conn: sqlite3.Connection, q, limit: int) -> list[int]:
    """The most recently added matching articles (no ranking: cheap for any query)."""
    if q.where is None:
        return [r[0] for r in conn.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?", (q.match, limit))]
    _, join = library._state_cols()
    return [r[0] for r in conn.execute(
        f"SELECT a.rowid FROM fts JOIN articles a ON a.rowid = fts.rowid {join} "
        f"WHERE fts MATCH ? AND ({q.where}) ORDER BY fts.rowid DESC LIMIT ?",
        [q.match, *q.params, limit])]


def _ranked(library: Library, conn: sqlite3.Connection, match: str, q, limit: int) -> list[tuple[int, float]]:
    _, join = library._state_cols()
    if q.where is None:
        rows = conn.execute("SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
                            (match, limit)).fetchall()
    else:
        rows = conn.execute(
            f"SELECT a.rowid, fts.rank FROM fts JOIN articles a ON a.rowid = fts.rowid {join} "
            f"WHERE fts MATCH ? AND ({q.where}) ORDER BY fts.rank LIMIT ?",
            [match, *q.params, limit]).fetchall()
    return rows


def _hits(library: Library, conn: sqlite3.Connection, q, top: list[tuple[int, float, bool]]) -> list[SearchHit]:
    cols, join = library._state_cols()
    pattern = _term_pattern(q.terms)
    phrases = [p for p in (_phrase_pattern(t) for t in q.phrases) if p is not None]
    hits = []
    for n, (rowid, rank, ranked) in enumerate(top):
        r = conn.execute(
            f"SELECT a.id, a.title, a.source, a.published, a.path, {cols}, a.pub_desc "
            f"FROM articles a {join} WHERE a.rowid = ?", (rowid,)).fetchone()
        if r is None:
            continue
        snippet, marked = _snippet(conn, rowid, q.match, pattern, q.scope, phrases)
        seen = {fold(t) for t in marked}
        terms = marked + [t for t in q.terms if fold(t) not in seen]  # as typed, "x*" for starts
        score = -float(rank) if ranked else 0.0
        hits.append(((0 if ranked else 1), rank if ranked else n, _neg_date(r[7]),
                     SearchHit(library._row(r), score, snippet, terms)))
    # Equal scores: newer first (the sort is stable, so rank order stays otherwise).
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits]


def _snippet(conn: sqlite3.Connection, rowid: int, match: str | None,
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


def _title_units(terms: list[str]) -> list[tuple[str, str, "re.Pattern[str] | None"]]:
    """The words and phrases of CompiledQuery.title_terms as (FTS5 expression in the text
    columns, folded key: "harbour", "elect*", or "" for a phrase, regex finding a phrase)."""
    units = []
    for t in terms:
        phrase = " " in t
        pattern = _phrase_pattern(t) if phrase else None  # the one _hits compiles too (re's cache)
        if phrase and pattern is None or not t.rstrip("*"):
            continue
        quoted = '"' + t.rstrip("*").replace('"', '""') + '"'
        units.append((f"{{{' '.join(TEXT_COLUMNS)}}} : {quoted}" + (" *" if t.endswith("*") else ""),
                      "" if phrase else fold(t.rstrip("*")) + ("*" if t.endswith("*") else ""), pattern))
    return units


def _title_counts(title: str, units: list, words: "re.Pattern[str] | None") -> list[int]:
    """How many times each unit is in the title.  ``words`` finds every word of the query (the
    pattern _hits uses for snippets: compiled once); each word found is counted for the units
    it is (a word) or starts (a prefix)."""
    counts = [0] * len(units)
    if words is not None:
        for found in words.findall(title):
            key = fold(found)
            for i, (_, unit, _) in enumerate(units):
                if unit and (key == unit or (unit.endswith("*") and key.startswith(unit[:-1]))):
                    counts[i] += 1
    for i, (_, unit, pattern) in enumerate(units):
        if not unit and pattern is not None:
            counts[i] = len(pattern.findall(title))
    return counts


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
    return _averages(conn, ci)[:2]


def _averages(conn: sqlite3.Connection, ci: int) -> tuple[int, float, float]:
    """(articles, average tokens in column ``ci``, average tokens in an article) from FTS5's
    own totals (its "averages" record); (0, 0.0, 0.0) when they cannot be read."""
    try:
        r = conn.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    except sqlite3.Error:
        return 0, 0.0, 0.0
    if not r or not r[0]:
        return 0, 0.0, 0.0
    values = _varints(bytes(r[0]))
    if len(values) < len(FTS_COLUMNS) + 1 or values[0] <= 0:
        return 0, 0.0, 0.0
    return values[0], values[1 + ci] / values[0], sum(values[1:1 + len(FTS_COLUMNS)]) / values[0]


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
