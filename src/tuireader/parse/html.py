"""HTML pages, through trafilatura (an optional extra: ``pip install 'tuireader[html]'``).

trafilatura is imported here, inside the function, so starting the reader
never pays for it.

Structure: trafilatura's extracted body (its XML tree: ``<head>``, ``<p>``,
``<list>``/``<item>``, ``<quote>``, ``<table>``) becomes the article's blocks:
heading, paragraph, list_item, quote.  trafilatura drops ``<figcaption>``, so
the captions are read from the page itself (the figures of its ``<article>``,
else of its ``<main>``, else of the whole page less its navigation, header,
footer and asides), each with its credit split off as the raw parser does
("Photo: X", "(AP Photo/X)").  ``Article.text`` is the page's HTML, so a block
or a caption keeps a ``start`` only where its text is written verbatim in the
page's ``<body>`` (no entity, no inline tag inside it).

Source: the page's ``og:site_name`` (trafilatura's sitename), else the site
named after the headline in the page's ``<title>`` ("Headline | Site",
"Headline - Site"), else the page's host name.

Dates: trafilatura asks htmldate for the page's date, and htmldate, when it
finds no full date, falls back on guesses: a copyright year (``© 2024 Site``
gives 2024-01-01), a year or a year and month anywhere in the page (given the
1st of January, or the 1st of the month).  A guess is not a publication date,
so a date whose day is the 1st is kept only when the page writes that very day
(in its text, a ``<time>`` or ``<meta>`` value, its URL); otherwise the article
has no date, unless the file's name starts with one (``2024-04-15_story.html``).
htmldate never invents a day other than the 1st.
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.clean import clean_line
from tuireader.model import Article, Block, Caption
from tuireader.parse.dates import date_from_path, find_dates
from tuireader.parse.jsonfile import fill_from_fields
from tuireader.parse.roles import RELATED_RE
from tuireader.parse.title import derive_title, split_site_suffix

_TAG = re.compile(r"<[^>]*>")
_BODY_TAG = re.compile(r"<body[\s>]", re.I)
_LIST_MARK = re.compile(r"^[-*\u2022]\s+")
# page parts whose figures are not the article's
_CHROME = ("nav", "header", "footer", "aside")
_CHROME_CLASS = re.compile(r"\b(?:related|promo|teaser|sidebar|newsletter|advert|recirc|more-stories)", re.I)


def _written_in(page: str, iso: str) -> bool:
    """Does the page write the date ``iso`` with its day, in its markup or its text?"""
    if iso in page:  # a <meta>/<time>/JSON-LD value, or an ISO date in the text or the URL
        return True
    if iso.replace("-", "/") in page:  # /2024/03/01/ in a link
        return True
    text = " ".join(_TAG.sub(" ", page).split())
    return any(found == iso for found, _s, _e in find_dates(text))


# --- the page itself: captions and the <title> ---------------------------------------------------


def _one_line(text: str) -> str:
    return clean_line(" ".join(text.split()))


def _in_chrome(el: Any, stop: Any) -> bool:
    """Is ``el`` inside the page's navigation, header, footer, an aside or a related-stories box?"""
    node = el.getparent()
    while node is not None and node is not stop:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _CHROME and (stop is None or tag != "header"):  # an <article>'s own header is the story's
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks.strip() and _CHROME_CLASS.search(marks):
            return True
        node = node.getparent()
    return False


# a caption in a figure, or an element a site marks as one ("wp-caption-text", "image-caption")
_CAPTION_XPATH = (".//figcaption | .//*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')]"
                  "[not(self::figure)][not(.//figcaption)][not(.//*[contains(@class, 'caption')])]")
# the part of a caption that a site marks as its credit
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution", re.I)


def _figure_captions(tree: Any) -> list[tuple[str, str | None]]:
    """The article's captions as (text, credit marked apart or None), in page order, without repeats."""
    try:
        articles = tree.xpath("//article")
        scope = articles[0] if len(articles) == 1 else None
        if scope is None:
            mains = tree.xpath("//main")
            scope = mains[0] if len(mains) == 1 else None
        found = (scope if scope is not None else tree).xpath(_CAPTION_XPATH)
    except Exception:  # noqa: BLE001 - a page lxml cannot search has no captions to give
        return []
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    taken = set(found)
    for el in found:
        if _in_chrome(el, scope) or any(up in taken for up in el.iterancestors()):
            continue  # chrome, or a part of a caption found whole ("caption-text" in a <figcaption>)
        whole = _one_line(el.text_content() or "")
        if not whole or len(whole) > 400 or whole in seen:
            continue
        seen.add(whole)
        credit = None
        for child in el.iterdescendants():
            if isinstance(child.tag, str) and _CREDIT_CLASS.search(child.get("class") or ""):
                credit = _one_line(child.text_content() or "") or None
                break
        if credit and whole.endswith(credit) and whole != credit:
            out.append((whole[: len(whole) - len(credit)].rstrip(" |-–—"), credit))
        elif credit and whole.startswith(credit) and whole != credit:
            out.append((whole[len(credit):].lstrip(" |-–—"), credit))
        else:
            out.append((whole, None))
    return out


