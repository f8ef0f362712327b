"""The article as the reader understands it: plain data, no Textual.

Every text field holds cleaned text (see :mod:`tuireader.clean`).  Offsets
(``start``) point into :attr:`Article.text`, the file's text exactly as decoded
and cleaned, so ``article.text[start:start + len(x)] == x`` wherever a start is
given.
"""

from __future__ import annotations

from typing import Any, Iterator


class Record:
    """A plain record: its fields are its ``__slots__``; equal when of one class with equal fields.

    Written out rather than made with ``@dataclass``: creating a dataclass costs about 0.2 ms
    (it compiles its methods), and the classes on the way to the first frame add up to several
    milliseconds of start-up (issue 8).  Subclasses write their own ``__init__``.
    """

    __slots__ = ()
    __hash__ = None  # mutable, so not hashable (as a dataclass)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


BODY_KINDS = ("paragraph", "heading", "quote", "list_item")
BLOCK_KINDS = BODY_KINDS + ("related",)
ENTITY_TYPES = ("person", "organization", "place", "group", "date", "other")


class Caption(Record):
    """A photo caption, with its credit ("Photo: X", "(AP Photo/Y)") split off."""

    __slots__ = ("text", "credit", "start", "credit_start")

    def __init__(self, text: str, credit: str | None = None, start: int | None = None,
                 credit_start: int | None = None) -> None:
        self.text = text
        self.credit = credit
        self.start = start  # offset of ``text`` in Article.text
        self.credit_start = credit_start  # offset of ``credit`` in Article.text


class Block(Record):
    """One piece of the article body: paragraph, heading, quote, list_item or related."""

    __slots__ = ("kind", "text", "start")

    def __init__(self, kind: str, text: str, start: int | None = None) -> None:
        self.kind = kind
        self.text = text
        self.start = start  # offset of ``text`` in Article.text


class Mention(Record):
    __slots__ = ("text", "start", "end", "where")

    def __init__(self, text: str, start: int, end: int, where: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.where = where  # "title" | "caption" | "body"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "in": self.where}


class Entity(Record):
    __slots__ = ("name", "type", "mentions", "value")

    def __init__(self, name: str, type: str, mentions: list[Mention] | None = None,
                 value: str | None = None) -> None:
        self.name = name
        self.type = type
        self.mentions = [] if mentions is None else mentions
        self.value = value  # dates: YYYY-MM-DD, YYYY-MM or YYYY

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "mentions": [m.to_json() for m in self.mentions],
        }
        if self.type == "date" and self.value:
            data["value"] = self.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Entity":
        return cls(
            name=data["name"],
            type=data["type"],
            mentions=[
                Mention(m["text"], m["start"], m["end"], m["in"]) for m in data.get("mentions", [])
            ],
            value=data.get("value"),
        )


class Segment(Record):
    """A stretch of article text that entities are looked for in."""

    __slots__ = ("text", "start", "where")

    def __init__(self, text: str, start: int, where: str) -> None:
        self.text = text
        self.start = start
        self.where = where  # "title" | "caption" | "body"


class Article(Record):
    __slots__ = ("id", "text", "format", "path", "title", "title_derived", "title_start", "source", "authors",
                 "published", "url", "captions", "blocks", "credits", "boilerplate", "tags", "problems")

    def __init__(self, id: str, text: str, format: str = "txt", path: str | None = None, title: str = "",
                 title_derived: bool = False, title_start: int | None = None, source: str | None = None,
                 authors: list[str] | None = None, published: str | None = None, url: str | None = None,
                 captions: list[Caption] | None = None, blocks: list[Block] | None = None,
                 credits: list[str] | None = None, boilerplate: list[str] | None = None,
                 tags: list[str] | None = None, problems: list[str] | None = None) -> None:
        self.id = id
        self.text = text  # the whole file, decoded and cleaned
        self.format = format
        self.path = path
        self.title = title
        self.title_derived = title_derived
        self.title_start = title_start
        self.source = source
        self.authors = [] if authors is None else authors
        self.published = published  # YYYY-MM-DD
        self.url = url
        self.captions = [] if captions is None else captions
        self.blocks = [] if blocks is None else blocks
        self.credits = [] if credits is None else credits
        self.boilerplate = [] if boilerplate is None else boilerplate
        self.tags = [] if tags is None else tags
        self.problems = [] if problems is None else problems  # e.g. "repaired: invalid UTF-8"

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind in BODY_KINDS)

    @property
    def word_count(self) -> int:
        return len(self.body_text.split())

    def segments(self) -> Iterator[Segment]:
        """Title, captions and body blocks with their offsets, for entity extraction.

        Text that is not verbatim in ``self.text`` (no start) is skipped, so
        every mention can point back into the file.  Related-article lines are
        not the article's own text and are left out.
        """
        if self.title and self.title_start is not None and not self.title_derived:
            yield Segment(self.title, self.title_start, "title")
        for cap in self.captions:
            if cap.start is not None:
                yield Segment(cap.text, cap.start, "caption")
            if cap.credit and cap.credit_start is not None:
                yield Segment(cap.credit, cap.credit_start, "caption")
        for block in self.blocks:
            if block.kind in BODY_KINDS and block.start is not None:
                yield Segment(block.text, block.start, "body")

    def to_json(self) -> dict[str, Any]:
        """The ``show --json`` shape of CONTRACT.md."""
        return {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "title_derived": self.title_derived,
            "source": self.source,
            "authors": list(self.authors),
            "published": self.published,
            "url": self.url,
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "blocks": [{"kind": b.kind, "text": b.text} for b in self.blocks],
            "credits": list(self.credits),
            "boilerplate": list(self.boilerplate),
            "body_text": self.body_text,
        }

    def to_record(self) -> dict[str, Any]:
        """Everything, offsets included, for storing in the index."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["captions"] = [{name: getattr(c, name) for name in Caption.__slots__} for c in self.captions]
        data["blocks"] = [{name: getattr(b, name) for name in Block.__slots__} for b in self.blocks]
        for name in ("authors", "credits", "boilerplate", "tags", "problems"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> "Article":
        data = dict(data)
        data["captions"] = [Caption(**c) for c in data.get("captions", [])]
        data["blocks"] = [Block(**b) for b in data.get("blocks", [])]
        return cls(**data)
