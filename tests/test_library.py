"""The library index: incremental updates, listing, articles, entities, search.

Most tests use a small stand-in parser (a "Key: value" header, then paragraphs)
so that they check the index and not the parser, which has its own tests; a
few run the real parser end to end.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

import tuireader.entities as entities_mod
import tuireader.parse as parse_mod
from tuireader.library import indexing as indexing_mod
from tuireader.library import search as search_mod
from tuireader.library import shelf as shelf_mod
from tuireader.library import ArticleRow, Library, SearchHit, UpdateSummary
from tuireader.model import Article, Block, Caption, Entity, Mention
from tuireader.query import QueryError
from tuireader.reading_state import ReadingState

# -- a stand-in parser ---------------------------------------------------------------


def fake_parse_bytes(data: bytes, *, fmt: str = "txt", path: str | None = None, boilerplate_hints=()):
    text = data.decode("utf-8")
    if "BROKEN" in text:
        raise parse_mod.ArticleError(f"{path}: this file is broken on purpose")
    hints = set(boilerplate_hints)
    art = Article(id=parse_mod.article_id(data), text=text, format=fmt, path=path)
    pos = 0
    in_header = True
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if in_header:
            if not line.strip():
                in_header = False
                continue
            key, _, value = line.partition(": ")
            if key == "Title":
                art.title, art.title_start = value, start + len(key) + 2
            elif key == "Source":
                art.source = value
            elif key == "Date":
                art.published = value
            elif key == "Author":
                art.authors.append(value)
            elif key == "Caption":
                art.captions.append(Caption(value, None, start + len(key) + 2))
            continue
        if not line.strip():
            continue
        if line.strip() in hints:
            art.boilerplate.append(line.strip())
        else:
            art.blocks.append(Block("paragraph", line.strip(), start))
    return art


PEOPLE = ["Ana López", "Tomas Brennan", "Rita Okafor"]
PLACES = ["Marrow", "Port Ellis"]


def fake_extract_entities(article: Article) -> list[Entity]:
    found = []
    for names, kind in ((PEOPLE, "person"), (PLACES, "place")):
        for name in names:
            mentions = []
            at = article.text.find(name)
            while at >= 0:
                mentions.append(Mention(name, at, at + len(name), "body"))
                at = article.text.find(name, at + 1)
            if mentions:
                found.append(Entity(name, kind, mentions))
    found.sort(key=lambda e: -e.count)
    return found


@pytest.fixture
def fake_parser(monkeypatch):
    monkeypatch.setattr(parse_mod, "parse_bytes", fake_parse_bytes)
    monkeypatch.setattr(entities_mod, "extract_entities", fake_extract_entities)


def write(folder: Path, name: str, *, title: str, body: str, source: str = "Harbour Dispatch",
          date: str | None = None, author: str | None = None, caption: str | None = None,
          extra: list[str] = ()) -> Path:
    head = [f"Title: {title}", f"Source: {source}"]
    if date:
        head.append(f"Date: {date}")
    if author:
        head.append(f"Author: {author}")
    if caption:
        head.append(f"Caption: {caption}")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(head) + "\n\n" + body + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def lib_dir(tmp_path) -> Path:
    d = tmp_path / "lib"
    d.mkdir()
    return d


@pytest.fixture
def state(tmp_path):
    st = ReadingState(tmp_path / "data" / "state.sqlite3")
    yield st
    st.close()


def open_lib(folder: Path, state=None) -> Library:
    return Library(folder, state=state, workers=1)


def titles(hits) -> list[str]:
    return [h.row.title for h in hits]


@pytest.fixture
def news(lib_dir, fake_parser, state):
    """A small library of five articles from two sources."""
    write(lib_dir, "a.txt", title="Lighthouse keepers strike over pay", date="2024-02-28",
          author="José Múñoz", caption="Keepers march in Port Ellis",
          body="The keepers of the old lighthouse stopped work on Monday.\n"
               "Ana López, who leads the union, said talks had failed in Port Ellis.")
    write(lib_dir, "b.txt", title="Ferry timetable changes", date="2024-03-02",
          body="The harbour office moved the evening ferry; a lighthouse tour is also cancelled.\n"
               "Passengers to Marrow will wait longer. Marrow residents complained.")
    write(lib_dir, "sub/c.txt", title="Drought worries farmers", date="2023-11-15", source="Valley Courier",
          body="Reservoirs near Marrow are at their lowest in a decade, say farmers.\n"
               "Rita Okafor, a grower, expects a poor harvest of quinces.")
    write(lib_dir, "sub/d.txt", title="Council approves new bridge", date="2024-02-03", source="Valley Courier",
          author="Rita Okafor",
          body="The regional council voted for a new bridge between the two villages.\n"
               "Opponents called the electoral promise of a bridge an expensive idea.")
    write(lib_dir, "e.txt", title="Fishermen report record catch", source="Harbour Dispatch",
          body="An unusually warm current brought sardines to the bay, fishermen said.\n"
               "Tomas Brennan counted twice the usual haul.")
    lib = open_lib(lib_dir, state)
    summary = lib.update()
    assert summary.added == 5
    yield lib
    lib.close()


# -- update -----------------------------------------------------------------------


def test_update_is_incremental_add_change_delete(news, lib_dir):
    again = news.update()
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)

    write(lib_dir, "f.txt", title="Orchard festival returns", date="2024-04-01", body="Apples and cider.")
    old_b = news.search("ferry")[0].row.id
    (lib_dir / "b.txt").write_text((lib_dir / "b.txt").read_text() + "The ferry company apologised.\n")
    os.utime(lib_dir / "b.txt", ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    (lib_dir / "e.txt").unlink()
    s = news.update()
    assert (s.added, s.changed, s.removed, s.unchanged) == (1, 1, 1, 3)
    assert news.count() == 5
    assert news.search("sardines") == []
    assert titles(news.search("cider")) == ["Orchard festival returns"]
    new_b = news.search("apologised")[0].row.id
    assert new_b != old_b and news.article(old_b) is None
    assert "apologised" in news.article(new_b).body_text
    assert "Updated" not in s.line() and "1 added" in s.line()


def test_article_count_stays_true_through_adds_removals_and_copies(news, lib_dir):
    """The sidebar's "N articles" is kept in the index, not counted each start: it must follow
    every change, including copies (two files, one article) and an index from before the kept count."""
    def true_count() -> int:
        return news._conn().execute("SELECT count(*) FROM articles").fetchone()[0]

    write(lib_dir, "g.txt", title="Harbour wall repaired", date="2024-05-01", body="Masons finished the wall.")
    write(lib_dir, "g-copy.txt", title="Harbour wall repaired", date="2024-05-01", body="Masons finished the wall.")
    (lib_dir / "a.txt").unlink()
    news.update()
    assert news.count() == true_count() == 5

    # an index made before the count was kept: counted until its next update, kept after
    conn = news._conn()
    with conn:
        conn.execute("DELETE FROM meta WHERE key = 'articles'")
        conn.execute("DROP TRIGGER articles_counted_in")
        conn.execute("DROP TRIGGER articles_counted_out")
    (lib_dir / "b.txt").unlink()
    news.update()
    assert news.count() == true_count() == 4
    assert conn.execute("SELECT value FROM meta WHERE key = 'articles'").fetchone() == ("4",)
    write(lib_dir, "h.txt", title="Night market opens", date="2024-05-02", body="Stalls sold lanterns.")
    news.update()
    assert news.count() == true_count() == 5
    assert news.count(unread_only=True) == 5


def test_moved_file_keeps_its_id_and_reading_state(news, lib_dir, state):
    aid = news.search("sardines")[0].row.id
    state.set_read(aid, True)
    state.toggle_star(aid)
    (lib_dir / "archive").mkdir()
    (lib_dir / "e.txt").rename(lib_dir / "archive" / "renamed.txt")
    s = news.update()
    assert s.moved == 1 and s.added == 0 and s.removed == 0
    row = news.search("sardines")[0].row
    assert row.id == aid and row.read and row.starred
    assert row.path.endswith("archive/renamed.txt")
    assert news.article(aid).path.endswith("renamed.txt")


def test_files_that_fail_are_reported_and_the_rest_indexed(lib_dir, fake_parser):
    write(lib_dir, "good.txt", title="Good one", body="Perfectly readable words.")
    (lib_dir / "bad.txt").write_text("BROKEN file\n")
    (lib_dir / "notes.pdf").write_bytes(b"%PDF")  # not an article format: ignored
    (lib_dir / ".hidden").mkdir()
    write(lib_dir / ".hidden", "secret.txt", title="Hidden", body="Never indexed.")
    lib = open_lib(lib_dir)
    s = lib.update()
    assert s.added == 1
    assert [p for p, _ in s.failed] == [str(lib_dir.resolve() / "bad.txt")]
    assert "broken on purpose" in s.failed[0][1]
    assert "could not be read" in s.line()
    assert [r.problem is not None for r in lib.problems()] == [True]
    assert lib.count() == 1 and lib.search("never") == []
    # still reported on the next update, without a re-parse
    assert len(lib.update().failed) == 1
    # fixed: indexed
    write(lib_dir, "bad.txt", title="Fixed now", body="Readable at last.")
    s = lib.update()
    assert s.failed == [] and lib.count() == 2
    lib.close()


def test_symlink_loop_is_not_followed_forever(lib_dir, fake_parser):
    write(lib_dir, "one.txt", title="One", body="Only article here.")
    (lib_dir / "loop").symlink_to(lib_dir, target_is_directory=True)
    lib = open_lib(lib_dir)
    s = lib.update()
    assert lib.count() == 1 and not s.failed
    lib.close()


def test_progress_is_reported(lib_dir, fake_parser):
    for i in range(5):
        write(lib_dir, f"{i}.txt", title=f"Story {i}", body=f"Body number {i}.")
    seen = []
    lib = open_lib(lib_dir)
    lib.update(progress=lambda done, total: seen.append((done, total)))
    done, total = seen[-1]
    assert done == total > 0  # finished, whatever the units
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    lib.close()


def test_corrupt_index_is_moved_aside_and_rebuilt(lib_dir, fake_parser, tmp_path):
    write(lib_dir, "one.txt", title="One", body="Solitary words.")
    index = tmp_path / "idx.sqlite3"
    index.write_bytes(b"this is not a database at all" * 100)
    lib = Library(lib_dir, index_path=index, workers=1)
    assert lib.warnings and "rebuilt" in lib.warnings[0]
    assert list(tmp_path.glob("idx.sqlite3.bad-*"))
    lib.update()
    assert titles(lib.search("solitary")) == ["One"]
    lib.close()
    # an index of another format version is rebuilt too
    conn = sqlite3.connect(index)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    lib = Library(lib_dir, index_path=index, workers=1)
    assert lib.count() == 0
    lib.update()
    assert lib.count() == 1
    lib.close()


def test_rebuild_reparses_everything(news):
    s = news.update(rebuild=True)
    assert s.added == 5 and news.count() == 5


def test_recurring_lines_are_passed_as_boilerplate_hints(lib_dir, fake_parser):
    appeal = "Support our newsroom with a gift today."
    for i in range(3):
        write(lib_dir, f"{i}.txt", title=f"Story {i}", source="The Kestrel",
              body=f"Paragraph about topic {i} and the tidewater.", extra=[appeal])
    write(lib_dir, "other.txt", title="Elsewhere", source="Other Site", body="Nothing shared.", extra=[appeal])
    lib = open_lib(lib_dir)
    lib.update()
    kestrel = [h.row.id for h in lib.search("tidewater")]
    assert len(kestrel) == 3
    for aid in kestrel:
        art = lib.article(aid)
        assert appeal in art.boilerplate and appeal not in art.body_text
    # the other source has the line only once: not boilerplate there
    other = lib.search("elsewhere")[0].row.id
    assert appeal in lib.article(other).body_text
    assert titles(lib.search("newsroom")) == ["Elsewhere"]
    # a fourth Kestrel article arriving later gets the hint too
    write(lib_dir, "3.txt", title="Story 3", source="The Kestrel", body="Late tidewater news.", extra=[appeal])
    lib.update()
    late = lib.search('"late tidewater"')[0].row.id
    assert appeal in lib.article(late).boilerplate
    lib.close()


def test_reparse_for_boilerplate_that_changes_nothing_keeps_everything(lib_dir, fake_parser, monkeypatch):
    # Three articles of one source share their "Source:" line, so the boilerplate pass parses
    # them again with that line as a hint; the fake parser reads it as a header either way.
    extracted: list[str] = []
    parsed: list[str] = []

    def counting_extract(article):
        extracted.append(article.id)
        return fake_extract_entities(article)

    def counting_parse(data, **kw):
        parsed.append(kw.get("path"))
        return fake_parse_bytes(data, **kw)

    monkeypatch.setattr(entities_mod, "extract_entities", counting_extract)
    monkeypatch.setattr(parse_mod, "parse_bytes", counting_parse)
    for i in range(3):
        write(lib_dir, f"{i}.txt", title=f"Story {i}", source="The Kestrel",
              body=f"Ana López spoke about tidewater topic {i}.")
    lib = open_lib(lib_dir)
    assert lib.update().added == 3
    assert len(parsed) == 6  # parsed, then parsed again with the recurring line as a hint
    assert len(extracted) == 3  # the same article again: its entities were kept
    assert sorted(r.title for r, n in lib.mentioning("ana lopez")) == ["Story 0", "Story 1", "Story 2"]
    assert len(lib.search("tidewater")) == 3
    art = lib.article(lib.search('"topic 1"')[0].row.id)
    assert art.body_text == "Ana López spoke about tidewater topic 1."
    assert art.text[art.blocks[0].start:].startswith(art.blocks[0].text)
    # and the hint was recorded: the next update parses nothing
    parsed.clear()
    summary = lib.update()
    assert summary.unchanged == 3 and parsed == []
    lib.close()


def odd_parse_bytes(data: bytes, *, fmt: str = "txt", path: str | None = None, boilerplate_hints=()):
    """Blocks of every awkward kind: moved, overlapping, rewritten, empty, related, marked."""
    text = data.decode("utf-8")
    art = Article(id=parse_mod.article_id(data), text=text, format=fmt, path=path, title="Odd blocks",
                  title_start=text.find("Odd blocks"), source="Odd Site")
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    art.captions.append(Caption(lines[1], "Photo: Mo", starts[1]))
    art.blocks = [
        Block("paragraph", lines[3], starts[3]),
        Block("paragraph", lines[5], starts[5]),  # a later line first...
        Block("quote", lines[4], starts[4]),  # ...then an earlier one
        Block("paragraph", lines[5][:10], starts[5]),  # overlaps the one before
        Block("heading", "A heading the parser wrote itself", None),
        Block("paragraph", lines[6].upper(), starts[6]),  # not as in the text
        Block("list_item", "", starts[7]),
        Block("related", lines[8], starts[8]),
        Block("paragraph", lines[9], starts[9]),
    ]
    return art


@pytest.mark.parametrize("marked", [False, True])
def test_stored_article_is_the_parsed_one(lib_dir, fake_parser, monkeypatch, marked):
    monkeypatch.setattr(parse_mod, "parse_bytes", odd_parse_bytes)
    mark = "\ue000" if marked else ""
    text = ("Odd blocks\nA caption line\n\nFirst paragraph about the quay.\nA quoted line.\n"
            f"Second paragraph, longer, about the pier{mark}.\nlower case line\n\nRelated: other story\n"
            "Last words — ünïcödé and 😀 too.\n")
    (lib_dir / "odd.txt").write_text(text, encoding="utf-8")
    lib = open_lib(lib_dir)
    lib.update()
    [row] = lib.rows(0, 10)
    stored = lib.article(row.id)
    parsed = odd_parse_bytes(text.encode("utf-8"), path=row.path)
    assert stored.text == text
    assert stored.to_json() == parsed.to_json()
    assert [(b.kind, b.text, b.start) for b in stored.blocks] == [(b.kind, b.text, b.start) for b in parsed.blocks]
    assert stored.captions == parsed.captions
    assert titles(lib.search("pier")) == ["Odd blocks"]
    lib.close()


def test_changed_and_removed_articles_leave_no_entity_rows(news, lib_dir):
    assert {r.title for r, n in news.mentioning("Ana López")} == {"Lighthouse keepers strike over pay"}
    write(lib_dir, "a.txt", title="Lighthouse keepers strike over pay", date="2024-02-28",
          body="The keepers went back to work; Tomas Brennan spoke for them.")
    (lib_dir / "e.txt").unlink()
    news.update()
    assert news.mentioning("Ana López") == []
    assert [r.title for r, n in news.mentioning("tomas brennan")] == ["Lighthouse keepers strike over pay"]
    conn = sqlite3.connect(news.index_path)
    assert conn.execute("SELECT count(*) FROM ents WHERE aid NOT IN (SELECT rowid FROM articles)").fetchone()[0] == 0
    conn.close()


def test_index_of_an_older_format_is_rebuilt(lib_dir, fake_parser, tmp_path, state):
    write(lib_dir, "a.txt", title="Pilots vote", body="The harbour pilots voted on Monday.")
    index = tmp_path / "cache" / "index.sqlite3"
    lib = Library(lib_dir, index_path=index, state=state, workers=1)
    lib.update()
    aid = lib.search("pilots")[0].row.id
    state.set_starred(aid)
    lib.close()
    conn = sqlite3.connect(index)
    conn.execute("PRAGMA user_version = 2")  # the format before records were made compact
    conn.commit()
    conn.close()
    lib = Library(lib_dir, index_path=index, state=state, workers=1)
    assert any("rebuilt" in w for w in lib.warnings)
    assert lib.count() == 0  # an empty index now; the next update fills it
    assert lib.update().added == 1
    assert titles(lib.search("pilots")) == ["Pilots vote"]
    assert [r.title for r in lib.rows(0, 10, starred_only=True)] == ["Pilots vote"]  # reading state kept
    lib.close()


def test_real_parser_end_to_end_with_worker_processes(lib_dir, monkeypatch):
    monkeypatch.setattr(indexing_mod, "POOL_MIN", 2)
    for i in range(4):
        (lib_dir / f"{i}.txt").write_text(
            f"The Quayside Gazette – Stories from the docks\n"
            f"Crane operators vote on contract number {i}\n"
            f"By Mónica Ibarra – Jan {i + 3}, 2024\n"
            f"Crane operators at the container terminal voted on a new contract on Thursday, "
            f"the union said, after weeks of talks about shifts and overtime pay number{i}.\n"
            f"The port authority said loading would continue while the ballots are counted.\n",
            encoding="utf-8")
    lib = Library(lib_dir, workers=2)
    s = lib.update()
    assert s.added == 4 and not s.failed
    hits = lib.search("overtime number2")
    assert len(hits) == 1
    assert hits[0].row.id == parse_mod.article_id((lib_dir / "2.txt").read_bytes())
    assert "overtime" in hits[0].snippet
    art = lib.article(hits[0].row.id)
    assert art is not None and "ballots" in art.text
    lib.close()


# -- listing --------------------------------------------------------------------------


@pytest.fixture(params=["sql", "cached order"])
def listing(request, monkeypatch):
    """Run listing tests both ways: paging in SQL, and slicing the cached order of a big library."""
    if request.param == "cached order":
        monkeypatch.setattr(shelf_mod, "LIST_CACHE_MIN", 0)
        monkeypatch.setattr(shelf_mod, "LIST_SQL_TOP", 0)
    return request.param


def test_rows_sort_and_page(news, listing):
    newest = [r.title for r in news.rows(0, 10)]
    assert newest == ["Ferry timetable changes", "Lighthouse keepers strike over pay",
                      "Council approves new bridge", "Drought worries farmers",
                      "Fishermen report record catch"]  # undated last
    oldest = [r.title for r in news.rows(0, 10, sort="oldest")]
    assert oldest[:4] == list(reversed(newest[:4])) and oldest[-1] == "Fishermen report record catch"
    assert [r.title for r in news.rows(1, 2)] == newest[1:3]
    assert news.rows(10, 5) == []
    by_title = [r.title for r in news.rows(0, 10, sort="title")]
    assert by_title == sorted(by_title, key=str.lower)
    by_source = [r.source for r in news.rows(0, 10, sort="source")]
    assert by_source == ["Harbour Dispatch"] * 3 + ["Valley Courier"] * 2
    for sort in ("newest", "oldest", "title", "source"):
        rows = news.rows(0, 10, sort=sort)
        for n, row in enumerate(rows):
            assert news.index_of(row.id, sort=sort) == n
    assert news.index_of("nope") is None
    with pytest.raises(ValueError):
        news.rows(0, 5, sort="sideways")


def test_rows_json_shape(news):
    row = news.rows(0, 1)[0]
    assert isinstance(row, ArticleRow)
    data = row.to_json()
    assert set(data) == {"id", "title", "source", "published", "path", "read", "starred"}
    assert data["published"] == "2024-03-02" and data["path"].endswith("b.txt")


def test_unread_and_starred_filters(news, state, listing):
    rows = news.rows(0, 10)
    state.set_read(rows[0].id, True)
    state.set_read(rows[1].id, True)
    state.toggle_star(rows[2].id)
    assert news.count() == 5
    assert news.count(unread_only=True) == 3
    assert news.count(starred_only=True) == 1
    unread = news.rows(0, 10, unread_only=True)
    assert [r.id for r in unread] == [r.id for r in rows[2:]]
    assert not any(r.read for r in unread)
    assert news.rows(0, 10)[0].read is True
    starred = news.rows(0, 10, starred_only=True)
    assert [r.id for r in starred] == [rows[2].id] and starred[0].starred
    assert news.index_of(rows[3].id, unread_only=True) == 1
    assert [h.row.id for h in news.search("is:starred")] == [rows[2].id]
    state.set_read(rows[2].id, True)  # the listing follows the state at once
    assert [r.id for r in news.rows(0, 10, unread_only=True)] == [r.id for r in rows[3:]]
    assert news.index_of(rows[3].id, unread_only=True) == 0
    state.set_read(rows[2].id, False)
    assert len(news.search("is:unread")) == 3 and len(news.search("is:read")) == 2
    assert len(news.search("lighthouse is:unread")) == 0  # both lighthouse articles are read


def test_without_reading_state_everything_is_unread(lib_dir, fake_parser):
    write(lib_dir, "a.txt", title="Alone", body="Words.")
    lib = open_lib(lib_dir)
    lib.update()
    assert lib.count(unread_only=True) == 1 and lib.count(starred_only=True) == 0
    assert len(lib.search("is:unread")) == 1 and lib.search("is:starred") == []
    lib.close()


# -- articles and entities --------------------------------------------------------------


def test_article_comes_from_the_index_without_reparsing(news, lib_dir, monkeypatch):
    aid = news.search("sardines")[0].row.id

    def boom(*a, **k):
        raise AssertionError("re-parsed")

    monkeypatch.setattr(parse_mod, "parse_bytes", boom)
    art = news.article(aid)
    assert art.title == "Fishermen report record catch"
    assert art.text[art.title_start:art.title_start + len(art.title)] == art.title
    assert art.blocks[0].text.startswith("An unusually warm current")
    assert news.article("000000000000") is None
    assert news.resolve(aid).id == aid
    assert news.resolve(aid[:6]).id == aid
    assert news.resolve(str(lib_dir / "e.txt")).id == aid
    assert news.resolve("no-such-thing") is None


def test_entities_and_mentioning(news):
    aid = news.search("quinces")[0].row.id
    ents = news.entities(aid)
    assert [(e.name, e.type) for e in ents] == [("Marrow", "place"), ("Rita Okafor", "person")] or \
        {(e.name, e.type) for e in ents} == {("Marrow", "place"), ("Rita Okafor", "person")}
    assert all(isinstance(m, Mention) for e in ents for m in e.mentions)
    marrow = news.mentioning("Marrow", "place")
    assert [r.title for r, _ in marrow][0] == "Ferry timetable changes"  # named twice there
    assert [n for _, n in marrow] == [2, 1]
    assert [r.title for r, _ in news.mentioning("rita okafor", "person")] == ["Council approves new bridge",
                                                                             "Drought worries farmers"]  # tie: newer first
    assert news.mentioning("Marrow", "person") == []
    assert len(news.mentioning("MARROW", None)) == 2


# -- search --------------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(news):
    hits = news.search("lighthouse")
    assert titles(hits) == ["Lighthouse keepers strike over pay", "Ferry timetable changes"]
    assert hits[0].score > hits[1].score


def test_diacritics_and_case_do_not_matter(news):
    assert titles(news.search("jose munoz")) == ["Lighthouse keepers strike over pay"]
    assert titles(news.search("ANA LOPEZ")) == ["Lighthouse keepers strike over pay"]
    hit = news.search("lopez")[0]
    assert "López" in hit.terms and "López" in hit.snippet


def test_phrases_prefixes_or_and_exclusion(news):
    assert titles(news.search('"evening ferry"')) == ["Ferry timetable changes"]
    assert news.search('"ferry evening"') == []
    assert titles(news.search("electo*")) == ["Council approves new bridge"]
    assert set(titles(news.search("sardines OR quinces"))) == {"Fishermen report record catch",
                                                               "Drought worries farmers"}
    assert titles(news.search("marrow -drought")) == ["Ferry timetable changes"]
    assert titles(news.search("marrow NOT drought")) == ["Ferry timetable changes"]
    assert set(titles(news.search("(sardines OR quinces) -harvest"))) == {"Fishermen report record catch"}
    assert len(news.search("-marrow")) == 3


def test_fields(news):
    assert titles(news.search("title:ferry")) == ["Ferry timetable changes"]
    assert set(titles(news.search("source:courier"))) == {"Drought worries farmers", "Council approves new bridge"}
    assert titles(news.search("author:okafor")) == ["Council approves new bridge"]
    assert set(titles(news.search('person:"rita okafor"'))) == {"Drought worries farmers",
                                                                "Council approves new bridge"}
    assert titles(news.search("place:marrow title:ferry")) == ["Ferry timetable changes"]
    assert len(news.search("entity:marrow")) == 2
    assert titles(news.search("in:caption keepers")) == ["Lighthouse keepers strike over pay"]
    assert news.search("in:caption sardines") == []
    assert titles(news.search("in:caption")) == ["Lighthouse keepers strike over pay"]


def test_date_filters(news):
    assert set(titles(news.search("date:2024-02"))) == {"Lighthouse keepers strike over pay",
                                                        "Council approves new bridge"}
    assert titles(news.search("date:2023")) == ["Drought worries farmers"]
    assert titles(news.search("date:2024-03-02")) == ["Ferry timetable changes"]
    assert titles(news.search("after:2024-02")) == ["Ferry timetable changes"]
    assert titles(news.search("before:2024-02-03")) == ["Drought worries farmers"]
    assert titles(news.search("after:2024-01-31 before:2024-03")) == ["Lighthouse keepers strike over pay",
                                                                      "Council approves new bridge"]
    assert titles(news.search("bridge OR date:2023")) == ["Council approves new bridge", "Drought worries farmers"] \
        or set(titles(news.search("bridge OR date:2023"))) == {"Council approves new bridge", "Drought worries farmers"}


NASTY = ['"', "(", ")", "AND", "-", "*", "NEAR(", "title:", '"unclosed', "a OR", "^", ":", "OR", "NOT",
         "((", "))", "-(", "a*", 'title:"', "title:(", "date:", "date:2024-13", "after:soon", "is:maybe",
         "in:footer", "{title}: x", "x:y", "NEAR(a b, 3)", "\x00", "\\", "'", "''", "🙂", "a" * 3000,
         "lighthouse AND", "AND lighthouse", "- lighthouse", "lighthouse -", '"lighthouse', "lighthouse)",
         "ligh\u0301thouse", "title:(ferry", "*lighthouse", "light*house", "^lighthouse", "col:lighthouse",
         "rank:1", "bm25(", "MATCH", "SELECT * FROM fts", "'; DROP TABLE articles; --"]


@pytest.mark.parametrize("query", NASTY)
def test_malformed_queries_raise_only_query_error(news, query):
    try:
        hits = news.search(query)
    except QueryError as exc:
        message = str(exc)
        assert message and "fts5" not in message.lower() and "\n" not in message
        return
    assert isinstance(hits, list) and all(isinstance(h, SearchHit) for h in hits)
    assert news.count() == 5  # nothing dropped


def test_unclosed_quote_reads_to_the_end(news):
    assert titles(news.search('"evening ferry')) == ["Ferry timetable changes"]


def test_blank_query_gives_nothing(news):
    assert news.search("") == [] and news.search("   ") == []


def test_snippets_are_plain_text_with_terms(news, lib_dir):
    write(lib_dir, "x.txt", title="Control characters", body="A bell \x07 and an escape \x1b[31m in the lantern text.")
    news.update()
    for query in ("lighthouse", "lantern", "marrow", "title:ferry", "date:2024"):
        for hit in news.search(query):
            assert hit.snippet
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in hit.snippet), hit.snippet
            assert "\ue000" not in hit.snippet and "\ue001" not in hit.snippet
            data = hit.to_json()
            assert set(data) >= {"id", "title", "source", "published", "path", "score", "snippet"}
    hit = news.search("sardines")[0]
    assert "sardines" in hit.snippet and "sardines" in hit.terms
    prefix = news.search("sardi*")[0]
    assert "sardines" in prefix.terms and "sardi*" in prefix.terms


def test_newer_first_among_equal_scores(lib_dir, fake_parser):
    for n, (name, date) in enumerate((("old.txt", "2020-01-01"), ("new.txt", "2024-01-01"),
                                      ("mid.txt", "2022-01-01"))):
        # the same words, the same length: equal scores (and lines that differ, so that
        # they are not boilerplate recurring across the source)
        write(lib_dir, name, title="Same title", date=date, body=f"Equal body about the tidewater, copy {n}.")
    lib = open_lib(lib_dir)
    lib.update()
    assert [h.row.published for h in lib.search("tidewater")] == ["2024-01-01", "2022-01-01", "2020-01-01"]
    lib.close()


def test_tiered_search_for_very_common_words(news, monkeypatch):
    monkeypatch.setattr(search_mod, "HUGE", 1)
    hits = news.search("marrow")
    # words in the title come first, then the rest newest first
    assert len(hits) == 2
    monkeypatch.setattr(search_mod, "HUGE", 15000)
    assert {h.row.id for h in hits} == {h.row.id for h in news.search("marrow")}
    monkeypatch.setattr(search_mod, "HUGE", 1)
    hits = news.search("lighthouse")
    assert titles(hits) == ["Lighthouse keepers strike over pay", "Ferry timetable changes"]
    assert hits[0].score > 0 and hits[1].score == 0.0


def test_usable_from_several_threads(news):
    import threading

    results = []

    def work():
        results.append((len(news.rows(0, 10)), len(news.search("marrow"))))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(5, 2)] * 4


def test_update_summary_line():
    s = UpdateSummary(added=3, changed=1, removed=2, unchanged=10, failed=[("x", "bad")])
    line = s.line()
    assert "3 added" in line and "1 changed" in line and "2 removed" in line and "10 unchanged" in line
    assert "1 could not be read" in line and "\n" not in line


def test_missing_folder_leaves_the_index_alone(news, lib_dir, tmp_path):
    lib_dir.rename(tmp_path / "elsewhere")
    s = news.update()
    assert s.failed and "no such folder" in s.failed[0][1]
    assert news.count() == 5


def test_listing_follows_updates(news, lib_dir, listing):
    before = [r.title for r in news.rows(0, 10)]
    write(lib_dir, "g.txt", title="Newest of all", date="2025-01-01", body="Fresh words.")
    news.update()
    after = [r.title for r in news.rows(0, 10)]
    assert after == ["Newest of all"] + before
    assert news.index_of(news.rows(0, 1)[0].id) == 0


def test_in_caption_snippet_comes_from_the_caption(lib_dir, fake_parser):
    # The word is in the caption and (earlier, and more often) in the body too.
    write(lib_dir, "a.txt", title="Harbour works begin", caption="Divers inspect the quay wall at dawn",
          body="The divers arrived early. Work on the quay starts with the divers' survey of the wall.\n"
               "A second paragraph about the budget for the harbour repairs.")
    lib = open_lib(lib_dir)
    lib.update()
    hit = lib.search("in:caption divers")[0]
    assert "inspect the quay wall" in hit.snippet and "arrived early" not in hit.snippet
    assert "Divers" in hit.terms
    only = lib.search("in:caption")[0]  # no words: the caption itself
    assert "Divers inspect the quay wall" in only.snippet
    body = lib.search("in:body divers")[0]
    assert "arrived early" in body.snippet
    plain = lib.search("divers")[0]  # no in: filter: the body, as before
    assert "arrived early" in plain.snippet
    lib.close()


def test_date_that_is_not_a_real_day_is_a_query_error(news):
    with pytest.raises(QueryError, match="not a real date"):
        news.search("date:2024-02-30")
    assert titles(news.search("date:2024-02-28")) == ["Lighthouse keepers strike over pay"]


# -- copies: which file is listed, and counts that add up to the files ------------------------


def _age(path: Path, seconds_ago: float) -> None:
    when = time.time() - seconds_ago
    os.utime(path, (when, when))


@pytest.mark.parametrize("order", ["original-first", "copy-first"])
def test_the_oldest_of_two_files_with_the_same_text_is_listed(lib_dir, fake_parser, order, monkeypatch):
    original = write(lib_dir, "zz-original.txt", title="Pier reopens", body="The pier reopened after repairs.")
    copy = lib_dir / "aa copy of pier.txt"
    copy.write_bytes(original.read_bytes())
    _age(original, 3600)
    # the scan's order must not decide: try both
    real_scan = indexing_mod.scan_folder

    def ordered(root, broken=None):
        found = real_scan(root, broken)
        return dict(sorted(found.items(), reverse=(order == "original-first")))

    monkeypatch.setattr(indexing_mod, "scan_folder", ordered)
    lib = open_lib(lib_dir)
    s = lib.update()
    assert [r.path for r in lib.rows(0, 10)] == [str(lib_dir.resolve() / "zz-original.txt")]
    assert [(p.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1]) for p, o in s.copies] == [
        ("aa copy of pier.txt", "zz-original.txt")]
    assert (s.added, s.copied, s.unchanged, len(s.failed)) == (1, 1, 0, 0)
    lib.close()


def test_an_older_file_arriving_later_becomes_the_listed_one(lib_dir, fake_parser):
    first = write(lib_dir, "new-copy.txt", title="Pier reopens", body="The pier reopened after repairs.")
    lib = open_lib(lib_dir)
    lib.update()
    older = lib_dir / "saved-first.txt"
    older.write_bytes(first.read_bytes())
    _age(older, 7200)  # e.g. restored with its original date
    s = lib.update()
    assert [r.path for r in lib.rows(0, 10)] == [str(lib_dir.resolve() / "saved-first.txt")]
    assert [(p.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1]) for p, o in s.copies] == [("new-copy.txt", "saved-first.txt")]
    assert lib.count() == 1
    lib.close()


def test_summary_counts_each_file_once(lib_dir, fake_parser):
    for i in range(4):
        write(lib_dir, f"{i}.txt", title=f"Story {i}", body=f"Words of story {i}.")
    (lib_dir / "dup.txt").write_bytes((lib_dir / "0.txt").read_bytes())
    (lib_dir / "bad.txt").write_text("BROKEN file\n")
    (lib_dir / "empty.txt").write_bytes(b"")
    files = 7
    lib = open_lib(lib_dir)

    def total(s):
        return s.added + (s.changed - s.changed_failed) + s.unchanged + s.moved + s.copied + len(s.failed)

    s = lib.update()
    assert (s.added, s.copied, len(s.failed)) == (4, 1, 2) and total(s) == files
    s = lib.update()  # nothing changed: the two bad files are not also "unchanged"
    assert (s.unchanged, len(s.failed)) == (5, 2) and total(s) == files
    assert "5 unchanged" in s.line() and "2 could not be read" in s.line()
    write(lib_dir, "1.txt", title="Story 1", body="BROKEN now.")  # a good file turns bad
    s = lib.update()
    assert (s.changed, s.changed_failed, len(s.failed)) == (1, 1, 3) and total(s) == files
    assert "0 changed" in s.line() and "3 could not be read" in s.line()
    lib.close()


# -- an index found damaged in the middle of a query ------------------------------------------


def _garble(lib: Library, sql: str) -> None:
    conn = sqlite3.connect(lib.index_path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql,call", [
    ("UPDATE articles SET title = CAST(X'48ff4f' AS TEXT)", lambda lib, aid: lib.rows(0, 10)),
    ("UPDATE articles SET title = CAST(X'48ff4f' AS TEXT)", lambda lib, aid: lib.row(aid)),
    ("UPDATE blobs SET record = X'00010203'", lambda lib, aid: lib.article(aid)),
    ("UPDATE blobs SET record = X'00010203'", lambda lib, aid: lib.resolve(aid[:6])),
    ("UPDATE blobs SET entities = X'00010203'", lambda lib, aid: lib.entities(aid)),
])
def test_damage_found_by_a_query_moves_the_index_aside(news, lib_dir, sql, call):
    from tuireader.library import IndexDamaged

    aid = news.rows(0, 1)[0].id
    _garble(news, sql)
    with pytest.raises(IndexDamaged) as info:
        call(news, aid)
    assert "damaged" in str(info.value) and "\n" not in str(info.value)
    assert list(news.index_path.parent.glob(news.index_path.name + ".bad-*"))
    assert news.count() == 0  # an empty index in its place ...
    news.update()
    assert news.count() == 5 and news.article(aid) is not None  # ... that the next update fills


def test_damaged_pages_found_by_a_query_move_the_index_aside(lib_dir, fake_parser, tmp_path):
    """Garbage over the pages of the stored articles: SQLite says "malformed" mid-query."""
    from tuireader.library import IndexDamaged

    for i in range(40):
        write(lib_dir, f"{i}.txt", title=f"Story {i}", body=" ".join(f"word{i}x{j}" for j in range(400)))
    index = tmp_path / "idx.sqlite3"
    lib = Library(lib_dir, index_path=index, workers=1)
    lib.update()
    aid = lib.rows(0, 1)[0].id
    conn = sqlite3.connect(index)
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'blobs'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    lib.close()
    with open(index, "r+b") as fh:
        for page in pages[1:]:
            fh.seek((page - 1) * page_size)
            fh.write(b"\xa5" * page_size)
    lib = Library(lib_dir, index_path=index, workers=1)
    with pytest.raises(IndexDamaged):
        for row in lib.rows(0, 100):
            lib.article(row.id)
    assert list(tmp_path.glob("idx.sqlite3.bad-*"))
    lib.update()
    assert lib.count() == 40 and lib.article(aid) is not None
    lib.close()


def test_a_cache_folder_that_cannot_be_made_is_one_clear_error(lib_dir, tmp_path):
    from tuireader.library.shelf import IndexUnavailable

    blocker = tmp_path / "notes.log"
    blocker.write_text("x\n")
    with pytest.raises(IndexUnavailable) as info:
        Library(lib_dir, index_path=blocker / "x" / "idx.sqlite3")
    assert "notes.log" in str(info.value) and "\n" not in str(info.value)


def test_an_index_made_before_the_rule_lists_the_oldest_at_the_next_update(lib_dir, fake_parser):
    original = write(lib_dir, "b-original.txt", title="Pier reopens", body="The pier reopened after repairs.")
    (lib_dir / "a-copy.txt").write_bytes(original.read_bytes())
    _age(original, 3600)
    lib = open_lib(lib_dir)
    lib.update()
    conn = sqlite3.connect(lib.index_path)  # as an older tuireader left it: the copy listed
    conn.execute("UPDATE articles SET path = 'a-copy.txt'")
    conn.execute("DELETE FROM meta WHERE key = 'listed'")
    conn.commit()
    conn.close()
    s = lib.update()
    assert s.unchanged == 2
    assert [r.path for r in lib.rows(0, 10)] == [str(lib_dir.resolve() / "b-original.txt")]
    lib.close()


def test_a_left_out_word_is_left_out_of_every_alternative(news):
    # as in web search: `a OR b -c` never lists an article with c, whichever word it matched
    titles = {h.row.title for h in news.search("lighthouse OR marrow -ferry")}
    assert titles == {"Lighthouse keepers strike over pay", "Drought worries farmers"}
    titles = {h.row.title for h in news.search("lighthouse -ferry OR marrow")}
    assert titles == {"Lighthouse keepers strike over pay", "Drought worries farmers"}
    # inside parentheses it is left out of that group only
    titles = {h.row.title for h in news.search("lighthouse OR (marrow -ferry)")}
    assert titles == {"Lighthouse keepers strike over pay", "Ferry timetable changes", "Drought worries farmers"}