def _page_title(tree: Any) -> str | None:
    try:
        el = tree.find(".//head//title")
        if el is None:
            el = tree.find(".//title")
    except Exception:  # noqa: BLE001
        return None
    if el is None:
        return None
    text = _one_line(el.text_content() or "")
    return text or None


def _site_from_title(page_title: str | None, title: str) -> str | None:
    """"Headline | Site" -> "Site" when "Headline" is the article's headline."""
    if not page_title or not title:
        return None
    head, site = split_site_suffix(page_title)
    if site is None:
        return None
    h, t = head.casefold(), title.casefold()
    if h == t or t.startswith(h) or h.startswith(t):
        return site
    return None


# --- trafilatura's body tree -> blocks -------------------------------------------------------------


def _lines_of(el: Any, skip: tuple[str, ...] = ()) -> list[str]:
    """The text of ``el`` as lines (``<lb/>`` breaks a line), less the children tagged ``skip``."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                parts.append("\n")
            elif tag in skip:
                pass
            elif tag in ("p", "head", "item", "row", "list", "quote"):
                parts.append("\n")
                walk(child)
                parts.append("\n")
            elif tag == "cell":
                walk(child)
                parts.append(" | ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = []
    for line in "".join(parts).split("\n"):
        line = clean_line(" ".join(line.split()).strip(" |"))
        if line:
            lines.append(line)
    return lines


def _tree_blocks(body: Any) -> list[tuple[str, str]]:
    """(kind, text) for each block of trafilatura's body tree, in order."""
    out: list[tuple[str, str]] = []

    def items(lst: Any) -> None:
        for item in lst:
            if not isinstance(item.tag, str):
                continue
            if item.tag == "item":
                out.extend(("list_item", t) for t in _lines_of(item, skip=("list",)))
                for sub in item:
                    if sub.tag == "list":
                        items(sub)  # a list inside the item: its items follow the item's own text
            elif item.tag == "list":
                items(item)

    def walk(parent: Any) -> None:
        if parent.text and parent.text.strip():
            out.extend(("paragraph", t) for t in _lines_of_text(parent.text))
        for el in parent:
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "head":
                out.extend(("heading", t) for t in _lines_of(el))
            elif tag == "list":
                items(el)
            elif tag == "quote":
                out.extend(("quote", t) for t in _lines_of(el))
            elif tag in ("graphic", "lb", "ref") and not (el.text or "").strip():
                pass
            elif tag in ("div", "section", "article") and len(el):
                walk(el)
            else:  # p, table, code and anything else: paragraphs
                for t in _lines_of(el):
                    m = _LIST_MARK.match(t)
                    out.append(("list_item", t[m.end():]) if m else ("paragraph", t))
            if el.tail and el.tail.strip():
                out.extend(("paragraph", t) for t in _lines_of_text(el.tail))

    walk(body)
    return out


def _lines_of_text(text: str) -> list[str]:
    return [clean_line(" ".join(t.split())) for t in text.split("\n") if t.strip()]


def _place(text: str, piece: str, pos: int) -> int | None:
    """The offset of ``piece`` in the page at or after ``pos``, if written there verbatim."""
    if not piece:
        return None
    found = text.find(piece, pos)
    return found if found >= 0 else None


def _caption(page: str, found: tuple[str, str | None], pos: int) -> Caption:
    """A caption with its credit split off, and offsets where the page writes it verbatim."""
    from tuireader.parse.roles import CREDIT_ONLY_RE, split_caption

    line, marked = found
    if marked is not None:  # the page marks the credit apart: <span class="credit">
        return Caption(line, marked, _place(page, line, pos), _place(page, marked, pos))
    where = _place(page, line, pos)
    cap = split_caption(line)
    if cap is None:
        return Caption(line, None, where)
    text, credit, coff = cap
    if not text and not CREDIT_ONLY_RE.match(line):
        return Caption(line, None, where)
    if where is not None:
        return Caption(text, credit, where if text else None, where + coff)
    start = _place(page, text, pos) if text else None
    return Caption(text, credit, start, _place(page, credit, pos))


