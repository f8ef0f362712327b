"""Safety defects found by QA round 6: YAML alias bombs, C1 characters eating text, a thin
Latin-1 text read as Baltic, and short binary files taken for UTF-16 articles."""

from __future__ import annotations

import codecs

import pytest

from tuireader.clean import binary_kind, clean_text, decode_bytes
from tuireader.parse import ArticleError, parse_bytes
from tuireader.yamlsafe import YamlError, load_yaml_text


def _laughs(levels: int) -> str:
    """Front matter whose ``title`` expands to 9**levels strings when aliases are followed."""
    lines = ['l0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    lines.append(f"title: *l{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\nThe tide gauge at the old pier was read twice a day by the keeper.\n"


# -- 1. YAML aliases and front-matter values of the wrong kind --------------------------------


def test_alias_bomb_in_front_matter_is_refused_and_the_body_still_reads():
    # 9 levels: 387 million strings once expanded; before the fix the title alone took gigabytes
    article = parse_bytes(_laughs(9).encode(), fmt="md", path="laughs.md")
    assert "tide gauge" in article.text
    assert "ha" not in article.title.split() and "[" not in article.title
    assert any("front matter refused" in p and "aliases" in p for p in article.problems), article.problems


def test_a_single_alias_is_refused_too_but_plain_front_matter_reads():
    md = "---\nwho: &w Ilse Marten\nauthor: *w\ntitle: Lock gates replaced\n---\nThe lock reopened on Friday.\n"
    article = parse_bytes(md.encode(), fmt="md")
    assert article.authors != ["Ilse Marten"] and article.title != "Lock gates replaced"
    assert any("aliases" in p for p in article.problems)
    plain = parse_bytes(md.replace("&w ", "").replace("*w", "Ilse Marten").encode(), fmt="md")
    assert plain.title == "Lock gates replaced" and plain.authors == ["Ilse Marten"]
    assert not plain.problems
    starred = parse_bytes(b"---\ntitle: 'Stars *and* asterisks'\n---\nText.\n", fmt="md")
    assert starred.title == "Stars *and* asterisks"


def test_config_and_theme_yaml_refuse_aliases():
    with pytest.raises(YamlError, match="aliases"):
        load_yaml_text("base: &b {accent: red}\nnight: *b\n", name="themes.yaml")
    assert load_yaml_text("accent: red\nnote: 2*3\n") == {"accent": "red", "note": "2*3"}


def test_front_matter_values_of_the_wrong_kind_are_left_out_not_shown_as_python():
    md = ("---\ntitle: {a: 1, b: [2, 3]}\nauthor: [[x, y], {z: 1}]\ndate: [2024, 5]\nurl: 12345\n"
          "source: [[Harbour]]\n---\nThe ferry timetable changes for the summer season.\n")
    article = parse_bytes(md.encode(), fmt="md")
    shown = [article.title, article.url or "", article.source or "", article.published or "", *article.authors,
             *article.problems]
    for value in shown:
        assert "{" not in value and "[" not in value and "'" not in value, value
    assert article.title == "The ferry timetable changes for the summer season"
    assert article.url is None and article.authors == [] and article.published is None
    joined = " | ".join(article.problems)
    for field in ("title", "author", "date", "url", "source"):
        assert f"front matter {field} left out" in joined, joined


def test_front_matter_lists_of_names_and_numeric_titles_still_read():
    md = "---\ntitle: 1984\nauthors: [Rui Vaz, Oona Pell]\ndate: 2024-05-06\ntags: [ports, 7]\n---\nText here.\n"
    article = parse_bytes(md.encode(), fmt="md")
    assert article.title == "1984"
    assert article.authors == ["Rui Vaz", "Oona Pell"]
    assert article.published == "2024-05-06"
    assert article.tags == ["ports", "7"]
    assert not article.problems


# -- 2. C1 characters: a stray one never eats the text after it ------------------------------


def _double_encoded(text: str) -> str:
    """Text whose UTF-8 bytes were read as Latin-1 and saved again: U+2019 becomes three
    characters, two of them C1 controls (U+0080, U+0099)."""
    return text.encode("utf-8").decode("latin-1")


STORY = ("Tide Tables Move Online\n"
         "The harbour office said \u201cthe printed booklet is gone\u201d after forty years.\n"
         "Skippers\u2019 groups asked for a paper copy at the quay \u2013 and got one.\n"
         "The office will print a hundred copies each spring.\n")


def test_double_encoded_utf8_is_repaired_and_no_line_is_lost():
    data = _double_encoded(STORY).encode("utf-8")
    assert "\x9d" in data.decode("utf-8")  # the closing quote carries an 8-bit OSC introducer
    text, problems = decode_bytes(data)
    assert text == STORY
    assert any("repaired" in p for p in problems)
    article = parse_bytes(data, path="tides.txt")
    assert article.title == "Tide Tables Move Online"
    assert "a hundred copies each spring" in article.text


def test_windows_1252_flavoured_mojibake_is_repaired():
    # read as Windows-1252 the way browsers do: the five bytes it leaves undefined become C1 characters
    shown = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in STORY.encode("utf-8"))
    assert "\u00e2\u20ac\u0153" in shown  # the opening quote as three characters
    data = shown.encode("utf-8")
    text, _ = decode_bytes(data)
    assert "\u201cthe printed booklet is gone\u201d" in text and "Skippers\u2019 groups" in text


