"""Entity defects found by QA (round 6): long runs of capitalised words, transcript
speaker labels, split organisations, role words and sentence starts taken for names.
All text here is invented."""

from __future__ import annotations

import itertools

from test_entities import make_article  # the article laid out as the parser would
from tuireader.entities import extract_entities


def entities_of(body: list[str], title: str = "A Story"):
    article = make_article(body, title)
    ents = extract_entities(article)
    for e in ents:
        for m in e.mentions:
            assert article.text[m.start : m.end] == m.text
    return ents


def kinds_of(ents, name: str) -> list[str]:
    return [e.type for e in ents if e.name == name]


def _made_up_words(n: int) -> list[str]:
    syllables = "bra cle dor fen gal hox jun kel mar nol pri quo rus sil tav".split()
    words = ("".join(t).capitalize() for t in itertools.product(syllables, repeat=3))
    return list(itertools.islice(words, n))


def test_a_long_run_of_capitalised_words_is_no_single_name():
    # A donors' list without commas: 600 capitalised made-up words on one line.
    run = " ".join(_made_up_words(600))
    ents = entities_of(["The trust thanked the people below for their gifts.", run,
                        "Mirela Vostrand said the list would grow."])
    longest = max(len(m.text.split()) for e in ents for m in e.mentions)
    assert longest <= 12
    assert "Mirela Vostrand" in [e.name for e in ents if e.type == "person"]


def test_a_long_body_name_still_found_whole():
    ents = entities_of(["Delegates of the International League of Lighthouse Keepers and Harbour Pilots met."])
    assert any(e.type == "organization" and "International League of Lighthouse Keepers" in e.name for e in ents)


def test_transcript_speaker_labels_are_the_people_they_name():
    body = [
        "ODALYS FERNWOOD-KRAY, HOST:",
        "Good morning. Our reporter spent a week with ferry workers.",
        "BENEDIKT ORSOLYA, BYLINE: The crossing takes forty minutes on a calm day.",
        "ORSOLYA: Among the crew is Marisol Quennet, a deckhand for ten years.",
        "MARISOL QUENNET: The sea tells you when to stop talking.",
        "UNIDENTIFIED PERSON #1: Rope!",
        "UNIDENTIFIED GROUP: (Cheering).",
        "ORSOLYA: Quennet says the new timetable worries her.",
        "Odalys Fernwood-Kray asked the ferry company for comment.",
    ]
    ents = entities_of(body)
    people = {e.name: e for e in ents if e.type == "person"}
    assert kinds_of(ents, "Marisol Quennet") == ["person"]
    assert len(people["Marisol Quennet"].mentions) == 3  # the label, the full name, the surname
    assert "Benedikt Orsolya" in people and len(people["Benedikt Orsolya"].mentions) == 3
    assert kinds_of(ents, "Benedikt Orsolya") == ["person"]
    assert not kinds_of(ents, "Orsolya")
    # proper case from the mixed-case mention, one entry for the host
    assert kinds_of(ents, "Odalys Fernwood-Kray") == ["person"]
    names = {e.name.upper() for e in ents}
    for junk in ("PERSON", "GROUP", "BYLINE", "HOST", "UNIDENTIFIED", "UNIDENTIFIED PERSON"):
        assert junk not in names


def test_all_caps_speaker_without_mixed_case_mention_is_properly_cased():
    ents = entities_of(["TOMASZ KIERNAN-VALE, HOST: Welcome back to the programme.", "It rained all week."])
    assert kinds_of(ents, "Tomasz Kiernan-Vale") == ["person"]


def test_headings_with_colons_are_not_speakers():
    ents = entities_of(["EDITOR'S NOTE: This story was updated on Tuesday.",
                        "TOP PICKS: a kettle and a toaster."])
    assert not [e for e in ents if e.type == "person"]


def test_drugmakers_from_the_builtin_list_are_companies_and_short_forms_join_them():
    ents = entities_of([
        "Prices of the weight-loss shots set by Eli Lilly and Novo Nordisk fell in March.",
        "Lilly cut its list price first; Novo followed a week later, analysts at Kestrel Bay said.",
    ])
    assert kinds_of(ents, "Eli Lilly") == ["organization"]
    assert kinds_of(ents, "Novo Nordisk") == ["organization"]
    lilly = next(e for e in ents if e.name == "Eli Lilly")
    assert {m.text for m in lilly.mentions} == {"Eli Lilly", "Lilly"}
    assert not [e for e in ents if e.name in ("Lilly", "Novo")]


def test_an_acronym_heading_an_organisation_name_is_that_organisation():
    ents = entities_of([
        "The hospital chain QRV Healthcare reported higher admissions on Thursday.",
        "QRV said staffing costs rose, and QRV expects a quieter winter.",
    ])
    qrv = [e for e in ents if e.name in ("QRV", "QRV Healthcare")]
    assert [(e.type, e.name) for e in qrv] == [("organization", "QRV Healthcare")]
    assert len(qrv[0].mentions) == 3


def test_lower_case_on_inside_an_organisation_name():
    ents = entities_of(["Oriel Danvers, director of the Working Group on Coastal Erosion, spoke first."])
    assert kinds_of(ents, "Working Group on Coastal Erosion") == ["organization"]
    assert not [e for e in ents if e.name.startswith("on ") or e.name == "Working Group"]


def test_an_occupation_before_a_name_is_not_part_of_it():
    ents = entities_of(["Documentary maker and filmmaker friends gathered.",
                        "Filmmaker Idunn Barrowcliffe won the jury prize for her second feature."])
    assert kinds_of(ents, "Idunn Barrowcliffe") == ["person"]
    assert not [e for e in ents if "Filmmaker" in e.name]


def test_a_function_word_after_a_title_is_no_name():
    ents = entities_of(["The campaign Student President Now! drew thousands to the square.",
                        "Its slogan was printed on every banner."])
    assert not [e for e in ents if e.type == "person"]


def test_a_district_named_after_its_organisation_word_is_one_organisation():
    ents = entities_of(["Parents were told on Monday that the Kestrel Valley Unified School District would "
                        "close every school, while the Marrow Independent School District stayed open."])
    names = {(e.type, e.name) for e in ents}
    assert ("organization", "Kestrel Valley Unified School District") in names
    assert ("organization", "Marrow Independent School District") in names
    assert not any(e.name == "District" for e in ents)


def test_a_square_or_a_city_named_with_an_organisation_word_is_a_place():
    ents = entities_of(["Crowds filled Times Square on Saturday before the parade moved to Union Station."])
    names = {(e.type, e.name) for e in ents}
    assert ("place", "Times Square") in names and ("place", "Union Station") in names
    assert not any(e.name in ("Times", "Square", "Union", "Station") for e in ents)


def test_a_child_named_like_a_company_short_form_stays_a_person():
    ents = entities_of([
        "Prices of the weight-loss shots set by Eli Lilly fell in March, the plant's manager said.",
        "Lilly, 9, whose father works at the plant, handed the mayor a bouquet at the opening.",
    ])
    company = next(e for e in ents if e.name == "Eli Lilly")
    assert {m.text for m in company.mentions} == {"Eli Lilly"}
    assert ("person", "Lilly") in {(e.type, e.name) for e in ents}
