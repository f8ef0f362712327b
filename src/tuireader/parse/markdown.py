"""Markdown with YAML front matter.  (First version: to be deepened.)"""

from __future__ import annotations

from tuireader.model import Article
from tuireader.parse.raw import parse_raw


def parse_markdown(text: str, *, article_id: str, path: str | None = None) -> Article:
    article = parse_raw(text, article_id=article_id, path=path)
    article.format = "md"
    return article