# --- the article ---------------------------------------------------------------------------------


def parse_html(text: str, *, article_id: str, path: str | None = None) -> Article:
    from tuireader.parse import ArticleError

    try:
        import trafilatura
    except ImportError:
        raise ArticleError(
            f"{path or 'input'}: reading HTML needs trafilatura; install it with: pip install 'tuireader[html]'"
        ) from None
    tree = None
    captions: list[tuple[str, str | None]] = []
    page_title = None
    try:
        from trafilatura.utils import load_html

        tree = load_html(text)
    except Exception:  # noqa: BLE001 - trafilatura reads the text itself below
        tree = None
    if tree is not None:
        # before trafilatura sees the tree: it prunes what it does not keep, figures included
        captions = _figure_captions(tree)
        page_title = _page_title(tree)
    try:
        doc = trafilatura.bare_extraction(tree if tree is not None else text, with_metadata=True,
                                          include_comments=False, include_tables=True, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken pages
        raise ArticleError(f"{path or 'input'}: cannot extract an article from this HTML ({exc})") from None
    if doc is None:
        raise ArticleError(f"{path or 'input'}: no article text found in this HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = getattr(doc, "body", None)
    if body is None and hasattr(data.get("body"), "iterchildren"):
        body = data["body"]  # older trafilatura: a dict
    article = Article(id=article_id, text=text, format="html", path=path)
    try:
        shaped = _tree_blocks(body) if body is not None else []
    except Exception:  # noqa: BLE001 - an unexpected tree: fall back on trafilatura's plain text
        shaped = []
    fields = {k: v for k, v in data.items() if k not in ("body", "commentsbody")}
    if shaped:
        fields = {k: v for k, v in fields.items() if k not in ("text", "raw_text")}
    else:
        fields = {k: v for k, v in fields.items() if k != "raw_text" or not data.get("text")}
    title = fields.get("title")
    site = _site_from_title(page_title, clean_line(str(title))) if title and not fields.get("sitename") else None
    if site:
        fields["sitename"] = site  # before the host name, which fill_from_fields would take
    fill_from_fields(article, fields)
    if shaped:
        _fill_blocks(article, shaped, captions)
    else:
        article.captions = [_caption(text, c, _body_start(text)) for c in captions]
    if article.published and article.published.endswith("-01") and not _written_in(text, article.published):
        article.published = None  # htmldate's guess from a year or a month (a copyright line, "2024")
    if article.published is None:
        article.published = date_from_path(path)  # "2024-04-15_site_story.html": the archive's own label
    if isinstance(data.get("author"), str) and data["author"]:
        from tuireader.parse.jsonfile import _authors

        article.authors = _authors(data["author"])
    return article


def _body_start(page: str) -> int:
    m = _BODY_TAG.search(page)
    return m.start() if m else 0


def _fill_blocks(article: Article, shaped: list[tuple[str, str]], captions: list[tuple[str, str | None]]) -> None:
    page = article.text
    pos = _body_start(page)
    caption_texts = {" ".join(x for x in c if x) for c in captions} | {c[0] for c in captions}
    title = article.title.casefold() if article.title and not article.title_derived else None
    blocks: list[Block] = []
    for kind, shown in shaped:
        if not blocks and title and kind in ("heading", "paragraph") and shown.casefold() == title:
            continue  # the headline at the top of the text
        if shown in caption_texts:
            continue  # a caption trafilatura kept in the text
        if kind == "paragraph" and len(shown) < 200 and RELATED_RE.match(shown):
            kind = "related"  # "Read more: Another story": a link to another story, as in a .txt file
        start = _place(page, shown, pos)
        if start is not None:
            pos = start + len(shown)
        blocks.append(Block(kind, shown, start))
    article.blocks = blocks
    body_pos = _body_start(page)
    article.captions = [_caption(page, c, body_pos) for c in captions]
    if article.title_derived or not article.title or article.title == "(untitled)":
        first = next((b for b in blocks if b.kind == "paragraph"), None)
        article.title = derive_title(first.text) if first else "(untitled)"
        article.title_derived = True
        article.title_start = None
