"""Titles: the headline a page prints, and the one made for a page that prints none.

All fixture text here is original, written for these tests.
"""

from __future__ import annotations

import re

import pytest

from tuireader.parse import parse_text
from tuireader.parse import headline
from tuireader.parse.headline import clean_headline
from tuireader.parse.title import MAX_TITLE, cut_page_title, derive_title, first_sentence

# words a headline never ends on
DANGLING = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
            "that", "which", "who", "is", "are", "was", "were", "its", "their", "his", "her", "can", "will"}


def assert_headline_like(title: str, source: str) -> None:
    """At most 100 characters, a run of the source's own words cut at a word boundary, ending on a
    word that can end a headline."""
    assert 0 < len(title) <= MAX_TITLE
    flat = " ".join(source.split())
    at = flat.find(title)
    assert at >= 0, "the title is the source's own wording"
    after = flat[at + len(title):at + len(title) + 1]
    assert not after or not after.isalnum(), f"cut mid-word: {title!r}"
    last = re.findall(r"[\w'\u2019]+", title)[-1].lower()
    assert last not in DANGLING, f"dangling last word: {title!r}"
    assert not last.endswith(("'s", "\u2019s")), f"ends on a possessive: {title!r}"
    assert title[-1] not in ",;:-\u2013\u2014(\"\u201c"


# --- cutting a long first sentence ------------------------------------------------------------


LONG_SENTENCES = [
    # the clause after a comma and a conjunction goes
    ("Lighthouse keepers on the cape have been told their posts will close by the end of the decade, "
     "and the coastguard says automatic lamps will take their place along the whole coast.",
     "Lighthouse keepers on the cape have been told their posts will close by the end of the decade"),
    # an unspaced em dash ends a clause
    ("Winter is not just the quiet season for the island ferries\u2014it is also when every hull is lifted, "
     "scraped and painted before the crowds come back in spring.",
     "Winter is not just the quiet season for the island ferries"),
    # a semicolon beats a later comma
    ("The orchard cooperative lost a third of its pear harvest to the April frost; growers further down the "
     "valley, where the air stays warmer, fared much better than expected.",
     "The orchard cooperative lost a third of its pear harvest to the April frost"),
    # a list is not cut in the middle: the title ends before it
    ("Across the three market towns, council inspectors checked the scales, thermometers, labels and "
     "receipts of more than two hundred stalls during the summer fairs.",
     "Across the three market towns, council inspectors checked the scales"),
]


@pytest.mark.parametrize("paragraph,want", LONG_SENTENCES)
def test_long_first_sentence_is_cut_at_a_clause_boundary(paragraph, want):
    title = derive_title(paragraph)
    assert_headline_like(title, paragraph)
    assert title == want


def test_a_cut_never_leaves_a_participle_reading_as_another_claim():
    # cut after "approved", the title would say the families fear "the tunnel approved": the
    # phrase the participle opens is kept to its end
    paragraph = ("Fishing families on the north shore say they fear the coastal road tunnel approved on Monday "
                 "will cut them off from the harbour for two summers, while shop owners in the town centre "
                 "expect more visitors.")
    title = derive_title(paragraph)
    assert_headline_like(title, paragraph)
    assert title == "Fishing families on the north shore say they fear the coastal road tunnel approved on Monday"


def test_a_cut_never_leaves_a_little_word_or_a_possessive_at_the_end():
    paragraph = ("Two late goals from the reserve striker Tomasz Wielgosz gave the Harbour Rovers a narrow victory over "
                 "the Quarry Lane's long-time rivals in the county final watched by nine thousand people.")
    title = derive_title(paragraph)
    assert_headline_like(title, paragraph)
    assert title.startswith("Two late goals from the reserve striker Tomasz Wielgosz gave the Harbour Rovers")


