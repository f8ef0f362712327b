"""The article as plain text, for `tuireader show` (no Textual, no markup)."""

from __future__ import annotations

import re
import textwrap

from tuireader.model import Article


def meta_line(article: Article) -> str:
    """source · authors · date · reading time, leaving out what is unknown."""
    parts = []
    if article.source:
        parts.append(article.source)
    if article.authors:
        parts.append(", ".join(article.authors))
    if article.published:
        parts.append(article.published)
    words = article.word_count
    if words:
        parts.append(f"{max(1, round(words / 230))} min read")
    return " · ".join(parts)


# a related link that already says what it is ("Also read: ...", "See also: ...")
_LABELLED = re.compile(r"^\s*(?:related(?: articles?| stories| coverage)?|also read|read (?:more|also|next)|see also|"
                       r"more on (?:this|that)(?: story)?|recommended|you may also like|more from [^:]{1,40}|"
                       r"further reading|don'?t miss|read)\s*:", re.IGNORECASE)


def related_label(text: str) -> str:
    """The label a related link is shown with: "Related: ", or none when the line has its own."""
    return "" if _LABELLED.match(text) else "Related: "


def shows_derived_note(article: Article) -> bool:
    """Whether to say the title was made from the text (not for an empty file's placeholder)."""
    return bool(article.title_derived and article.body_text.strip())


def article_as_text(article: Article, width: int = 78) -> str:
    out: list[str] = []
    wrap = textwrap.TextWrapper(width=width, break_long_words=True, break_on_hyphens=False)
    title = article.title + (" (title derived)" if shows_derived_note(article) else "")
    title_lines = wrap.wrap(title) or [""]
    out.extend(title_lines)
    out.append("=" * min(width, max(3, *(len(line) for line in title_lines))))
    meta = meta_line(article)
    if meta:
        out.append(meta)
    if article.url:
        out.append(article.url)
    # What the reader noticed or repaired in the file ("the file is empty", "decoded as cp1252",
    # "front matter refused: ..."): the app shows these under the byline, and so does this.
    for note in article.problems:
        out.extend(textwrap.wrap(note, width=width, initial_indent="Note: ", subsequent_indent="      ")
                   or ["Note:"])
    out.append("")
    for caption in article.captions:
        for line in textwrap.wrap(caption.text, width=width - 4):
            out.append("  | " + line)
        if caption.credit:
            out.append("  | (" + caption.credit + ")")
        out.append("")
    for block in article.blocks:
        if block.kind == "heading":
            out.append("## " + block.text)
        elif block.kind == "quote":
            out.extend("> " + line for line in textwrap.wrap(block.text, width=width - 2))
        elif block.kind == "list_item":
            out.extend(textwrap.wrap(block.text, width=width, initial_indent="  • ", subsequent_indent="    "))
        elif block.kind == "related":
            out.append(related_label(block.text) + block.text)
        else:
            out.extend(wrap.wrap(block.text))
        out.append("")
    if article.credits:
        out.extend("— " + credit for credit in article.credits)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
