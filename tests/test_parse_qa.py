"""Defects found by a QA pass over the parser: dates never guessed, relative dates, file-name dates,
and headlines of other stories inlined between paragraphs.  Fixture text is original."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tuireader.parse import load_article, parse_text
from tuireader.parse.dates import date_from_path, relative_date
from tuireader.parse.raw import parse_raw

P1 = ("The ferry to the outer islands ran on time on Friday for the first week since the autumn gales, "
      "and the harbour master said the new pontoon had held up well in the swell.")
P2 = ("Islanders queued at the slipway before dawn with crates of eggs and cheese for the mainland market, "
      "which had been cut off from their produce for most of the month.")
P3 = ("The council said it would publish a winter timetable next week, with a spare boat kept on standby "
      "in case the weather turns again before the new year.")
P4 = ("Skippers welcomed the promise but said a spare boat was only useful if there were crews to sail it, "
      "and that two posts on the island route had been vacant since the spring.")
P5 = ("A spokesman for the ferry operator said recruitment was under way and that new deckhands would "
      "train on the short crossing before moving to the longer island route.")


def _kinds(article) -> dict[str, str]:
    return {b.text: b.kind for b in article.blocks}


# -- A. a copyright year is no publication date (HTML) ------------------------------------------------

def _html(extra_head: str = "", before: str = "", footer: str = "\u00a9 2024 Islands Gazette") -> str:
    return ("<html><head><title>Ferry back on time after the gales</title>" + extra_head + "</head><body>"
            "<article><h1>Ferry back on time after the gales</h1>" + before +
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></article><footer>{footer}</footer></body></html>")


def _show_html(tmp_path, name: str, page: str):
    pytest.importorskip("trafilatura")
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return load_article(path)


def test_a_copyright_year_in_an_html_footer_gives_no_date(tmp_path):
    assert _show_html(tmp_path, "g.html", _html()).published is None
    assert _show_html(tmp_path, "h.html", _html(footer="Copyright 2023 Islands Gazette. All rights reserved.")
                      ).published is None


def test_an_html_date_written_with_its_day_is_kept_even_on_the_first(tmp_path):
    written = _show_html(tmp_path, "w.html", _html(before="<p class='date'>Posted 1 March 2024</p>"))
    assert written.published == "2024-03-01"
    meta = _show_html(tmp_path, "m.html", _html(
        extra_head='<meta property="article:published_time" content="2024-03-01T07:30:00Z">'))
    assert meta.published == "2024-03-01"
    other_day = _show_html(tmp_path, "d.html", _html(before="<p class='date'>Posted 14 March 2024</p>"))
    assert other_day.published == "2024-03-14"


def test_a_bare_year_or_month_in_an_html_page_gives_no_date(tmp_path):
    assert _show_html(tmp_path, "y.html", _html(before="<p>Winter 2024 timetable</p>")).published is None


def test_an_html_file_named_with_a_date_falls_back_on_it(tmp_path):
    assert _show_html(tmp_path, "2024-05-06_ferry.html", _html()).published == "2024-05-06"


# -- B. relative dates and the date in the file's name ----------------------------------------------

def _lantern(byline: str) -> str:
    return "\n".join([
        "Islands Lantern",
        "News from the far shore",
        "Menu   Search   Subscribe",
        "Ferry Back on Time After the Autumn Gales",
        byline,
        P1, P2, P3,
        "Share this:",
        "\u00a9 2024 Islands Lantern Media",
    ])


def test_relative_dates_are_counted_back_from_a_reference_time():
    ref = datetime(2024, 10, 17, 9, 30)
    assert relative_date("Ines Halvorsen @ihalvorsen / 2 days", ref) == "2024-10-15"
    assert relative_date("Updated 3 hours ago", ref) == "2024-10-17"
    assert relative_date("10 hours ago", ref) == "2024-10-16"  # across midnight
    assert relative_date("yesterday", date(2024, 3, 1)) == "2024-02-29"
    assert relative_date("an hour ago", ref) == "2024-10-17"
    assert relative_date("5h ago", ref) == "2024-10-17"


def test_vague_or_unsure_relative_phrases_give_no_date():
    ref = datetime(2024, 10, 17, 9, 30)
    assert relative_date("2 days", None) is None  # no reference, no date
    assert relative_date("2 months ago", ref) is None  # too rough to give a day
    assert relative_date("a day on the water", ref) is None  # prose
    assert relative_date("a 5 m swell", ref) is None  # metres, not minutes
    assert relative_date("Ines Halvorsen @ihalvorsen", ref) is None


def test_the_file_name_date():
    assert date_from_path("/lib/2024-04-15_islands-lantern_ferry.txt") == "2024-04-15"
    assert date_from_path("2024-02-30_ferry.txt") is None
    assert date_from_path("ferry-2024-04-15.txt") is None
    assert date_from_path("/lib/2024-04-15/ferry.txt") is None  # a folder's name is not the file's
    assert date_from_path(None) is None


def test_a_relative_byline_date_uses_the_reference_then_the_file_name_else_nothing():
    text = _lantern("Ines Halvorsen @ihalvorsen / 2 days")
    assert parse_raw(text, article_id="x").published is None
    assert parse_raw(text, article_id="x", reference=datetime(2024, 10, 17, 12, 0)).published == "2024-10-15"
    assert parse_raw(text, article_id="x", path="2024-10-16_lantern_ferry.txt").published == "2024-10-16"
    # the text's date (resolved) wins over the file's name
    assert parse_raw(text, article_id="x", path="2024-10-16_lantern_ferry.txt",
                     reference=datetime(2024, 10, 17, 12, 0)).published == "2024-10-15"
    a = parse_raw(text, article_id="x", path="2024-10-16_lantern_ferry.txt")
    assert a.authors == ["Ines Halvorsen"]


def test_a_date_in_the_text_always_beats_the_file_name(tmp_path):
    path = tmp_path / "2025-01-01_lantern_ferry.txt"
    path.write_text(_lantern("By Ines Halvorsen | 16 October 2024"), encoding="utf-8")
    assert load_article(path).published == "2024-10-16"
    undated = tmp_path / "2025-01-02_lantern_ferry.txt"
    undated.write_text(_lantern("Ines Halvorsen @ihalvorsen / 5 hours"), encoding="utf-8")
    assert load_article(undated).published == "2025-01-02"
    plain = tmp_path / "lantern_ferry.txt"
    plain.write_text(_lantern("Ines Halvorsen @ihalvorsen / 5 hours"), encoding="utf-8")
    assert load_article(plain).published is None


# -- C. another story's headline between paragraphs is a related link, not a subheading ----------

def _story(*middle: str) -> str:
    return "\n".join([
        "Islands Lantern",
        "News from the far shore",
        "Menu   Search   Subscribe",
        "Ferry Back on Time After the Autumn Gales",
        "By Ines Halvorsen | 16 October 2024",
        P1, P2,
        *middle,
        "Share this:",
        "\u00a9 2024 Islands Lantern Media",
    ])


def test_a_headline_styled_line_among_sentence_case_subheadings_is_a_related_link():
    a = parse_text(_story("Queues at the slipway", P3, "Lighthouse Keepers' Cottages to Become Holiday Lets",
                          "Will the crews be found?", P4, P5))
    kinds = _kinds(a)
    assert kinds["Lighthouse Keepers' Cottages to Become Holiday Lets"] == "related"
    assert kinds["Will the crews be found?"] == "heading"
    assert kinds["Queues at the slipway"] == "heading"
    assert "Lighthouse Keepers' Cottages" not in a.body_text
    assert "Will the crews be found?" in a.body_text


def test_a_related_headline_between_two_paragraphs_is_found_without_a_heading_after_it():
    a = parse_text(_story("Queues at the slipway", P3, "Lighthouse Keepers' Cottages to Become Holiday Lets",
                          P4, "Crews still wanted", P5))
    kinds = _kinds(a)
    assert kinds["Lighthouse Keepers' Cottages to Become Holiday Lets"] == "related"
    assert kinds["Queues at the slipway"] == kinds["Crews still wanted"] == "heading"


def test_title_case_subheadings_stay_subheadings():
    # a page that writes all its subheadings in Title Case: nothing tells a link from a section
    a = parse_text(_story("Queues at the Slipway", P3, "Spare Boats Kept on Standby for Winter", P4,
                          "Crews Still Wanted", P5))
    kinds = _kinds(a)
    assert kinds["Spare Boats Kept on Standby for Winter"] == "heading"
    assert kinds["Queues at the Slipway"] == "heading"


def test_a_line_that_is_another_articles_title_is_a_related_link():
    text = _story("Spare Boats Kept on Standby for Winter", P3, "Crews Still Wanted", P4, P5)
    assert _kinds(parse_raw(text, article_id="x"))["Spare Boats Kept on Standby for Winter"] == "heading"
    told = parse_raw(text, article_id="x", related_titles={"Spare boats kept on standby for winter"})
    assert _kinds(told)["Spare Boats Kept on Standby for Winter"] == "related"
    assert _kinds(told)["Crews Still Wanted"] == "heading"
    # the article's own title is never a link to itself
    own = parse_raw(text, article_id="x", related_titles={"Ferry Back on Time After the Autumn Gales"})
    assert own.title == "Ferry Back on Time After the Autumn Gales"


def test_a_short_question_over_its_answer_is_a_subheading_but_a_quoted_one_is_not():
    a = parse_text(_story("Why did the ferry stop?", P3, "\u201cWho will sail it?\u201d", P4, P5))
    kinds = _kinds(a)
    assert kinds["Why did the ferry stop?"] == "heading"
    assert kinds["\u201cWho will sail it?\u201d"] == "paragraph"


def test_markdown_and_json_files_fall_back_to_the_date_their_name_starts_with(tmp_path):
    from tuireader.parse import load_article

    undated = tmp_path / "2023-09-14_quay-notes.md"
    undated.write_text("# Ferry timetable changes at the north quay\n\nThe winter timetable starts "
                       "next week, the harbour office said.\n", encoding="utf-8")
    assert load_article(undated).published == "2023-09-14"
    dated = tmp_path / "2023-09-14_quay-notes-dated.md"
    dated.write_text("---\ntitle: Ferry timetable changes\ndate: 2023-08-30\n---\nThe winter timetable "
                     "starts next week.\n", encoding="utf-8")
    assert load_article(dated).published == "2023-08-30"  # the text's own date wins
    as_json = tmp_path / "2022-01-05_note.json"
    as_json.write_text('{"title": "Dredging resumes", "text": "Work on the channel resumed on a calm day."}',
                       encoding="utf-8")
    assert load_article(as_json).published == "2022-01-05"
    nameless = tmp_path / "quay-notes.md"
    nameless.write_text(undated.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_article(nameless).published is None


# -- a masthead over the headline: "Site – tagline", then the headline, then the byline -----------

_BODY = ("The ferry operators agreed on Tuesday to restore the winter crossings after three weeks of talks "
         "with the island council.\n"
         "Skippers said the new timetable keeps two boats in service through the storm season and adds a "
         "late sailing on Fridays.\n")


@pytest.mark.parametrize("masthead", [
    "Saltmarsh Courier – News from the estuary towns",
    "Saltmarsh Courier – Since 1887",
    "The Gull – Reader-funded reporting",
])
def test_the_line_between_the_masthead_and_the_byline_is_the_headline(masthead):
    site = masthead.split(" – ")[0]
    text = ("\nA crew ties up at the north pier. Photo: Ines Bako / " + site + "\n" + masthead + "\n"
            "Island Council Restores Winter Ferry Crossings\nBy Ines Bako – Mar 4, 2025\n" + _BODY)
    art = parse_raw(text, article_id="x")
    assert art.title == "Island Council Restores Winter Ferry Crossings"
    assert not art.title_derived
    assert art.source == site
    assert art.authors == ["Ines Bako"] and art.published == "2025-03-04"


def test_a_browser_title_over_its_own_headline_is_still_read_as_headline_and_site():
    text = ("Ferry Crossings Restored – Saltmarsh Courier\nFerry Crossings Restored\n"
            "By Ines Bako – Mar 4, 2025\n" + _BODY)
    art = parse_raw(text, article_id="x")
    assert art.title == "Ferry Crossings Restored" and art.source == "Saltmarsh Courier"


# -- D13: a short last sentence that carries the story on; a page with no headline ---------------

_DEPOT = ("Tram Depot Plan Splits Riverside Residents\nBy Ines Bako | Saltmarsh Courier\n3 May 2025\n"
          "Residents of the riverside streets packed the parish hall on Wednesday evening to argue over plans "
          "for a tram depot on the old gasworks site, which the city bought last year.\n")


@pytest.mark.parametrize("last", [
    "The mayor said a decision would come in June.",
    "\u201cWe will listen to everyone,\u201d she said.",
    "A second meeting is planned, organisers told the Courier.",
])
def test_a_short_last_sentence_that_carries_the_story_on_is_body(last):
    art = parse_raw(_DEPOT + last + "\n", article_id="x")
    assert [b.text for b in art.blocks][-1] == last
    assert _kinds(art)[last] == "paragraph"
    assert last not in art.boilerplate
    assert art.title == "Tram Depot Plan Splits Riverside Residents" and art.authors == ["Ines Bako"]


@pytest.mark.parametrize("last", [
    "Reporting by Ines Bako; editing by Tom Rees.",
    "Copyright 2025 Saltmarsh Courier. All rights reserved.",
    "Ines Bako is a reporter for the Saltmarsh Courier.",
    "Sign up for our newsletter, readers said.",
    "Thanks for reading.",
])
def test_a_footer_after_the_story_stays_out_of_the_body(last):
    art = parse_raw(_DEPOT + last + "\n", article_id="x")
    assert last not in _kinds(art)
    assert last in art.boilerplate + art.credits


@pytest.mark.parametrize("top", ["", "Home | News | Harbour | Weather\n",
                                 "We use cookies to improve your visit. Accept our cookie policy to go on.\n"])
def test_with_no_headline_the_first_sentence_is_body_and_the_title_is_made_from_it(top):
    first = ("the ferry left the south slip an hour late on monday because the crew had to clear ice from "
             "the ramp before boarding.")
    text = top + first + "\npassengers waited in the shelter, the operator said.\n"
    art = parse_raw(text, article_id="x")
    assert [b.text for b in art.blocks] == [first, "passengers waited in the shelter, the operator said."]
    assert art.title_derived and first.startswith(art.title)  # what the "derived" note says
    assert art.boilerplate == ([top.strip()] if top else [])


def test_a_title_derived_on_a_page_without_paragraphs_comes_from_its_body_not_its_furniture():
    text = ("Skip to content\nWhat to pack for the ridge walk\n"
            "\u2022 A waterproof jacket and a spare pair of socks for the wet stretch.\n"
            "\u2022 Two litres of water per person, more if the day is warm and still.\n"
            "\u2022 A paper map, since phones lose signal past the second cairn.\n")
    art = parse_raw(text, article_id="x")
    assert art.title_derived and art.body_text
    assert art.blocks[0].text.startswith(art.title)
    assert "Skip to content" in art.boilerplate


def test_a_title_derived_from_a_list_leaves_out_the_bullet_and_the_share_button():
    text = ("Share this article\n"
            "- Pack a waterproof jacket and a spare pair of socks for the ridge walk.\n"
            "- Carry two litres of water per person, more if the day is warm.\n"
            "- Tell someone at the hostel which route you mean to take.\n")
    art = parse_raw(text, article_id="x")
    assert art.title_derived
    assert art.title == "Pack a waterproof jacket and a spare pair of socks for the ridge walk"
    assert art.boilerplate == ["Share this article"]
