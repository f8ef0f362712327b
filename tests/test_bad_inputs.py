"""Safe with any input: odd sizes, shapes, names and encodings (issue 7).

Every bad file becomes either a readable article or one clear message, through
``load_article``, through ``Library.update`` (indexing goes on with the other files)
and through the command line (one line on stderr, exit 1; nothing on stdout but
the requested output).  Messages and titles never hold control characters.

The big inputs (20 MB, a 5 MB line, 100,000 lines) are generated once per module.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader.clean import clean_line
from tuireader.cli import main
from tuireader.library import Library
from tuireader.model import Article
from tuireader.parse import ArticleError, load_article, parse_bytes
from tuireader.reading_state import ReadingState

# What must never reach a terminal: C0 (newline and tab only inside article text), DEL, C1,
# bidi overrides/isolates, line/paragraph separators, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                    "\u2028\u2029\ud800-\udfff]")
UNSAFE_LINE = re.compile(UNSAFE.pattern[:-1] + "\n\t]")

WORDS = ("harbour council grain vote river ministry officials port storm ferry quay tide "
         "warden pension budget inquiry").split()


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def story(title: str, seed: int = 0, paragraphs: int = 4) -> str:
    rng = random.Random(seed)
    body = "\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs))
    return f"{title}\nThe Quayside Gazette\nBy Orla Pennick\nMarch 3, 2024\n{body}\n"


def assert_safe_line(text: str, what: str = "text") -> None:
    assert not UNSAFE_LINE.search(text), f"{what} holds a control character: {text!r}"


def assert_article_safe(article: Article) -> None:
    assert not UNSAFE.search(article.text)
    singles = [article.title, article.source or "", article.published or "", article.url or "",
               article.path or "", *article.authors, *article.tags, *article.problems]
    for value in singles:
        assert_safe_line(value, "article field")
    for cap in article.captions:
        assert not UNSAFE.search(cap.text) and not UNSAFE.search(cap.credit or "")
    for line in [b.text for b in article.blocks] + article.credits + article.boilerplate:
        assert not UNSAFE.search(line)


# -- the inputs ------------------------------------------------------------------------------

ENCODED_TITLE = "Café owners in Málaga reject “new” quay fees"
LATIN1_TITLE = "Zürich bakers reopen after the flood; señora Núñez pays"
LATIN1_BODY = ("Die Bäckerei am See öffnet wieder. Über hundert Gäste kamen, sagte die Wirtin. "
               "Größere Schäden gab es nicht; die Straße bleibt für Lastwagen gesperrt.\n") * 3
CP1252_BODY = ("The café’s owner said “fees” rose — twice — this year. Façades along the quay "
               "need repairs… the council’s vote is next week.\n") * 3


def big_text(target: int) -> bytes:
    """About ``target`` bytes of varied paragraphs (repeated lines would read as boilerplate)."""
    rng = random.Random(7)
    head = "Tide tables rewritten for the northern quay\nThe Quayside Gazette\nMarch 3, 2024\n"
    parts = [head]
    size = len(head)
    n = 0
    while size < target:
        line = f"Paragraph {n}: " + " ".join(sentence(rng) for _ in range(6)) + "\n"
        parts.append(line)
        size += len(line)
        n += 1
    return "".join(parts).encode()


BIG = (b"big-20mb.txt", b"one-5mb-line.txt", b"many-lines.txt")
GOOD = "good"  # a readable article
BAD = "bad"  # one clear message


def make_cases(rng: random.Random) -> dict[bytes, tuple[bytes, str, str | None]]:
    """file name -> (content, GOOD/BAD, expected title or message fragment)."""
    t = story("Ferry timetable cut for winter", 1).encode()
    return {
        b"empty.txt": (b"", GOOD, None),
        b"blank.txt": (b"  \n\t\n \r\n   \n", GOOD, None),
        b"big-20mb.txt": (big_text(20_000_000), GOOD, "Tide tables rewritten for the northern quay"),
        b"one-5mb-line.txt": (b"Quay wall survey published\n"
                              + " ".join(rng.choice(WORDS) for _ in range(800_000)).encode()[:5_000_000] + b"\n",
                              GOOD, "Quay wall survey published"),
        b"many-lines.txt": (b"Pier lights counted one by one\n"
                            + b"".join(b"Lamp %d is lit.\n" % i for i in range(100_000)),
                            GOOD, "Pier lights counted one by one"),
        b"random-bytes.txt": (bytes(rng.randrange(256) for _ in range(6000)), BAD, "not text"),
        b"evil\x1b[31m\nbinary\x07.txt": (bytes(rng.randrange(256) for _ in range(3000)), BAD, "not text"),
        b"photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000)), BAD, "PNG"),
        b"gzipped.md": (b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256) for _ in range(2000)), BAD, "gzip"),
        b"nul-bytes.txt": (b"Dock strike\x00 ends after talks\n" + story("x", 2).encode().replace(b"x\n", b"", 1)
                           .replace(b" the ", b" the\x00 "), GOOD, "Dock strike ends after talks"),
        b"escapes.txt": (b"\x1b]52;c;ZXZpbA==\x07Tug\x1b[31m crews\x1b[0m walk out\xc2\x9b2J\n"
                         + story("y", 3).encode().split(b"\n", 1)[1], GOOD, "Tug crews walk out"),
        b"utf8-bom.txt": (codecs.BOM_UTF8 + story(ENCODED_TITLE, 4).encode("utf-8"), GOOD, ENCODED_TITLE),
        b"utf8.txt": (story(ENCODED_TITLE, 5).encode("utf-8"), GOOD, ENCODED_TITLE),
        b"utf16-le.txt": (codecs.BOM_UTF16_LE + story(ENCODED_TITLE, 6).encode("utf-16-le"), GOOD, ENCODED_TITLE),
        b"utf16-be.txt": (codecs.BOM_UTF16_BE + story(ENCODED_TITLE, 7).encode("utf-16-be"), GOOD, ENCODED_TITLE),
        b"cp1252.txt": ((ENCODED_TITLE + "\nThe Quayside Gazette\n" + CP1252_BODY).encode("cp1252"),
                        GOOD, ENCODED_TITLE),
        b"latin1.txt": ((LATIN1_TITLE + "\nDer Seebote\n" + LATIN1_BODY).encode("latin-1"), GOOD, LATIN1_TITLE),
        b"mixed.txt": (story("Tolls rise on the Öresund road", 8).encode("utf-8")
                       .replace(b"ferry", "férry ünd".encode()).replace(b"port", b"p\xf6rt", 2),
                       GOOD, "Tolls rise on the Öresund road"),
        b"name with spaces.txt": (t, GOOD, "Ferry timetable cut for winter"),
        b"new\nline.txt": (story("Lighthouse keeper retires", 9).encode(), GOOD, "Lighthouse keeper retires"),
        b"esc\x1b[2Jape\x1b]0;owned\x07.txt": (story("Salt marsh survey begins", 10).encode(), GOOD,
                                               "Salt marsh survey begins"),
        b"not-utf8-\xff\xfe-name.txt": (story("Breakwater repairs delayed", 11).encode(), GOOD,
                                        "Breakwater repairs delayed"),
        b"evil-front-matter.md": (b"---\ntitle: Harbour fees vote\n"
                                  b"author: !!python/object/apply:os.system ['touch PWNED']\n---\n\n"
                                  b"The council voted on harbour fees on Monday.\n", GOOD, "refused"),
        b"malformed-front-matter.md": (b"---\ntitle: Pier reopens\nauthor: [unclosed\ndate: 2024-01-02\n---\n\n"
                                       b"The pier reopened on Monday after repairs.\n", GOOD, "line"),
    }


@pytest.fixture(scope="module")
def cases() -> dict[bytes, tuple[bytes, str, str | None]]:
    return make_cases(random.Random(12345))


# links that cannot be read: index names each of them too
BROKEN_LINKS = [b"dangling.txt", b"self-loop.txt"]


def write_cases(folder: Path, cases) -> dict[bytes, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (data, _, _) in cases.items():
        path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name))
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory, cases) -> tuple[Path, dict[bytes, Path]]:
    folder = tmp_path_factory.mktemp("bad-inputs") / "articles"
    paths = write_cases(folder, cases)
    # Shapes that are not files.
    (folder / "folder.txt").mkdir()
    (folder / "folder.txt" / "inside.txt").write_text(story("Inside a folder named like a file", 12))
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "self-loop.txt", folder / "self-loop.txt")
    os.symlink(folder, folder / "loop-back")
    (folder / "fine.txt").write_text(story("Harbour master names new deputy", 13))
    return folder, paths


# -- load_article --------------------------------------------------------------------------


def test_each_input_is_an_article_or_one_clear_message(case_dir, cases):
    folder, paths = case_dir
    for name, (data, expect, hint) in cases.items():
        path = paths[name]
        if name in BIG:
            continue  # test_big_inputs_keep_their_text
        if expect == BAD:
            with pytest.raises(ArticleError) as info:
                load_article(path)
            message = str(info.value)
            assert_safe_line(message, "message")
            assert hint in message, (name, message)
            assert clean_line(os.path.basename(path)) in message
            continue
        article = load_article(path)
        assert_article_safe(article)
        assert article.title, name
        if hint and name.endswith(b".txt"):
            assert article.title == hint, (name, article.title)
        assert article.path is not None and article.path.endswith(".txt" if name.endswith(b".txt") else ".md")


def test_empty_and_blank_files_say_so(case_dir):
    _, paths = case_dir
    assert "the file is empty" in load_article(paths[b"empty.txt"]).problems
    assert "the file holds only blank space" in load_article(paths[b"blank.txt"]).problems


def test_big_inputs_keep_their_text(case_dir, cases):
    _, paths = case_dir
    loaded = {}
    for name in BIG:
        loaded[name] = article = load_article(paths[name])
        assert_article_safe(article)
        assert article.title == cases[name][2]
    big = loaded[b"big-20mb.txt"]
    assert len(big.text) >= 20_000_000 - 10 and len(big.blocks) > 10_000
    line = loaded[b"one-5mb-line.txt"]
    assert len(line.body_text) > 4_900_000 and len(line.body_text.split()) > 600_000
    many = loaded[b"many-lines.txt"]
    assert "Lamp 99999 is lit." in many.body_text


def test_nul_bytes_and_bad_bytes_are_repaired_and_said(case_dir):
    _, paths = case_dir
    nul = load_article(paths[b"nul-bytes.txt"])
    assert any("NUL" in p for p in nul.problems)
    assert "the council" not in nul.text or "\x00" not in nul.text
    mixed = load_article(paths[b"mixed.txt"])
    assert any(p.startswith("repaired") for p in mixed.problems)
    assert "pört" in mixed.text and "férry ünd" in mixed.text and "Öresund" in mixed.title


@pytest.mark.parametrize("name", [b"utf8.txt", b"utf8-bom.txt", b"utf16-le.txt", b"utf16-be.txt", b"cp1252.txt"])
def test_encodings_read_right(case_dir, name):
    _, paths = case_dir
    article = load_article(paths[name])
    assert article.title == ENCODED_TITLE
    assert not article.text.startswith("\ufeff")
    if name == b"cp1252.txt":
        assert "café’s owner" in article.text and "Façades" in article.text


def test_latin1_reads_right(case_dir):
    _, paths = case_dir
    article = load_article(paths[b"latin1.txt"])
    assert article.title == LATIN1_TITLE
    assert "Größere Schäden" in article.text


def test_folders_links_and_missing_files_are_one_message(case_dir, tmp_path):
    folder, _ = case_dir
    for path, fragment in [(folder / "folder.txt", "folder"),
                           (folder / "dangling.txt", "does not exist"),
                           (folder / "self-loop.txt", "cannot read"),
                           (tmp_path / "never-there.txt", "no such file"),
                           (folder / "notes.docx", "unsupported format")]:
        with pytest.raises(ArticleError) as info:
            load_article(path)
        assert fragment in str(info.value)
        assert_safe_line(str(info.value))


def test_names_are_shown_cleaned(case_dir):
    _, paths = case_dir
    for name in (b"new\nline.txt", b"esc\x1b[2Jape\x1b]0;owned\x07.txt", b"not-utf8-\xff\xfe-name.txt"):
        article = load_article(paths[name])
        assert_safe_line(article.path)
    assert load_article(paths[b"not-utf8-\xff\xfe-name.txt"]).path.endswith("not-utf8-\ufffd\ufffd-name.txt")


def test_binary_message_names_the_file_cleaned():
    with pytest.raises(ArticleError) as info:
        parse_bytes(bytes(range(256)) * 40, path="odd\x1b[31m\nname.txt")
    assert str(info.value).startswith("odd name.txt: not text")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_one_message(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(story("Locked away", 14))
    path.chmod(0)
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert "cannot read" in str(info.value)


# -- YAML ------------------------------------------------------------------------------------


def test_python_tags_in_front_matter_are_refused_not_run(case_dir, tmp_path, monkeypatch):
    _, paths = case_dir
    monkeypatch.chdir(tmp_path)
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    article = load_article(paths[b"evil-front-matter.md"])
    assert calls == [] and not (tmp_path / "PWNED").exists()
    assert any("refused" in p for p in article.problems)
    assert "council voted" in article.body_text
    # the verbose tag form, and a tag hidden in a flow mapping
    for header in ("author: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch PWNED']",
                   "meta: {a: !!python/name:os.system }"):
        path = tmp_path / "evil2.md"
        path.write_text(f"---\ntitle: Pier fees\n{header}\n---\n\nFees rise on the pier.\n")
        article = load_article(path)
        assert calls == [] and not (tmp_path / "PWNED").exists()
        assert any("front matter" in p for p in article.problems), article.problems
        assert "Fees rise" in article.body_text


def test_malformed_front_matter_names_the_line(case_dir):
    _, paths = case_dir
    article = load_article(paths[b"malformed-front-matter.md"])
    problem = next(p for p in article.problems if "front matter" in p)
    # "author: [unclosed" is line 3 of the file; the error is found at or after it.
    assert re.search(r"line [3-5]\b", problem), problem
    assert "pier reopened" in article.body_text


def test_front_matter_with_an_impossible_date_still_reads(tmp_path):
    path = tmp_path / "bad-date.md"
    path.write_text("---\ntitle: Quay lights switched on\ndate: 2024-02-30\n---\n\nThe lights came on at dusk.\n")
    article = load_article(path)
    assert article.title == "Quay lights switched on"
    assert any("front matter" in p for p in article.problems)


def test_config_with_an_impossible_date_is_reported_not_fatal(tmp_path):
    from tuireader.config import load_config

    path = tmp_path / "config.yaml"
    path.write_text("theme: newsprint\nmeasure: 2024-02-30\n")
    config, problems = load_config(path)
    assert problems and "config" in problems[0]
    assert_safe_line(problems[0])


# -- the library -----------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def indexing(case_dir, tmp_path_factory):
    """`tuireader index` on the folder of bad inputs, started in the background as the module
    begins (the big files make it the slow part), so the other tests run meanwhile."""
    from tuireader import paths as tpaths

    folder, _ = case_dir
    home = tmp_path_factory.mktemp("indexed")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("CONFIG", "DATA", "CACHE"):
            (home / name.lower()).mkdir()
            env[f"TUIREADER_{name}_DIR"] = str(home / name.lower())
            mp.setenv(f"TUIREADER_{name}_DIR", str(home / name.lower()))
        index_path = tpaths.index_path_for(folder)
        state_path = tpaths.state_db_path()
    proc = subprocess.Popen([sys.executable, "-m", "tuireader", "index", "--library", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    yield proc, index_path, state_path
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def indexed(indexing):
    proc, index_path, state_path = indexing
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out.decode("utf-8"), err.decode("utf-8"), index_path, state_path


# In a library, a file with nothing to read is one message, not an article: all empty files
# have the same content, and as articles would be one article under one of their names.
NOTHING_TO_READ = [b"empty.txt", b"blank.txt"]


def library_bad(cases) -> list[bytes]:
    return [n for n, c in cases.items() if c[1] == BAD] + BROKEN_LINKS + NOTHING_TO_READ


def library_good(cases) -> list[bytes]:
    return [n for n, c in cases.items() if c[1] == GOOD and n not in NOTHING_TO_READ]


def test_index_command_goes_on_and_keeps_stdout_to_the_summary(indexed, cases):
    code, out, err, _, _ = indexed
    assert code == 0
    assert out.count("\n") == 1 and "added" in out and "could not be read" in out
    bad = library_bad(cases)
    lines = err.splitlines()
    assert len(lines) == len(bad) and all(line.startswith("tuireader: ") for line in lines), lines
    for line in lines:
        assert_safe_line(line)


def test_index_goes_on_and_reports_each_bad_file(case_dir, cases, indexed):
    folder, paths = case_dir
    _, _, _, index_path, state_path = indexed
    state = ReadingState(state_path)
    with Library(folder, index_path=index_path, state=state, workers=1) as library:
        summary = library.update()  # nothing new: the failures are still reported
        rows = library.rows(0, 1000)
    state.close()
    assert summary.added == 0
    failed = dict(summary.failed)
    for path, message in summary.failed:
        assert_safe_line(path, "path")
        assert_safe_line(message, "message")
    bad = library_bad(cases)
    assert len(failed) == len(bad), failed
    assert any(m.endswith("empty.txt: the file is empty") for m in failed.values())
    assert any(m.endswith("blank.txt: the file holds only blank space") for m in failed.values())
    for name in bad:
        shown = [m for m in failed.values() if clean_line(os.fsdecode(name)) in m]
        assert len(shown) == 1, (name, failed)
    titles = [r.title for r in rows]
    for r in rows:
        assert_safe_line(r.title, "title")
    for name, (_, expect, title) in cases.items():
        if expect == GOOD and title and name.endswith(b".txt"):
            assert title in titles, (name, title)
    assert "Inside a folder named like a file" in titles
    # the link back into the folder does not index everything twice
    assert titles.count("Harbour master names new deputy") == 1
    assert titles.count(ENCODED_TITLE) == 5  # utf8, utf8-bom, utf16-le, utf16-be, cp1252: distinct files
    assert len(rows) == len(library_good(cases)) + 2


def test_list_after_index_has_every_readable_article_once(case_dir, cases, indexed, capsys, monkeypatch):
    folder, _ = case_dir
    _, _, _, index_path, _ = indexed
    monkeypatch.setenv("TUIREADER_CACHE_DIR", str(index_path.parent.parent))
    code, out, err = run(capsys, "list", "--library", folder)
    assert code == 0 and err == ""
    assert not UNSAFE.search(out.replace("\n", ""))
    lines = out.splitlines()
    good = library_good(cases)
    assert len(lines) == len(good) + 2  # and folder.txt/inside.txt, fine.txt; none twice
    for title in ("Harbour master names new deputy", LATIN1_TITLE, "Breakwater repairs delayed"):
        assert sum(title in line for line in lines) == 1, title


def test_list_json_with_a_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9-notes.txt")).write_text(story("Net menders strike", 18))
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tuireader", "list", "--json", "--library", str(folder)],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-300:]
    assert not UNSAFE.search(proc.stdout.decode("utf-8"))  # the JSON text itself is terminal-safe
    rows = json.loads(proc.stdout.decode("utf-8"))
    assert rows[0]["title"] == "Net menders strike"
    # "path" is the real name (bytes that are not UTF-8 as \udcXX escapes), so it opens
    assert os.fsencode(rows[0]["path"]) == os.fsencode(folder) + b"/caf\xe9-notes.txt"


def test_index_reports_a_dangling_link(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "ok.txt").write_text(story("Quay bell restored", 15))
    os.symlink(folder / "gone.txt", folder / "link.txt")
    with Library(folder, index_path=tmp_path / "i.sqlite3", workers=1) as library:
        summary = library.update()
    assert any("link.txt" in m for _, m in summary.failed)


def test_file_deleted_between_scan_and_parse(tmp_path, monkeypatch):
    import tuireader.library.indexing as libmod

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "stays.txt").write_text(story("Rowing club wins regatta", 16))
    (folder / "goes.txt").write_text(story("Crane collapses at dock", 17))
    real_scan = libmod.scan_folder

    def scan_then_delete(root, broken=None):
        found = real_scan(root, broken)
        (folder / "goes.txt").unlink()
        return found

    monkeypatch.setattr(libmod, "scan_folder", scan_then_delete)
    with Library(folder, index_path=tmp_path / "i.sqlite3", workers=1) as library:
        summary = library.update()
        titles = [r.title for r in library.rows(0, 10)]
    assert titles == ["Rowing club wins regatta"]
    assert len(summary.failed) == 1 and "goes.txt" in summary.failed[0][1]


# -- the command line ------------------------------------------------------------------------


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


SHOW_CASES = [b"random-bytes.txt", b"photo.txt", b"gzipped.md", b"evil\x1b[31m\nbinary\x07.txt"]


@pytest.mark.parametrize("name", SHOW_CASES)
def test_show_bad_file_is_one_line_and_exit_1(case_dir, capsys, name):
    _, paths = case_dir
    code, out, err = run(capsys, "show", paths[name])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("tuireader: ")
    assert_safe_line(err.rstrip("\n"))
    assert clean_line(os.path.basename(paths[name])) in err


@pytest.mark.parametrize("target", ["folder.txt", "dangling.txt", "self-loop.txt", "missing.txt"])
def test_show_shapes_that_are_not_articles(case_dir, capsys, target):
    folder, _ = case_dir
    code, out, err = run(capsys, "show", folder / target, "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("tuireader: ")


def test_show_odd_names_and_encodings_cleanly(case_dir, capsys):
    _, paths = case_dir
    for name in (b"empty.txt", b"new\nline.txt", b"esc\x1b[2Jape\x1b]0;owned\x07.txt", b"utf16-be.txt",
                 b"cp1252.txt", b"nul-bytes.txt", b"escapes.txt", b"one-5mb-line.txt"):
        code, out, err = run(capsys, "show", paths[name], "--json")
        assert code == 0, (name, err)
        assert not UNSAFE.search(out), name  # the JSON text itself is terminal-safe
        data = json.loads(out)
        assert_safe_line(data["title"])
        assert os.fsencode(data["path"]) == os.fsencode(paths[name])  # the real name: it opens
        code, out, err = run(capsys, "show", paths[name])
        assert code == 0
        assert not UNSAFE.search(out), name


def test_show_name_that_is_not_utf8_in_a_real_process(case_dir):
    """Lone surrogates from such names must not crash printing (stdout is strict UTF-8)."""
    _, paths = case_dir
    target = os.fsencode(paths[b"not-utf8-\xff\xfe-name.txt"])
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for extra in ([], ["--json"]):
        proc = subprocess.run([sys.executable, "-m", "tuireader", "show", target, *extra],
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")
        assert b"Breakwater repairs delayed" in proc.stdout
        assert proc.stderr == b""
        proc.stdout.decode("utf-8")  # valid UTF-8 throughout
        if extra:
            assert os.fsencode(json.loads(proc.stdout)["path"]) == target  # the real name: it opens


# -- data: reading state and index -----------------------------------------------------------


@pytest.fixture
def small_library(tmp_path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    for i, title in enumerate(("Harbour fees rise again", "Lock keepers vote to strike",
                               "Storm closes the northern quay", "Grain barge runs aground")):
        (folder / f"story-{i}.txt").write_text(story(title, 40 + i))
    return folder


def foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes(name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('bread', 240)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["random-bytes", "text", "foreign-sqlite", "truncated-state"])
def test_bad_reading_state_is_kept_aside_reported_and_replaced(kind, tmp_path):
    from tuireader import paths as tpaths

    path = tpaths.state_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "random-bytes":
        path.write_bytes(random.Random(1).randbytes(50_000))
    elif kind == "text":
        path.write_text("read: yes\nstarred: no\n")
    elif kind == "foreign-sqlite":
        foreign_sqlite(path)
    else:
        good = ReadingState(path)
        good.set_many_read([f"{i:012x}" for i in range(3000)])
        good.close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    original = path.read_bytes()
    state = ReadingState(path)
    assert len(state.warnings) == 1
    message = state.warnings[0]
    assert_safe_line(message, "warning")
    kept = [p for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name)
            and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].name in message
    assert kept[0].read_bytes() == original  # never deleted, never changed
    state.set_read("abcdef012345")
    assert state.is_read("abcdef012345")
    state.close()
    again = ReadingState(path)
    assert again.warnings == [] and again.is_read("abcdef012345")
    again.close()


def test_command_line_says_when_the_reading_state_was_replaced(small_library, capsys):
    from tuireader import paths as tpaths

    path = tpaths.state_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 1000)
    code, out, err = run(capsys, "list", "--json", "--library", small_library)
    assert code == 0 and len(json.loads(out)) == 4
    assert "reading-state" in err and err.count("\n") == 1


def damage(index: Path, kind: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    data = index.read_bytes()
    if kind == "random-bytes":
        index.write_bytes(random.Random(2).randbytes(len(data)))
    elif kind == "truncated":
        index.write_bytes(data[: len(data) // 2])
    elif kind == "zeroed-middle":
        quarter = len(data) // 4
        index.write_bytes(data[:quarter] + bytes(2 * quarter) + data[3 * quarter:])
    elif kind == "stale-format":
        conn = sqlite3.connect(index)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("DELETE FROM fts")  # what an older format would not have filled
        conn.commit()
        conn.close()
    elif kind == "foreign-sqlite":
        index.unlink()
        foreign_sqlite(index)
    elif kind == "empty":
        index.write_bytes(b"")


@pytest.mark.parametrize("kind", ["random-bytes", "truncated", "zeroed-middle", "stale-format",
                                  "foreign-sqlite", "empty"])
def test_damaged_index_is_rebuilt_automatically(kind, small_library, capsys):
    from tuireader import paths as tpaths

    code, out, err = run(capsys, "index", "--library", small_library)
    assert code == 0
    index = tpaths.index_path_for(small_library)
    damage(index, kind)
    code, out, err = run(capsys, "list", "--json", "--library", small_library)
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["title"] for r in rows) == sorted(["Harbour fees rise again", "Lock keepers vote to strike",
                                                       "Storm closes the northern quay", "Grain barge runs aground"])
    code, out, err = run(capsys, "search", "barge", "--json", "--library", small_library)
    assert code == 0 and [h["title"] for h in json.loads(out)] == ["Grain barge runs aground"]
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_article_files_are_never_written(small_library, capsys):
    def fingerprint():
        return {p.name: (p.stat().st_mtime_ns, p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(small_library.rglob("*"))}

    before = fingerprint()
    for args in (["index"], ["list", "--json"], ["search", "quay"], ["index", "--rebuild"]):
        code, _, err = run(capsys, *args, "--library", small_library)
        assert code == 0, err
    code, out, _ = run(capsys, "list", "--json", "--library", small_library)
    first = json.loads(out)[0]
    for args in (["show", first["id"]], ["show", first["id"], "--json"], ["entities", first["id"]],
                 ["show", small_library / "story-0.txt", "--raw"], ["entities", small_library / "story-1.txt"]):
        code, _, err = run(capsys, *args, "--library", small_library)
        assert code == 0, err
    assert fingerprint() == before


def test_file_over_the_size_limit_is_one_message(tmp_path, monkeypatch, capsys):
    import tuireader.parse as parse

    monkeypatch.setattr(parse, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.txt"
    path.write_bytes(big_text(2 * 1024 * 1024))
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert "too large" in str(info.value)
    code, out, err = run(capsys, "show", path)
    assert code == 1 and out == "" and "too large" in err and err.count("\n") == 1


# -- names that are not files: named pipes and devices --------------------------------------


def _bounded() -> None:
    """preexec_fn: a child that reads /dev/zero without a bound dies of MemoryError, not the machine."""
    import resource

    limit = 3 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _tuireader(*args, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tuireader", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_bounded, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.fixture
def special_library(tmp_path) -> Path:
    if not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"):
        pytest.skip("needs named pipes and /dev/zero")
    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "quay.txt").write_text(story("Night ferry returns to the quay", 30))
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    if os.path.exists("/dev/urandom"):
        (folder / "noise.md").symlink_to("/dev/urandom")
    return folder


def test_pipes_and_devices_named_like_articles_are_one_message_each(special_library):
    proc = _tuireader("index", "--library", special_library)
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout and proc.stdout.count("\n") == 1
    lines = proc.stderr.splitlines()
    pipe = [line for line in lines if "pipe.txt" in line]
    zero = [line for line in lines if "zero.txt" in line]
    assert len(pipe) == 1 and "not a regular file (a named pipe)" in pipe[0]
    assert len(zero) == 1 and "not a regular file (a link to /dev/zero, a device)" in zero[0]
    if (special_library / "noise.md").is_symlink():
        assert sum("noise.md" in line and "not a regular file" in line for line in lines) == 1
    assert "could not be read" in proc.stdout
    proc = _tuireader("list", "--json", "--library", special_library)
    assert proc.returncode == 0 and [r["title"] for r in json.loads(proc.stdout)] == ["Night ferry returns to the quay"]


@pytest.mark.parametrize("name", ["pipe.txt", "zero.txt"])
def test_show_of_a_pipe_or_a_device_is_one_line_and_exit_1(special_library, name):
    proc = _tuireader("show", special_library / name)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "not a regular file" in proc.stderr


def test_a_file_swapped_for_a_pipe_after_the_scan_neither_blocks_nor_floods(special_library):
    """The indexing workers read through the same guard as load_article (O_NONBLOCK, a bound)."""
    code = (
        "import sys\n"
        "from tuireader.library.workers import hash_job, parse_job\n"
        "from tuireader.parse import read_article_bytes, ArticleError\n"
        "for name in ('pipe.txt', 'zero.txt'):\n"
        "    path = sys.argv[1] + '/' + name\n"
        "    print(hash_job((name, path))[0], parse_job((name, path, 'txt', ()))[0])\n"
        "    try:\n"
        "        read_article_bytes(path)\n"
        "    except ArticleError as exc:\n"
        "        print('refused', 'not a regular file' in str(exc))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(special_library)], capture_output=True, text=True,
                          timeout=20, preexec_fn=_bounded)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:4] == ["fail fail", "refused True", "fail fail", "refused True"]


def test_read_article_bytes_reads_a_regular_file_whole(tmp_path):
    from tuireader.parse import read_article_bytes

    for size in (0, 1, 65536, 200_001):
        path = tmp_path / f"f{size}.txt"
        data = random.Random(size).randbytes(size)
        path.write_bytes(data)
        assert read_article_bytes(path) == data


# -- JSON that is not an article ----------------------------------------------------------------


def test_json_without_article_fields_is_not_an_article(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "harbour-tools", "version": "1.2.0", "dependencies": {}}')
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert "not an article: no title or text" in str(info.value)
    # one field of an article is enough
    (tmp_path / "t.json").write_text('{"title": "Tide tables printed again"}')
    assert load_article(tmp_path / "t.json").title == "Tide tables printed again"
    (tmp_path / "b.json").write_text('{"text": "The tide tables were printed again this week."}')
    assert "tide tables" in load_article(tmp_path / "b.json").body_text


def test_json_settings_file_in_a_library_is_a_message_and_the_rest_is_indexed(tmp_path, capsys):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    (folder / "story.json").write_text(json.dumps({"title": "Ferry fares frozen", "date": "2024-05-02",
                                                    "text": "Ferry fares will not rise this year, the board said."}))
    code, out, err = run(capsys, "index", "--library", folder)
    assert code == 0 and "1 added" in out and "1 could not be read" in out
    assert err.count("\n") == 1 and "package.json: not an article: no title or text" in err
    code, out, _ = run(capsys, "list", "--json", "--library", folder)
    assert [r["title"] for r in json.loads(out)] == ["Ferry fares frozen"]


def test_impossible_date_in_json_is_left_out_with_a_note(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "Dredging starts", "date": "2025-13-45", "text": "Dredging began."}))
    article = load_article(path)
    assert article.published is None
    assert any("2025-13-45" in p and "not a date" in p for p in article.problems)
    path.write_text(json.dumps({"title": "Dredging starts", "date": "2025-03-14", "text": "Dredging began."}))
    article = load_article(path)
    assert article.published == "2025-03-14" and article.problems == []
