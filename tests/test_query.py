"""The query language: parsing and compiling, without a database."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader import query as q
from tuireader.query import QueryError, compile_query, normalize_date, parse


def test_words_all_must_match():
    c = compile_query("harbour ferry")
    assert c.match.count(" AND ") == 1 and '"harbour"' in c.match and '"ferry"' in c.match
    assert c.where is None and c.terms == ["harbour", "ferry"]


def test_every_term_is_quoted_so_fts5_syntax_is_inert():
    c = compile_query("NEAR title OR AND")
    assert '"NEAR"' in c.match and '"title"' in c.match
    c = compile_query('say "he said ""no"""')
    assert c.match.count('"') % 2 == 0


def test_phrase_prefix_or_not_parentheses():
    assert isinstance(parse('"exact words here"'), q.Term)
    t = parse('"exact words here"')
    assert t.phrase and t.text == "exact words here"
    t = parse("elect*")
    assert t.prefix and t.text == "elect"
    assert compile_query("elect*").prefixes == ["elect"]
    assert compile_query("elect*").terms == ["elect*"]  # the UI highlights words starting "elect"
    tree = parse("a b OR c")
    assert isinstance(tree, q.Or)  # OR binds loosest: (a b) OR c
    tree = parse("a (b OR c)")
    assert isinstance(tree, q.And) and isinstance(tree.children[1], q.Or)
    tree = parse("oil -gas")
    assert isinstance(tree.children[1], q.Not)
    # a left-out word is left out of the whole group: (oil OR coal) -gas
    assert parse("oil OR coal -gas") == q.And([q.Or([q.Term("oil"), q.Term("coal")]), q.Not(q.Term("gas"))])
    assert parse("oil OR -gas") == q.And([q.Term("oil"), q.Not(q.Term("gas"))])
    assert parse("NOT gas") == q.Not(q.Term("gas"))
    assert parse("or and not") == q.And([q.Term("or"), q.Term("and"), q.Term("not")])  # lower case: words


def test_negated_words_are_not_highlighted():
    assert compile_query("oil -gas").terms == ["oil"]


def test_fields_map_to_columns():
    assert compile_query("title:ferry").match == 'title : "ferry"'
    assert compile_query("author:okafor").match == 'authors : "okafor"'
    assert compile_query('person:"ana lopez"').match == 'people : "ana lopez"'
    assert compile_query("org:council").match == 'orgs : "council"'
    assert compile_query("place:marrow").match == 'places : "marrow"'
    assert compile_query("entity:x").match.startswith("{people orgs places others}")
    assert compile_query("title:(ferry OR bridge)").match == '(title : "ferry") OR (title : "bridge")'
    # a time is plain words, not a field
    assert compile_query("10:30").match.endswith('"10 30"')


def test_in_caption_scopes_the_plain_words():
    c = compile_query("in:caption keepers")
    assert c.match.strip("()") == 'captions : "keepers"' and c.where is None
    assert compile_query("in:caption").where == "a.n_captions > 0"


def test_dates():
    assert normalize_date("2024") == "2024"
    assert normalize_date("2024-2") == "2024-02"
    assert normalize_date("2024/02/03") == "2024-02-03"
    c = compile_query("date:2024-02")
    assert c.match is None and c.params == ["2024-02", "2024-02~"]
    assert compile_query("after:2024").params == ["2024~"]
    assert compile_query("before:2024-03-01").params == ["2024-03-01"]
    for bad in ("date:2024-13", "date:2024-02-32", "date:yesterday", "after:02-2024"):
        with pytest.raises(QueryError):
            compile_query(bad)


def test_reading_state_filters():
    assert compile_query("is:unread").where == "COALESCE(m.read, 0) = 0"
    assert compile_query("is:unread").uses_state
    assert compile_query("is:starred", has_state=False).where == "0"
    with pytest.raises(QueryError, match="is:unread"):
        compile_query("is:sideways")


def test_mixing_text_and_filters_under_or():
    c = compile_query("bridge OR date:2023")
    assert c.match is None and "MATCH ?" in c.where and c.params[0].endswith('"bridge"')


def test_only_exclusions_become_a_filter():
    c = compile_query("-ferry")
    assert c.match is None and c.where.startswith("NOT (a.rowid IN")


def test_title_match_for_tiered_ranking():
    c = compile_query("ferry -storm")
    assert c.title_match is not None and "title" in c.title_match
    assert compile_query("title:ferry").title_match is None


def test_unclosed_quote_and_parenthesis_read_to_the_end():
    assert parse('"unclosed phrase here').text == "unclosed phrase here"
    assert parse("(a OR b") == q.Or([q.Term("a"), q.Term("b")])


def test_blank_is_none_and_punctuation_is_an_error():
    assert compile_query("") is None and compile_query("  \t ") is None
    for bad in ('"', "(", ")", "AND", "-", "*", "^", ":", "OR", '""', "-(", "…"):
        with pytest.raises(QueryError):
            compile_query(bad)


def test_clear_messages():
    with pytest.raises(QueryError, match="title: needs something"):
        compile_query("title:")
    with pytest.raises(QueryError, match="at least 2 letters"):
        compile_query("a*")
    with pytest.raises(QueryError, match="too long"):
        compile_query("word " * 1000)


