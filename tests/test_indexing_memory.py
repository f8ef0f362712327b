"""Indexing a big library keeps its memory bounded and its decisions unchanged.

The lines of every new file are counted to find the ones that recur across the
library (boilerplate evidence for the parser).  A big library has millions of
distinct lines: they are counted in SQLite, not in Python, and the worker
processes get the recurring ones from a file rather than one list per job.
"""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

import pytest

import tuireader.entities as entities_mod
import tuireader.parse as parse_mod
from tuireader.library import indexing as indexing_mod
from tuireader.library import Library
from tuireader.model import Article, Block

# -- a stand-in parser: a title line, then paragraphs; lines given as hints are boilerplate


def plain_parse_bytes(data: bytes, *, fmt: str = "txt", path: str | None = None, boilerplate_hints=()):
    text = data.decode("utf-8")
    hints = set(boilerplate_hints)
    lines = text.split("\n")
    art = Article(id=parse_mod.article_id(data), text=text, format=fmt, path=path, title=lines[0])
    pos = len(lines[0]) + 1
    for line in lines[1:]:
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        if line.strip() in hints:
            art.boilerplate.append(line.strip())
        else:
            art.blocks.append(Block("paragraph", line.strip(), start))
    return art


@pytest.fixture
def plain_parser(monkeypatch):
    first_hints: dict[str, set[str]] = {}  # path -> the hints of its first parse

    def parse(data, **kw):
        first_hints.setdefault(kw.get("path"), set(kw.get("boilerplate_hints") or ()))
        return plain_parse_bytes(data, **kw)

    monkeypatch.setattr(parse_mod, "parse_bytes", parse)
    monkeypatch.setattr(entities_mod, "extract_entities", lambda article: [])
    return first_hints


APPEAL = "Keep the Tidewater Ledger free: give what you can."
FOOTER = "All rights reserved by the Tidewater Ledger Cooperative."


def write_story(folder: Path, n: int, unique_lines: int = 3) -> Path:
    body = [f"Story number {n} about the tide mill."] + [f"Mill note {n}.{k}" for k in range(unique_lines)]
    path = folder / f"{n:05d}.txt"
    path.write_text(f"Tide mill report {n}\n" + "\n".join(body + [APPEAL, FOOTER]) + "\n", encoding="utf-8")
    return path


def lines_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if ".lines-" in p.name}


def test_counting_many_distinct_lines_stays_small_in_memory(tmp_path, plain_parser, monkeypatch):
    # 300 files with 150 lines that no other file has: 45,000 distinct lines.  Counted in a
    # Python dict they take about 5 MB (hundreds of MB at 100,000 articles); in SQLite, next to nothing.
    # Python's memory is traced from the start of the update until the recurring lines are
    # known (the end of the counting; tracing the parsing too would only make the test slow).
    folder = tmp_path / "lib"
    folder.mkdir()
    for n in range(300):
        write_story(folder, n, unique_lines=150)
    lib = Library(folder, index_path=tmp_path / "index.sqlite3", workers=1)
    peaks: list[int] = []
    counted = indexing_mod.Indexer._recurring_hashes

    def recurring_hashes(self, *args):
        found = counted(self, *args)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        return found

    monkeypatch.setattr(indexing_mod.Indexer, "_recurring_hashes", recurring_hashes)
    tracemalloc.start()
    try:
        summary = lib.update()
    finally:
        tracemalloc.stop()
    assert summary.added == 300 and len(peaks) == 1
    assert all(hints == {APPEAL, FOOTER} for hints in plain_parser.values())  # in the first parse
    assert peaks[0] < 3 * 1024 * 1024, f"counting the lines took {peaks[0] / 1e6:.1f} MB of Python memory"
    # and the decisions are the ones expected: the two shared lines are boilerplate everywhere
    art = lib.article(lib.rows(0, 1)[0].id)
    assert set(art.boilerplate) == {APPEAL, FOOTER}
    assert APPEAL not in art.body_text and "tide mill" in art.body_text
    lib.close()


def test_recurring_lines_reach_the_first_parse_counting_indexed_articles(tmp_path, plain_parser):
    # 15 files share two lines: fewer than PREHINT_MIN, so the first parse gets no hints and
    # the per-source pass finds them.  Ten more later: 25 with the indexed ones, so the new
    # files get the lines as hints in their first parse already.
    folder = tmp_path / "lib"
    folder.mkdir()
    for n in range(15):
        write_story(folder, n)
    lib = Library(folder, index_path=tmp_path / "index.sqlite3", workers=1)
    lib.update()
    assert indexing_mod.PREHINT_MIN > 15
    plain_parser.clear()
    later = [write_story(folder, n) for n in range(15, 25)]
    assert lib.update().added == 10
    for path in later:
        assert plain_parser[str(path)] == {APPEAL, FOOTER}
    for row in lib.rows(0, 100):
        assert set(lib.article(row.id).boilerplate) == {APPEAL, FOOTER}
    lib.close()


def _stored(index: Path) -> list[tuple]:
    conn = sqlite3.connect(index)
    try:
        return conn.execute(
            "SELECT a.id, a.title, a.hint_sig, b.record, f.body FROM articles a JOIN blobs b ON b.rowid = a.rowid "
            "JOIN fts f ON f.rowid = a.rowid ORDER BY a.id").fetchall()
    finally:
        conn.close()


def test_worker_processes_index_what_one_process_indexes(tmp_path, monkeypatch):
    # The real parser, in worker processes, with lines recurring in more than PREHINT_MIN
    # files (so the workers read them from the shared file): the same index as in one process.
    monkeypatch.setattr(indexing_mod, "POOL_MIN", 2)
    folder = tmp_path / "lib"
    folder.mkdir()
    sites = [("The Quayside Gazette", "Stories from the docks"), ("Lantern Weekly", "Light on the valley")]
    for n in range(44):
        site, tagline = sites[n % 2]
        (folder / f"{n:03d}.txt").write_text(
            f"{site} – {tagline}\n"
            f"Crane crews and ferry pilots vote on contract {n}\n"
            f"By Mónica Ibarra – Jan {n % 28 + 1}, 2024\n"
            f"Crane operators at terminal {n} voted on a new contract on Thursday, the union said, "
            f"after weeks of talks about shifts and overtime pay for crew {n}.\n"
            f"The port authority said loading at berth {n} would continue while the ballots are counted.\n"
            f"Share this story with a friend\n"
            f"Support independent reporting: become a member today.\n"
            f"© 2024 {site}. All rights reserved.\n",
            encoding="utf-8")
    solo = Library(folder, index_path=tmp_path / "solo.sqlite3", workers=1)
    pool = Library(folder, index_path=tmp_path / "pool.sqlite3", workers=2)
    try:
        assert solo.update().added == 44
        progress: list[tuple[int, int]] = []
        assert pool.update(progress=lambda done, total: progress.append((done, total))).added == 44
        # the workers had the shared lines as hints in the first parse: no article was parsed twice
        # (a second parse would add 9 units of work per article)
        assert progress[-1] == (10 * 44, 10 * 44)
        assert _stored(tmp_path / "pool.sqlite3") == _stored(tmp_path / "solo.sqlite3")
        art = pool.article(pool.rows(0, 1)[0].id)
        assert "Support independent reporting: become a member today." in art.boilerplate
    finally:
        solo.close()
        pool.close()
    assert not lines_files(tmp_path)  # the file of recurring lines is gone
