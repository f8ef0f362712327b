"""Raw scraped text: one block element a line.  (First version: to be deepened.)"""

from __future__ import annotations

from tuireader.model import Article, Block


def parse_raw(text: str, *, article_id: str, path: str | None = None,
              boilerplate_hints: set[str] | None = None) -> Article:
    article = Article(id=article_id, text=text, format="txt", path=path)
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        pos += len(line) + 1
        if not stripped:
            continue
        if not article.title:
            article.title, article.title_start = stripped, start
            continue
        article.blocks.append(Block("paragraph", stripped, start))
    return article
