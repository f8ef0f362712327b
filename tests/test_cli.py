"""The command line of CONTRACT.md, as scripts use it."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
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


# -- which library, and a library that is not there ------------------------------------------


def _story(title: str, body: str) -> str:
    return f"{title}\n\nBy Wren Talbot\n\n{body}\n"


@pytest.fixture
def three(tmp_path) -> Path:
    """Three short articles of our own."""
    folder = tmp_path / "three"
    folder.mkdir()
    (folder / "fees.txt").write_text(_story(
        "Harbour fees rise for the second year",
        "The harbour board raised mooring fees again on Tuesday. Skippers said the rise was steep."))
    (folder / "storm.txt").write_text(_story(
        "Storm shuts the harbour for two days",
        "A winter storm closed the harbour mouth. The board said repairs to the wall would follow."))
    (folder / "barge.txt").write_text(_story(
        "Grain barge runs aground near the locks",
        "A grain barge ran aground near the upper locks. Nobody was hurt, the canal office said."))
    return folder


def _titles(out: str) -> list[str]:
    return sorted(row["title"] for row in json.loads(out))


def _write_config(text: str) -> None:
    from tuireader import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text)


def test_the_config_library_setting_is_used_with_tilde_expanded(capsys, three, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./articles here
    _write_config(f"library: {three}\n")
    code, out, err = run(capsys, "list", "--json")
    assert code == 0, err
    assert _titles(out) == ["Grain barge runs aground near the locks", "Harbour fees rise for the second year",
                            "Storm shuts the harbour for two days"]
    monkeypatch.setenv("HOME", str(tmp_path))
    _write_config("library: ~/three\n")
    code, out, err = run(capsys, "search", "barge", "--json")
    assert code == 0 and _titles(out) == ["Grain barge runs aground near the locks"]


def test_library_order_option_then_environment_then_config(capsys, three, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.txt").write_text(_story("Lock keepers vote to strike", "The keepers voted on Friday."))
    _write_config(f"library: {tmp_path / 'nowhere'}\n")
    monkeypatch.setenv("TUIREADER_LIBRARY", str(other))
    code, out, err = run(capsys, "list", "--json")
    assert code == 0 and _titles(out) == ["Lock keepers vote to strike"]  # the environment beats the config
    code, out, err = run(capsys, "list", "--json", "--library", str(three))
    assert code == 0 and len(json.loads(out)) == 3  # the option beats both
    monkeypatch.delenv("TUIREADER_LIBRARY")
    code, out, err = run(capsys, "list")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no such folder" in err and "nowhere" in err and "config.yaml" in err


def test_the_app_is_handed_the_config_library_and_the_config(capsys, three, monkeypatch):
    import tuireader.ui.app as app_mod

    seen = {}

    class FakeApp:
        return_code = 0

        def __init__(self, **kwargs):
            seen.update(kwargs)

        def run(self):
            seen["ran"] = True

    monkeypatch.setattr(app_mod, "ReaderApp", FakeApp)
    monkeypatch.setattr("tuireader.cli._is_terminal", lambda stream: True)  # as in a terminal
    _write_config(f"library: {three}\nsort: title\n")
    try:
        assert main([]) == 0
    finally:
        gc.enable()  # the real app turns it back on after its first frame
    assert seen["ran"] and Path(seen["library_dir"]) == three
    assert seen["config"].sort == "title"  # read once, here, and handed over


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_bad_library_for_the_app_is_one_line_exit_1_and_nothing_made(capsys, tmp_path, monkeypatch, kind):
    import tuireader.ui.app as app_mod

    def never(*args, **kwargs):
        raise AssertionError("the app must not start")

    monkeypatch.setattr(app_mod, "ReaderApp", never)
    target = tmp_path / "notes.log"
    if kind == "file":
        target.write_text("not a folder\n")
    code, out, err = run(capsys, "--library", str(target))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert ("not a folder" if kind == "file" else "no such folder") in err and "notes.log" in err
    assert gc.isenabled()
    assert not any((tmp_path / "cache").iterdir()) and not any((tmp_path / "data").iterdir())
    code, out, err = run(capsys, "list", "--library", str(target))
    assert code == 1 and ("not a folder" if kind == "file" else "no such folder") in err


# -- folders that cannot be made, a damaged index ---------------------------------------------


@pytest.mark.parametrize("var", ["TUIREADER_DATA_DIR", "TUIREADER_CACHE_DIR"])
def test_a_data_or_cache_folder_that_cannot_be_made_is_one_line_and_exit_1(capsys, three, tmp_path,
                                                                            monkeypatch, var):
    blocker = tmp_path / "notes.log"
    blocker.write_text("a file where a folder should be\n")
    monkeypatch.setenv(var, str(blocker / "x"))
    for args in (["list"], ["index"], ["search", "harbour"]):
        code, out, err = run(capsys, *args, "--library", str(three))
        assert code == 1 and out == "" and err.count("\n") == 1, err
        assert "notes.log" in err and "$" + var in err and "Traceback" not in err
    # a file given by path needs neither
    code, out, err = run(capsys, "show", str(three / "barge.txt"))
    assert code == 0 and "Grain barge" in out


def test_a_cache_folder_that_cannot_be_made_stops_the_app_with_one_line(capsys, three, tmp_path, monkeypatch):
    import tuireader.ui.app as app_mod

    def never(self):
        raise AssertionError("the app must not start")

    monkeypatch.setattr(app_mod.ReaderApp, "run", never)
    blocker = tmp_path / "notes.log"
    blocker.write_text("x\n")
    monkeypatch.setenv("TUIREADER_CACHE_DIR", str(blocker / "x"))
    code, out, err = run(capsys, "--library", str(three))
    assert code == 1 and err.count("\n") == 1 and "cannot make the index folder" in err


def _garble(index: Path, sql: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(index) as conn:
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize("sql,command", [
    ("UPDATE articles SET title = CAST(X'48ff4f' AS TEXT)", ["list"]),
    ("UPDATE blobs SET record = X'00010203'", ["show", "ID"]),
    ("UPDATE blobs SET entities = X'00010203'", ["entities", "ID"]),
    ("UPDATE fts_content SET c2 = CAST(X'48ff4f' AS TEXT)", ["search", "harbour"]),
])
def test_an_index_found_damaged_mid_query_is_one_line_then_rebuilt(capsys, three, sql, command):
    from tuireader import paths

    code, out, _ = run(capsys, "list", "--json", "--library", str(three))
    first = json.loads(out)[0]["id"]
    index = paths.index_path_for(three)
    _garble(index, sql)
    args = [first if word == "ID" else word for word in command]
    code, out, err = run(capsys, *args, "--library", str(three))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "damaged" in err and "Traceback" not in err
    assert list(index.parent.glob(index.name + ".bad-*"))  # kept aside
    code, out, err = run(capsys, *args, "--library", str(three))  # the next run rebuilds
    assert code == 0, err
    code, out, err = run(capsys, "list", "--json", "--library", str(three))
    assert code == 0 and len(json.loads(out)) == 3


# -- search words that start with a dash --------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["search", "-storm", "--json"], ["search", "--json", "-storm"], ["search", "--", "-storm"],
    ["search", "--limit", "5", "-storm", "--json"], ["search", "--limit=5", "-storm"],
])
def test_search_for_not_a_word_needs_no_double_dash(capsys, three, args):
    code, out, err = run(capsys, "search", "--library", str(three), *args[1:])
    assert code == 0, err
    if "--json" in args:
        assert _titles(out) == ["Grain barge runs aground near the locks", "Harbour fees rise for the second year"]
    else:
        assert "Storm" not in out and "Grain barge" in out


def test_search_word_and_not_word_keep_their_order(capsys, three):
    code, out, err = run(capsys, "search", "harbour", "-storm", "--json", "--library", str(three))
    assert code == 0 and _titles(out) == ["Harbour fees rise for the second year"]


def test_a_mistyped_search_option_is_still_a_usage_error(three):
    result = subprocess.run([sys.executable, "-m", "tuireader", "search", "harbour", "--jsno",
                             "--library", str(three)], capture_output=True, text=True)
    assert result.returncode == 2 and "--jsno" in result.stderr


def test_a_file_of_ours_that_cannot_be_opened_is_one_line_not_a_traceback(capsys, three):
    from tuireader import paths

    lock = paths.index_path_for(three).with_name(paths.index_path_for(three).name + ".lock")
    lock.mkdir(parents=True)  # where the indexing lock file goes
    code, out, err = run(capsys, "index", "--library", str(three))
    assert code == 1 and out == "" and err.count("\n") == 1 and ".lock" in err


def test_the_reader_without_a_terminal_says_so_and_exits_instead_of_spinning(library_copy):
    # started from a script, a cron job or with its output piped: there are no keys to read
    for stdin, stdout in [(subprocess.DEVNULL, subprocess.PIPE), (None, subprocess.PIPE)]:
        done = subprocess.run([sys.executable, "-m", "tuireader", "--library", str(library_copy)],
                              stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr
