"""The fast body scorer gives the scores the trained model was trained for.

``linemodel.body_scores`` takes the weighted sums apart and keeps per-line
parts in a cache; these tests hold it to the written-out pipeline the training
tool uses (own_features -> context_features -> weights -> sigmoid), on pages
written for this file, including the awkward cases: repeated lines, the title
echoed on the page, stop headings, hints, non-ASCII text, tiny pages, another
model swapped in, a cache emptied mid-way.
"""

from __future__ import annotations

import math
import re

import pytest

from tuireader.parse import linemodel as lm

PAGE = """\
Coastline Courier | Harbour towns, every morning
Skip to content
Home
Towns
Weather
Sign in
Ferry timetable changes after winter storms – Coastline Courier
Ferry timetable changes after winter storms
By Maren Olsby – 14 February 2025
The night crossing at low tide. Photo: Coastline Courier
The island ferry will leave forty minutes earlier from next Monday, the operator said on Friday, after two \
crossings in January were cancelled when the tide fell faster than the tables predicted.
“We would rather wait on the quay than sit on a sandbank,” said the harbour master, who has run the \
slipway at Vestnes for eleven years. Passengers will be told of changes by text message.
The operator’s chief engineer said the new hull, built in São Paulo and fitted out in Zürich, draws 2.4 m \
when loaded, about 30 cm more than the boat it replaced.
Fares stay the same. Season tickets bought before March remain valid on every crossing.
What the change means for commuters
Most of the 340 daily passengers travel before eight. For them the earlier departure means a 3×4 km detour \
by road on days when the morning boat is full, according to the council’s own survey.
The council will review the timetable in May, after the spring tides.
Related posts
Harbour dredging plan delayed again
Island school gets a second boat
Share this:
Facebook Twitter WhatsApp
Home
© 2025 Coastline Courier. All rights reserved.
"""

# Lines chosen for the word/capital counting paths: ASCII, punctuation-only non-ASCII, non-ASCII
# letters, the multiplication sign (inside _CAP_WORD's range but not a word character), the
# Turkish dotted capital I (lower-cases to two characters), digits of several kinds.
TRICKY = [
    "Plain ASCII line with 12 words, a number 2025 and snake_case_name.",
    "“Quoted,” she said – and left… The End.",
    "Zürich and São Paulo: ÉTÉ 2024, Ørsted’s ÆØÅ",
    "A×B and 3×4 and ×C at the start ×",
    "İstanbul İzmir and IIS",
    "Area 12² and ½ a cup, ٣ dishes, 4th round",
    "_under_score __init__ A_B",
    "UPPER CASE LINE",
    "x",
    "?",
    "• Bullet point with a | pipe » and › marks · here",
    "Home · Towns · Weather",
    "tab\tseparated\x0bvertical\x1cfile-sep",
    "\u200bzero width and combining e\u0301 accent",
    "카페 서울 2024 Korean text",
]


def reference_scores(lines: list[lm.Line]) -> list[float]:
    """The scores as the training tool computes its inputs: full feature vectors, then weights."""
    model = lm._load_model()
    own = lm.own_features(lines)
    s1 = [lm._sigmoid(lm._dot(model["stage1"], f)) for f in lm.context_features(own)]
    if "stage2" not in model:
        return s1
    return [lm._sigmoid(lm._dot(model["stage2"], f)) for f in lm.context_features(own, s1)]


def reset_cache() -> None:
    lm._STATE = (None, None, {})


def pages() -> list[list[lm.Line]]:
    out = []
    base = lm.split_lines(PAGE)
    out.append(base)
    hinted = lm.split_lines(PAGE)
    for ln in hinted:
        ln.hint = ln.index % 4 == 1
    out.append(hinted)
    out.append(lm.split_lines("\n".join(TRICKY)))
    out.append(lm.split_lines("Only one line here."))
    out.append(lm.split_lines("Title | Site\nTitle"))
    out.append(lm.split_lines("A headline\nBy Someone\nThe only paragraph of the piece, short and done."))
    return out


@pytest.mark.skipif(lm._load_model() is None, reason="no shipped line model")
def test_fast_scores_match_the_written_out_model() -> None:
    reset_cache()
    for lines in pages():
        want = reference_scores(lines)
        got = lm.body_scores(lines)
        assert len(got) == len(want)
        assert max(abs(a - b) for a, b in zip(got, want)) < 1e-9
        # again, now from the cache
        assert lm.body_scores(lines) == got