def test_a_long_sentence_without_any_comma_is_cut_at_a_phrase_boundary():
    paragraph = ("Water engineers in the southern district will shut the main reservoir valves to homes in Brackwater "
                 "and Millfield for up to twelve hours on each of the next four weekends.")
    title = derive_title(paragraph)
    assert_headline_like(title, paragraph)
    assert title == "Water engineers in the southern district will shut the main reservoir valves to homes in Brackwater"


def test_no_boundary_to_speak_of_still_cuts_between_words():
    paragraph = " ".join(["Stonemasons"] + ["restored"] * 3 + ["the"] + ["weathered"] * 30) + " gargoyles."
    title = derive_title(paragraph)
    assert_headline_like(title, paragraph)
    assert title.endswith("weathered")


@pytest.mark.parametrize("limit", [40, 60, 80])
def test_the_limit_is_kept_for_any_length(limit):
    paragraph = ("The regional rail operator has ordered forty new carriages for the coastal line, which carries "
                 "commuters between the port and the university towns, after two winters of breakdowns.")
    title = derive_title(paragraph, limit=limit)
    assert len(title) <= limit
    assert_headline_like(title, paragraph)


def test_a_short_first_sentence_is_the_title_whole():
    paragraph = "The night market is back. Stallholders returned to the square on Friday after a year away."
    assert derive_title(paragraph) == "The night market is back"
    question = "Can a village run its own bus? Residents of Edgecombe think so, and they have bought one."
    assert derive_title(question) == "Can a village run its own bus?"


def test_abbreviations_and_initials_do_not_end_the_sentence():
    text = "Dr. Amara Okafor and J. R. Lindqvist opened the new clinic in St. Brennan's Road on Monday. It has ten beds."
    assert first_sentence(text) == "Dr. Amara Okafor and J. R. Lindqvist opened the new clinic in St. Brennan's Road on Monday"


def test_labels_datelines_and_dates_do_not_open_a_title():
    assert derive_title("Updated: Storm crews restored power to most of the valley overnight.") == \
        "Storm crews restored power to most of the valley overnight"
    assert derive_title("KESTRELTON (Coast Wire) -- The harbour board approved the new breakwater on Tuesday.") == \
        "The harbour board approved the new breakwater on Tuesday"
    assert derive_title("March 3, 2024 The harbour board approved the new breakwater on Tuesday.") == \
        "The harbour board approved the new breakwater on Tuesday"
    # a sentence that starts with a capitalised word and a dash is not a dateline
    assert derive_title("Ferries - the old ones at least - are slower than the new catamarans.") == \
        "Ferries - the old ones at least - are slower than the new catamarans"


# --- in a whole article ------------------------------------------------------------------------

NO_HEADLINE = """
The restored tram at the depot gates on Saturday. Photo: Tramway Society archive
The Fenmouth Ledger \u2013 News from the marsh towns and the coast
Local news, told by the people who live it
The restored tram at the depot gates on Saturday. Photo: Tramway Society archive
By Corin Hale \u2013 Apr 12, 2024
Volunteers at the Fenmouth tramway depot have finished restoring the last of the town's original electric trams, a car built in 1911 that spent forty years as a garden shed before the society bought it for one pound.
The tram will carry passengers along the restored stretch of track on summer weekends, the society said, and school groups will be able to visit the workshop on weekdays.
Fundraising for a second car has already begun, with a target of twelve thousand pounds by the end of the year.
Support independent local news
Donate now"""


def test_an_article_without_a_headline_gets_a_derived_one_from_its_body():
    a = parse_text(NO_HEADLINE)
    assert a.title_derived is True
    assert a.title_start is None
    body = a.blocks[0].text
    assert_headline_like(a.title, body)
    assert a.title.startswith("Volunteers at the Fenmouth tramway depot have finished restoring")
    # not the caption, not the site's tagline, not the byline
    assert "Photo" not in a.title and "tram at the depot gates" not in a.title
    assert "told by the people" not in a.title and "marsh towns" not in a.title
    assert "Corin Hale" not in a.title


