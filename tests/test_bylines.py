"""Who wrote it: the byline a reader sees, in the shapes scraped pages write it.

Every page here is invented: names, headlines and stories."""

from __future__ import annotations

import pytest

from tuireader.parse import parse_bytes

MENU = ["Skip to content", "Home", "Stories", "Guides", "About us", "Contact"]

STORY = [
    "The ferry between the two islands ran late for most of the week, and the harbour office blamed the "
    "new timetable that came into force on Monday after months of talks with the operators.",
    "Passengers waiting on the quay said the delays had grown longer each day, with some crossings leaving "
    "more than forty minutes behind the posted time while the tide turned against the boats.",
    "The operator said it would add a second boat on the busiest mornings from next month and review the "
    "timetable again before the summer season, when the number of visitors usually doubles.",
    "Local shop owners on the smaller island said they had lost deliveries twice this week and asked the "
    "council to publish a clear plan for the winter months before the next storms arrive.",
    "A spokesperson for the harbour office said the new schedule would be looked at line by line and that "
    "a public meeting would be held in the village hall at the end of the month.",
]

HEADLINE = "Island Ferry Delays Grow as New Timetable Bites"


def authors(lines: list[str]) -> list[str]:
    return parse_bytes("\n".join(lines).encode(), fmt="txt").authors


def page(header: list[str], tail: list[str] = ()) -> list[str]:
    return [HEADLINE + " | Quayside Notes"] + MENU + [HEADLINE] + header + STORY + list(tail) \
        + ["\u00a9 2025 Quayside Notes"]


# --- names that stand where a byline stands ---------------------------------------------------

def test_bare_name_with_job_title_and_date_under_the_headline():
    assert authors(page(["Orla Penhaligon", "VP - Engineering", "November 14, 2025"])) == ["Orla Penhaligon"]


def test_blog_header_row_name_date_and_reading_time():
    # a name the name lists lack, over a date with no year and "5 min read"
    assert authors(page(["Tarnie Keen", "Jun 9", "5 min read"])) == ["Tarnie Keen"]


def test_one_word_pen_name_in_a_blog_header_row():
    assert authors(page(["Zorbo", "Jan 23", "11 min read"])) == ["Zorbo"]


def test_name_in_capitals_over_the_date():
    assert authors(page(["ISOLDE MARCHETTI", "Sep 26, 2022", "2 min read"])) == ["ISOLDE MARCHETTI"]


def test_name_and_publication_in_capitals_after_the_dek():
    header = ["Crossings ran up to forty minutes late as the new schedule met the spring tides.",
              "Perrin Alcott QUAYSIDE TODAY"]
    assert authors(page(header)) == ["Perrin Alcott"]


def test_dek_that_ends_with_its_byline():
    header = ["The operator blames the tides; the shop owners blame the timetable. By Rhoswen Tallis on Dec. 19, 2024"]
    assert authors(page(header)) == ["Rhoswen Tallis"]


def test_lower_case_written_by_label_with_the_name_on_the_next_line():
    header = ["updated 12 Jul 2024", "written by", "Ilsabet Varga", "Chief Business Editor"]
    assert authors(page(header)) == ["Ilsabet Varga"]


def test_wordpress_meta_line_with_two_dates_and_categories():
    header = ["On March 3, 2024 March 5, 2024 By Corwin Adeyemi In Travel, Island Life"]
    assert authors(page(header)) == ["Corwin Adeyemi"]


def test_name_after_the_date_on_the_date_line():
    assert authors(page(["Dec 17, 2025 \u00b7 Yorick Anselm"])) == ["Yorick Anselm"]
    assert authors(page(["Dec 17, 2025 \u00b7 6 min \u00b7 1200 words \u00b7 Yorick Anselm"])) == ["Yorick Anselm"]


def test_name_then_published_and_time_before_the_date():
    assert authors(page(["Hesper Quayle Published 10:19am 19 December 2025"])) == ["Hesper Quayle"]


def test_name_followed_by_its_role_without_a_comma():
    assert authors(page(["Anselm Trevick Founder at Quayside Notes", "March 4, 2025"])) == ["Anselm Trevick"]


def test_lower_case_user_name_after_by():
    assert authors(page(["By tidewatcher42 February 16, 2026 No Comments"])) == ["tidewatcher42"]


def test_by_name_in_categories():
    assert authors(page(["By Fennimore Okafor in Harbours, Ferries"])) == ["Fennimore Okafor"]


def test_group_of_writers_over_the_date():
    assert authors(page(["Quayside Team", "September 18, 2024"])) == ["Quayside Team"]


# --- author boxes under the story ---------------------------------------------------------------

def test_author_box_name_then_a_note_about_her():
    tail = ["Marisol Vantongeren",
            "Marisol Vantongeren is a transport reporter who has covered the islands for a decade. "
            "She lives on the smaller island and takes the ferry every day."]
    assert authors(page([], tail)) == ["Marisol Vantongeren"]


