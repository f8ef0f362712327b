"""The command line of CONTRACT.md, as scripts use it."""

from __future__ import annotations

import json
import os
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


# -- odd file names, notes, usage errors (QA) -----------------------------------------------------

ESC_NAME = "zz-name-\x1b[31mred\x1b[0m-\x07bell.txt"
BAD_BYTES_NAME = os.fsdecode(b"zz-bad-\xff\xfe-name.txt")  # not UTF-8: surrogateescape


def _odd_library(folder: Path) -> Path:
    folder.mkdir()
    (folder / ESC_NAME).write_text("Kelp harvest doubles\nThe kelp harvest along the fjord doubled "
                                   "this spring, growers said on Monday.\n")
    (folder / BAD_BYTES_NAME).write_text("Ferry timetable changes\nThe winter ferry timetable adds a "
                                         "kelp run on Thursdays, the operator said.\n")
    return folder


def test_odd_file_names_by_relative_path_from_the_folder_and_from_elsewhere(capsys, tmp_path, monkeypatch):
    library = _odd_library(tmp_path / "odd")
    monkeypatch.chdir(library)
    for name, word in ((ESC_NAME, "fjord"), (BAD_BYTES_NAME, "Thursdays")):
        code, out, err = run(capsys, "show", name)
        assert (code, err) == (0, "") and word in out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for name, word in ((ESC_NAME, "fjord"), (BAD_BYTES_NAME, "Thursdays")):
        code, out, err = run(capsys, "show", name, "--library", str(library))
        assert code == 0, err
        assert word in out


def test_json_paths_of_odd_file_names_open_the_file_and_stay_terminal_safe(capsys, tmp_path):
    library = _odd_library(tmp_path / "odd")
    code, out, _ = run(capsys, "list", "--json", "--library", str(library))
    assert code == 0
    code, search_out, _ = run(capsys, "search", "kelp", "--json", "--library", str(library))
    assert code == 0
    code, show_out, _ = run(capsys, "show", str(library / BAD_BYTES_NAME), "--json")
    assert code == 0
    rows, hits, shown = json.loads(out), json.loads(search_out), json.loads(show_out)
    assert len(rows) == 2 and len(hits) == 2
    for item in rows + hits + [shown]:
        # the name exactly as on disk: json.loads + os.fsencode gives the bytes back
        with open(os.fsencode(item["path"]), "rb") as fh:
            assert fh.read().startswith((b"Kelp", b"Ferry"))
    assert {Path(row["path"]).name for row in rows} == {ESC_NAME, BAD_BYTES_NAME}
    for raw in (out, search_out, show_out):
        assert not any(ch in raw for ch in "\x1b\x07\x9b") and "\ufffd" not in raw
        raw.encode("utf-8")  # no lone surrogate reaches stdout


def test_odd_file_names_are_shown_cleaned_in_messages(capsys, tmp_path):
    bad = tmp_path / ("zz-\x1b]52;c;aGk=\x07clip-\x1b[2J.txt")
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, out, err = run(capsys, "show", str(bad))
    assert code == 1 and out == ""
    assert "\x1b" not in err and "\x07" not in err and "not text" in err


def test_show_as_text_gives_the_notes_the_app_shows(capsys, tmp_path):
    cases = {
        "empty.txt": (b"", "the file is empty"),
        "latin1.txt": ("Caf\u00e9 prices climb\nThe caf\u00e9 on the quay raised its prices, "
                       "said the owner, Jos\u00e9 Pe\u00f1a.\n".encode("latin-1"), "decoded as"),
        "baddate.md": (b"---\ntitle: Quay fees rise\ndate: 2024-02-30\n---\n\nThe quay fees rose on "
                       b"Tuesday, the port board said.\n", "2024-02-30"),
        "pytag.md": (b"---\ntitle: !!python/object/apply:os.system [\"echo hi\"]\n---\n\nA body line "
                     b"that still reads.\n", "front matter refused"),
        "nul.txt": (b"Tide tables\x00 printed\nThe harbour office\x00 printed new tide tables.\n",
                    "NUL bytes removed"),
    }
    for name, (data, note) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run(capsys, "show", str(path))
        assert code == 0, err
        assert note in out, (name, out)
        notes = [line for line in out.splitlines() if line.startswith("Note: ")]
        assert notes and note in notes[0], (name, out)
    # --json keeps the shape of CONTRACT.md
    code, out, _ = run(capsys, "show", str(tmp_path / "empty.txt"), "--json")
    assert "notes" not in json.loads(out)


def test_a_clean_article_has_no_notes(capsys, library_copy):
    path = sorted(library_copy.glob("*.txt"))[0]
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0 and "Note:" not in out


@pytest.mark.parametrize("args", [
    ["search", "x", "--limit", "0"],
    ["search", "x", "--limit", "-3"],
    ["search", "x", "--limit", "many"],
    ["search", ""],
    ["search", "   "],
    ["show", ""],
    ["entities", "  "],
    ["list", "--library", ""],
    ["--theme", "", "list"],
])
def test_bad_option_values_are_usage_errors_exit_2(capsys, library_copy, args):
    with pytest.raises(SystemExit) as exit_info:
        main(args + ([] if "--library" in args else ["--library", str(library_copy)]))
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage:" in err


def test_a_huge_limit_gives_every_match_not_a_traceback(capsys, library_copy):
    code, out, _ = run(capsys, "search", "grain", "--json", "--limit", "9" * 30, "--library", str(library_copy))
    assert code == 0
    code, few, _ = run(capsys, "search", "grain", "--json", "--limit", "2", "--library", str(library_copy))
    assert len(json.loads(out)) > len(json.loads(few)) == 2


@pytest.mark.parametrize("argv", [
    [], ["--library", "/some/folder"], ["--library=/some/folder"], ["--theme", "newsprint", "--ner", "spacy"],
    ["--ner=builtin", "--library", "lib", "--theme=ink-and-moss"], ["--library", "list"],
])
def test_reader_options_read_without_argparse_mean_what_argparse_says(argv):
    """Opening the reader reads its own options directly (start-up); the result must be argparse's."""
    from tuireader.cli import _reader_options_only, build_parser

    quick = _reader_options_only(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["--library"], ["--library", "-x"], ["--library", "a", "--library", "b"], ["--lib", "x"], ["--ner", "nope"],
    ["--theme", " "], ["--theme="], ["-h"], ["list"], ["--library", "x", "show", "y"], ["--version"],
])
def test_anything_else_goes_to_argparse(argv):
    from tuireader.cli import _reader_options_only

    assert _reader_options_only(argv) is None
