"""The optional spaCy backend, driven by a blank English pipeline and an EntityRuler
(no model download).  Skipped where spaCy is not installed."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from tuireader.entities import available_backends, extract_entities  # noqa: E402
from tuireader.entities.spacy_backend import extract_entities_spacy  # noqa: E402
from tuireader.model import Article, Block, Caption  # noqa: E402

PATTERNS = [
    {"label": "PERSON", "pattern": "Governor Ilse Varga"},
    {"label": "PERSON", "pattern": "Ilse Varga"},
    {"label": "PERSON", "pattern": "Varga’s"},
    {"label": "PERSON", "pattern": "Varga"},
    {"label": "ORG", "pattern": "Danube Shipping Board"},
    {"label": "GPE", "pattern": "Hungary"},
    {"label": "GPE", "pattern": "Budapest"},
    {"label": "LOC", "pattern": [{"LOWER": "iron"}, {"LOWER": "gate"}]},
    {"label": "NORP", "pattern": "Hungarian"},
    {"label": "DATE", "pattern": "April 9, 2024"},
    {"label": "LAW", "pattern": "River Freight Act"},
    {"label": "GPE", "pattern": [{"TEXT": "Vienna"}, {"TEXT": "\n"}, {"TEXT": "Linz"}]},
]


@pytest.fixture(scope="module")
def nlp():
    pipe = spacy.blank("en")
    ruler = pipe.add_pipe("entity_ruler")
    ruler.add_patterns(PATTERNS)
    return pipe


def article() -> Article:
    cap = "Governor Ilse Varga in Budapest on April 9, 2024."
    body1 = "The Danube Shipping Board met in Budapest. Hungarian barges wait at the Iron Gate."
    body2 = "Varga’s plan under the River Freight Act reaches Hungary.\nVienna\nLinz follow."
    text = cap + "\n" + body1 + "\n" + body2 + "\n"
    return Article(
        id="s",
        text=text,
        captions=[Caption(cap, None, 0)],
        blocks=[Block("paragraph", body1, len(cap) + 1), Block("paragraph", body2, len(cap) + len(body1) + 2)],
    )


def test_labels_map_to_our_kinds_and_offsets_hold(nlp):
    art = article()
    ents = extract_entities(art, backend="spacy", nlp=nlp)
    for e in ents:
        for m in e.mentions:
            assert art.text[m.start : m.end] == m.text
    kinds = {(e.type, e.name) for e in ents}
    assert ("organization", "Danube Shipping Board") in kinds
    assert ("place", "Budapest") in kinds and ("place", "Hungary") in kinds
    assert ("place", "Iron Gate") in kinds
    assert ("group", "Hungarian") in kinds
    assert ("other", "River Freight Act") in kinds
    date = [e for e in ents if e.type == "date"]
    assert date and date[0].value == "2024-04-09"


def test_people_merged_titles_and_possessives_trimmed(nlp):
    art = article()
    ents = extract_entities_spacy(art, nlp)
    people = [e for e in ents if e.type == "person"]
    assert [p.name for p in people] == ["Ilse Varga"]
    texts = [m.text for m in people[0].mentions]
    assert texts == ["Ilse Varga", "Varga"]  # "Governor" and "’s" cut off
    assert people[0].mentions[0].where == "caption"


def test_entities_split_at_line_breaks(nlp):
    ents = extract_entities_spacy(article(), nlp)
    places = {e.name for e in ents if e.type == "place"}
    assert {"Vienna", "Linz"} <= places
    assert not any("\n" in m.text for e in ents for m in e.mentions)


def test_available_backends_lists_builtin_always():
    backs = available_backends()
    assert backs[0] == "builtin"
    try:
        from spacy.util import is_package

        has_model = is_package("en_core_web_sm")
    except Exception:
        has_model = False
    assert ("spacy" in backs) == has_model
