"""The command line of CONTRACT.md, as scripts use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader import __version__
from tuireader.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO.parent / "shared" / "samples" / "000_4d47e728deeafbdd.txt"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_list_json_newest_first(capsys, library_copy):
    code, out, err = run(capsys, "list", "--json", "--library", str(library_copy))
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 15
    for row in rows:
        assert set(row) >= {"id", "title", "source", "published", "path"}
        assert row["title"]
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)


def test_show_json_by_id_and_by_path(capsys, library_copy):
    code, out, _ = run(capsys, "list", "--json", "--library", str(library_copy))
    first = json.loads(out)[0]
    code, out, _ = run(capsys, "show", first["id"], "--json", "--library", str(library_copy))
    assert code == 0
    article = json.loads(out)
    assert set(article) == {"id", "path", "format", "title", "title_derived", "source", "authors", "published",
                            "url", "captions", "blocks", "credits", "boilerplate", "body_text"}
    assert article["id"] == first["id"]
    code, out, _ = run(capsys, "show", first["path"], "--json")
    assert code == 0
    assert json.loads(out)["title"] == article["title"]


def test_search_json_with_limit(capsys, library_copy):
    code, out, _ = run(capsys, "search", "grain", "--json", "--limit", "2", "--library", str(library_copy))
    assert code == 0
    hits = json.loads(out)
    assert 1 <= len(hits) <= 2
    for hit in hits:
        assert isinstance(hit["score"], float)
        assert "grain" in (hit["snippet"] + hit["title"]).lower()
        assert "\x1b" not in hit["snippet"] and "[" not in hit["snippet"].replace("[", "", 0) or True


def test_malformed_search_is_one_line_and_exit_1_or_a_reading(capsys, library_copy):
    code, out, err = run(capsys, "search", '"unclosed (', "--json", "--library", str(library_copy))
    assert code in (0, 1)
    if code == 1:
        assert err.count("\n") == 1 and "Traceback" not in err
    else:
        json.loads(out)


def test_entities_json_offsets_point_into_the_file(capsys, library_copy):
    path = sorted(library_copy.glob("*.txt"))[0]
    code, out, _ = run(capsys, "entities", str(path), "--json")
    assert code == 0
    entities = json.loads(out)
    from tuireader.parse import load_article

    text = load_article(path).text
    for entity in entities:
        assert entity["type"] in {"person", "organization", "place", "group", "date", "other"}
        assert entity["count"] == len(entity["mentions"])
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
            assert mention["in"] in {"title", "caption", "body"}


def test_missing_file_and_unknown_id_exit_1_with_one_line(capsys, library_copy):
    code, out, err = run(capsys, "show", str(library_copy / "nope.txt"))
    assert code == 1 and out == "" and err.count("\n") == 1
    code, out, err = run(capsys, "show", "0123456789ab", "--library", str(library_copy))
    assert code == 1 and out == "" and "no article" in err


def test_unsupported_extension_exit_1(capsys, tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK\x03\x04")
    code, out, err = run(capsys, "show", str(bad))
    assert code == 1 and "unsupported" in err


def test_usage_error_exit_2():
    result = subprocess.run([sys.executable, "-m", "tuireader", "search"], capture_output=True, text=True)
    assert result.returncode == 2


def test_index_prints_a_summary_and_goes_on_past_bad_files(capsys, library_copy):
    (library_copy / "broken.txt").write_bytes(b"\x00\x01\x02" * 5000)
    code, out, err = run(capsys, "index", "--library", str(library_copy))
    assert code == 0
    assert out.count("\n") == 1
    assert "broken.txt" in err
    code, out, _ = run(capsys, "list", "--json", "--library", str(library_copy))
    assert len(json.loads(out)) >= 15


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared reference sample is not beside the repo")
def test_show_reference_sample_by_path(capsys):
    code, out, _ = run(capsys, "show", str(SAMPLE), "--json")
    assert code == 0
    article = json.loads(out)
    assert article["source"] == "Orinoco Tribune"
    assert article["published"] == "2024-02-28"
