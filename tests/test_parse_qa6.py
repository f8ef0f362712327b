"""QA round 6: what a reader sees of article text shared across stories, comment sections,
site chrome that looked like subheadings, bare photo credits and "Read more" lines in HTML.

All article text here is invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.library import Library
from tuireader.parse import parse_bytes
from tuireader.parse.raw import parse_raw


def parse(text: str):
    return parse_bytes(text.encode(), fmt="txt")


# -- 1. a prose sentence several stories of one source share is article text -----------------

SHARED_LEAD = ("The lighthouse trust agreed on Tuesday to restore the old signal tower on Gull Point, "
               "which salt and wind have worn down for decades, at a cost of about two million pounds.")
FOLLOW_UPS = [
    ("Trust Backs Signal Tower Repair", "Volunteers will begin clearing the site in April and expect the work to take a year."),
    ("Signal Tower: Divers Survey the Rocks", "Two divers from the sailing club checked the foundations below the tide line."),
    ("Signal Tower Repair Draws Visitors", "A small crowd watched from the harbour wall as the first scaffolding went up."),
]
CHROME = ["Share this:", "Sign up for our newsletter", "© 2024 Gull Point Gazette"]


def _series(folder: Path) -> None:
    for n, (title, second) in enumerate(FOLLOW_UPS):
        lines = ["Gull Point Gazette – Coast and harbour news", title, "By Morwenna Tregear | Gull Point Gazette",
                 f"April {n + 2}, 2024", SHARED_LEAD, second, *CHROME]
        (folder / f"2024-04-0{n + 2}_gull-point-gazette_tower-{n}.txt").write_text("\n".join(lines) + "\n",
                                                                                  encoding="utf-8")


def test_shared_lead_sentence_stays_in_every_story_of_the_library(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    _series(folder)
    lib = Library(folder, workers=1)
    lib.update()
    hits = lib.search('"signal tower on Gull Point"')
    assert len(hits) == 3
    for hit in hits:
        art = lib.article(hit.row.id)
        assert art.body_text.startswith(SHARED_LEAD)
        assert SHARED_LEAD not in art.boilerplate
        # the site's own recurring chrome is still recognised
        assert "Share this:" in art.boilerplate and "Share this:" not in art.body_text
        assert "Sign up for our newsletter" not in art.body_text
    lib.close()


def test_shared_lead_given_as_a_hint_is_kept_but_chrome_hints_are_not():
    title, second = FOLLOW_UPS[0]
    text = "\n".join(["Gull Point Gazette", title, "By Morwenna Tregear", "April 2, 2024", SHARED_LEAD, second,
                      *CHROME])
    art = parse_raw(text, article_id="x", boilerplate_hints={SHARED_LEAD, *CHROME})
    assert art.body_text.startswith(SHARED_LEAD)
    assert second in art.body_text
    assert "Share this:" in art.boilerplate and "Share this:" not in art.body_text


def test_a_story_whose_only_paragraph_recurs_still_has_a_body():
    line = "The ferry company said on Friday that the winter timetable would start a week later than planned."
    text = "\n".join(["Ferry Timetable Moves", "By Ines Duarte – May 3, 2024", line, line, line])
    art = parse_raw(text, article_id="x", boilerplate_hints={line})
    assert line in art.body_text


# -- 2. a comment section ends the article ---------------------------------------------------

STORY = [
    "How I Saved Grandmother's Sewing Table",
    "Posted by Tamsin Hale",
    "The little table came to me with a split top, one wobbly leg and three coats of yellowed varnish on it.",
    "I stripped the varnish by hand over two weekends, then glued the split and clamped it overnight to dry.",
    "The wobbly leg only needed a new dowel, which I cut from a scrap of beech left over from another job.",
    "It now stands in the hall again, and my daughter keeps her knitting in the drawer, just as her great-grandmother did.",
]


def test_wordpress_comments_after_leave_a_reply_are_not_body():
    text = "\n".join(STORY + [
        "Leave a Reply", "Your email address will not be published.", "7 Comments",
        "Rowena Pike says:", "What a lovely piece, and what patience you have with the varnish stripping work!",
        "Tamsin Hale says:", "Thank you so much, it really was a labour of love for me over the winter.",
        "Bertie Crane says:", "I have a table just like this in my loft and now I want to bring it down.",
    ])
    art = parse(text)
    assert art.body_text.rstrip().endswith("just as her great-grandmother did.")
    assert "says:" not in art.body_text and "labour of love" not in art.body_text
    assert not any("says:" in b.text for b in art.blocks)
    assert "Rowena Pike says:" in art.boilerplate


def test_blogger_comments_with_dated_headers_are_not_body():
    text = "\n".join(STORY + [
        "Labels: furniture, restoration",
        "3 comments:",
        "Anonymous March 4, 2012 at 9:15 PM",
        "This is such a helpful post and I am going to try the dowel trick on my own rocking chair this weekend.",
        "Reply Delete",
        "Gwen Morley March 6, 2012 at 7:02 AM",
        "Beautiful result. Which glue did you use for the split top, and did you need to sand it afterwards?",
        "Reply Delete",
    ])
    art = parse(text)
    assert art.body_text.rstrip().endswith("just as her great-grandmother did.")
    assert "rocking chair" not in art.body_text and "Anonymous" not in art.body_text
    assert not any(b.kind == "heading" and "2012" in b.text for b in art.blocks)


# -- 3. site chrome between paragraphs is never a subheading or body text --------------------

LONG_STORY = [
    "The old ferry slipway at Carrick Mill reopened on Saturday after a winter of repairs paid for by a village "
    "appeal, and the first boat across carried the two oldest members of the rowing club.",
    "Volunteers replaced the rotten timber decking plank by plank, working on the low tides between November and "
    "February, while a local builder rebuilt the stone ramp where the river had undercut it.",
    "The appeal raised more than it needed, so the committee has set the rest aside for a new handrail and for "
    "lights along the path down to the water, which walkers have asked for since the autumn.",
    "Ferry rides will run every weekend until October, weather allowing, and the club hopes to add a Wednesday "
    "crossing in the summer holidays if enough people offer to take a turn at the oars.",
    "Children from the primary school painted the new sign by the gate, and the committee says it will stay up "
    "for as long as the paint lasts, which the children have been told could be a very long time.",
    "The parish council thanked everyone who gave money or time and said the reopening showed what a small "
    "place can do when it decides that something it loves is worth keeping for another generation.",
]


def test_chrome_labels_between_paragraphs_are_not_headings_or_body():
    chrome = ["Sponsor Message", "View image in fullscreen", "Print this page", "Hide Caption", "Show Caption",
              "Share on Facebook Share on Pinterest Share on LinkedIn Share via Email",
              '[adthrive-in-post-video-player video-id="k3v9x" upload-date="2021-05-04" name="Oiling a walnut box"]',
              'Embed <iframe src="https://example.org/player/77" width="100%" height="290" title="Audio player">']
    p = LONG_STORY
    lines = ["Slipway Reopens After Winter Repairs", "By Cerys Vaughan", chrome[7], p[0], chrome[0], p[1], p[2],
             chrome[1], chrome[2], p[3], chrome[3], chrome[4], p[4], chrome[5], p[5], chrome[6]]
    art = parse("\n".join(lines))
    shown = [b.text for b in art.blocks]
    for c in chrome:
        assert c not in shown
        assert c not in art.body_text
    assert all(x in art.body_text for x in p)
    assert "Sponsor Message" in art.boilerplate


# -- 5. "Read more: ..." in an HTML page is a related-story link, as in a .txt file -----------

def test_read_more_line_in_html_is_related_not_a_paragraph():
    page = ("<!doctype html><html><head><title>Lifeboat Crew Trains at Night | Cove Courier</title></head><body>"
            "<article><h1>Lifeboat Crew Trains at Night</h1><p>By Alun Price</p>"
            "<p>The lifeboat crew at Penhallow spent Thursday night practising rescues in the dark off the east "
            "reef, with two volunteers playing the part of stranded swimmers.</p>"
            "<p>The coxswain said night training matters because most real calls come after sunset, when the "
            "tide turns and walkers are cut off below the cliffs.</p>"
            "<p>Read more: <a href='/y'>New lifeboat station opens in Penhallow</a></p>"
            "</article></body></html>")
    art = parse_bytes(page.encode(), fmt="html")
    kinds = {b.text: b.kind for b in art.blocks}
    assert kinds.get("Read more: New lifeboat station opens in Penhallow") == "related"
    assert "Read more" not in art.body_text
    assert "night training matters" in art.body_text


# -- 4. bare photo credits and "Credit:" inside a title ---------------------------------------

def test_bare_credits_with_no_picture_are_not_captions():
    p = LONG_STORY
    lines = ["Slipway Reopens After Winter Repairs", "By Cerys Vaughan", "Photo: Idris Morgan/Cove Courier",
             "Illustration: Nell Prosser", p[0], p[1], "Photo: Carrick Rowing Club", "How often will it run?",
             p[2], p[3], p[4], p[5]]
    art = parse("\n".join(lines))
    assert art.captions == []
    assert not any("Photo:" in b.text or "Illustration:" in b.text for b in art.blocks)
    assert "Photo: Carrick Rowing Club" in art.boilerplate
    assert all(x in art.body_text for x in p)


def test_a_credit_under_a_caption_line_is_still_a_caption():
    p = LONG_STORY
    lines = ["Slipway Reopens After Winter Repairs", "By Cerys Vaughan", p[0],
             "The first boat leaves the slipway on Saturday. Photo: Idris Morgan", p[1], p[2], p[3]]
    art = parse("\n".join(lines))
    assert [(c.text, c.credit) for c in art.captions] == [("The first boat leaves the slipway on Saturday.",
                                                           "Photo: Idris Morgan")]


def test_credit_inside_a_link_title_is_not_a_credit():
    p = LONG_STORY
    lines = ["Slipway Reopens After Winter Repairs", "By Cerys Vaughan", p[0], p[1], p[2], p[3],
             "Related guides", "Rebuilding Your Credit: Where to Start", "Saving for a Boat on a Small Wage"]
    art = parse("\n".join(lines))
    assert not any(c.credit and "Where to Start" in c.credit for c in art.captions)
    assert not any(c.text == "Rebuilding Your" for c in art.captions)


# -- 6. a byline with the writers' role, or a note about the writer, is never the headline ------

def test_names_with_their_role_are_not_the_headline():
    lines = ["The quiet science of tide gauges | Opinion", "Skip to main content", "Home", "Opinion",
             "Submit a Letter", "Columnists", "Why tide gauges tell us more than we think | Opinion",
             "Long records from harbour gauges show how fast the sea is rising, and they cost very little to keep "
             "running for decades.", "Rhian Ellis and Dafydd Rees | Guest Columnists", "Show Caption",
             "Hide Caption"] + LONG_STORY
    art = parse("\n".join(lines))
    assert "Guest Columnists" not in art.title
    assert "Rhian Ellis" not in art.title


def test_a_note_about_the_writer_is_not_the_headline():
    note = ("Nia Hughes covers coastal towns for the Courier, co-writes its weekly harbour newsletter and "
            "hosts a podcast about life on the water.")
    lines = ["Skip to main content", "Home", "News", note] + LONG_STORY
    art = parse("\n".join(lines))
    assert not art.title.startswith("Nia Hughes covers")


def test_headline_under_its_breadcrumb_beats_a_different_browser_title():
    lines = ["7 Ways to Keep a Slipway Safe This Winter", "Home", "Boats", "Clubs", "Sign in",
             "Home \u00bb Clubs \u00bb Community \u00bb Slipway Reopens After Winter Repairs",
             "Slipway Reopens After Winter Repairs"] + LONG_STORY
    art = parse("\n".join(lines))
    assert art.title == "Slipway Reopens After Winter Repairs"


def test_a_first_paragraph_that_starts_with_the_headline_words_stays_in_the_body():
    # the headline's words again at the start of the first sentence (common in Russian and other
    # inflected languages, where the other words do not match): the sentence is body, not headline
    text = ("Мост через Северную бухту открыт\n"
            "Мост через Северную бухту открыт для машин в субботу утром после долгого ремонта, сообщили власти.\n"
            "Первые автобусы прошли по мосту в семь часов, водители говорили о долгом ожидании.\n"
            "Пешеходная часть откроется через месяц, когда закончат перила.\n")
    article = parse_bytes(text.encode(), fmt="txt")
    assert article.title == "Мост через Северную бухту открыт"
    assert article.body_text.startswith("Мост через Северную бухту открыт для машин в субботу утром")


_STORY_TOP = ("Harbour board weighs its flood defences\n"
              "By Ines Bako\n"
              "The harbour board met on Tuesday to weigh three plans to keep the sea out of the lower town.\n"
              "Engineers told the board that the old wall would not survive another winter like the last one.\n"
              "We looked at the three main proposals and what each of them would cost the town's ratepayers.\n")


@pytest.mark.parametrize("middle", [
    "Three responses to the flood\n",  # a subheading, not a comment count
    "Join the conversation\n",  # the story's own call for views
    "Marta Sol says:\nThe wall must come first, before anything else is spent.\n"
    "Pavel Ruud says:\nThe ponds are cheaper and they protect the marsh as well.\n",  # an interview
    "Update March 3, 2024 at 4:10 PM\nThe board adjourned for an hour to read the engineers' figures.\n"
    "Update March 3, 2024 at 5:25 PM\nThe board voted to fund a survey of the storage ponds first.\n",  # a live blog
])
def test_story_lines_that_look_like_a_comment_section_do_not_end_the_story(middle):
    text = (_STORY_TOP + middle +
            "The first plan is a higher wall along the quay, paid for over twenty years by the town.\n"
            "The second plan is a set of storage ponds behind the dunes that would fill at high tide.\n")
    article = parse_bytes(text.encode(), fmt="txt")
    assert "storage ponds behind the dunes" in article.body_text
    assert "higher wall along the quay" in article.body_text


def test_a_comment_thread_with_its_furniture_still_ends_the_story():
    text = (_STORY_TOP +
            "The board will decide in May, after a public meeting in the old fish market hall.\n"
            "Leave a Reply\n"
            "Your email address will not be published.\n"
            "Tomas Brennan says:\n"
            "Build the wall, the ponds will silt up within five years and nobody will pay to dredge them.\n"
            "Reply\n"
            "Rita Okafor says:\n"
            "The ponds are the only plan that does not push the water onto the next village along the coast.\n"
            "Reply\n")
    article = parse_bytes(text.encode(), fmt="txt")
    assert "public meeting in the old fish market hall" in article.body_text
    assert "silt up" not in article.body_text and "next village" not in article.body_text