def test_an_article_with_a_headline_keeps_it():
    text = ("Last Fenmouth Tram Restored After Forty Years as a Shed | The Fenmouth Ledger\nHome\nNews\n"
            "Last Fenmouth Tram Restored After Forty Years as a Shed\nBy Corin Hale \u2013 Apr 12, 2024\n"
            + NO_HEADLINE.split("Apr 12, 2024\n", 1)[1])
    a = parse_text(text)
    assert a.title == "Last Fenmouth Tram Restored After Forty Years as a Shed"
    assert a.title_derived is False
    assert a.text[a.title_start:a.title_start + len(a.title)] == a.title


def test_an_unlikely_line_under_the_story_does_not_take_the_first_lines_place():
    text = "\n".join((
        "Tram depot opens for a summer of rides",
        "Fenmouth Tramway Society | 12 April 2024 | Heritage",
        "Volunteers at the Fenmouth tramway depot have finished restoring the town's last original tram, a car "
        "built in 1911 that spent forty years as a garden shed.",
        "The tram will carry passengers along the restored track on summer weekends, and school groups can visit "
        "the workshop on weekdays.",
        "Fundraising for a second car has already begun, with a target of twelve thousand pounds by the end of "
        "the year.",
        "Recent posts", "Gull census results", "2 June 2023", "New pier lights", "28 May 2023"))
    a = parse_text(text)
    assert a.title == "Tram depot opens for a summer of rides"
    assert a.title_derived is False


# --- the browser title: which part is the headline ------------------------------------------------


@pytest.mark.parametrize("page_title,want", [
    # a section and the site after the headline: both go
    ("Ferry Timetable Changes for Winter | Travel | The Harbour Ledger", "Ferry Timetable Changes for Winter"),
    ("Gull Census Counts Fewer Nests – Wildlife – Fenmouth Ledger", "Gull Census Counts Fewer Nests"),
    # a short headline before a longer site name is still the headline
    ("Net Mending | Old Quay Craft Guild of Fenmouth", "Net Mending"),
    # a second half in lower case, or one that ends like a sentence, is the headline's own
    ("Salt Marsh Walks \u2013 bring boots and patience | Fenmouth Rambles",
     "Salt Marsh Walks \u2013 bring boots and patience"),
    ("Best Rain Jackets \u2013 Our Top Picks! \u2013 Coastal Kit", "Best Rain Jackets \u2013 Our Top Picks!"),
    # no separator: the title whole
    ("Why the Night Ferry Runs Late", "Why the Night Ferry Runs Late"),
])
def test_the_browser_title_loses_its_site_and_section_names(page_title, want):
    assert cut_page_title(page_title) == want
    assert clean_headline(page_title, True) == want


def test_a_page_headline_keeps_a_second_half_that_is_no_site_name():
    # a site's name is short and reads like a name, not like a clause or an exclamation
    assert clean_headline("Salt Marsh Walks \u2013 bring boots and patience", False) == \
        "Salt Marsh Walks \u2013 bring boots and patience"
    assert clean_headline("Rain Jackets Compared \u2013 Our Top Picks!", False) == \
        "Rain Jackets Compared \u2013 Our Top Picks!"
    assert clean_headline("Tide Tables Explained | Harbour Ledger", False) == "Tide Tables Explained"


TRAM_BODY = (
    "Volunteers at the Fenmouth tramway depot have finished restoring the town's last original tram, a car "
    "built in 1911 that spent forty years as a garden shed behind the old brewery.\n"
    "The tram will carry passengers along the restored stretch of track on summer weekends, the society said, "
    "and school groups will be able to visit the workshop on weekdays.\n"
    "Fundraising for a second car has already begun, with a target of twelve thousand pounds by the end of "
    "the year, and the society is asking for volunteers with welding experience.\n")


def test_a_page_whose_only_headline_is_the_browser_title_gets_it_without_section_or_site():
    a = parse_text("Tram Depot Opens for a Summer of Rides | Heritage | The Fenmouth Ledger\n"
                   "Skip to content\nHome\nNews\nHeritage\n" + TRAM_BODY)
    assert a.title == "Tram Depot Opens for a Summer of Rides"
    assert a.title_derived is False


