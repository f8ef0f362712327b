"""Generate a large, realistic library of raw scraped articles for benchmarks.

    python bench/make_library.py DIR [--n 100000] [--seed 7]

Each file has the shape a scraper leaves behind: a site line with its
tagline, sometimes a photo caption, a title, a byline with a date, 500-1,000
words of paragraphs (with a subheading or a related-article line now and
then), and the site's boilerplate (share buttons, donation appeal, copyright).
People, places and organisations are shared across articles so that names
recur; ordinary words follow a Zipf-like curve so there are very common and
very rare words.  All text is made up here from the word lists below.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

FIRST = """Ana Bruno Carla Dmitri Elena Farid Greta Hugo Ines Jonas Kwame Lucia Mateo Nadia Oskar Priya
Quentin Rosa Samir Tomas Ursula Viktor Wanda Xavier Yara Zoltan Amara Bilal Chiara Dario Emeka Fiona
Goran Hana Ilya Jorge Keiko Leon Marisol Nils Olga Pavel Rania Sven Tariq Valeria Wei Yusuf José Zoë
Renée Agnès Søren Łukasz Çelik Núria Andrés Mónica""".split()
LAST = """Abara Brennan Castillo Dvorak Esposito Fontaine Grieve Haddad Ibarra Jansen Kowalski Lindqvist
Moreau Nakamura Okafor Petrov Quiroga Rahimi Santos Tanaka Umarov Vasquez Whitlock Xu Yilmaz Zeller
Alvarado Bergström Cárdenas Delacroix Eriksen Ferreira Gallo Halvorsen Iwu Jiménez Kaur Laurent Mbeki
Novak Ortega Pereira Quist Roche Sørensen Toivonen Urquhart Valdés Wójcik Yamada Zamora Múñoz Nuñez""".split()
PLACES = """Port Ellis, Marrow, Caldera Bay, Northgate, Vellmar, Ostrava Heights, San Telmo, Riverford,
Kestrel Point, Amberley, Lindenhof, Qasr Amun, Tamsin Valley, Brightwater, Corvallo, Dunmore, Eastmarch,
Fenwick, Glassport, Halden, Isola Verde, Jarrow Flats, Kilnsey, Lorne, Mirabel, Nettleford, Orla,
Pembury, Querétaro Norte, Ravensholm, Saltmere, Torvik, Umberfield, Valença, Westhaven, Yarrowdale,
Zarecka, the Southern Provinces, the Upper Valley, the Coastal Region""".replace("\n", " ").split(", ")
ORGS = """Harbour Council, Ministry of Water, National Rail Authority, Riverford University, Coastal Energy
Cooperative, Federation of Farmers, Central Bank, Supreme Court, Port Authority, Teachers' Union, Red
Lantern Party, Green Horizon Movement, United Workers' Front, Chamber of Commerce, Health Inspectorate,
Regional Assembly, Electoral Commission, Fisheries Board, Civic Alliance, Northern Mining Company,
Institute for Climate Studies, Association of Nurses, Transport Workers' Guild, Open Budget Initiative,
Commission on Housing""".replace("\n", " ").split(", ")
SITES = [
    ("The Daily Lantern", "News from the valley and beyond"),
    ("Harbour Dispatch", "Independent reporting since 1998"),
    ("Northgate Observer", "Your city, your voice"),
    ("Coastal Ledger", "Facts first, always"),
    ("Valley Courier", "Regional news and opinion"),
    ("The Marrow Times", "Serving the island community"),
    ("Brightwater Post", "Local stories that matter"),
    ("Eastmarch Review", "Analysis, opinion and investigations"),
    ("The Kestrel", "Reader-funded journalism"),
    ("Riverford Gazette", "All the news from Riverford"),
    ("Southern Echo Weekly", "News and views from the provinces"),
    ("Glassport Herald", "Reporting without fear"),
    ("The Saltmere Note", "Small town, big stories"),
    ("Torvik Monitor", "News in depth"),
    ("Lorne Tribune", "Community journalism"),
    ("Westhaven Mail", "Since 1911"),
]
BOILERPLATE = [
    "Share this:", "Click to share on Facebook (Opens in new window)", "Click to share on X (Opens in new window)",
    "Like this:", "Related", "Subscribe to our newsletter", "Enter your email address",
    "Support independent journalism: donate today.",
    "We are funded by readers like you. Every contribution, however small, keeps our reporting free.",
    "• No paywall", "• No corporate owners", "• Reader-funded since day one", "Donate now",
    "All rights reserved.", "Comments are closed.", "Leave a comment", "Follow us on social media",
    "Advertisement", "Read our privacy policy", "Sign up for alerts",
]
TOPIC_NOUNS = """ferry route harbour budget election drought reservoir vote council school hospital strike
railway bridge tariff harvest fishery pension rent housing wage court ruling protest parliament mayor
minister treaty border river flood storm mine factory port airport tunnel clinic vaccine teacher nurse
farmer fisher worker union market price inflation loan bank tax subsidy grant license permit report audit
inquiry scandal contract tender festival museum library stadium park forest coast island valley district
province region village city neighbourhood road highway canal dam power grid solar wind turbine pipeline
refinery export import shipment cargo container crop wheat maize coffee cocoa cattle water electricity
internet broadband phone network police army navy ceremony anniversary referendum campaign candidate
coalition opposition government assembly committee hearing testimony witness evidence verdict appeal
sentence prison reform law bill amendment constitution census survey study research scientist doctor
patient student university exam curriculum""".split()
VERBS = """approved rejected announced criticised defended proposed delayed cancelled expanded reduced
increased announced welcomed questioned investigated reported confirmed denied promised warned
signed opened closed funded blocked debated reviewed praised condemned postponed launched completed
suspended restored extended visited inspected""".split()
ADJS = """new old local national regional public private controversial costly urgent long-awaited
disputed popular unpopular rural urban coastal northern southern eastern western annual special
independent former current temporary permanent major minor key serious modest sharp steady""".split()
FUNCTION = """the of and to in a that for on with as by at from was is were has have had said it this
which but not be are their its after before over under about more than also would could will""".split()
SYLLABLES = "ka lo mi ra ven tor sel da ni qu ost ber lin mar fen gra hol pet rus sta vel wim zan cor dul esk fir".split()


def rare_words(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(600)]
        common = TOPIC_NOUNS + VERBS + ADJS
        rng.shuffle(common)
        tail = rare_words(rng, 20000)
        rng.shuffle(tail)
        # ordinary words take ranks between 20 and 3,000 of the curve, so some are in most
        # articles and some in a few percent; made-up words fill the rest and the long tail
        for word in common:
            tail.insert(rng.randint(20, 3000), word)
        self.vocab = tail
        # Zipf-like weights: the k-th word has weight (k + 10) ** -1.1
        self.cum = []
        total = 0.0
        for k in range(len(self.vocab)):
            total += (k + 10) ** -1.1
            self.cum.append(total)

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, cast: list[str], places: list[str], orgs: list[str], topic: list[str]) -> str:
        rng = self.rng
        kind = rng.random()
        filler = " ".join(self.words(rng.randint(3, 9)))
        function = " ".join(rng.choice(FUNCTION) for _ in range(rng.randint(2, 5)))
        if kind < 0.3:
            s = f"{rng.choice(cast)} said the {rng.choice(ADJS)} {rng.choice(topic)} {function} {filler}"
        elif kind < 0.5:
            s = f"The {rng.choice(orgs)} {rng.choice(VERBS)} the {rng.choice(topic)} in {rng.choice(places)} {function} {filler}"
        elif kind < 0.65:
            s = f"“{filler.capitalize()} {function},” {rng.choice(cast).split()[-1]} told reporters in {rng.choice(places)}"
        elif kind < 0.8:
            s = f"In {rng.choice(places)}, {function} {filler} {rng.choice(topic)}"
        else:
            s = f"{function.capitalize()} {filler} {rng.choice(VERBS)} {rng.choice(topic)} {rng.choice(FUNCTION)} {' '.join(self.words(4))}"
        return s[0].upper() + s[1:] + "."

    def article(self, i: int) -> tuple[str, str, str]:
        rng = self.rng
        site, tagline = SITES[i % len(SITES)] if rng.random() < 0.7 else rng.choice(SITES)
        cast = rng.sample(self.people, 4)
        places = rng.sample(PLACES, 3)
        orgs = rng.sample(ORGS, 2)
        topic = rng.sample(TOPIC_NOUNS, 3)
        year = rng.randint(2019, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        title = (f"{rng.choice(orgs)} {rng.choice(VERBS).capitalize()} "
                 f"{rng.choice(ADJS).capitalize()} {topic[0].capitalize()} in {places[0]}")
        lines = [""]
        caption = None
        if rng.random() < 0.4:
            caption = (f"{cast[0]} speaks in {places[0]} on {months[month - 1]} {day}, {year}. "
                       f"Photo: {rng.choice(LAST)} / {site}.")
            lines.append(caption)
        lines.append(f"{site} – {tagline}")
        lines.append(title)
        style = rng.random()
        if style < 0.5:
            lines.append(f"By {rng.choice(self.people)} – {months[month - 1]} {day}, {year}")
        elif style < 0.8:
            lines.append(f"Posted on {year}-{month:02d}-{day:02d} by {rng.choice(self.people)}")
        else:
            lines.append(f"By {rng.choice(self.people)} and {rng.choice(self.people)} | {site}")
            lines.append(f"{day} {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][month - 1]} {year}")
        target = rng.randint(500, 1000)
        count = 0
        while count < target:
            para = " ".join(self.sentence(cast, places, orgs, topic) for _ in range(rng.randint(2, 6)))
            count += len(para.split())
            lines.append(para)
            r = rng.random()
            if r < 0.05:
                lines.append(f"READ MORE: {rng.choice(ORGS)} {rng.choice(VERBS)} {rng.choice(TOPIC_NOUNS)} plan")
            elif r < 0.1:
                lines.append(f"{rng.choice(TOPIC_NOUNS).capitalize()} and the {rng.choice(TOPIC_NOUNS)}")
        lines += rng.sample(BOILERPLATE, rng.randint(3, 8))
        lines.append(f"© {year} {site}")
        folder = f"{year}/{month:02d}"
        name = f"{i:06d}_{site.lower().replace(' ', '-')}.txt"
        return folder, name, "\n".join(lines)


def make(target: Path, n: int, seed: int = 7, quiet: bool = False) -> None:
    writer = Writer(seed)
    t0 = time.perf_counter()
    made_dirs: set[str] = set()
    for i in range(n):
        folder, name, text = writer.article(i)
        if folder not in made_dirs:
            (target / folder).mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        (target / folder / name).write_text(text, encoding="utf-8")
        if not quiet and (i + 1) % 10000 == 0:
            print(f"  {i + 1:,} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    if any(args.dir.iterdir()):
        print(f"{args.dir} is not empty; choose an empty folder", file=sys.stderr)
        return 1
    make(args.dir, args.n, args.seed)
    print(f"wrote {args.n:,} articles to {args.dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