def test_author_box_in_the_first_person():
    tail = ["Dorian Halloway",
            "I'm the founder of this site and I have crossed between the islands more times than I can count."]
    assert authors(page([], tail)) == ["Dorian Halloway"]


def test_this_post_was_written_by():
    tail = ["This post was written by Ottilie Brand, Head of Community at Quayside Notes"]
    assert authors(page([], tail)) == ["Ottilie Brand"]


def test_written_by_label_under_the_story():
    assert authors(page([], ["Written By:", "Lucan Mereweather", "Editor in Chief"])) == ["Lucan Mereweather"]


# --- what is no byline ------------------------------------------------------------------------------

def test_terms_sentence_starting_with_by_names_nobody():
    tail = ["By using this site, you agree to our Terms of Service and Privacy Policy."]
    assert authors(page([], tail)) == []


def test_browse_by_filters_name_nobody():
    lines = MENU[:2] + ["By Use Case", "By Company Size", "By Region"] + MENU[2:] + [HEADLINE] + STORY
    assert authors(lines) == []


def test_filter_shaped_company_name_counts_when_the_page_names_itself_so():
    lines = [HEADLINE + " | Quiet Harbour"] + MENU + [HEADLINE, "By Quiet Harbour"] + STORY
    assert authors(lines) == ["Quiet Harbour"]


def test_category_label_between_headline_and_date_is_no_name():
    assert authors(page(["Market Insights", "March 4, 2025"])) == []
    assert authors(page(["HR Strategy", "March 4, 2025"])) == []


def test_share_buttons_are_no_name():
    assert authors(page(["Facebook Instagram Twitter Skype Mail", "March 4, 2025"])) == []


def test_written_by_lines_of_a_related_posts_list_name_nobody():
    tail = ["Related posts", "Winter timetables explained", "Written by Agnes Fairweather",
            "Five quiet beaches on the north coast", "Written by Bram Oosterhuis"]
    assert authors(page([], tail)) == []


def test_dated_bylines_of_her_other_posts_name_nobody():
    tail = ["More stories", "The ferry that never sank", "October 28, 2025 by Agnes Fairweather | Community",
            "A lighthouse reopens", "September 30, 2025 by Agnes Fairweather | History"]
    assert authors(page([], tail)) == []


def test_author_box_whose_note_is_about_someone_else():
    tail = ["Agnes Fairweather",
            "Bram Oosterhuis is our harbour correspondent and he has written about ferries for years."]
    assert authors(page([], tail)) == []


def test_boxes_of_two_people_name_nobody():
    tail = ["Agnes Fairweather", "Agnes Fairweather is a reporter and she covers the council and its budgets.",
            "Bram Oosterhuis", "Bram Oosterhuis is an editor and he looks after the weekend pages."]
    assert authors(page([], tail)) == []


def test_product_note_is_no_author_box():
    tail = ["Harbour Cloud", "Harbour Cloud is a booking platform for ferry operators. It handles tickets and "
            "timetables for small fleets."]
    assert authors(page([], tail)) == []


@pytest.mark.parametrize("line", ["By mail, send the completed form to the harbour office.",
                                  "By clicking subscribe you accept the terms"])
def test_sentences_opening_with_by_stay_in_the_story(line):
    art = parse_bytes("\n".join(page([], [line])).encode(), fmt="txt")
    assert art.authors == []


# --- one-person sites -------------------------------------------------------------------------------

def test_name_signed_under_the_last_paragraph():
    lines = [HEADLINE + " | Quayside Notes"] + MENU + [HEADLINE] + STORY + ["\u2014 Wilhelmina Stroud", "Share this"]
    assert authors(lines) == ["Wilhelmina Stroud"]


def test_testimonial_signature_with_an_initial_is_no_author():
    lines = [HEADLINE + " | Quayside Notes"] + MENU + [HEADLINE] + STORY + ["\u2014 Wilhelmina S.", "Share this"]
    assert authors(lines) == []


def test_site_named_after_its_writer():
    lines = [HEADLINE + " | Rosalind Quenby", "Rosalind Quenby", "Notes Projects About", HEADLINE] + STORY
    assert authors(lines) == ["Rosalind Quenby"]


def test_site_named_like_a_person_but_a_company_is_no_author():
    lines = [HEADLINE + " | Ava Harbour Energy", "Ava Harbour Energy", "Notes Projects About", HEADLINE] + STORY
    assert authors(lines) == []


def test_copyright_held_by_a_person_on_a_personal_site():
    foot = "\u00a9 2025 Rosalind Quenby. All rights reserved."
    lines = [HEADLINE + " | Tidal Notes"] + MENU + [HEADLINE] + STORY + [foot]
    assert authors(lines) == ["Rosalind Quenby"]


def test_copyright_held_by_a_business_is_no_author():
    lines = [HEADLINE + " | Tidal Notes"] + MENU + [HEADLINE] + STORY + ["\u00a9 2025 Rosalind Quenby Photography"]
    assert authors(lines) == []
