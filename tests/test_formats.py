"""HTML and Markdown articles keep their structure, captions, bylines and source; bylines name
their publication.  Every fixture here is original text written for these tests."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from tuireader.parse import parse_text
from tuireader.parse.roles import byline_source, parse_byline

from test_parse import assert_offsets  # the one check that every offset points at its text


# --- HTML ----------------------------------------------------------------------------------------

LEDE = ("The island council voted on Thursday to keep the night ferry to Skarholm running through the winter, "
        "reversing a plan to stop it in November.")
SECOND = "Fishermen on the island had warned that the early boats carry most of their catch to the market."
THIRD = "The council will pay for the extra crossings from its harbour fund, the mayor, Britt Solum, said."


def _page(title: str = "Night Ferry Saved for Winter | Skarholm Tidende", head_extra: str = "",
          figure: str = "", after: str = "") -> str:
    return (
        "<!doctype html><html><head><title>" + title + "</title>" + head_extra +
        f'<meta name="description" content="{LEDE}"></head>'
        "<body><header><nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        "<figure><img src='logo.png'><figcaption>Skarholm Tidende masthead</figcaption></figure></header>"
        "<article><h1>Night Ferry Saved for Winter</h1>"
        f"<p>{LEDE}</p>" + figure + "<h2>Catch at stake</h2>"
        f"<p>{SECOND}</p><blockquote><p>We would have lost the morning market, said one skipper.</p></blockquote>"
        "<ul><li>Two extra crossings on Saturdays</li><li>A later last boat in December</li></ul>"
        f"<p>{THIRD}</p>" + after + "</article>"
        "<aside class='more'><figure><img src='x.jpg'><figcaption>Elsewhere: a new bakery opens</figcaption></figure></aside>"
        "<footer>\u00a9 2025 Skarholm Tidende</footer></body></html>"
    )


@pytest.fixture(scope="module")
def trafilatura():
    return pytest.importorskip("trafilatura")


def test_html_headings_quotes_and_list_items_keep_their_kind(trafilatura):
    a = parse_text(_page(), fmt="html")
    assert a.title == "Night Ferry Saved for Winter"
    kinds = [(b.kind, b.text) for b in a.blocks]
    assert kinds == [
        ("paragraph", LEDE),
        ("heading", "Catch at stake"),
        ("paragraph", SECOND),
        ("quote", "We would have lost the morning market, said one skipper."),
        ("list_item", "Two extra crossings on Saturdays"),
        ("list_item", "A later last boat in December"),
        ("paragraph", THIRD),
    ]
    assert "Catch at stake" in a.body_text
    assert_offsets(a)


def test_html_blocks_point_into_the_body_not_the_head(trafilatura):
    page = _page()
    a = parse_text(page, fmt="html")
    lede = a.blocks[0]
    assert lede.start is not None and lede.start > page.index("<body")  # not the meta description
    # text that the page writes with an entity is not verbatim: no offset
    b = parse_text(_page(after="<p>Tickets &amp; passes bought for November stay valid until spring.</p>"), fmt="html")
    odd = next(x for x in b.blocks if x.text.startswith("Tickets"))
    assert odd.text == "Tickets & passes bought for November stay valid until spring." and odd.start is None
    assert_offsets(b)


@pytest.mark.parametrize("caption, text, credit", [
    ("The night ferry leaves Skarholm at dusk. Photo: Oda Rein", "The night ferry leaves Skarholm at dusk.",
     "Photo: Oda Rein"),
    ("Skippers unload cod at the quay. (AP Photo/Mats Eng)", "Skippers unload cod at the quay.", "AP Photo/Mats Eng"),
    ("The council chamber during the vote.", "The council chamber during the vote.", None),
])
def test_html_figure_captions_with_their_credit(trafilatura, caption, text, credit):
    figure = f"<figure><img src='f.jpg' alt='ferry'><figcaption>{caption}</figcaption></figure>"
    a = parse_text(_page(figure=figure), fmt="html")
    assert [(c.text, c.credit) for c in a.captions] == [(text, credit)]  # not the masthead's nor the aside's
    assert caption not in a.body_text and text not in a.body_text
    cap = a.captions[0]
    assert cap.start is not None and (credit is None or cap.credit_start is not None)
    assert_offsets(a)


def test_html_caption_with_a_credit_marked_apart_and_a_site_class_caption(trafilatura):
    figure = ("<figure><img src='f.jpg'><figcaption><span class='text'>Ice on the ramp at Nordvik.</span>"
              "<span class='photo-credit'>Lars Hovde</span></figcaption></figure>"
              "<div class='wp-caption'><img src='g.jpg'><p class='wp-caption-text'>The mayor at the harbour office. "
              "Photo: Tidende archive</p></div>")
    a = parse_text(_page(figure=figure), fmt="html")
    assert [(c.text, c.credit) for c in a.captions] == [
        ("Ice on the ramp at Nordvik.", "Lars Hovde"),
        ("The mayor at the harbour office.", "Photo: Tidende archive"),
    ]
    assert "Ice on the ramp" not in a.body_text and "harbour office" not in a.body_text
    assert_offsets(a)


@pytest.mark.parametrize("title, head_extra, source", [
    ("Night Ferry Saved for Winter | Skarholm Tidende", "", "Skarholm Tidende"),
    ("Night Ferry Saved for Winter - Skarholm Tidende", "", "Skarholm Tidende"),
    ("Night Ferry Saved for Winter | Tidende", '<meta property="og:site_name" content="Skarholm Tidende">',
     "Skarholm Tidende"),
    ("Night Ferry Saved for Winter", "", None),
])
def test_html_source_from_site_name_or_page_title(trafilatura, title, head_extra, source):
    a = parse_text(_page(title=title, head_extra=head_extra), fmt="html")
    assert a.source == source
    assert a.title == "Night Ferry Saved for Winter"


def test_starting_the_parser_never_imports_trafilatura():
    code = ("import sys\nfrom tuireader.parse import parse_text\n"
            "parse_text('# A note\\n\\nBy Oda Rein\\n\\nA short note about the quay.', fmt='md')\n"
            "parse_text('A note\\nBy Oda Rein | Skarholm Tidende\\nA short note about the quay and the boats.')\n"
            "print('trafilatura' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Markdown without front matter ------------------------------------------------------------

MD = """# Ice Closes the Nordvik Ramp