@pytest.mark.skipif(lm._load_model() is None, reason="no shipped line model")
def test_page_body_is_the_story_not_the_furniture() -> None:
    lines = lm.split_lines(PAGE)
    body = [ln.text for ln, b in zip(lines, lm.select_body(lines, lm.body_scores(lines))) if b]
    assert any(t.startswith("The island ferry will leave") for t in body)
    assert any(t.startswith("The council will review") for t in body)
    assert not any(t in ("Home", "Sign in", "Share this:", "Facebook Twitter WhatsApp") for t in body)


def test_word_and_capital_counts_match_the_regular_expressions() -> None:
    for text in TRICKY + [ln.text for ln in lm.split_lines(PAGE)]:
        f = lm.line_features(text)
        words = lm._WORDS.findall(text.lower())
        nw = len(words)
        caps = len(lm._CAP_WORD.findall(text))
        assert f[2] == math.log1p(nw) / 5.0, text
        assert f[6] == (caps / nw if nw else 0.0), text
        assert f[7] == (sum(map(str.isdigit, words)) / nw if nw else 0.0), text
        assert f[31] == (sum(w in lm._STOPWORDS for w in words) / nw if nw else 0.0), text
        assert f[13] == (1.0 if re.search(r"[|\u00bb\u203a>\u2022\u00b7]", text) else 0.0), text
        assert all(type(v) is float for v in f) and len(f) == lm.N_OWN


def test_line_features_returns_a_fresh_list() -> None:
    f = lm.line_features("The ferry leaves at dawn.")
    f[21] = 99.0
    assert lm.line_features("The ferry leaves at dawn.")[21] == 0.0


@pytest.mark.skipif(lm._load_model() is None, reason="no shipped line model")
def test_cache_stays_bounded_and_emptying_it_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    reset_cache()
    monkeypatch.setattr(lm, "_CACHE_MAX", 16)
    lines = lm.split_lines(PAGE)
    first = lm.body_scores(lines)
    assert len(lm._STATE[2]) <= 16
    sel = lm.select_body(lines, first)
    reset_cache()
    assert lm.select_body(lines, first) == sel  # select_body without the cache
    many = lm.split_lines("\n".join(f"Line number {i} of a long list, with words." for i in range(100)))
    lm.body_scores(many)
    assert len(lm._STATE[2]) <= 16
    assert lm.body_scores(lines) == first


@pytest.mark.skipif(lm._load_model() is None, reason="no shipped line model")
def test_another_model_is_not_scored_with_the_old_ones_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """tools/crossval.py swaps the model file and clears _load_model's cache."""
    reset_cache()
    lines = lm.split_lines(PAGE)
    lm.body_scores(lines)  # fill the cache for the shipped model
    shipped = lm._load_model()
    other = dict(shipped)
    other["stage1"] = [w * 0.5 - 0.01 * i for i, w in enumerate(shipped["stage1"])]
    other["stage2"] = [w * 1.5 for w in shipped["stage2"]]
    monkeypatch.setattr(lm, "_load_model", lambda: other)
    want = reference_scores(lines)
    got = lm.body_scores(lines)
    assert max(abs(a - b) for a, b in zip(got, want)) < 1e-9
    assert max(abs(a - b) for a, b in zip(got, lm._body_scores_plain(lines, shipped))) > 1e-3

    # a model without stage two gives the stage-one scores; one laid out differently still scores
    one = {k: v for k, v in other.items() if k != "stage2"}
    monkeypatch.setattr(lm, "_load_model", lambda: one)
    assert max(abs(a - b) for a, b in zip(lm.body_scores(lines), reference_scores(lines))) < 1e-9
    odd = dict(one, stage1=one["stage1"] + [0.3])  # one weight more than the features
    monkeypatch.setattr(lm, "_load_model", lambda: odd)
    assert lm.body_scores(lines) == lm._body_scores_plain(lines, odd)
    reset_cache()


def test_split_lines_offsets_point_at_the_lines() -> None:
    text = "  first line  \n\n\t second\r\n   \nthird\n"
    lines = lm.split_lines(text)
    assert [ln.text for ln in lines] == ["first line", "second", "third"]
    assert [ln.index for ln in lines] == [0, 1, 2]
    for ln in lines:
        assert text[ln.start:ln.start + len(ln.text)] == ln.text
