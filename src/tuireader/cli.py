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
                        help="the articles folder (default: $TUIREADER_LIBRARY, else the config's library:, "
                             "else ./articles, else the data folder)")


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
    return build_parser().parse_args(_search_words_last(argv))


# The search command's options (and whether each takes a value); any other word is the query.
_SEARCH_OPTIONS = {"--json": False, "--limit": True, "--library": True, "--help": False}
_VALUE_OPTIONS = ("--library", "--theme", "--ner")  # the reader's options before a command


def _search_words_last(argv: list[str]) -> list[str]:
    """``search -lima`` means the query "-lima" (the README's "not lima"), not an unknown option.

    After the ``search`` command, the words that are not its options are moved, in their
    order, after a ``--``, so argparse reads them as the query however they start.  A word
    starting with ``--`` that is no option stays where it is (a mistyped option is reported).
    """
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return argv
        if word in _VALUE_OPTIONS:
            i += 2
            continue
        if not word.startswith("-"):
            break
        i += 1
    if i >= len(argv) or argv[i] != "search":
        return argv
    options: list[str] = []
    query: list[str] = []
    words = iter(argv[i + 1:])
    for word in words:
        if word == "--":
            query.extend(words)
            break
        name = word.partition("=")[0]
        known = [o for o in _SEARCH_OPTIONS if o.startswith(name)] if name.startswith("--") and len(name) > 2 else []
        if word == "-h" or (name.startswith("--") and len(known) != 1):
            options.append(word)  # help, or argparse's to explain (an unknown or ambiguous option)
        elif known:
            options.append(word)
            if _SEARCH_OPTIONS[known[0]] and "=" not in word:
                value = next(words, None)
                if value is not None:
                    options.append(value)
        else:
            query.append(word)
    return argv[:i + 1] + options + (["--"] + query if query else [])


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
    try:
        if args.command is None:
            return _run_app(args)
        library_dir = _choose_library(args)
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
    except Exception as exc:  # noqa: BLE001 - the known failures become one line; the rest stay tracebacks
        message = _failure_line(exc)
        if message is None:
            raise
        print(f"tuireader: {message}", file=sys.stderr)
        return 1


def _failure_line(exc: BaseException) -> str | None:
    """The one line for a failure the user can act on that is not a UserError, or None."""
    import sqlite3

    from tuireader.library.schema import IndexDamaged
    from tuireader.library.shelf import IndexUnavailable
    from tuireader.reading_state import ReadingStateUnavailable

    if isinstance(exc, (IndexDamaged, IndexUnavailable, ReadingStateUnavailable)):
        return " ".join(str(exc).split())
    if isinstance(exc, sqlite3.DatabaseError):
        return f"the index could not be read ({' '.join(str(exc).split())})"
    if isinstance(exc, OSError) and exc.filename is not None and not isinstance(exc, BrokenPipeError):
        from tuireader.clean import clean_line

        # a file of ours that cannot be made or opened (a read-only cache folder, a full disk)
        return f"{clean_line(os.fsdecode(exc.filename))}: {exc.strerror or exc}"
    return None


# -- the library folder --------------------------------------------------------------------


def _choose_library(args: Any, config: Any = None) -> Path:
    """The library folder: --library, else $TUIREADER_LIBRARY, else the config's ``library:``,
    else ./articles if it exists, else <data>/articles.  The config is read only when the first
    two say nothing (the app passes the config it has read anyway).  Sets ``args.library_origin``:
    what named the folder, for messages, or None for a default."""
    explicit = getattr(args, "library", None)
    configured = None
    if not explicit and not os.environ.get("TUIREADER_LIBRARY"):
        if config is None:
            from tuireader.config import load_config

            config = load_config()[0]
        configured = config.library
    library_dir, origin = paths.choose_library(explicit, configured)
    args.library_origin = origin
    return library_dir


def _check_library(library_dir: Path, origin: str | None) -> None:
    """A folder the user named must be there (a typo or an unmounted disk is not an empty library)."""
    if library_dir.is_dir():
        return
    from tuireader.clean import clean_line

    shown = clean_line(str(library_dir))
    named = f" (from {origin})" if origin else ""
    if os.path.lexists(library_dir):
        raise UserError(f"not a folder: {shown}{named}; the library is a folder of article files")
    if origin:
        raise UserError(f"no such folder: {shown}{named}")
    raise UserError(f"no library folder at {shown} (set --library, $TUIREADER_LIBRARY or library: in "
                    f"{clean_line(str(paths.config_file()))})")


# -- the app ---------------------------------------------------------------------------------


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def _run_app(args: Any) -> int:
    # Start-up builds many objects that live as long as the app; collecting cycles among them
    # while they are being built only delays the first frame.  The app turns the collector
    # back on once that frame is drawn (ReaderApp._first_frame_drawn).
    gc.disable()
    try:
        from tuireader.config import load_config

        if getattr(args, "library", None) or os.environ.get("TUIREADER_LIBRARY"):
            library_dir = _choose_library(args)  # checked before anything is read or made
            _check_library(library_dir, args.library_origin)
            config, problems = load_config()
        else:
            config, problems = load_config()  # read once: the app is handed it
            library_dir = _choose_library(args, config)
            if args.library_origin is not None:  # a folder the user named must be there; a default may be empty
                _check_library(library_dir, args.library_origin)
        from tuireader.ui.app import ReaderApp

        app = ReaderApp(library_dir=library_dir, theme_name=args.theme, ner=args.ner, config=config,
                        config_problems=problems)
    except BaseException:
        gc.enable()  # the app will not run (a bad library, an index that cannot be kept): back to normal
        raise
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        # Textual would draw into the pipe and wait for keys that never come, at full speed
        gc.enable()
        print("tuireader: the reader needs a terminal to read keys from and draw on; in a script "
              "or a pipe use `tuireader list`, `show`, `search` or `entities`", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0


# -- scripts' commands -------------------------------------------------------------------------


def _open_library(library_dir: Path, origin: str | None = None):
    from tuireader.library import Library
    from tuireader.reading_state import ReadingState

    _check_library(library_dir, origin)
    state = ReadingState(temporary_if_unavailable=False)
    try:
        library = Library(library_dir, state=state)
    except BaseException:
        state.close()
        raise
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
    library = _open_library(library_dir, args.library_origin)
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
    library = _open_library(library_dir, args.library_origin)
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
    library = _open_library(library_dir, args.library_origin)
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
    library = _open_library(library_dir, args.library_origin)
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
