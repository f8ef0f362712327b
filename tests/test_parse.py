"""The parser reads scraped articles as an editor would (fixtures in tests/data/parse are original)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuireader.parse import ArticleError, load_article, parse_bytes, parse_text, recurring_lines
from tuireader.parse.dates import find_date
from tuireader.parse.roles import parse_byline, split_caption
from tuireader.parse.title import derive_title, split_site_suffix

DATA = Path(__file__).parent / "data" / "parse"
SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "000_4d47e728deeafbdd.txt"


def assert_offsets(article) -> None:
    """Every offset points at its text in Article.text."""
    text = article.text
    for block in article.blocks:
        if block.start is not None:
            assert text[block.start:block.start + len(block.text)] == block.text
    for cap in article.captions:
        if cap.start is not None:
            assert text[cap.start:cap.start + len(cap.text)] == cap.text
        if cap.credit_start is not None:
            assert text[cap.credit_start:cap.credit_start + len(cap.credit)] == cap.credit
    if article.title_start is not None:
        assert text[article.title_start:article.title_start + len(article.title)] == article.title
    for seg in article.segments():
        assert text[seg.start:seg.start + len(seg.text)] == seg.text


# --- the reference shape ------------------------------------------------------------------


@pytest.fixture(scope="module")
def ledger():
    return load_article(DATA / "coastal_ledger.txt")


def test_reference_shape_metadata(ledger):
    assert ledger.source == "The Coastal Ledger"
    assert ledger.authors == ["Ada Quillfeather"]
    assert ledger.published == "2024-03-03"


def test_reference_shape_caption_once_with_credit(ledger):
    assert len(ledger.captions) == 1
    cap = ledger.captions[0]
    assert cap.credit.endswith("Saltmere Council Press Office")
    assert "Photo:" not in cap.text and cap.text.startswith("Harbour master Ines Calloway")
    # the repeat is not lost: it is boilerplate
    assert sum("Harbour master Ines Calloway" in b for b in ledger.boilerplate) == 1


def test_reference_shape_blocks(ledger):
    kinds = [(b.kind, b.text.split()[0]) for b in ledger.blocks]
    assert ("related", "Brackwater") in kinds
    assert ("heading", "Repairs") in kinds
    assert [k for k, _ in kinds].count("paragraph") == 6
    assert "Brackwater Ferry Operators" not in ledger.body_text
    assert "Repairs delayed by storms" in ledger.body_text


def test_reference_shape_credits_and_appeal(ledger):
    assert ledger.credits == [
        "Translation: The Coastal Ledger",
        "CL/AQ/TW",
        "Ada Quillfeather is a Saltmere journalist who has covered the northern shore for twelve years",
    ]
    assert any(b.startswith("Donate now") for b in ledger.boilerplate)
    assert any(b.startswith("Keep Local Reporting") for b in ledger.boilerplate)
    assert "Written by islanders, for islanders" in ledger.boilerplate
    assert "Donate" not in ledger.body_text and "islanders" not in ledger.body_text


def test_reference_shape_derived_title(ledger):
    assert ledger.title_derived is True
    assert ledger.title_start is None
    assert 10 < len(ledger.title) <= 100
    assert "Photo" not in ledger.title and "islanders" not in ledger.title
    assert "pier" in ledger.title


def test_reference_shape_offsets(ledger):
    assert_offsets(ledger)
    assert ledger.captions[0].credit_start is not None
    assert all(b.start is not None for b in ledger.blocks)


def test_nothing_dropped_but_blank_lines(ledger):
    kept = len(ledger.blocks) + len(ledger.captions) + len(ledger.credits) + len(ledger.boilerplate)
    # + the byline and the site line, which became metadata
    assert kept + 2 == len([x for x in ledger.text.split("\n") if x.strip()])


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared reference sample not present")
def test_reference_sample_matches_anatomy_table():
    a = load_article(SAMPLE)
    raw = [x for x in a.text.split("\n")]
    line = lambda n: raw[n - 1].strip()  # noqa: E731  (1-based, as in ARTICLE-ANATOMY.md)
    assert a.source == "Orinoco Tribune"
    assert a.authors == ["Misión Verdad"]
    assert a.published == "2024-02-28"
    assert len(a.captions) == 1
    assert a.captions[0].credit in ("Presidential Press of Nicaragua", "Photo: Presidential Press of Nicaragua")
    assert "Photo:" not in a.captions[0].text and a.captions[0].text
    assert line(5) in a.boilerplate  # the duplicate caption
    kinds = {b.text: b.kind for b in a.blocks}
    assert kinds[line(10)] == "related"
    assert kinds[line(11)] == "heading"
    for n in (7, 8, 9, 12, 13, 14, 15):
        assert kinds[line(n)] == "paragraph"
    assert a.credits == [line(16), line(17), line(18)]
    for n in range(19, 27):
        assert line(n) in a.boilerplate
    assert line(4) in a.boilerplate
    assert a.title_derived is True and 0 < len(a.title) <= 100
    assert_offsets(a)


# --- titles -------------------------------------------------------------------------------


def test_headline_after_menus_with_site_suffix():
    a = load_article(DATA / "valley_courier.txt")
    assert a.title == "Night trains return to the valley line"
    assert a.title_derived is False
    assert a.source == "Valley Courier"
    assert a.authors == ["Mara Ellison", "Joon Park"]
    assert a.published == "2024-04-09"
    assert [b.kind for b in a.blocks].count("related") == 1
    assert "Share this:" in a.boilerplate and "Skip to content" in a.boilerplate
    assert "All rights reserved" not in a.body_text
    assert_offsets(a)


def test_title_only_with_suffix_is_stripped():
    text = ("Storm closes the mountain pass \u2013 Highland Post\nHome\nWeather\n"
            "The mountain pass closed on Tuesday night as heavy snow fell across the highlands, stranding lorries for hours.\n"
            "Road crews said they expected to reopen one lane by Thursday if the wind eased overnight and the ploughs could reach the summit.\n")
    a = parse_text(text)
    assert a.title == "Storm closes the mountain pass"
    assert a.title_derived is False
    assert a.text[a.title_start:a.title_start + len(a.title)] == a.title


def test_split_site_suffix():
    assert split_site_suffix("Budget passes at last | The Daily Lamp") == ("Budget passes at last", "The Daily Lamp")
    assert split_site_suffix("Budget passes at last") == ("Budget passes at last", None)


def test_derived_title_cut_at_boundary():
    long = ("The minister of fisheries, Orla Brennock, announced new quotas for the western grounds on Friday "
            "as well as a fund for crews whose boats were damaged in the February storms.")
    title = derive_title(long)
    assert len(title) <= 100
    assert title.startswith("Orla Brennock announced new quotas")
    assert long.replace("The minister of fisheries, Orla Brennock, ", "Orla Brennock ").startswith(title)
    assert not title.endswith((",", " the", " of"))


# --- bylines, dates, captions ----------------------------------------------------------------


@pytest.mark.parametrize("line, authors, date", [
    ("By Ada Quill and Tom Reed", ["Ada Quill", "Tom Reed"], None),
    ("By Ada Quill | Harbour Gazette", ["Ada Quill"], None),
    ("By Ada Quill \u2013 Feb 28, 2024", ["Ada Quill"], "2024-02-28"),
    ("Posted on March 3, 2024 by Tom Reed", ["Tom Reed"], "2024-03-03"),
    ("By Ada Quill @adaquill / 2 days", ["Ada Quill"], None),
    ("By Ada Quill, Senior Writer, 28 February 2024", ["Ada Quill"], "2024-02-28"),
])
def test_byline_forms(line, authors, date):
    assert parse_byline(line) == (authors, date)


def test_sentence_starting_with_by_is_not_a_byline():
    assert parse_byline("by the end of the week the river had dropped two metres.") is None


@pytest.mark.parametrize("text, iso", [
    ("Feb 28, 2024", "2024-02-28"),
    ("28 February 2024", "2024-02-28"),
    ("2024-02-28", "2024-02-28"),
    ("Updated Sept. 4, 2025 10:42 GMT", "2025-09-04"),
    ("Tuesday, February 27", None),
    ("2 days ago", None),
    ("February 30, 2024", None),
])
def test_dates(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize("line, credit", [
    ("Crowds on the quay at dawn. Photo: Lena Ostrow", "Photo: Lena Ostrow"),
    ("Crowds on the quay at dawn. (AP Photo/Lena Ostrow)", "AP Photo/Lena Ostrow"),
    ("Crowds on the quay at dawn. Image: Harbour Trust", "Image: Harbour Trust"),
])
def test_caption_credit_split(line, credit):
    text, got, off = split_caption(line)
    assert got == credit
    assert line[off:off + len(got)] == got
    assert text == "Crowds on the quay at dawn."


# --- the library's hints -------------------------------------------------------------------


def test_recurring_lines_and_hints():
    footer = "Read the Lamp every morning, delivered with care to your inbox."
    texts = [f"Story {i}\nThe council met on day {i} to discuss the new bridge over the river and its costs.\n{footer}"
             for i in range(5)]
    hints = recurring_lines({"Lamp": texts, "Other": texts[:1]})
    assert footer in hints["Lamp"] and hints["Other"] == set()
    art = parse_text(texts[0], boilerplate_hints=hints["Lamp"])
    assert footer in art.boilerplate
    assert footer not in art.body_text


# --- other formats -------------------------------------------------------------------------

MD = """---
title: "Lanterns over the canal"
site: Canal Weekly
authors: [Ada Quill, Tom Reed]
date: 2024-05-01
url: https://example.test/lanterns
tags: [festival, canal]
---
# Lanterns over the canal

