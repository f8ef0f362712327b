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
