"""Reading state: marks survive, bad files are kept aside, never deleted."""

from __future__ import annotations

import sqlite3
import threading

from tuireader import paths
from tuireader.reading_state import ReadingState


def test_default_path_is_in_user_data(tmp_path):
    st = ReadingState()
    assert st.path == paths.state_db_path()
    assert str(st.path).startswith(str(tmp_path / "data"))
    st.close()


def test_marks_persist_across_instances(tmp_path):
    path = tmp_path / "s.sqlite3"
    st = ReadingState(path)
    assert not st.is_read("a1") and not st.is_starred("a1") and st.scroll("a1") == 0.0
    st.set_read("a1", True)
    assert st.toggle_read("a2") is True
    assert st.toggle_star("a1") is True
    st.set_scroll("a1", 42.5)
    st.set_last_opened("a2")
    st.close()

    st = ReadingState(path)
    assert st.is_read("a1") and st.is_read("a2") and st.is_starred("a1")
    assert st.scroll("a1") == 42.5 and st.last_opened() == "a2"
    assert st.read_ids() == {"a1", "a2"} and st.starred_ids() == {"a1"}
    assert st.toggle_read("a2") is False and st.read_ids() == {"a1"}
    assert st.toggle_star("a1") is False and st.starred_ids() == set()
    st.set_many_read(["b1", "b2", "b3"])
    assert st.read_ids() == {"a1", "b1", "b2", "b3"}
    assert st.warnings == []
    st.close()


def test_corrupted_file_is_moved_aside_and_replaced(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"\x00garbage, not SQLite at all" * 200)
    st = ReadingState(path)
    assert len(st.warnings) == 1 and "could not be used" in st.warnings[0]
    kept = list(tmp_path.glob("state.sqlite3.unusable-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\x00garbage")
    st.set_read("x", True)
    assert st.is_read("x")
    st.close()


def test_another_programs_database_is_kept_not_used(tmp_path):
    path = tmp_path / "state.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes(name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('bread')")
    other.commit()
    other.close()
    st = ReadingState(path)
    assert st.warnings and "another program" in st.warnings[0]
    kept = list(tmp_path.glob("state.sqlite3.unusable-*"))
    assert sqlite3.connect(kept[0]).execute("SELECT name FROM recipes").fetchone() == ("bread",)
    st.close()


def test_damaged_pages_are_detected(tmp_path):
    path = tmp_path / "state.sqlite3"
    st = ReadingState(path)
    for i in range(2000):
        st.set_read(f"id{i:05d}", True)
    st.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    for off in range(4096 * 2, len(data) - 4096, 4096):  # scribble over every page but the first
        data[off:off + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    st = ReadingState(path)
    assert st.warnings
    assert st.read_ids() == set()
    st.close()


def test_usable_from_threads(tmp_path):
    st = ReadingState(tmp_path / "s.sqlite3")
    errors = []

    def work(n):
        try:
            for i in range(20):
                st.set_read(f"t{n}-{i}", True)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(st.read_ids()) == 80
    st.close()


def test_marks_follow_an_edited_file_to_its_new_id_and_the_old_ones_stay(tmp_path):
    st = ReadingState(tmp_path / "s.sqlite3")
    st.set_starred("old", True)
    st.set_read("old", True)
    st.set_scroll("old", 12)
    st.set_last_opened("old")
    st.set_starred("mine", False)
    st.set_read("mine", True)  # the new id already has marks of its own: they are kept
    assert st.carry_marks([("old", "new"), ("other-old", "mine"), ("never-marked", "x")]) == 1
    assert st.is_starred("new") and st.is_read("new") and st.scroll("new") == 12
    assert st.last_opened() == "new"
    assert st.is_starred("old") and st.is_read("old")
    assert st.is_read("mine") and not st.is_starred("mine")
    assert not st.is_read("x") and not st.is_starred("x")
    st.close()


def test_a_state_folder_that_cannot_be_made_gives_a_temporary_state_and_a_warning(tmp_path):
    blocker = tmp_path / "notes.log"
    blocker.write_text("a file where a folder should be\n")
    st = ReadingState(blocker / "x" / "state.sqlite3")
    assert st.temporary and len(st.warnings) == 1
    assert "cannot be kept" in st.warnings[0] and "notes.log" in st.warnings[0]
    st.set_read("a1")
    st.toggle_star("a1")
    assert st.is_read("a1") and st.is_starred("a1")  # works while the app runs
    folder = st.path.parent
    st.close()
    assert not folder.exists()  # and leaves nothing behind
    assert blocker.read_text() == "a file where a folder should be\n"


def test_scripts_get_one_clear_error_instead(tmp_path):
    import pytest

    from tuireader.reading_state import ReadingStateUnavailable

    blocker = tmp_path / "notes.log"
    blocker.write_text("x\n")
    with pytest.raises(ReadingStateUnavailable) as info:
        ReadingState(blocker / "x" / "state.sqlite3", temporary_if_unavailable=False)
    message = str(info.value)
    assert "notes.log" in message and "TUIREADER_DATA_DIR" in message and "\n" not in message


def test_a_state_that_exists_is_never_replaced_by_a_temporary_one(tmp_path):
    path = tmp_path / "s.sqlite3"
    st = ReadingState(path)
    st.set_starred("kept")
    st.close()
    st = ReadingState(path)
    assert not st.temporary and st.is_starred("kept") and st.warnings == []
    st.close()
