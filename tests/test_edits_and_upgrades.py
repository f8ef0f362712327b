"""What the reader made survives the files changing and tuireader itself changing."""

from __future__ import annotations

import sqlite3
import time

from test_library import fake_parser, lib_dir, open_lib, state, write  # noqa: F401  (fixtures)
from tuireader import library as library_mod


def test_an_edited_file_keeps_its_star_read_mark_and_place(lib_dir, fake_parser, state):
    path = write(lib_dir, "a.txt", title="Lock gates repaired", body="The lock gates at the canal were repaired.")
    write(lib_dir, "b.txt", title="Ferry fares", body="Fares rise in spring.")
    lib = open_lib(lib_dir, state=state)
    lib.update()
    old = next(r.id for r in lib.rows(0, 10) if r.title == "Lock gates repaired")
    state.set_starred(old, True)
    state.set_read(old, True)
    state.set_scroll(old, 30)
    # the scraper saves the page again with a small change (a comment counter, a typo fixed)
    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8").replace("were repaired", "were repaired on Monday"),
                    encoding="utf-8")
    summary = lib.update()
    assert summary.changed == 1
    row = next(r for r in lib.rows(0, 10) if r.title == "Lock gates repaired")
    assert row.id != old  # the id is the text's
    assert row.starred and row.read and state.scroll(row.id) == 30
    assert [r.title for r in lib.rows(0, 10, starred_only=True)] == ["Lock gates repaired"]
    other = next(r for r in lib.rows(0, 10) if r.title == "Ferry fares")
    assert not other.starred and not other.read


def test_a_page_saved_again_under_a_new_name_with_changes_keeps_its_star(lib_dir, fake_parser, state):
    path = write(lib_dir, "2025-03-20_lock-gates.txt", title="Lock gates repaired at the canal",
                 body="The lock gates at the canal were repaired.")
    write(lib_dir, "b.txt", title="Ferry fares rise in spring", body="Fares rise in spring.")
    write(lib_dir, "c.txt", title="Harbour wall closed for works", body="The wall is closed.")
    lib = open_lib(lib_dir, state=state)
    lib.update()
    old = next(r.id for r in lib.rows(0, 10) if r.title.startswith("Lock gates"))
    state.set_starred(old, True)
    state.set_read(old, True)
    # the scraper saves the updated page under a dated name; the old file goes
    text = path.read_text(encoding="utf-8").replace("were repaired", "were repaired on Monday")
    (lib_dir / "2025-03-21_lock-gates-v2.txt").write_text(text, encoding="utf-8")
    path.unlink()
    # and an unrelated page goes while another comes: nothing follows between them
    (lib_dir / "c.txt").unlink()
    write(lib_dir, "d.txt", title="Harbour wall reopened after works", body="The wall is open again.")
    lib.update()
    rows = {r.title: r for r in lib.rows(0, 10)}
    again = rows["Lock gates repaired at the canal"]
    assert again.id != old and again.starred and again.read
    assert not rows["Harbour wall reopened after works"].starred
    assert not rows["Harbour wall reopened after works"].read


def test_an_index_made_by_an_earlier_understanding_is_rebuilt_and_marks_stay(lib_dir, fake_parser, state):
    write(lib_dir, "a.txt", title="Lock gates repaired", body="The lock gates at the canal were repaired.")
    lib = open_lib(lib_dir, state=state)
    lib.update()
    aid = lib.rows(0, 1)[0].id
    state.set_starred(aid, True)
    index = lib.index_path
    lib.close()
    with sqlite3.connect(index) as conn:  # as an earlier tuireader left it
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'understanding'")
    again = open_lib(lib_dir, state=state)
    assert any("understands articles better" in w for w in again.warnings)
    assert again.count() == 0  # a fresh index, filled by the next update
    again.update()
    assert again.rows(0, 1)[0].id == aid and again.rows(0, 1)[0].starred
    assert not list(index.parent.glob(index.name + ".bad-*"))  # an outdated cache is not kept aside
    again.close()
    with sqlite3.connect(index) as conn:
        made = conn.execute("SELECT value FROM meta WHERE key = 'understanding'").fetchone()[0]
    assert made == str(library_mod.UNDERSTANDING)


def test_copies_are_listed_once_and_said_and_empty_files_each_get_their_message(lib_dir, fake_parser, state):
    first = write(lib_dir, "a.txt", title="Lock gates repaired", body="The lock gates at the canal were repaired.")
    (lib_dir / "b.txt").write_bytes(first.read_bytes())
    (lib_dir / "e1.txt").write_bytes(b"")
    (lib_dir / "e2.txt").write_bytes(b"  \n\n")
    lib = open_lib(lib_dir, state=state)
    summary = lib.update()
    assert summary.added == 1 and lib.count() == 1
    assert [{p.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1]} for p, o in summary.copies] == [{"a.txt", "b.txt"}]
    assert "1 copy of other files, listed once" in summary.line()
    messages = sorted(m for _, m in summary.failed)
    assert len(messages) == 2
    assert messages[0].endswith("e1.txt: the file is empty")
    assert messages[1].endswith("e2.txt: the file holds only blank space")
    # a copy added later is said too, and the article stays one
    (lib_dir / "c.txt").write_bytes(first.read_bytes())
    later = lib.update()
    assert [p.rsplit("/", 1)[-1] for p, _ in later.copies] == ["c.txt"] and lib.count() == 1