*By Oda Rein, 9 February 2025*

The ramp at Nordvik was closed on Sunday after a night of freezing rain, the harbour office said.

![Nordvik ramp](ramp.jpg)
*Ice on the ramp at Nordvik. Photo: Lars Hovde*

> "Nobody drives onto that," said a lorry driver.

- Ferries divert to Sandby
- The ramp reopens when it thaws

[Read more](https://example.test/more)
"""


def test_markdown_italic_byline_gives_author_and_date_and_is_not_body():
    a = parse_text(MD, fmt="md")
    assert a.authors == ["Oda Rein"]
    assert a.published == "2025-02-09"
    assert "By Oda Rein" not in a.body_text
    assert a.blocks[0].text.startswith("The ramp at Nordvik was closed")


def test_markdown_italic_line_under_an_image_is_its_caption():
    a = parse_text(MD, fmt="md")
    assert [(c.text, c.credit) for c in a.captions] == [("Ice on the ramp at Nordvik.", "Photo: Lars Hovde")]
    assert "Ice on the ramp" not in a.body_text
    cap = a.captions[0]
    assert cap.start is not None and cap.credit_start is not None
    assert_offsets(a)


def test_markdown_lone_read_more_link_is_furniture_not_body():
    a = parse_text(MD, fmt="md")
    assert "Read more" not in a.body_text
    assert "Read more" in a.boilerplate
    assert [b.kind for b in a.blocks] == ["paragraph", "quote", "list_item", "list_item"]


def test_markdown_related_links_are_related_blocks():
    md = ("# Ice Closes the Nordvik Ramp\n\nThe ramp at Nordvik was closed on Sunday after a night of freezing rain.\n\n"
          "Read more: [Sandby ferry adds a crossing](https://example.test/sandby)\n\n"
          "The harbour office will check the ramp again on Tuesday morning, it said.\n\n"
          "## See also\n\n- [Winter timetable](https://example.test/tt)\n- [Road salt runs low](https://example.test/salt)\n")
    a = parse_text(md, fmt="md")
    assert [(b.kind, b.text) for b in a.blocks] == [
        ("paragraph", "The ramp at Nordvik was closed on Sunday after a night of freezing rain."),
        ("related", "Read more: Sandby ferry adds a crossing"),
        ("paragraph", "The harbour office will check the ramp again on Tuesday morning, it said."),
        ("related", "Winter timetable"),
        ("related", "Road salt runs low"),
    ]
    assert "See also" in a.boilerplate
    assert "Winter timetable" not in a.body_text


def test_markdown_byline_with_a_site_and_a_date_line():
    md = ("# Gulls Nest Early on Fugleskjær\n\nBy Britt Solum | Skarholm Tidende\n\nPublished: 3 March 2025\n\n"
          "Wardens counted the first gull nests on Fugleskjær a fortnight earlier than last year.\n")
    a = parse_text(md, fmt="md")
    assert (a.authors, a.source, a.published) == (["Britt Solum"], "Skarholm Tidende", "2025-03-03")
    assert a.body_text == "Wardens counted the first gull nests on Fugleskjær a fortnight earlier than last year."


def test_markdown_byline_over_a_date_on_the_next_line():
    md = ("Gulls Nest Early\n================\n\n**By Britt Solum**\n_Tuesday, 4 March 2025_\n\n"
          "Wardens counted the first gull nests on Fugleskjær a fortnight earlier than last year.\n\n"
          "By the end of the week there were more than two hundred of them.\n")
    a = parse_text(md, fmt="md")
    assert (a.title, a.authors, a.published) == ("Gulls Nest Early", ["Britt Solum"], "2025-03-04")
    assert [b.text[:8] for b in a.blocks] == ["Wardens ", "By the e"]


def test_markdown_front_matter_wins_over_the_byline_line():
    md = ("---\ntitle: Gulls Nest Early\nauthor: Ivar Dahl\ndate: 2025-03-01\nsource: Fjord Post\n---\n\n"
          "*By Britt Solum, 3 March 2025*\n\nWardens counted the first gull nests a fortnight early.\n")
    a = parse_text(md, fmt="md")
    assert (a.authors, a.published, a.source) == (["Ivar Dahl"], "2025-03-01", "Fjord Post")
    assert a.body_text == "Wardens counted the first gull nests a fortnight early."


def test_markdown_credit_alone_under_an_image_credits_its_alt_text():
    md = "# Ramp\n\nThe ramp was closed on Sunday morning.\n\n![Ice on the ramp](ramp.jpg)\nPhoto: Lars Hovde\n\nMore text follows here.\n"
    a = parse_text(md, fmt="md")
    assert [(c.text, c.credit) for c in a.captions] == [("Ice on the ramp", "Photo: Lars Hovde")]
    assert "Lars Hovde" not in a.body_text
    assert_offsets(a)


@pytest.mark.parametrize("md", [
    # an italic paragraph that is not under an image is body
    "# Ramp\n\nThe ramp was closed on Sunday morning.\n\n*Updates follow as the harbour office reports them.*\n",
    # an image, a blank line, then an italic standfirst with no credit: body, not a caption
    "# Ramp\n\n![Ice](ramp.jpg)\n\n*Updates follow as the harbour office reports them.*\n",
    # a sentence that opens with "By"
    "# Ramp\n\nThe ramp was closed.\n\nBy Monday the ice had gone and the first lorries were back on the ramp.\n",
    # a link inside prose
    "# Ramp\n\nThe [harbour office](https://example.test/ho) said the ramp would reopen on Tuesday.\n",
])
def test_markdown_body_lines_that_only_look_like_furniture_stay_body(md):
    a = parse_text(md, fmt="md")
    last = a.blocks[-1]
    assert last.kind == "paragraph"
    assert last.text in a.body_text and not a.boilerplate
    assert not a.authors


# --- bylines --------------------------------------------------------------------------------------


@pytest.mark.parametrize("line, authors", [
    ("By Brisk Writer | Quay Gazette", ["Brisk Writer"]),  # a name whose last word is a role word
    ("By Quaystone Staff", ["Quaystone Staff"]),  # a site's staff byline is kept whole
    ("By Tom Read", ["Tom Read"]),  # "Read" is a surname here
    ("By Oda Rein, Staff Writer", ["Oda Rein"]),
])
def test_bylines_with_role_words_in_the_name(line, authors):
    assert parse_byline(line) == (authors, None)


@pytest.mark.parametrize("line", ["By Staff Writer", "By Food Writer", "By Our Reporter", "By Guest Writer"])
def test_a_role_alone_is_no_author(line):
    found = parse_byline(line)
    assert found is None or found[0] == []


@pytest.mark.parametrize("line, source", [
    ("By Oda Rein | Skarholm Tidende", "Skarholm Tidende"),
    ("By Oda Rein and Lars Hovde | The Fjord Post | 3 March 2025", "The Fjord Post"),
    ("By Oda Rein \u2013 Skarholm Tidende \u2013 14:05", "Skarholm Tidende"),
    ("By Oda Rein | Reuters", "Reuters"),
    ("By Oda Rein | Politics", None),  # a section
    ("By Oda Rein | Staff Writer", None),  # a role
    ("By Oda Rein | Anna Berg", None),  # a second person
    ("By Oda Rein | 3 March 2025", None),  # a date
    ("By Oda Rein | Harbour | 6 min read", None),  # a blog's row of facts: a category
    ("By Oda Rein", None),
    ("Oda Rein | Skarholm Tidende", None),  # no "By": not read as a byline here
])
def test_byline_source(line, source):
    assert byline_source(line) == source


def _big_raw(paragraphs: int) -> str:
    rng = random.Random(11)
    words = "quay ferry tide harbour council net boat crew pier storm ice ramp".split()
    body = "\n".join(" ".join(rng.choice(words) for _ in range(24)).capitalize() + "." for _ in range(paragraphs))
    return "Night Shift at the Quay\nBy Brisk Writer | Quay Gazette\n12 March 2025\n" + body


def test_byline_with_a_role_word_name_survives_a_large_file():
    a = parse_text(_big_raw(2500), fmt="txt")  # about 400 KB
    assert a.authors == ["Brisk Writer"]
    assert "By Brisk Writer | Quay Gazette" not in a.boilerplate
    assert a.published == "2025-03-12"


def test_raw_text_byline_names_the_source_when_nothing_else_does():
    text = ("Gulls Nest Early on Fugleskjær\nBy Britt Solum | Skarholm Tidende\n"
            "Wardens counted the first gull nests on Fugleskjær a fortnight earlier than last year, they said.\n"
            "The colony has grown every spring since the island was closed to visitors in the nesting season.\n")
    a = parse_text(text, fmt="txt")
    assert a.authors == ["Britt Solum"]
    assert a.source == "Skarholm Tidende"


def test_json_fields_of_the_wrong_kind_are_left_out_with_a_note_never_shown_as_python():
    import json

    fields = {"title": {"a": 1, "b": [2, 3]}, "author": [["nested"], "Ada Lind", 5], "url": 12345,
              "date": [2024], "sitename": ["Harbour Ledger"], "tags": ["harbour", {"x": 1}, 7],
              "text": "A first paragraph about the harbour wall.\nA second paragraph."}
    article = parse_text(json.dumps(fields), fmt="json")
    shown = " ".join([article.title, *article.authors, str(article.url), str(article.source), *article.tags])
    assert "{" not in shown and "[" not in shown  # no Python repr anywhere a reader looks
    assert article.title_derived and article.title.startswith("A first paragraph")
    assert article.authors == ["Ada Lind"] and article.url is None and article.source is None
    assert article.published is None and article.tags == ["harbour", "7"]
    assert "title left out: it is a mapping, not text" in article.problems
    assert "url left out: it is a number, not text" in article.problems
    # a number is a fine title ("1984"), text fields that are text read as before
    fine = parse_text(json.dumps({"title": 1984, "author": "Ada Lind; Bo Sten", "text": "Body."}), fmt="json")
    assert fine.title == "1984" and fine.authors == ["Ada Lind", "Bo Sten"] and not fine.problems
