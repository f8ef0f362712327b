"""The word lists the built-in extractor consults, loaded once from ``data/``.

Everything is read into sets and dicts on first use (about 30 ms), so later
look-ups are plain hash probes.  The generated files come from
``tools/build_gazetteer.py``; the hand-made ones are edited directly.  Sources
and licences: ``data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# Phrase kinds in the phrase table.
TITLE, ORG, PLACE, DEMONYM, GROUP, OTHER = "title", "org", "place", "demonym", "group", "other"


@dataclass
class Gazetteer:
    words: set[str] = field(default_factory=set)  # common lower-case English words
    first_names: set[str] = field(default_factory=set)
    last_names: set[str] = field(default_factory=set)
    not_names: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)
    place_words: set[str] = field(default_factory=set)
    other_words: set[str] = field(default_factory=set)
    place_heads: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    other_heads: set[str] = field(default_factory=set)
    # phrase (tuple of tokens) -> (kind, canonical name, strong)
    phrases: dict[tuple[str, ...], tuple[str, str, bool]] = field(default_factory=dict)
    max_phrase: int = 1
    # first token -> length of the longest phrase starting with it
    first_len: dict[str, int] = field(default_factory=dict)
    _common: dict[str, bool] = field(default_factory=dict, repr=False)  # is_common's answers so far
    titles_lower: set[str] = field(default_factory=set)
    # The finder's decision for each run of words met so far (see Finder.classify).
    run_plans: dict[tuple, list[tuple]] = field(default_factory=dict, repr=False)
    _large: frozenset[str] | None = field(default=None, repr=False)  # see in_dictionary
    nations: set[str] = field(default_factory=set)  # countries, capitals, continents (every spelling)

    def in_dictionary(self, word: str) -> bool:
        """A lower-case word of the larger English dictionary ("quinoa", "groundwater"),
        none that is also written as a name there; loaded on first use.  Only for a
        word with no other evidence: a capitalised word starting a sentence."""
        if self._large is None:
            self._large = frozenset(_lines("words_large.txt.gz"))
        w = word.lower()
        return w in self._large or self.is_common(w)

    def is_first(self, word: str) -> bool:
        """A given name, with or without its accents ("Sofía", "Sofia")."""
        return word in self.first_names or fold(word) in self.first_names

    def is_common(self, word: str) -> bool:
        """A common English word, inflected or not ("Dockworkers", "Honoured")."""
        known = self._common.get(word)
        if known is None:
            if len(self._common) > 50_000:
                self._common.clear()  # bounded: a worker indexing a big library sees many words
            known = self._common[word] = self._is_common(word)
        return known

    def _is_common(self, word: str) -> bool:
        w = word.lower()
        if w in self.words:
            return True
        if "-" in w:
            return all(self.is_common(p) for p in w.split("-") if p)
        if len(w) >= 7 and w.endswith(_NOUNISH):
            return True  # "Hydration", "Personalization", "Surrealism", "Videography"
        if len(w) >= 8 and w.isalpha() and w.endswith("s"):
            # "dockworkers", "shipowners": two common words run together, in the plural
            # (not "Newcastle" or "Sunderland", which are names)
            for cut in range(3, len(w) - 2):
                if w[:cut] in self.words and (w[cut:] in self.words or (w.endswith("s") and w[cut:-1] in self.words)):
                    return True
        for suffix, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ies", "y")):
            if w.endswith(suffix) and len(w) > len(suffix) + 2 and w[: -len(suffix)] + repl in self.words:
                return True
        return False


def _lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            text = f.read()
    else:
        text = path.read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def phrase_tokens(name: str) -> tuple[str, ...]:
    """Split a gazetteer phrase the way the tokenizer splits text (close enough)."""
    from tuireader.entities.rules import tokenize

    return tuple(t[2] for t in tokenize(name))


_NOUNISH = (
    "tion", "tions", "sion", "ness", "ism", "isms", "ity", "ities", "ment", "ments", "ology", "graphy",
    "ance", "ence", "ics", "ship", "hood", "ives", "ents", "ings",
)


def fold(s: str) -> str:
    """The word without its accents (same case)."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _plural(word: str) -> list[str]:
    if word.endswith(("sh", "ch", "s", "x", "z")):
        return [] if word.endswith("ese") else [word + "es"]
    if word.endswith("ese") or word.endswith("ish") or word.endswith("ch"):
        return []
    return [word + "s"]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    g = Gazetteer()
    g.words = set(_lines("words.txt.gz"))
    g.first_names = set(_lines("first_names.txt")) | set(_lines("first_names_extra.txt"))
    g.first_names |= {fold(n) for n in g.first_names}
    g.last_names = set(_lines("last_names.txt"))
    g.not_names = set(_lines("not_names.txt"))
    g.org_words = set(_lines("org_words.txt"))
    g.place_words = set(_lines("place_words.txt"))
    g.other_words = set(_lines("other_words.txt"))
    g.place_heads = set(_lines("place_heads.txt"))
    g.org_heads = set(_lines("org_heads.txt"))
    g.other_heads = set(_lines("other_heads.txt"))
    phrases: dict[tuple[str, ...], tuple[str, str, bool]] = {}

    def add(name: str, kind: str, canonical: str | None = None, strong: bool = True, override: bool = True) -> None:
        toks = phrase_tokens(name)
        if not toks:
            return
        if not override and toks in phrases:
            return
        phrases[toks] = (kind, canonical or name, strong)

    for line in _lines("places.tsv.gz"):
        parts = line.split("\t")
        name = parts[0]
        canonical = parts[1] if len(parts) > 1 and parts[1] else name
        if canonical.startswith("The ") and len(canonical) > 8:
            canonical = canonical[4:]  # "The Netherlands" -> "Netherlands"
        kind = parts[2] if len(parts) > 2 else "city"
        add(name, PLACE, canonical, strong=kind in ("country", "capital", "continent", "state"))
        if kind in ("country", "capital", "continent"):
            g.nations.update((name, canonical))
    for line in _lines("regions.txt"):
        name, _, canonical = line.partition("\t")
        add(name, PLACE, canonical or name)
    for line in _lines("groups.txt"):
        add(line, GROUP, line)
        for p in _plural(line):
            add(p, GROUP, line, override=False)
    for line in _lines("demonyms.tsv"):
        name, _, place = line.partition("\t")
        add(name, DEMONYM, name)
        for p in _plural(name):
            add(p, DEMONYM, name, override=False)
    for fname in ("orgs.txt", "teams.txt"):
        for line in _lines(fname):
            name, _, canonical = line.partition("\t")
            add(name, ORG, canonical or name)
    for line in _lines("others.txt"):
        add(line, OTHER, line)
    for line in _lines("titles.txt"):
        add(line, TITLE, line)
        g.titles_lower.add(line.lower())
    # Accent-free spellings find the accented ones and back ("Reykjavík", "Reykjavik").
    for toks, hit in list(phrases.items()):
        folded = tuple(fold(t) for t in toks)
        if folded != toks:
            phrases.setdefault(folded, hit)
    g.phrases = phrases
    g.max_phrase = max((len(k) for k in phrases), default=1)
    for toks in phrases:
        if len(toks) > g.first_len.get(toks[0], 0):
            g.first_len[toks[0]] = len(toks)
    return g
