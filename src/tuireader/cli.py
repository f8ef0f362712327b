"""The command line: `tuireader` opens the reader; subcommands serve scripts (see CONTRACT.md).

Only the requested output goes to stdout.  Failures the user can act on print
one line on stderr and exit 1; usage errors exit 2 (argparse).
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from tuireader import __version__, paths

if TYPE_CHECKING:
    import argparse

COMMANDS = ("index", "list", "show", "entities", "search")


class UserError(Exception):
    """Something the user can act on; the message is shown as one line."""


def _positive_int(value: str) -> int:
    """An option's whole number of at least 1; anything else is a usage error (exit 2)."""
    try:
        number = int(value)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _not_blank(value: str) -> str:
    """An argument that must say something: an empty one is a usage error (exit 2), not '.'."""
    if not value.strip():
        import argparse

        raise argparse.ArgumentTypeError("must not be empty")
    return value


# What a JSON path means, for the help of the commands that print one.
PATH_NOTE = (
    "In --json output \"path\" is the file's name exactly as it is on disk, so a script can open it; "
    "bytes that are not UTF-8 appear as the escapes \\udc80-\\udcff (Python's surrogateescape: "
    "json.loads, then os.fsencode, gives the bytes back) and control characters as \\u escapes. "
    "Text output shows names cleaned of control characters."
)


def _common(parser: argparse.ArgumentParser) -> None:
    import argparse

    parser.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS, type=_not_blank,
                        help="the articles folder (default: $TUIREADER_LIBRARY, else ./articles, else the data folder)")


def _reader_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"tuireader {__version__}")
    _common(parser)
    parser.add_argument("--theme", metavar="NAME", type=_not_blank, help="start with this theme (bundled, yours, or Textual's)")
    parser.add_argument("--ner", choices=("builtin", "spacy"), default=None,
                        help="entity extractor (default: builtin; spacy needs tuireader[spacy])")