def test_a_lone_c1_introducer_removes_only_itself():
    text = "first \x9d line\nsecond line\nthird \x90 line \x98 and \x9e, \x9f end\nlast line"
    assert clean_text(text) == "first  line\nsecond line\nthird  line  and ,  end\nlast line"
    _, problems = decode_bytes(text.encode("utf-8"))
    assert any("C1" in p and "repaired" in p for p in problems)


def test_string_sequences_are_bounded_by_newline_and_length():
    assert clean_text("a\x1b]0;no end here\nnext line stays") == "a0;no end here\nnext line stays"
    assert clean_text("a\x1bPq no end\nb") == "aq no end\nb"
    long_tail = "word " * 200  # 1000 characters, no terminator within the bound
    assert clean_text("x\x9d" + long_tail + "\x9c") == "x" + long_tail
    assert clean_text("x\x1b]2;" + long_tail + "\x07y") == "x2;" + long_tail + "y"
    # complete sequences still go whole, 7-bit and 8-bit
    assert clean_text("a\x9d0;title\x9cb\x1b]0;t\x07c\x1bP+q\x1b\\d\x9b1;31me") == "abcde"


def test_nothing_that_drives_a_terminal_survives_mojibake_repair():
    # a double-encoded C1 control decodes to that control; it must still be removed
    hostile = "ok " + "\x9b2J".encode("utf-8").decode("latin-1") + " " + "\x1b]0;t\x07".encode().decode("latin-1")
    cleaned = clean_text(hostile)
    assert not any(ch == "\x1b" or "\x80" <= ch <= "\x9f" or ch == "\x07" for ch in cleaned), repr(cleaned)
    assert clean_text(cleaned) == cleaned


def test_real_latin1_letters_next_to_signs_are_left_alone():
    for text in ("\u00bbGru\u00df\u00ab, sagte sie.", "Ma\u00e7\u00e3 \u00c9\u00a9 3\u00d7\u00b2"):
        assert clean_text(text) == text


# -- 3. one accented letter in Windows-1252 text --------------------------------------------


def test_one_accented_byte_in_english_text_is_windows_1252():
    data = ("Pilots Vote on New Rota\nThe pilots at the port said the new rota was unworkable and that "
            "the union would meet in C\u00e1diz next week to decide what to do about it.\n").encode("cp1252")
    text, problems = decode_bytes(data)
    assert "C\u00e1diz" in text
    assert problems == ["decoded as cp1252"]


def test_cyrillic_and_japanese_legacy_text_still_detected():
    ru = ("\u041f\u043e\u0440\u0442 \u043e\u0442\u043a\u0440\u044b\u043b\u0441\u044f \u0441\u043d\u043e\u0432\u0430\n"
          "\u0420\u0430\u0431\u043e\u0442\u0430 \u0432 \u043f\u043e\u0440\u0442\u0443 \u0438\u0434\u0451\u0442 "
          "\u043f\u043e \u043f\u043b\u0430\u043d\u0443, \u0441\u043a\u0430\u0437\u0430\u043b\u0438 "
          "\u0432 \u0443\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u0438\u0438.\n")
    text, problems = decode_bytes(ru.encode("cp1251"))
    assert text == ru and problems == ["decoded as cp1251"]
    ja = "\u6e2f\u306e\u65b0\u3057\u3044\u6a4b\u304c\u5b8c\u6210\u3057\u307e\u3057\u305f\u3002\n" * 3
    text, _ = decode_bytes(ja.encode("shift_jis"))
    assert text == ja


# -- 4. short binary files are not articles; UTF-16 without a BOM needs evidence ---------------


def test_a_few_bytes_of_compressed_data_are_not_an_article():
    import zlib

    data = zlib.compress(b"quay quay quay quay quay")
    assert len(data) < 40
    assert binary_kind(data) == "binary data"
    with pytest.raises(ArticleError, match="not text"):
        parse_bytes(data, fmt="md", path="note.md")


def test_sixty_four_random_bytes_are_not_an_article():
    import random

    rng = random.Random(6)
    refused = 0
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(64))
        try:
            parse_bytes(data, path="r.txt")
        except ArticleError as exc:
            assert "not text" in str(exc)
            refused += 1
    assert refused >= 19


def test_utf16_without_bom_reads_when_it_plainly_is_text():
    for codec in ("utf-16-le", "utf-16-be"):
        story = "Ferry Fares Frozen\nThe ferry company froze its fares for the winter.\n"
        article = parse_bytes(story.encode(codec), path="fares.txt")
        assert article.title == "Ferry Fares Frozen"
        assert any(codec in p for p in article.problems)
        ja = "\u6e2f\u306e\u65b0\u3057\u3044\u6a4b\n\u6a4b\u304c\u5b8c\u6210\u3057\u307e\u3057\u305f\u3002\n" * 2
        text, _ = decode_bytes(ja.encode(codec))
        assert text == ja
    short = "Quay\n".encode("utf-16-le")
    assert decode_bytes(short)[0] == "Quay\n"
    assert decode_bytes(codecs.BOM_UTF16_LE + "Quay\n".encode("utf-16-le"))[0] == "Quay\n"


def test_portuguese_capitals_before_a_closing_quote_are_not_taken_for_mojibake():
    text = "A companhia estreia a peça \u201cIRM\u00c3\u201d no palco do porto, depois de \u201cMA\u00c7\u00c3\u201d no ano passado.\n"
    article = parse_bytes(("Teatro no porto\n" + text).encode(), fmt="txt")
    assert "\u201cIRM\u00c3\u201d" in article.body_text and "\u201cMA\u00c7\u00c3\u201d" in article.body_text
    assert not any("mojibake" in note for note in article.problems)
