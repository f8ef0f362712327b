"""Search quality: snippets show what matched, and field-limited queries rank by that field.

The articles here are made up for these tests; a stand-in parser reads their
"Key: value" header and one paragraph a line, so only the library's search is
under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader import entities as entities_mod
from tuireader import parse as parse_mod
from test_library import fake_parse_bytes  # the header-and-paragraphs stand-in parser
from tuireader.library import Library


@pytest.fixture(autouse=True)
def stand_in_parser(monkeypatch):
    monkeypatch.setattr(parse_mod, "parse_bytes", fake_parse_bytes)
    monkeypatch.setattr(entities_mod, "extract_entities", lambda article: [])


def _write(folder: Path, name: str, title: str, body: str, *, date: str = "2025-03-01",
           caption: str | None = None, source: str = "Estuary Gazette") -> None:
    head = [f"Title: {title}", f"Source: {source}", f"Date: {date}"]
    if caption:
        head.append(f"Caption: {caption}")
    (folder / name).write_text("\n".join(head) + "\n\n" + body + "\n", encoding="utf-8")


FILLER = ("The tide tables were printed again this spring, and the ferry crews checked every buoy "
          "along the channel before the first boats went out. ")


@pytest.fixture
def lib(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    # The phrase only far down; both of its words early on, apart.
    _write(folder, "salt.txt", "Saltmarsh quay opens its new cold store",
           "Fishers at Brackwater on Tuesday opened a cold store on the quay, and the salt road "
           "to the inland towns was resurfaced the same week.\n"
           + FILLER * 4 + "\n"
           "Officials call the whole plan the salt road corridor, a chain of depots to the hills.",
           caption="A lorry waits on the road by the salt pans")
    # A short title over a very long body ...
    _write(folder, "short.txt", "Quiet pier headline", FILLER * 60 + "\nNothing else happened at the pier.")
    # ... and longer titles with the same word over short bodies.
    _write(folder, "mid.txt", "Why the old pier at Brackwater stood empty all winter",
           "The owners could not agree on repairs.")
    _write(folder, "long.txt", "Rebuilding the pier, the sea wall and the boathouse after the great storm of March",
           "Work starts in May.")
    # Words in a title versus only in a body.
    _write(folder, "lantern-title.txt", "Lantern makers of the delta", "They sell at the market each week.",
           date="2024-01-01")
    _write(folder, "lantern-body.txt", "Market day in the delta", "A stall of lantern makers drew a crowd.",
           date="2025-06-01")
    library = Library(folder, state=None, workers=1)
    library.update()
    yield library
    library.close()


def _titles(hits) -> list[str]:
    return [h.row.title for h in hits]


def _hit(hits, title_start: str):
    return next(h for h in hits if h.row.title.startswith(title_start))


# -- snippets ------------------------------------------------------------------------


def test_phrase_snippet_shows_the_phrase_not_the_first_lone_word(lib):
    hit = _hit(lib.search('"road corridor"'), "Saltmarsh")
    assert "salt road corridor" in hit.snippet
    assert {t.lower() for t in hit.terms} >= {"road", "corridor"}


def test_prefix_phrase_snippet_shows_the_phrase(lib):
    hit = _hit(lib.search('"road corr"*'), "Saltmarsh")
    assert "road corridor" in hit.snippet


def test_prefix_snippet_shows_a_word_it_begins(lib):
    hit = _hit(lib.search("corrid*"), "Saltmarsh")
    assert "corridor" in hit.snippet


def test_phrase_with_other_words_still_shows_the_phrase(lib):
    hit = _hit(lib.search('brackwater "road corridor"'), "Saltmarsh")
    assert "road corridor" in hit.snippet


def test_caption_filter_snippet_comes_from_the_caption(lib):
    hit = _hit(lib.search("in:caption road"), "Saltmarsh")
    assert "lorry waits on the road" in hit.snippet


def test_caption_filter_with_phrase_shows_the_caption(lib):
    hit = _hit(lib.search('in:caption "salt pans"'), "Saltmarsh")
    assert "salt pans" in hit.snippet


# -- ranking ---------------------------------------------------------------------------


def test_title_query_ranks_the_shortest_matching_title_first(lib):
    hits = lib.search("title:pier")
    assert _titles(hits) == [
        "Quiet pier headline",
        "Why the old pier at Brackwater stood empty all winter",
        "Rebuilding the pier, the sea wall and the boathouse after the great storm of March",
    ]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_title_phrase_query_ranks_by_title_length(lib):
    hits = lib.search('title:"pier headline" OR title:"old pier"')
    assert _titles(hits)[0] == "Quiet pier headline"


def test_in_title_ranks_like_title_field(lib):
    assert _titles(lib.search("in:title pier")) == _titles(lib.search("title:pier"))


def test_title_query_with_date_filter_is_still_ranked_by_title(lib):
    hits = lib.search("title:pier after:2024")
    assert _titles(hits)[0] == "Quiet pier headline"


def test_plain_query_ranks_title_matches_above_body_matches(lib):
    # The body-only match is newer, yet the title match comes first.
    assert _titles(lib.search("lantern")) == ["Lantern makers of the delta", "Market day in the delta"]



def test_title_query_counts_a_word_repeated_in_the_title(tmp_path):
    folder = tmp_path / "repeat"
    folder.mkdir()
    _write(folder, "once.txt", "Quiet pier headline", "Nothing happened.")
    _write(folder, "twice.txt", "Pier after pier along the coast", "Nothing happened either.")
    _write(folder, "other.txt", "The ferry crews of the northern estuary towns", "No piers here.")
    with Library(folder, state=None, workers=1) as library:
        library.update()
        assert _titles(library.search("title:pier")) == ["Pier after pier along the coast", "Quiet pier headline"]


def test_title_query_ties_list_newest_first(tmp_path):
    folder = tmp_path / "ties"
    folder.mkdir()
    for n, date in enumerate(["2023-05-01", "2025-02-01", "2024-07-01"]):
        _write(folder, f"t{n}.txt", f"Pier works number {n}", "Work goes on.", date=date)
    with Library(folder, state=None, workers=1) as library:
        library.update()
        assert _titles(library.search("title:pier")) == ["Pier works number 1", "Pier works number 2",
                                                         "Pier works number 0"]


def test_caption_query_ranks_by_the_caption_not_the_body(tmp_path):
    folder = tmp_path / "captions"
    folder.mkdir()
    _write(folder, "short.txt", "Storm damage counted", FILLER * 60, caption="Gulls over the breakwater")
    _write(folder, "long.txt", "Storm damage reviewed", "Short note.",
           caption="Volunteers stack sandbags beside the breakwater while the harbour master watches the "
                   "swell rise on Tuesday evening")
    with Library(folder, state=None, workers=1) as library:
        library.update()
        assert _titles(library.search("in:caption breakwater")) == ["Storm damage counted", "Storm damage reviewed"]


# -- unknown fields --------------------------------------------------------------------


def test_unknown_field_is_an_error_naming_the_fields(lib):
    from tuireader.query import QueryError

    for text in ("foo:bar", "year:2024", "x:y:z", "pier -colour:red"):
        with pytest.raises(QueryError) as err:
            lib.search(text)
        message = str(err.value)
        assert "is not a field" in message and "title:" in message and "date:" in message
        assert "\n" not in message
    with pytest.raises(QueryError, match="did you mean date:"):
        lib.search("year:2024")
    with pytest.raises(QueryError, match="did you mean title:"):
        lib.search("titel:pier")


def test_text_with_a_colon_that_is_not_a_field_is_searched_as_words(tmp_path):
    folder = tmp_path / "colons"
    folder.mkdir()
    _write(folder, "clock.txt", "Ferry timetable changes", "The last boat now leaves at 10:30 from the quay.")
    _write(folder, "link.txt", "Harbour office online",
           "Forms are at https://harbour.example/forms for anyone who asks.")
    _write(folder, "quoted.txt", "Signal flags explained", "The flag called foo:bar means the pilot is aboard.")
    with Library(folder, state=None, workers=1) as library:
        library.update()
        assert _titles(library.search("10:30")) == ["Ferry timetable changes"]
        assert _titles(library.search("https://harbour.example/forms")) == ["Harbour office online"]
        assert _titles(library.search('"foo:bar"')) == ["Signal flags explained"]  # quoted: words
        assert _titles(library.search("Timetable: ferry")) == ["Ferry timetable changes"]  # a pasted headline


# -- a damaged index -----------------------------------------------------------------------


def _overwrite(index: Path, marker: bytes) -> int:
    """Garble every copy of ``marker`` in the index file (bytes that are not UTF-8)."""
    data = bytearray(index.read_bytes())
    found = 0
    at = data.find(marker)
    while at >= 0:
        data[at:at + len(marker)] = b"\xff" * len(marker)
        found += 1
        at = data.find(marker, at + 1)
    index.write_bytes(bytes(data))
    return found


def _damaged_library(tmp_path, monkeypatch) -> tuple[Path, Path]:
    from test_library import fake_extract_entities

    monkeypatch.setattr(entities_mod, "extract_entities", fake_extract_entities)
    folder = tmp_path / "damaged"
    folder.mkdir()
    _write(folder, "one.txt", "Dredger returns to Marrow", "Ana López said the dredger Quillwort clears the "
           "channel at Marrow twice a year.")
    _write(folder, "two.txt", "Marrow pilots vote", "Pilots at Marrow voted to keep night crossings.")
    index = tmp_path / "damaged.sqlite3"
    with Library(folder, index_path=index, state=None, workers=1) as library:
        library.update()
        library._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder, index


def test_search_on_a_damaged_index_moves_it_aside_and_says_so(tmp_path, monkeypatch):
    from tuireader.library import IndexDamaged

    folder, index = _damaged_library(tmp_path, monkeypatch)
    assert _overwrite(index, b"Quillwort clears the channel") >= 1  # the body text no longer decodes
    with Library(folder, index_path=index, state=None, workers=1) as library:
        with pytest.raises(IndexDamaged) as err:
            library.search("dredger")
        message = str(err.value)
        assert "damaged" in message and "rebuilt" in message and "\n" not in message
        assert "Quillwort" not in message and len(message) < 200  # not the garbled article
        assert list(tmp_path.glob("damaged.sqlite3.bad-*"))  # kept aside, not deleted
        assert library.search("dredger") == []  # the new index is empty until the next update
        library.update()
        assert _titles(library.search("dredger")) == ["Dredger returns to Marrow"]


@pytest.mark.parametrize("ask", ["mentioning", "count_mentioning"])
def test_entity_queries_on_a_damaged_index_raise_index_damaged(ask, tmp_path, monkeypatch):
    import sqlite3

    from tuireader.library import IndexDamaged

    folder, index = _damaged_library(tmp_path, monkeypatch)
    conn = sqlite3.connect(index)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ents'").fetchone()[0]
    conn.close()
    with open(index, "r+b") as f:  # the entity rows' page: garbage where its header was
        f.seek((root - 1) * page_size)
        f.write(b"\x0d\xff\xff\xff" * (page_size // 4))
    with Library(folder, index_path=index, state=None, workers=1) as library:
        with pytest.raises(IndexDamaged, match="damaged"):
            getattr(library, ask)("Marrow")
        assert list(tmp_path.glob("damaged.sqlite3.bad-*"))
        library.update()
        assert library.count_mentioning("Marrow") == 2
        assert {row.title for row, _ in library.mentioning("Marrow")} == {"Dredger returns to Marrow",
                                                                         "Marrow pilots vote"}


def test_a_busy_index_is_not_taken_for_a_damaged_one():
    import sqlite3

    from tuireader.library.mentions import is_damage

    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert not is_damage(sqlite3.OperationalError("fts5: syntax error near \"x\""))
    assert is_damage(sqlite3.DatabaseError("database disk image is malformed"))
    assert is_damage(sqlite3.OperationalError("Could not decode to UTF-8 column 'body' with text 'x'"))
    assert is_damage(sqlite3.DatabaseError("file is not a database"))


# -- ranking common words, prefixes and a huge file ---------------------------------------------


@pytest.fixture
def ministers(tmp_path):
    """Five of eight articles use "minister" (so FTS5's own IDF for it is ~0); one of them is
    a huge file that repeats it among filler words."""
    folder = tmp_path / "ministers"
    folder.mkdir()
    _write(folder, "tour.txt", "Fisheries Minister tours the northern quays",
           "The fisheries minister walked the northern quays on Monday. The ministry will pay for new "
           "ice plants, the minister said, and ministry staff will visit every harbour by June.",
           date="2024-05-06")
    _write(folder, "dredge.txt", "Dredging contract signed for the estuary",
           "The work starts in autumn, a spokesman for the transport minister said.", date="2024-05-01")
    _write(folder, "wall.txt", "Sea wall repairs delayed again",
           "Engineers blamed the weather; the minister has asked for a new timetable.", date="2024-04-20")
    _write(folder, "quota.txt", "Crab quota unchanged this season",
           "The regional minister left the crab quota where it was.", date="2024-04-02")
    for n, title in enumerate(["Gull numbers fall on the cliffs", "Lifeboat crew honoured",
                               "Fog delays the morning ferry"]):
        _write(folder, f"other{n}.txt", title, "Nothing in this one is about government at all.",
               date=f"2024-03-0{n + 1}")
    words = ("harbour", "tonnes", "price", "minister", "vessel", "storm", "market", "ministry", "water", "quay")
    lines = [" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(12)) + "." for i in range(4000)]
    _write(folder, "filler.txt", "Collected notes on everything coastal", "\n".join(lines), date="2025-01-01")
    library = Library(folder, state=None, workers=1)
    library.update()
    yield library
    library.close()


def test_prefix_query_ranks_the_article_about_it_above_a_huge_filler_file(ministers):
    hits = ministers.search("minist*")
    titles = _titles(hits)
    assert titles[0] == "Fisheries Minister tours the northern quays"
    assert "Collected notes on everything coastal" in titles  # found, not first
    filler = titles.index("Collected notes on everything coastal")
    assert filler > titles.index("Dredging contract signed for the estuary")


def test_a_word_in_most_articles_still_gets_real_scores(ministers):
    for query in ("minist*", "minister"):
        hits = ministers.search(query)
        assert len(hits) == 5
        assert all(h.score > 0.01 for h in hits), [h.score for h in hits]  # not FTS5's ~2e-06
        assert hits[0].score > hits[-1].score


def test_a_huge_file_that_repeats_a_word_comes_after_articles_that_use_it(ministers):
    titles = _titles(ministers.search("minister"))
    assert titles[0] == "Fisheries Minister tours the northern quays"
    assert titles[-1] == "Collected notes on everything coastal"
