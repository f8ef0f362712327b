"""HTML pages, through trafilatura (an optional extra: ``pip install 'tuireader[html]'``).

trafilatura is imported here, inside the function, so starting the reader
never pays for it.

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

from tuireader.model import Article
from tuireader.parse.dates import date_from_path, find_dates
from tuireader.parse.jsonfile import fill_from_fields

_TAG = re.compile(r"<[^>]*>")


def _written_in(page: str, iso: str) -> bool:
    """Does the page write the date ``iso`` with its day, in its markup or its text?"""
    if iso in page:  # a <meta>/<time>/JSON-LD value, or an ISO date in the text or the URL
        return True
    if iso.replace("-", "/") in page:  # /2024/03/01/ in a link
        return True
    text = " ".join(_TAG.sub(" ", page).split())
    return any(found == iso for found, _s, _e in find_dates(text))


def parse_html(text: str, *, article_id: str, path: str | None = None) -> Article:
    from tuireader.parse import ArticleError

    try:
        import trafilatura
    except ImportError:
        raise ArticleError(
            f"{path or 'input'}: reading HTML needs trafilatura; install it with: pip install 'tuireader[html]'"
        ) from None
    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken pages
        raise ArticleError(f"{path or 'input'}: cannot extract an article from this HTML ({exc})") from None
    if doc is None:
        raise ArticleError(f"{path or 'input'}: no article text found in this HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    article = Article(id=article_id, text=text, format="html", path=path)
    fill_from_fields(article, {k: v for k, v in data.items() if k != "raw_text" or not data.get("text")})
    if article.published and article.published.endswith("-01") and not _written_in(text, article.published):
        article.published = None  # htmldate's guess from a year or a month (a copyright line, "2024")
    if article.published is None:
        article.published = date_from_path(path)  # "2024-04-15_site_story.html": the archive's own label
    if isinstance(data.get("author"), str) and data["author"]:
        from tuireader.parse.jsonfile import _authors

        article.authors = _authors(data["author"])
    return article