FTS = None


def _fts() -> sqlite3.Connection:
    global FTS
    if FTS is None:
        FTS = sqlite3.connect(":memory:")
        FTS.execute("CREATE VIRTUAL TABLE fts USING fts5(title, captions, body, source, authors, people, orgs,"
                    " places, others, tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
        FTS.execute("CREATE TABLE articles(rowid INTEGER PRIMARY KEY, id, published, n_captions)")
        FTS.execute("CREATE TABLE marks(id, read, starred)")
        FTS.execute("INSERT INTO fts(rowid, title, body) VALUES (1, 'Ferry news', 'the harbour')")
        FTS.execute("INSERT INTO articles VALUES (1, 'x', '2024-01-01', 0)")
    return FTS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "()*-:^OR ANDNOTtitle:date:is:in:2024-{}\\\'é.,;')) ,
               max_size=40))
def test_any_input_compiles_to_valid_sql_or_query_error(text):
    try:
        c = compile_query(text)
    except QueryError:
        return
    if c is None:
        return
    conn = _fts()
    sql = "SELECT a.rowid FROM articles a LEFT JOIN marks m ON m.id = a.id"
    params: list = []
    conds = []
    if c.match is not None:
        conds.append("a.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(c.match)
    if c.where is not None:
        conds.append(f"({c.where})")
        params += c.params
    if c.title_match is not None:
        conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (c.title_match,)).fetchall()
    conn.execute(sql + " WHERE " + " AND ".join(conds), params).fetchall()  # no FTS5 error


def test_a_day_the_calendar_does_not_have_is_named_as_such():
    for bad, month in (("date:2024-02-30", "February 2024 has 29 days"), ("date:2023-02-29", "February 2023 has 28 days"),
                       ("after:2024-04-31", "April 2024 has 30 days"), ("before:2024/6/31", "June 2024 has 30 days")):
        with pytest.raises(QueryError) as err:
            compile_query(bad)
        message = str(err.value)
        assert "not a real date" in message and month in message and "\n" not in message
    assert compile_query("date:2024-02-29").params == ["2024-02-29", "2024-02-29~"]  # a leap day is real
    assert normalize_date("2024-12-31") == "2024-12-31"


def test_in_filter_names_the_columns_snippets_come_from():
    assert compile_query("in:caption keepers").scope == ("captions",)
    assert compile_query("in:title ferry").scope == ("title",)
    assert compile_query("in:caption").scope == ("captions",)
    assert compile_query("keepers").scope == ()


def test_phrases_are_listed_for_snippets():
    q = compile_query('"Grain Corridor" port -"dry dock" "salt ro"*')
    assert q.phrases == ["Grain Corridor", "salt ro*"]
    assert compile_query("grain corridor").phrases == []


def test_field_column_is_the_one_column_every_word_is_limited_to():
    assert compile_query("title:pier").field_column == "title"
    assert compile_query('title:(pier OR "old quay") -storm').field_column == "title"
    assert compile_query("in:title pier").field_column == "title"
    assert compile_query("in:caption pier").field_column == "captions"
    assert compile_query('person:"ana lopez"').field_column == "people"
    assert compile_query("title:pier quay").field_column is None
    assert compile_query("pier").field_column is None
    assert compile_query("entity:opec").field_column is None  # several columns


def test_an_unknown_field_is_an_error_that_lists_the_fields():
    for text in ("foo:bar", "year:2024", "x:y:z", "harbour -colour:red", "(pier OR Foo:bar)", "Ünknown:x"):
        with pytest.raises(QueryError) as err:
            compile_query(text)
        message = str(err.value)
        assert "is not a field" in message and "\n" not in message
        for known in ("title:", "source:", "author:", "person:", "org:", "place:", "entity:", "in:", "date:",
                      "after:", "before:", "is:"):
            assert known in message
    assert 'quotes: "year:2024"' in str(pytest.raises(QueryError, compile_query, "year:2024").value)


def test_an_unknown_field_suggests_the_one_meant():
    for text, meant in (("year:2024", "date:"), ("since:2023", "after:"), ("titel:pier", "title:"),
                        ("autor:okafor", "author:"), ("captions:gulls", "in:caption"), ("unread:yes", "is:unread")):
        with pytest.raises(QueryError, match=f"did you mean {meant}"):
            compile_query(text)
    with pytest.raises(QueryError) as err:
        compile_query("zzq:pier")
    assert "did you mean" not in str(err.value)


def test_text_with_a_colon_not_meant_as_a_field_is_words():
    words = {"10:30": '"10 30"', "3:1": '"3 1"', "https://harbour.example/x": '"https harbour example x"',
             "mailto:desk@paper.example": '"mailto desk paper example"', "C:\\ferry": '"C ferry"',
             '"foo:bar"': '"foo bar"', "Breaking:": '"Breaking"', "foo:": '"foo"'}
    for text, quoted in words.items():
        assert compile_query(text).match.endswith(quoted), text
    c = compile_query("Update: harbour")  # a pasted headline: two words
    assert '"Update"' in c.match and '"harbour"' in c.match
    # known fields are unchanged, whatever the case
    assert compile_query("Title:pier").match == 'title : "pier"'
    assert compile_query("title:foo:bar").match == 'title : "foo bar"'
