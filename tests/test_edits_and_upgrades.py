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
