"""Article text is untrusted: what comes out of cleaning can never drive a terminal."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.clean import clean_line, clean_text, decode_bytes

FORBIDDEN = set(chr(c) for c in range(0x20) if chr(c) not in "\n\t") | {"\x7f"} | set(
    chr(c) for c in range(0x80, 0xA0)) | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_escape_sequences_are_removed_whole():
    text = "red\x1b[31mtext\x1b[0m and \x1b]52;c;ZXZpbA==\x07clip and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"
    assert clean_text(text) == "redtext and clip and link"


def test_eight_bit_csi_and_dcs_removed():
    assert clean_text("a\x9b31mb\x90qpayload\x9cc") == "abc"


def test_controls_and_bidi_removed_but_newlines_and_tabs_kept():
    assert clean_text("a\x00b\x07c\td\ne\u202ef\u2066g") == "abc\td\nefg"


def test_carriage_returns_become_newlines():
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_clean_line_folds_to_one_line():
    assert clean_line("  a\nb\x1b[2J  c ") == "a b c"


@settings(max_examples=300)
@given(st.text())
def test_cleaned_text_has_no_control_characters(text):
    cleaned = clean_text(text)
    assert not (set(cleaned) & FORBIDDEN)
    assert "\x1b" not in cleaned


def test_utf8_with_and_without_bom():
    assert decode_bytes("José".encode())[0] == "José"
    assert decode_bytes(codecs.BOM_UTF8 + "José".encode())[0] == "José"


def test_utf16_with_bom():
    text, problems = decode_bytes("Müller über Ångström".encode("utf-16"))
    assert text == "Müller über Ångström"


def test_windows_1252_is_recognised():
    data = "The minister\u2019s \u201cbold\u201d plan for Bogot\u00e1 and S\u00e3o Paulo caf\u00e9s".encode("cp1252")
    text, problems = decode_bytes(data)
    assert "Bogotá" in text and "\u2019s" in text
    assert problems  # the reader is told it was not UTF-8


def test_mostly_utf8_with_a_bad_byte_is_repaired_not_misread():
    data = "Señora Núñez said ".encode() * 20 + b"\xff" + " more".encode()
    text, problems = decode_bytes(data)
    assert "Señora Núñez" in text
    assert any("repaired" in p for p in problems)