The **lantern** festival drew [thousands](https://example.test) to the canal on Saturday night.

## A long tradition

> Every family brings one light.

- paper lanterns
* reed boats
1. a closing song
"""


def test_markdown_front_matter_wins(tmp_path):
    path = tmp_path / "lanterns.md"
    path.write_text(MD, encoding="utf-8")
    a = load_article(path)
    assert a.format == "md"
    assert a.title == "Lanterns over the canal" and not a.title_derived
    assert a.source == "Canal Weekly"
    assert a.authors == ["Ada Quill", "Tom Reed"]
    assert a.published == "2024-05-01"
    assert a.url == "https://example.test/lanterns"
    assert a.tags == ["festival", "canal"]
    assert [b.kind for b in a.blocks] == ["paragraph", "heading", "quote", "list_item", "list_item", "list_item"]
    assert a.blocks[0].text == "The lantern festival drew thousands to the canal on Saturday night."
    assert a.blocks[0].start is None  # emphasis was stripped: not verbatim
    assert a.blocks[1].text == "A long tradition" and a.blocks[1].start is not None
    assert a.blocks[3].text == "paper lanterns"
    assert_offsets(a)


def test_markdown_malformed_front_matter_is_a_problem():
    a = parse_text("---\ntitle: [unclosed\n---\nThe body of the note is still read in full.\n", fmt="md")
    assert any("front matter" in p for p in a.problems)
    assert a.blocks[0].text == "The body of the note is still read in full."


def test_markdown_python_tag_refused():
    a = parse_text("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody text here.\n", fmt="md")
    assert any("python" in p for p in a.problems)
    assert a.title != "echo hi" and a.blocks[0].text == "Body text here."


def test_trafilatura_json(tmp_path):
    data = {"title": "Tide tables change", "author": "Ada Quill; Tom Reed", "date": "2024-06-02",
            "sitename": "Shore News", "url": "https://example.test/tides",
            "text": "The harbour office published new tide tables on Sunday.\nSkippers welcomed the change."}
    path = tmp_path / "tides.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    a = load_article(path)
    assert (a.title, a.source, a.authors, a.published, a.url) == (
        "Tide tables change", "Shore News", ["Ada Quill", "Tom Reed"], "2024-06-02", "https://example.test/tides")
    assert [b.text for b in a.blocks] == ["The harbour office published new tide tables on Sunday.",
                                          "Skippers welcomed the change."]
    assert_offsets(a)
    assert a.to_json()["body_text"] == "The harbour office published new tide tables on Sunday.\nSkippers welcomed the change."


def test_invalid_json_is_an_article_error():
    with pytest.raises(ArticleError):
        parse_bytes(b"{not json", fmt="json")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"whatever")
    with pytest.raises(ArticleError, match="unsupported"):
        load_article(path)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "gone.txt")


def test_html_needs_trafilatura_or_reads(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Gulls return | Bay Post</title></head><body><article><h1>Gulls return</h1>"
                    "<p>The gulls came back to the bay this week, weeks earlier than the wardens expected after the mild spring.</p>"
                    "<p>Wardens counted more than four hundred nests on the cliffs above the old lighthouse.</p>"
                    "</article></body></html>", encoding="utf-8")
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        with pytest.raises(ArticleError, match=r"tuireader\[html\]"):
            load_article(path)
        return
    a = load_article(path)
    assert a.format == "html"
    assert "four hundred nests" in a.body_text
    assert_offsets(a)


def test_json_shape_of_contract(ledger):
    d = ledger.to_json()
    assert set(d) >= {"id", "path", "format", "title", "title_derived", "source", "authors", "published", "url",
                      "captions", "blocks", "credits", "boilerplate", "body_text"}
    json.dumps(d)


def test_empty_and_crlf_text():
    a = parse_text("")
    assert a.blocks == [] and a.title
    b = parse_bytes(b"Quiet week on the river\r\nThe river stayed calm all week, and the ferries kept to their timetable without a single delay.\r\n")
    assert_offsets(b)
    assert b.body_text.startswith("The river stayed calm")


def test_byline_with_handle_and_relative_time():
    assert parse_byline("Ada Quill @adaquill / 2 days") == (["Ada Quill"], None)


def test_url_given_in_the_text():
    text = ("Ferry fares fall for the winter\n"
            "The ferry company cut its winter fares by a fifth on Monday, the first cut in a decade, after a year of full boats.\n"
            "Islanders said the cheaper tickets would make the trip to the mainland hospital easier for older residents.\n"
            "Source: https://example.test/news/ferry-fares\n")
    a = parse_text(text)
    assert a.url == "https://example.test/news/ferry-fares"
    assert "https://" not in a.body_text


def test_dateline_forms_in_a_page():
    base = ("Harbour lights switched on\n{}\n"
            "The harbour lights were switched on again on Friday evening after a month of repairs to the old wiring.\n"
            "Crowds gathered on the sea wall to watch, and the brass band played until the last ferry left.\n")
    for line, iso in [("28 February 2024", "2024-02-28"), ("Feb 28, 2024", "2024-02-28"),
                      ("2024-02-28", "2024-02-28"), ("Updated 10:42 GMT", None), ("2 days ago", None),
                      ("Posted on March 3, 2024 by Ada Quill", "2024-03-03")]:
        a = parse_text(base.format(line))
        assert a.published == iso, line
        assert line not in a.body_text


def test_offsets_hold_on_messy_input():
    """Scraped text of every shape: offsets always point at their text, nothing raises."""
    import random

    rng = random.Random(3)
    pieces = ["By Ada Quill", "Photo: Lena Ostrow", "READ MORE: Gulls return", "Translation: Bay Post", "AQ/TR",
              "Feb 28, 2024", " | Bay Post", " \u2013 ", "\n", "\n\n", "# ", "> ", "- ", "---\n", "\u201cquoted\u201d",
              "Updated 10:42 GMT", "The tide came in slowly over the flats, and the gulls followed it home.",
              "  ", "\t", "\u00e9t\u00e9", "Share this:", "(AP Photo/Tom Reed)"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        for fmt in ("txt", "md"):
            a = parse_text(text, fmt=fmt)
            assert_offsets(a)
            json.dumps(a.to_json())


def test_byline_author_without_trailing_on_or_bullets():
    assert parse_byline("Written By Mara Lindqvist")[0] == ["Mara Lindqvist"]
    assert parse_byline("By Mara Lindqvist on Mar. 4, 2024") == (["Mara Lindqvist"], "2024-03-04")
    assert parse_byline("By Mara Lindqvist \u25cf Editor-in-Chief")[0] == ["Mara Lindqvist"]


def test_labelled_date_on_the_next_line_is_the_published_date():
    text = ("Kettle Valley Notes\nOrchard growers try a new frost net\n"
            + "Growers in the upper valley strung a fine mesh over three hectares of pears this spring, "
              "hoping to spare the blossom from the late cold that has cost them two harvests.\n" * 3
            + "Published\n14 April 2023\nShare this:\n")
    art = parse_text(text)
    assert art.published == "2023-04-14"
    assert "14 April 2023" not in art.body_text


# --- page headers as sites print them: masthead, menus, the headline twice -------------------------

_BODY_A = (
    "Fishing crews in the northern fjords said on Monday that a late thaw had kept their boats in harbour for a "
    "third week, and that buyers in the south had begun to look elsewhere for cod.",
    "The regional fisheries office said it would review the season's opening date once the ice charts for the "
    "coming fortnight were published, but gave no promise of compensation.",
    "\u201cWe mend nets and we wait,\u201d said one skipper, who has fished the same waters for thirty years. "
    "\u201cThe sea decides, not the office.\u201d",
    "Merchants in the port town reported that freezer stocks were lower than at any time in a decade, and that "
    "prices at the weekly auction had risen by almost a fifth.",
)


def _page(*head: str, tail: tuple[str, ...] = ()) -> str:
    return "\n".join(head + _BODY_A + tail)


def test_masthead_with_title_case_tagline_menu_and_suffixed_headline_twin():
    text = _page(
        "Skip to content",
        "Fjord Gazette | News From the Northern Coast",
        "Home \u00b7 Fisheries \u00b7 Weather \u00b7 Ferries \u00b7 Opinion",
        "Late Thaw Keeps Northern Cod Boats in Harbour",
        "Late Thaw Keeps Northern Cod Boats in Harbour | Fjord Gazette",
        "By Ingrid Solheim and Pavel Nowak | Fjord Gazette",
        "2 March 2024",
        "Ice lies across the inner harbour on Sunday. Photo: Fjord Gazette/Ola Berg",
        tail=("\u00a9 2024 Fjord Gazette AS",),
    )
    a = parse_text(text)
    assert a.source == "Fjord Gazette"
    assert a.title == "Late Thaw Keeps Northern Cod Boats in Harbour" and not a.title_derived
    assert a.authors == ["Ingrid Solheim", "Pavel Nowak"]
    assert a.published == "2024-03-02"
    assert "Home \u00b7 Fisheries \u00b7 Weather \u00b7 Ferries \u00b7 Opinion" in a.boilerplate
    assert all(not b.text.startswith(("Skip to", "Home")) for b in a.blocks)
    assert_offsets(a)


def test_bare_masthead_over_its_tagline_is_the_source_and_a_handle_byline_gives_no_date():
    text = _page(
        "Pampas Herald",
        "Stories from the grasslands and the river towns",
        "Menu   Search   Subscribe   Sign in",
        "Cattle Auctions Move Online as River Ferries Stop",
        "Lucas Ferreyra @lferreyra / 3 hours",
        tail=("Share this:", "\u00a9 2024 Pampas Herald Media. All rights reserved."),
    )
    a = parse_text(text)
    assert a.source == "Pampas Herald"
    assert a.title == "Cattle Auctions Move Online as River Ferries Stop"
    assert a.authors == ["Lucas Ferreyra"]
    assert a.published is None  # "3 hours" is no date
    assert "Menu   Search   Subscribe   Sign in" in a.boilerplate


def test_byline_author_beats_the_photographer_and_a_menu_is_never_the_title():
    text = _page(
        "Pampas Herald \u2013 News from the River Plate region",
        "Home \u00b7 Argentina \u00b7 Uruguay \u00b7 Paraguay \u00b7 Sport",
        "Boats wait at the quay in Colonia on Monday. Photo: Pampas Herald/Marisa Quiroga",
        "Posted on April 2, 2024 by Tobias Lindgren",
        "Boats wait at the quay in Colonia on Monday. Photo: Pampas Herald/Marisa Quiroga",
    )
    a = parse_text(text)
    assert a.source == "Pampas Herald"
    assert a.authors == ["Tobias Lindgren"]
    assert a.published == "2024-04-02"
    assert a.title_derived and not a.title.startswith("Home")
    assert len(a.captions) == 1 and a.captions[0].credit.endswith("Marisa Quiroga")


def test_a_title_case_headline_with_a_dash_is_not_a_masthead():
    a = parse_text(_page("Harbour Strike \u2013 Dockers Walk Out Over Pay", "By Ada Quill"))
    assert a.source != "Harbour Strike"


def test_menu_rows_are_recognised():
    from tuireader.parse.roles import is_menu_line

    assert is_menu_line("Home \u00b7 Fisheries \u00b7 Weather \u00b7 Ferries")
    assert is_menu_line("World   Economy   Climate   Science")
    assert is_menu_line("News | Sport | Letters | Puzzles")
    assert not is_menu_line("Jane Doe | Staff | Politics")
    assert not is_menu_line("Late Thaw Keeps Northern Cod Boats in Harbour | Fjord Gazette")
    assert not is_menu_line("Accept | Manage settings")


# --- more date forms, and all-number dates read only when the order is certain ---------------------


@pytest.mark.parametrize("text, iso", [
    ("Filed 23.10.19", "2019-10-23"),                         # two-digit year, the day can only come first
    ("Posted 07.21.2023", "2023-07-21"),                      # the month can only come first
    ("Last edited on 03-Mar-2022", "2022-03-03"),
    ("Revised on 27/Sep/2021 after review", "2021-09-27"),
    ("Season notes 11/23 \u2014 2022", "2022-11-23"),
    ("Aug. 30. 2021", "2021-08-30"),
    ("October 5. 2020", "2020-10-05"),
    ("Published 2022 Feb 14;9(2):101-9", "2022-02-14"),
    ("2019\u202211\u202204", "2019-11-04"),
    ("\u00bb 2018 \u2013 06 \u2013 30", "2018-06-30"),
    ("Date added: 12-29-2023", "2023-12-29"),
    ("04.05.2024", None),                                      # 4 May or April 5: no guess
    ("Updated 02/03/2021", None),
    ("release 1.10.12 notes", None),                           # a version number, not a date
    ("2023 Jan 7:30 pm", None),
])
def test_more_date_forms(text, iso):
    assert find_date(text) == iso


def test_page_order_settles_all_number_dates():
    from tuireader.parse.dates import page_order

    assert find_date("04.05.2024", order="dmy") == "2024-05-04"
    assert find_date("04.05.2024", order="mdy") == "2024-04-05"
    # one date that can only be day-first tells how the page writes the others
    assert page_order("Posted 04.05.2024\nComments closed 21.05.2024") == "dmy"
    assert page_order("Posted 04/05/2024\nLast reply 04/21/2024") == "mdy"
    assert page_order("Posted 04.05.2024") is None
    # the same day written out in words elsewhere on the page settles it too
    assert page_order("Filed 06/09/2022\nMore from the ferry desk - 6 September 2022") == "dmy"
    # signs that disagree settle nothing
    assert page_order("28.02.2024 and 02/28/2024") is None


def test_ambiguous_date_in_a_page_is_read_by_the_page_order_or_not_at_all():
    body = ("The harbour lights were switched on again on Friday evening after a month of repairs to the old wiring.\n"
            "Crowds gathered on the sea wall to watch, and the brass band played until the last ferry left.\n")
    alone = parse_text("Harbour lights switched on\nPost time: 05-06-2024\n" + body)
    assert alone.published is None
    told = parse_text("Harbour lights switched on\nPost time: 05-06-2024\n" + body
                      + "Comments\nGull Watcher 19-06-2024\n")
    assert told.published == "2024-06-05"


def test_date_first_byline():
    assert parse_byline("March 9, 2023 By Ines Varga") == (["Ines Varga"], "2023-03-09")
    assert parse_byline("Friday, 9 June 2023 | by Ines Varga") == (["Ines Varga"], "2023-06-09")
    assert parse_byline("2023 was shaped by Storms") is None


# --- headline wording ----------------------------------------------------------------------------


def test_headline_tidied_of_breadcrumbs_labels_and_dates():
    from tuireader.parse.headline import clean_headline

    assert clean_headline("Home \u00bb Guides \u00bb How to Mend a Fishing Net", False) == "How to Mend a Fishing Net"
    assert clean_headline("Harbour Office > Ferry Timetable Changes for Winter", False) == \
        "Ferry Timetable Changes for Winter"
    assert clean_headline("Title: Tidal Patterns in the Northern Sound", False) == "Tidal Patterns in the Northern Sound"
    assert clean_headline("Mar 4 2024 Night Ferry Returns to the Islands", False) == "Night Ferry Returns to the Islands"
    assert clean_headline("Night Ferry Returns to the Islands / Mar 2024", False) == "Night Ferry Returns to the Islands"
    # a headline that merely contains a date or a colon is left alone
    assert clean_headline("Ferry Fares: What Changes in 2024", False) == "Ferry Fares: What Changes in 2024"


def test_all_caps_headline_takes_the_browser_titles_wording():
    text = ("Gulls Return to the Old Pier | Bay Post\nHome\nNews\nGULLS RETURN TO THE OLD PIER\nBy Ada Quill\n"
            "The gulls came back to the old pier this week after the repairs to the boardwalk were finished, "
            "and the harbour master said the birds had been missed by the anglers.\n"
            "Fishermen said the birds were a sign that the mackerel were back in the bay after a thin summer.\n")
    a = parse_text(text)
    assert a.title == "Gulls Return to the Old Pier"
    assert a.title_derived is False
    assert a.text[a.title_start:a.title_start + len(a.title)] == a.title
    assert_offsets(a)


# --- which date is the publication date, and who wrote it ------------------------------------------


def test_line_with_two_dates_gives_the_publication_date():
    assert find_date("Updated June 3, 2023 4:10 PM Originally published May 30, 2023") == "2023-05-30"
    assert find_date("Aug 9, 2022 July 18, 2022 by Rhea Moss") == "2022-07-18"   # the update comes later
    assert find_date("Last modified 12 March 2021 | 4 March 2021") == "2021-03-04"


_STORY = (
    "The lighthouse keepers' cottage on the north cape opened to visitors this spring after eight years of repair.",
    "Volunteers replaced the slate roof, rebuilt the chimney and repainted the lamp room in its original green.",
    "The trust that owns it said the cottage would stay open at weekends until the autumn gales begin.",
    "Local schools have booked visits for every week of the summer term, and the café has hired two cooks.",
)


def _long_story() -> tuple[str, ...]:
    return tuple(f"{line[:-1]}, as the keepers' log for week {k} records." for k in range(8) for line in _STORY)


def test_signature_date_under_the_story_but_not_comment_stamps():
    text = "\n".join(("Cape cottage opens its doors",) + _long_story() + (
        "Share", "Ilse Brandt March 14, 2022", "2 Comments",
        "Tomas Wren", "March 20, 2022 at 9:12 am", "Lovely to see it open again.",
        "Pia Lund", "March 16, 2022 at 7:40 pm", "We went on Saturday."))
    a = parse_text(text)
    assert a.published == "2022-03-14"
    only_comments = "\n".join(("Cape cottage opens its doors",) + _long_story() + (
        "Share", "Comments", "March 20, 2022 at 9:12 am", "Lovely to see it open again.",
        "March 16, 2022 at 7:40 pm", "We went on Saturday."))
    assert parse_text(only_comments).published is None


def test_a_list_of_dated_posts_is_not_the_publication_date():
    text = "\n".join(("Cape cottage opens its doors", "Harbour Trust Notes | 9 May 2019 | Heritage") + _STORY + (
        "Recent posts", "Ferry fares rise", "2 June 2023", "New pier lights", "28 May 2023",
        "Gull census results", "21 May 2023"))
    assert parse_text(text).published == "2019-05-09"


def test_bare_name_near_the_headline_must_look_like_a_person():
    head = ("Cape cottage opens its doors", "Key Takeaways")
    a = parse_text("\n".join(head + _STORY))
    assert a.authors == []
    b = parse_text("\n".join(("Cape cottage opens its doors", "Ilse Brandt") + _STORY))
    assert b.authors == ["Ilse Brandt"]


def test_author_box_under_the_story():
    story = _long_story()
    text = "\n".join(("Cape cottage opens its doors",) + story + ("Written by Ilse Brandt", "Share this:"))
    assert parse_text(text).authors == ["Ilse Brandt"]
    related = "\n".join(("Cape cottage opens its doors",) + story + (
        "More stories", "Gull census results", "By Ilse Brandt", "Ferry fares rise", "By Tomas Wren"))
    assert parse_text(related).authors == []


@pytest.mark.parametrize("line, authors", [
    ("By Ilse Brandt, Co-Founder & CEO", ["Ilse Brandt"]),
    ("By Tomas Wren, Journalist", ["Tomas Wren"]),
    ("By Pia Lund Last Updated: May 2, 2024", ["Pia Lund"]),
    ("Written by: Rhea Moss Rhea Moss", ["Rhea Moss"]),
    ("By Olin Marsh (Trust) - 4 Comments", ["Olin Marsh (Trust)"]),
    ("Written By: Ines Varga Executive Garden Editor", ["Ines Varga"]),
    ("By Rhea Moss, Chief Marketing Officer, Harbour Works, Bayline", ["Rhea Moss"]),
    ("By Pia Lund \u00b7 In: Recipes, Bread", ["Pia Lund"]),
    ("By Pia and Olin", ["Pia", "Olin"]),
])
def test_byline_roles_and_repeats_are_not_authors(line, authors):
    assert parse_byline(line)[0] == authors


def test_a_filter_by_an_everyday_word_is_no_byline():
    assert parse_byline("By Industry") is None
    assert parse_byline("By Region") is None


def test_name_before_the_date_on_a_date_line():
    text = "\n".join(("Cape cottage opens its doors", "Ilse Brandt 14 March 2022 Heritage, Coast") + _STORY)
    a = parse_text(text)
    assert a.published == "2022-03-14"
    assert a.authors == ["Ilse Brandt"]


def test_name_with_a_role_under_the_headline_is_the_byline():
    a = parse_text("\n".join(("Cape cottage opens its doors", "Ilse Brandt, Heritage Editor") + _STORY))
    assert a.authors == ["Ilse Brandt"]
    b = parse_text("\n".join(("Cape cottage opens its doors", "Harbour Walks, Guided Tours") + _STORY))
    assert b.authors == []


def test_json_text_given_as_a_list_of_paragraphs_or_as_something_else():
    from tuireader.parse import parse_text

    listed = parse_text('{"title": "Ferry fares", "text": ["First paragraph here.", "Second one."]}', fmt="json")
    assert [b.text for b in listed.blocks] == ["First paragraph here.", "Second one."]
    odd = parse_text('{"title": "Ferry fares", "text": {"p": 1}}', fmt="json")
    assert odd.blocks == [] and any("text field" in p for p in odd.problems)
    assert "{" not in odd.body_text
