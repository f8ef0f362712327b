"""The articles naming an entity, listed a page at a time (the entities panel's `a`)."""

from __future__ import annotations

from test_library import fake_parser, lib_dir, open_lib, state, write  # noqa: F401  (fixtures)


def test_every_article_naming_an_entity_is_reachable_page_by_page(lib_dir, fake_parser, state):
    for i in range(7):
        write(lib_dir, f"{i}.txt", title=f"Harbour story {i}", source="The Kestrel",
              body=" ".join(["Ana López spoke at the quay."] * (i + 1)))
    write(lib_dir, "other.txt", title="Unrelated", body="Tomas Brennan stayed home.")
    lib = open_lib(lib_dir, state=state)
    lib.update()
    assert lib.count_mentioning("ana lopez") == 7
    assert lib.count_mentioning("Ana López", "person") == lib.count_mentioning("ana lopez")
    whole = [row.title for row, _ in lib.mentioning("ana lopez")]
    pages = []
    for offset in range(0, 7, 3):
        pages += [row.title for row, _ in lib.mentioning("ana lopez", limit=3, offset=offset)]
    assert pages == whole and len(set(whole)) == 7
    # most mentions first
    assert whole[0] == "Harbour story 6"
    assert lib.count_mentioning("nobody at all") == 0
