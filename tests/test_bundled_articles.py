"""The bundled articles/ are what a new user sees first: each must read as its page intended."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tuireader.parse import load_article

ARTICLES = Path(__file__).resolve().parents[1] / "articles"
DERIVED = None  # the page has no title line: a title is made from the body

# file stem: (title or DERIVED, source, published, authors)
EXPECTED = {
    "2023-06-14_harbour-ledger_valparaiso-port-expansion": (
        "Valparaíso Wins Approval for Long-Delayed Container Terminal Expansion", "Harbour Ledger",
        "2023-06-14", ["Diego Alarcón"]),
    "2023-08-09_andes-wire_atacama-water-rationing": (DERIVED, "Andes Wire", "2023-08-09", ["Carla Mendoza"]),
    "2023-10-03_northsea-courier_herring-catch-advice": (
        "Herring Catch Should Fall by a Quarter, Scientists Advise", "Northsea Courier", "2023-10-03",
        ["Fiona MacLeod"]),
    "2023-11-20_meridian-post_chile-norway-salmon-research": (
        "Chile and Norway Pool Research on Salmon Farming’s Hardest Problems", "The Meridian Post", "2023-11-20",
        ["Tom Hallworth"]),
    "2024-02-27_harbour-ledger_callao-grain-terminal": (
        "Callao Opens Grain Terminal Built for the Pacific Corridor", "Harbour Ledger", "2024-02-27",
        ["Lucía Benavides"]),
    "2024-02-28_northsea-courier_storm-closes-aberdeen-harbour": (
        "Storm Closes Aberdeen Harbour as Ferries to Orkney and Shetland Stay in Port", "Northsea Courier",
        "2024-02-28", ["Callum Reid", "Fiona MacLeod"]),
    "2024-03-02_meridian-post_grain-corridor-talks": (
        "Pacific Ministers Close In on Grain Corridor Deal in Lima", "The Meridian Post", "2024-03-02",
        ["Sofía Reyes", "Tom Hallworth"]),
    "2024-03-04_andes-wire_grain-pact-farmers-reaction": (DERIVED, "Andes Wire", "2024-03-04", ["Renzo Villanueva"]),
    "2024-04-15_daily-lantern_andean-glacier-report": (
        "Andean Glaciers Lost Ice at Record Pace Last Year, Report Finds", "Daily Lantern", "2024-04-15",
        ["Marta Lindqvist"]),
    "2024-06-21_andes-wire_uyuni-lithium-water-study": (
        "Lithium Brine Pumping Could Strain Uyuni’s Scarce Fresh Water, Study Warns", "Andes Wire", "2024-06-21",
        ["Mauricio Choque"]),
    "2024-09-05_harbour-ledger_green-shipping-lane": (
        "Rotterdam and Valparaíso Sign Up for Zero-Emission Shipping Lane", "Harbour Ledger", "2024-09-05",
        ["Pieter de Graaf"]),
    "2024-10-08_meridian-post_andean-water-summit": (
        "Andean Neighbours Agree to Share Glacier and River Data as Water Runs Short", "The Meridian Post",
        "2024-10-08", ["Sofía Reyes"]),
    "2024-11-30_daily-lantern_tall-ships-valparaiso": (
        "Tall Ships Sail Into Valparaíso to End a Voyage From Bergen", "Daily Lantern", "2024-11-30",
        ["Joaquín Salas"]),
    "2025-01-22_meridian-post_andean-textiles-rotterdam": (
        "Andean Weavers Bring Their Looms to a Rotterdam Museum", "The Meridian Post", "2025-01-22",
        ["Anouk Visser"]),
    "2025-03-18_harbour-ledger_north-sea-mackerel-deal": (
        "North Sea States Agree Mackerel Shares After Years of Deadlock", "Harbour Ledger", "2025-03-18",
        ["Kari Lund"]),
    "2025-03-19_northsea-courier_shetland-mackerel-reaction": (
        "Shetland Skippers Cautiously Welcome Mackerel Deal", "Northsea Courier", "2025-03-19", ["Fiona MacLeod"]),
    "2025-05-11_andes-wire_lima-marathon": (
        "Huamán-Ccori Wins Lima Marathon on a Morning of Sea Fog", "Andes Wire", "2025-05-11",
        ["Renzo Villanueva"]),
    "2025-07-02_daily-lantern_copa-andina-final": (DERIVED, "Daily Lantern", "2025-07-02", ["Joaquín Salas"]),
    "2024-03-05_meridian-post_grain-corridor-explainer": (
        "What the Pacific Grain Corridor Would Change, and What It Would Not", "The Meridian Post", "2024-03-05",
        ["Sofía Reyes", "Tom Hallworth"]),
    "2024-10-10_andes-wire_water-authority-interview": (
        "“We Plan for Thirty Years With Ten Years of Data”: Tomás Iturriaga on Water in the Atacama", "Andes Wire",
        "2024-10-10", ["Carla Mendoza"]),
    "2025-03-20_harbour-ledger_mackerel-quota-explainer": (
        "Why Mackerel Divided the North Atlantic for So Long", "Harbour Ledger", "2025-03-20", ["Kari Lund"]),
}

CHROME = re.compile(r"^(Home\b|Skip to content|We use cookies|Menu\b|World\s{2,}|News \|)")


def test_every_bundled_article_is_listed_here():
    stems = {p.stem for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md")}
    assert stems == set(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_bundled_article_header(stem):
    path = next(p for p in ARTICLES.iterdir() if p.stem == stem)
    article = load_article(path)
    title, source, published, authors = EXPECTED[stem]
    assert article.source == source
    assert article.published == published
    assert article.authors == authors
    if title is DERIVED:
        assert article.title_derived
        assert 10 <= len(article.title) <= 100
        assert not CHROME.match(article.title)
        assert all(article.title != caption.text for caption in article.captions)
        first = article.blocks[0].text if article.blocks else ""
        words = set(re.findall(r"\w+", article.body_text.lower()))
        assert set(re.findall(r"\w+", article.title.lower())) <= words, "a derived title comes from the body"
        assert first
    else:
        assert article.title == title
        assert not article.title_derived


@pytest.mark.parametrize("stem", sorted(s for s in EXPECTED if not s.startswith(("2024-03-05", "2024-10-10", "2025-03-20"))))
def test_bundled_raw_article_body_is_clean(stem):
    article = load_article(ARTICLES / f"{stem}.txt")
    body = [b.text for b in article.blocks if b.kind == "paragraph"]
    assert len(body) >= 4
    for text in body:
        assert not CHROME.match(text), f"site chrome in the body: {text[:60]!r}"
        assert not text.startswith(("Photo:", "Tags:", "©", "Share this", "Facebook", "Sign up", "Advertisement"))
    assert len(article.captions) == 1, "one caption, shown once even where the page repeats it"
    assert article.captions[0].credit
    assert article.boilerplate, "menus and footers are kept aside, not dropped"
