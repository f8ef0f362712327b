"""The article as text (`tuireader show`) says only what is true of it."""

from __future__ import annotations

from pathlib import Path

from tuireader.parse import parse_bytes
from tuireader.render import article_as_text, related_label


def test_an_empty_file_does_not_claim_a_title_made_from_its_first_sentence():
    shown = article_as_text(parse_bytes(b"", path="empty.txt"))
    assert "(title derived)" not in shown
    bundled = Path(__file__).parent.parent / "articles" / "2025-07-02_daily-lantern_copa-andina-final.txt"
    derived = parse_bytes(bundled.read_bytes(), path=bundled.name)  # a page with no headline
    assert derived.title_derived and "(title derived)" in article_as_text(derived)


def test_a_related_link_with_its_own_label_gets_no_second_one():
    assert related_label("Also read: Ferry fares rise in spring") == ""
    assert related_label("See also: The quay wall survey") == ""
    assert related_label("READ MORE: Dredging resumes") == ""
    assert related_label("Ferry fares rise in spring") == "Related: "
    assert related_label("Readers' letters: the new timetable") == "Related: "  # a title with a colon