def parse_args(argv: Sequence[str] | None = None) -> Any:
    """The parsed command line (an argparse namespace, or one with the same attributes).

    Opening the reader is the common case, and the one that counts at start-up: when the
    arguments are only the reader's own options, each once and well formed (``--library DIR``,
    ``--theme=NAME``, ...), they are read here, without argparse (which, with gettext and
    every command's parser, costs about 2 ms of a 200 ms start).  Anything else, help, a
    command, an abbreviation or a mistake, goes to argparse, which parses, explains and exits
    as always.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    quick = _reader_options_only(argv)
    if quick is not None:
        return quick
    return build_parser().parse_args(argv)


def _reader_options_only(argv: list[str]) -> Any:
    from types import SimpleNamespace

    found: dict[str, str] = {}
    words = iter(argv)
    for word in words:
        name, eq, value = word.partition("=")
        if name not in ("--library", "--theme", "--ner") or name in found:
            return None
        if not eq:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
        if not value.strip() or (name == "--ner" and value not in ("builtin", "spacy")):
            return None
        found[name] = value
    args = SimpleNamespace(command=None, theme=found.get("--theme"), ner=found.get("--ner"))
    if "--library" in found:
        args.library = found["--library"]
    return args


def build_parser() -> argparse.ArgumentParser:
    import argparse

    epilog = (
        f"configuration file: {paths.config_file()}\n"
        f"your themes:        {paths.user_themes_dir()}/*.yaml\n"
        f"reading state:      {paths.state_db_path()}\n"
        "Run 'tuireader COMMAND --help' for a command's options."
    )
    parser = argparse.ArgumentParser(
        prog="tuireader",
        description="A keyboard-driven terminal reader for a local archive of news articles.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _reader_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="bring the library's index up to date")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="parse every file again")

    p = sub.add_parser("list", help="the library's articles, newest first", epilog=PATH_NOTE)
    _common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--sort", choices=("newest", "oldest", "title", "source"), default="newest")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")

    p = sub.add_parser(
        "show", help="one article, understood", epilog=PATH_NOTE,
        description="One article, understood: the headline, then source, authors and date, then a 'Note:' line "
                    "for each thing the reader noticed or repaired (\"decoded as cp1252\", \"front matter "
                    "refused\"), then captions, body and credits.")
    _common(p)
    p.add_argument("article", metavar="ARTICLE", type=_not_blank,
                   help="a file path (relative to this folder, else to the library), or an id printed by list/search")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--raw", action="store_true", help="print the file's text as it is (cleaned of control characters)")

    p = sub.add_parser("entities", help="the article's entities")
    _common(p)
    p.add_argument("--ner", choices=("builtin", "spacy"), default=argparse.SUPPRESS,
                   help="entity extractor (default: builtin, or the config's ner setting)")
    p.add_argument("article", metavar="ARTICLE", type=_not_blank,
                   help="a file path (relative to this folder, else to the library), or an id printed by list/search")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("search", help="full-text search over the library, best first", epilog=PATH_NOTE)
    _common(p)
    p.add_argument("query", metavar="QUERY", nargs="+", type=_not_blank,
                   help="the query (see README: query language)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="at most N results (default 20)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    library_dir = paths.default_library(getattr(args, "library", None))
    try:
        if args.command is None:
            return _run_app(args, library_dir)
        handler = globals()[f"_cmd_{args.command}"]
        return handler(args, library_dir)
    except UserError as exc:
        print(f"tuireader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


# -- the app ---------------------------------------------------------------------------------


def _run_app(args: argparse.Namespace, library_dir: Path) -> int:
    # Start-up builds many objects that live as long as the app; collecting cycles among them
    # while they are being built only delays the first frame.  The app turns the collector
    # back on once that frame is drawn (ReaderApp._first_frame_drawn).
    gc.disable()
    from tuireader.ui.app import ReaderApp

    app = ReaderApp(library_dir=library_dir, theme_name=args.theme, ner=args.ner)
    app.run()
    return app.return_code or 0


# -- scripts' commands -------------------------------------------------------------------------


def _open_library(library_dir: Path):
    from tuireader.library import Library
    from tuireader.reading_state import ReadingState

    if not library_dir.is_dir():
        raise UserError(f"no library folder at {library_dir} (set --library or $TUIREADER_LIBRARY)")
    state = ReadingState()
    library = Library(library_dir, state=state)
    for warning in list(getattr(state, "warnings", [])) + list(getattr(library, "warnings", [])):
        print(f"tuireader: {warning}", file=sys.stderr)
    return library


def _progress_update(library, rebuild: bool = False, show_progress: bool = False):
    if not show_progress:
        return library.update(rebuild=rebuild)
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
    from rich.console import Console

    console = Console(stderr=True)
    with Progress(TextColumn("indexing"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("index", total=None)

        def report(done: int, total: int) -> None:
            # done and total are units of work (reading a file is one, parsing it nine):
            # shown as a share, not as a count of files
            progress.update(task, completed=done, total=total)

        return library.update(progress=report, rebuild=rebuild)


def _cmd_index(args: argparse.Namespace, library_dir: Path) -> int:
    library = _open_library(library_dir)
    try:
        summary = _progress_update(library, rebuild=args.rebuild, show_progress=sys.stderr.isatty())
    finally:
        library.close()
    for path, message in summary.failed:
        print(f"tuireader: {message}", file=sys.stderr)
    for path, original in summary.copies:
        print(f"tuireader: {path}: the same text as {original}; listed once", file=sys.stderr)
    print(summary.line())
    return 0


def _cmd_list(args: argparse.Namespace, library_dir: Path) -> int:
    library = _open_library(library_dir)
    try:
        library.update()
        rows = library.rows(0, 10**9, sort=args.sort, unread_only=args.unread, starred_only=args.starred)
    finally:
        library.close()
    if args.json:
        _print_json([_with_real_path(row.to_json(), row.path) for row in rows])
    else:
        for row in rows:
            print(f"{row.id}  {row.published or '----------'}  {row.title}  ({row.source or 'unknown source'})")
    return 0


def _cmd_search(args: argparse.Namespace, library_dir: Path) -> int:
    from tuireader.query import QueryError

    query = " ".join(args.query)
    library = _open_library(library_dir)
    try:
        library.update()
        try:
            # more than every article is every article; SQLite takes no integer past 2**63
            hits = library.search(query, limit=min(args.limit, 2**62))
        except QueryError as exc:
            raise UserError(f"search: {exc}") from None
    finally:
        library.close()
    if args.json:
        _print_json([_with_real_path(hit.to_json(), hit.row.path) for hit in hits])
    else:
        if not hits:
            print(f"no articles match {query!r}", file=sys.stderr)
        for hit in hits:
            print(f"{hit.row.id}  {hit.score:8.3g}  {hit.row.title}  ({hit.row.source or 'unknown source'})")
            print(f"    {hit.snippet}")
    return 0


def _load(args: argparse.Namespace, library_dir: Path):
    """ARTICLE is a path (parsed directly) or an id from list/search.

    A relative path is looked for in the current folder, then in the library folder, so a name
    from `ls` of the library works from anywhere.  Returns the article, the open library (or
    None) and the file's real name: ``article.path`` is cleaned for showing, the JSON ``path``
    must be a name a script can open.
    """
    from tuireader.parse import ArticleError, load_article

    target = args.article
    candidate = Path(target).expanduser()
    if not candidate.is_absolute() and not os.path.lexists(candidate):
        in_library = library_dir / candidate
        if os.path.lexists(in_library):
            candidate = in_library
    if os.path.lexists(candidate) or os.sep in target or candidate.suffix:
        try:
            article = load_article(candidate)
        except ArticleError as exc:
            raise UserError(str(exc)) from None
        return article, None, os.fspath(candidate)
    library = _open_library(library_dir)
    library.update()
    article = library.resolve(target)
    if article is None:
        library.close()
        raise UserError(f"no article with id {target!r} in {library_dir} (see 'tuireader list')")
    row = library.row(article.id)
    return article, library, row.path if row is not None else article.path


def _cmd_show(args: argparse.Namespace, library_dir: Path) -> int:
    article, library, real_path = _load(args, library_dir)
    if library is not None:
        library.close()
    if args.json:
        _print_json(_with_real_path(article.to_json(), real_path))
    elif args.raw:
        sys.stdout.write(article.text if article.text.endswith("\n") else article.text + "\n")
    else:
        from tuireader.render import article_as_text

        sys.stdout.write(article_as_text(article))
    return 0


def _cmd_entities(args: argparse.Namespace, library_dir: Path) -> int:
    article, library, _ = _load(args, library_dir)
    ner = args.ner
    if ner is None:
        from tuireader.config import load_config

        ner = load_config()[0].ner
    try:
        if library is not None and ner == "builtin":
            entities = library.entities(article.id)
        else:
            from tuireader.entities import extract_entities

            try:
                entities = extract_entities(article, backend=ner)
            except RuntimeError as exc:
                raise UserError(f"entities: {exc} (pip install 'tuireader[spacy]' and an English pipeline)") from None
    finally:
        if library is not None:
            library.close()
    if args.json:
        _print_json([entity.to_json() for entity in entities])
    else:
        if not entities:
            print("no entities found", file=sys.stderr)
        for entity in entities:
            value = f"  = {entity.value}" if entity.value else ""
            print(f"{entity.count:4d}  {entity.type:<12}  {entity.name}{value}")
    return 0


def _with_real_path(data: dict[str, Any], path: str | None) -> dict[str, Any]:
    """JSON with the file's real name as "path" (the model's own JSON gives the cleaned name)."""
    if path is not None:
        data["path"] = path
    return data


# Characters that may stand in a JSON string only as \u escapes here: lone surrogates (bytes of a
# file name that are not UTF-8, decoded with surrogateescape: they cannot be written as UTF-8 at
# all), DEL and C1 controls (8-bit escape sequences), bidi controls and line separators.  json.dumps
# already escapes C0 controls (ESC, BEL...).  These characters only ever occur inside strings, so
# escaping them keeps the JSON valid, the same value for a JSON reader, and the terminal safe.
_JSON_ESCAPE = re.compile(
    "[\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]")


def _print_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text)
    sys.stdout.write("\n")
