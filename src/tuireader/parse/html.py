"""HTML pages, through trafilatura (an optional extra: ``pip install 'tuireader[html]'``).

trafilatura is imported here, inside the function, so starting the reader
never pays for it.
"""

from __future__ import annotations

from tuireader.model import Article
from tuireader.parse.jsonfile import fill_from_fields


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
    if isinstance(data.get("author"), str) and data["author"]:
        from tuireader.parse.jsonfile import _authors

        article.authors = _authors(data["author"])
    return article
