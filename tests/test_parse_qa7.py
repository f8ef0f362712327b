"""QA round 7: labels taken for the site's name, bylines and dates in other European languages,
and sentences in Chinese and Japanese shown as subheadings.

All article text here is invented for these tests."""

from __future__ import annotations

import pytest

from tuireader.parse import parse_bytes


def parse(text: str):
    return parse_bytes(text.encode(), fmt="txt")


def kinds(article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


BODY = [
    "The harbour board voted on Monday to dredge the eastern channel before the autumn storms, "
    "after two cargo ships ran aground on the sand bar within a month.",
    "Pilots have warned for years that the channel grows shallower each winter, and the board's "
    "engineers now say the work can no longer wait for the new budget.",
    "Dredging is expected to take six weeks and will close the channel to large ships at night, "
    "the board said in a statement published after the vote.",
]


# -- 1. a section, ad or navigation label is not the site's name ------------------------------

def test_ad_label_is_not_the_source():
    page = "\n".join([
        "The Ten Best Electric Ferries | Harbour Ledger",
        "Advertisement",
        "Skip to main content", "Home", "News", "Ferries",
        "The Ten Best Electric Ferries",
        "Advertisement - Page continues below",
        "By Ada Lind",
        *BODY,
    ])
    a = parse(page)
    assert a.source == "Harbour Ledger"
    assert a.title == "The Ten Best Electric Ferries"


def test_section_suffix_of_the_page_title_is_not_the_source():
    page = "\n".join([
        "Why the eastern channel cannot wait another winter | Opinion",
        "Skip to main content",
        "Home",
        "Opinion",
        "Letters",
        "Why the eastern channel cannot wait another winter",
        *BODY,
    ])
    a = parse(page)
    assert a.source != "Opinion"
    assert a.source is None


def test_section_name_after_the_headline_is_not_the_source():
    page = "\n".join([
        "Farmers share seed stores across three villages | District",
        "Home",
        "District",
        "Farmers share seed stores across three villages",
        "By Ada Lind",
        *BODY,
    ])
    assert parse(page).source is None


@pytest.mark.parametrize("line", [
    "About: notes from a small workshop behind the house",
    "Posted: notes from a small workshop behind the house",
    "Transcript: notes from a small workshop behind the house",
    "Cost: notes from a small workshop behind the house",
    "Future-proofing: What to expect beyond next year",
])
def test_label_with_a_colon_is_not_the_source(line):
    page = "\n".join([
        "Skip to content", "Home", "Workshop", "Guides",
        line,
        "How to Plane a Tabletop Without Tears",
        "By Tomas Berg",
        "Start with a sharp blade: a dull plane tears the grain and leaves ridges that no sanding will hide, "
        "however long you spend on it afterwards.",
        "Work along the grain from the far end towards yourself, and check the surface with a straight edge "
        "often as you go.",
        "Finish with a light pass across the whole top, then wipe away the dust before the first coat of oil goes on.",
    ])
    a = parse(page)
    assert a.source is None
    assert a.title == "How to Plane a Tabletop Without Tears"
    assert a.authors == ["Tomas Berg"]


def test_a_real_one_word_site_name_is_kept():
    page = "\n".join([
        "Dredgers Head for the Eastern Channel | Tidewatch",
        "Dredgers Head for the Eastern Channel",
        "By Ada Lind",
        *BODY,
    ])
    assert parse(page).source == "Tidewatch"


# -- 2. bylines and dates in other European languages -------------------------------------------

FR_BODY = [
    "Les pêcheurs du lac constatent depuis trois saisons une baisse nette de leurs prises, selon une "
    "enquête menée auprès de quarante patrons de barque.",
    "« Nous rentrons souvent avec des filets presque vides », raconte une pêcheuse installée au port "
    "depuis vingt ans, qui a réduit ses sorties de moitié.",
    "Les biologistes évoquent la hausse de la température de l'eau et l'arrivée d'une moule invasive.",
]


def test_french_byline_gives_author_and_date_not_a_heading():
    page = "\n".join(["Les perches se font rares dans le lac", "Par Jean Dupont - 1 juin 2024", *FR_BODY])
    a = parse(page)
    assert a.authors == ["Jean Dupont"]
    assert a.published == "2024-06-01"
    assert all("Dupont" not in text for _, text in kinds(a))


@pytest.mark.parametrize("line, author, iso", [
    ("Por Lucía Martín | 3 de mayo de 2023", "Lucía Martín", "2023-05-03"),
    ("Von Max Roth, 1. Juni 2024", "Max Roth", "2024-06-01"),
    ("Di Anna Neri - 12 giugno 2022", "Anna Neri", "2022-06-12"),
    ("Door Jan de Vries, 14 maart 2021", "Jan de Vries", "2021-03-14"),
    ("Af Ole Friis, 3. maj 2024", "Ole Friis", "2024-05-03"),
    ("Por Ana Lopes - 1º de março de 2024", "Ana Lopes", "2024-03-01"),
])
def test_bylines_in_other_languages(line, author, iso):
    a = parse("\n".join(["Les perches se font rares dans le lac", line, *FR_BODY]))
    assert a.authors == [author]
    assert a.published == iso


def test_russian_author_label():
    page = "\n".join([
        "В порту открылся новый терминал",
        "Автор: Иван Петров",
        "Новый терминал для контейнерных судов начал работу в понедельник, сообщили в администрации порта.",
        "Жители прибрежных районов надеются, что новые рабочие места привлекут в город молодых специалистов.",
    ])
    a = parse(page)
    assert a.authors == ["Иван Петров"]
    assert all("Петров" not in text for _, text in kinds(a))


def test_foreign_month_needs_a_day_and_a_year():
    # "Mars" and "Mai" as names in English text are no dates
    page = "\n".join([
        "Rover Team Plans a Second Look at Mars",
        "Mars Society meeting, Mai Tran reporting",
        "The rover team said the second drive across the crater floor would start after the dust season "
        "ends, when the solar panels can again charge the batteries fully each day.",
        "Engineers expect the drive to take about three weeks and to cover nearly two kilometres of rough ground.",
    ])
    assert parse(page).published is None


def test_english_title_case_line_with_a_foreign_byline_word_is_not_a_byline():
    page = "\n".join(["Door Prizes Announced for the Harbour Fair", *BODY])
    a = parse(page)
    assert a.authors == []
    assert a.title == "Door Prizes Announced for the Harbour Fair"


# -- 3. Chinese and Japanese sentences are paragraphs, not subheadings -------------------------

JA_PAGE = "\n".join([
    "港町の新しい市場、週末に開業へ",
    "海辺の町で建設が進められていた新しい魚市場が、今週末にいよいよ開業することになった",
    "市の担当者によると、市場には地元の漁師が水揚げした魚を直接販売する店舗が二十軒ほど入る予定だという。",
    "新しい桟橋も完成した。",
    "これまで町の人々は隣の市まで買い物に出かける必要があったが、新しい市場によって暮らしが大きく変わると期待されている",
    "地元の反応",
    "商店街の店主たちは、市場の開業で観光客が増えることを歓迎しているが、駐車場の不足を心配する声もある。",
    "市は来年までに駐車場を拡張する計画を立てており、交通渋滞の対策についても検討を続けている。",
])


def test_japanese_sentence_ending_in_a_full_stop_is_a_paragraph():
    blocks = kinds(parse(JA_PAGE))
    assert ("paragraph", "新しい桟橋も完成した。") in blocks


def test_long_japanese_line_without_a_full_stop_is_a_paragraph():
    blocks = dict((t, k) for k, t in kinds(parse(JA_PAGE)))
    assert blocks["海辺の町で建設が進められていた新しい魚市場が、今週末にいよいよ開業することになった"] == "paragraph"
    assert blocks["これまで町の人々は隣の市まで買い物に出かける必要があったが、新しい市場によって暮らしが大きく変わると期待されている"] \
        == "paragraph"


def test_short_japanese_subheading_stays_a_heading():
    assert ("heading", "地元の反応") in kinds(parse(JA_PAGE))


@pytest.mark.parametrize("dateline, iso", [
    ("1er juin 2024", "2024-06-01"),
    ("1. Juni 2024", "2024-06-01"),
    ("1 de junio de 2024", "2024-06-01"),
    ("1 giugno 2024", "2024-06-01"),
    ("17 décembre 2021", "2021-12-17"),
    ("3 июня 2023 г.", "2023-06-03"),
])
def test_dateline_in_another_language(dateline, iso):
    a = parse("\n".join(["Les perches se font rares dans le lac", dateline, *FR_BODY]))
    assert a.published == iso
    assert all(dateline not in text for _, text in kinds(a))


@pytest.mark.parametrize("line", [
    "Por Lucia Mendez, the singer dedicated her final song to her late mother, drawing cheers from the crowd.",
    "De Ana Lopes, who inspected the wall on June 3, 2024, said the finish was the best she had seen.",
])
def test_an_english_sentence_starting_with_a_foreign_by_word_is_body_not_a_byline(line):
    text = ("Concert closes the harbour festival\n"
            "The harbour festival ended on Sunday with an open-air concert on the old quay.\n"
            + line + "\n"
            "Organisers said more than four thousand people came over the three days of the festival.\n")
    article = parse_bytes(text.encode(), fmt="txt")
    assert article.authors == []
    assert line[:30] in article.body_text