def test_a_short_headline_before_the_site_name_is_not_mistaken_for_the_site():
    a = parse_text("Net Mending - Old Quay Craft Guild\nHome\nCourses\nAbout\n" + TRAM_BODY)
    assert a.title == "Net Mending"


def test_a_headline_styled_with_every_word_capitalised_takes_the_browser_titles_letters():
    # "Of", "The", "On" in capitals come from the page's styling; the browser title is never styled
    a = parse_text("Notes of the Tide Keeper: A Year on the Breakwater | The Fenmouth Ledger\nHome\nNews\n"
                   "Notes Of The Tide Keeper: A Year On The Breakwater\nBy Corin Hale\n12 April 2024\n" + TRAM_BODY)
    assert a.title == "Notes of the Tide Keeper: A Year on the Breakwater"
    assert a.authors == ["Corin Hale"]
    # a headline written in Title Case by its author keeps its own letters
    b = parse_text("Notes of the Tide Keeper | The Fenmouth Ledger\nHome\nNews\n"
                   "Notes of the Tide Keeper\nBy Corin Hale\n12 April 2024\n" + TRAM_BODY)
    assert b.title == "Notes of the Tide Keeper"


def test_a_line_that_is_only_the_sites_name_is_not_the_headline():
    a = parse_text("The Fenmouth Ledger\nThe Fenmouth Ledger\nHome\nNews\nHeritage\n"
                   "Tram Depot Opens for a Summer of Rides | The Fenmouth Ledger\n"
                   "Tram Depot Opens for a Summer of Rides\nBy Corin Hale\n12 April 2024\n" + TRAM_BODY)
    assert a.title == "Tram Depot Opens for a Summer of Rides"
    assert a.authors == ["Corin Hale"]


def test_when_the_browser_titles_wording_wins_the_pages_own_version_is_the_headline_line(monkeypatch):
    from tuireader.parse import headline, linemodel
    from tuireader.parse.linemodel import split_lines

    model = dict(linemodel._load_model())
    # a chooser that always prefers the browser title (line 0)
    model["title_rank"] = [5.0 if name == "is_first" else 0.0 for name in headline.TITLE_FEATURES]
    monkeypatch.setattr(headline, "_load_model", lambda: model)
    text = ("Fenmouth Tram Back on the Rails After Forty Years | The Fenmouth Ledger\nHome\nNews\n"
            "Fenmouth's Last Tram Is Back on the Rails\nCorin Hale\n12 April 2024\n" + TRAM_BODY)
    lines = split_lines(text)
    first_body = next(i for i, ln in enumerate(lines) if ln.text.startswith("Volunteers"))
    at, wording, p = headline.pick_headline(lines, first_body, [0.0] * len(lines))
    assert wording == "Fenmouth Tram Back on the Rails After Forty Years"
    assert lines[at].text == "Fenmouth's Last Tram Is Back on the Rails"
    # and the parser keeps that line out of the body
    a = parse_text(text)
    assert a.title == "Fenmouth Tram Back on the Rails After Forty Years"
    assert all("Last Tram Is Back" not in b.text for b in a.blocks)


def test_a_newspapers_name_under_the_headline_is_not_taken_for_it():
    # a first line in sentence case, then the paper's name, the byline and the date
    a = parse_text("Harbour fees rise after a long night of debate\nThe Fenmouth Courier\nBy Ada Quill\n"
                   "March 3, 2024\n" + TRAM_BODY)
    assert a.title == "Harbour fees rise after a long night of debate"
    assert a.authors == ["Ada Quill"]
    assert headline.is_masthead("The Fenmouth Courier") and headline.is_masthead("Northsea Daily News")
    assert not headline.is_masthead("Why the Courier Closed") and not headline.is_masthead("Fake news")
