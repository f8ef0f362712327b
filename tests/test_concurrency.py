"""Two indexers at once, and an indexer killed midway, corrupt nothing (issue 7).

These run the installed command in real processes, as a user (or a cron job and a
user) would.  The libraries are generated here, small articles, so indexing is quick.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tuireader import paths
from tuireader.parse import article_id
from tuireader.reading_state import ReadingState

PLACES = ("Aberdeen", "Callao", "Valparaíso", "Tromsø", "Durban", "Halifax", "Mombasa", "Gdańsk")
WORDS = "harbour council grain vote river ministry port storm ferry quay tide warden budget".split()


def make_library(folder: Path, n: int, seed: int = 3) -> dict[str, bytes]:
    """n short, distinct articles; returns relative name -> content."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i in range(n):
        place = rng.choice(PLACES)
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        text = (f"{place} story number {i} about the {rng.choice(WORDS)}\n"
                f"Coastal Wire\nBy Imke Valdés\n2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                f"Officials in {place} said on Monday that the {body}.\n"
                f"Mayor Ruth Okonjo of {place} called it {rng.choice(WORDS)} news.\n")
        name = f"{i // 500:02d}/article-{i:05d}.txt"
        (folder / name).parent.mkdir(exist_ok=True)
        data = text.encode()
        (folder / name).write_bytes(data)
        out[name] = data
    return out


def tuireader(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "tuireader", *args], capture_output=True, timeout=timeout,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    if check:
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def listed(folder: Path) -> list[dict]:
    return json.loads(tuireader("list", "--json", "--library", str(folder)).stdout)


def fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


RACE = ("Library._update snapshots existing_ids before parsing and inserts without re-checking; a second "
        "process that indexed the same article meanwhile makes INSERT INTO articles fail with "
        "'UNIQUE constraint failed: articles.id' and a traceback (library.py _write_result; see report)")


def test_two_indexers_at_once_corrupt_nothing(tmp_path):
    folder = tmp_path / "articles"
    files = make_library(folder, 600)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "tuireader", "index", "--library", str(folder)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
        assert out.decode().count("\n") == 1
    rows = listed(folder)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(files)
    assert set(ids) == {article_id(data) for data in files.values()}
    assert all(r["title"].endswith(tuple(WORDS)) for r in rows)
    index = paths.index_path_for(folder)
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == len(files)
        assert conn.execute("SELECT count(*) FROM fts").fetchone()[0] == len(files)
    # and a search finds each place's articles once
    hits = json.loads(tuireader("search", "Tromsø", "--json", "--limit", "1000", "--library", str(folder)).stdout)
    expected = sum(b"Troms\xc3\xb8 story" in data for data in files.values())
    assert len(hits) == len({h["id"] for h in hits}) == expected


def _indexed_files(index: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM files WHERE article_id IS NOT NULL").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_kill_9_midway_leaves_a_usable_index_and_the_reading_state(tmp_path):
    folder = tmp_path / "articles"
    files = make_library(folder, 2500, seed=4)
    ids = sorted({article_id(data) for data in files.values()})
    marked = ids[::50]
    state = ReadingState()
    state.set_many_read(marked)
    state.set_starred(ids[1])
    state.close()
    before = fingerprint(folder)

    index = paths.index_path_for(folder)
    proc = subprocess.Popen([sys.executable, "-m", "tuireader", "index", "--library", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and _indexed_files(index) == 0:
        time.sleep(0.05)
    assert proc.poll() is None, "indexing finished before it could be killed: make the library bigger"
    # some articles are in, not all: kill it now, without a chance to clean up
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < _indexed_files(index) < len(files)

    done = tuireader("index", "--library", str(folder))
    assert "added" in done.stdout.decode()
    rows = listed(folder)
    assert len(rows) == len({r["id"] for r in rows}) == len(files)
    read = {r["id"] for r in rows if r["read"]}
    assert read == set(marked)
    assert [r["id"] for r in rows if r["starred"]] == [ids[1]]
    with sqlite3.connect(paths.state_db_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert fingerprint(folder) == before


def test_reading_while_indexing_sees_a_consistent_list(tmp_path):
    """`list` run while an `index` is writing answers (waits or reads the last commit) and never fails."""
    folder = tmp_path / "articles"
    files = make_library(folder, 1200, seed=5)
    indexer = subprocess.Popen([sys.executable, "-m", "tuireader", "index", "--library", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    time.sleep(0.5)
    rows = listed(folder)
    out, err = indexer.communicate(timeout=300)
    assert indexer.returncode == 0, err.decode(errors="replace")[-2000:]
    assert len(rows) == len({r["id"] for r in rows}) == len(files)
