"""The main pane: one article set as an editor would, drawn with the Line API.

The article is laid out once per width, theme and highlight into a list of
strips; only the lines on screen are handed to the terminal.  The raw view
shows the file's text line by line (already cleaned of control characters).
"""

from __future__ import annotations

import time
from typing import Iterator

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tuireader.highlight import word_spans
from tuireader.ui.strips import LinePane, base_style, set_virtual_size
from tuireader.model import Article, Entity, Record
from tuireader.render import meta_line, related_label, shows_derived_note

MAX_WRAP = 20_000  # characters of one block wrapped at once; longer blocks are cut in pieces
MAX_LAID_OUT = 1_500_000  # characters set as an article; beyond that, the raw view (r) reads on


class _Piece(Record):
    """A stretch of text to lay out: its style, where it starts in the file, indents."""

    __slots__ = ("text", "style", "start", "prefix", "prefix_style", "gap_before")

    def __init__(self, text: str, style: str, start: int | None = None, prefix: str = "",
                 prefix_style: str | None = None, gap_before: int = 0) -> None:
        self.text = text
        self.style = style  # component class
        self.start = start
        self.prefix = prefix
        self.prefix_style = prefix_style
        self.gap_before = gap_before


class ArticleView(LinePane, can_focus=True):
    BINDINGS = [
        Binding("up,k", "scroll_line(-1)", "Up", show=False, id="article-up"),
        Binding("down,j", "scroll_line(1)", "Down", show=False, id="article-down"),
        Binding("space,pagedown", "scroll_page(1)", "Page down", show=False, id="article-page-down"),
        Binding("b,pageup", "scroll_page(-1)", "Page up", show=False, id="article-page-up"),
        Binding("g,home", "scroll_home_now", "Top", show=False, id="article-top"),
        Binding("G,end", "scroll_end_now", "Bottom", show=False, id="article-bottom"),
        Binding("left", "scroll_column(-1)", "Left", show=False, id="article-left"),
        Binding("right", "scroll_column(1)", "Right", show=False, id="article-right"),
    ]

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--derived",
        "article-view--meta",
        "article-view--caption",
        "article-view--credit",
        "article-view--caption-bar",
        "article-view--heading",
        "article-view--paragraph",
        "article-view--quote",
        "article-view--list",
        "article-view--related",
        "article-view--notice",
        "article-view--raw",
        "article-view--match",
        "article-view--current",
        "article-view--entity-person",
        "article-view--entity-organization",
        "article-view--entity-place",
        "article-view--entity-group",
        "article-view--entity-date",
        "article-view--entity-other",
    }

    raw: reactive[bool] = reactive(False)

    class Scrolled(Message):
        """The reader scrolled; carries how far (0..1) and whether the end is in sight."""

        def __init__(self, y: int, at_end: bool) -> None:
            self.y = y
            self.at_end = at_end
            super().__init__()

    def __init__(self, *, measure: int = 80, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self.measure = measure
        self.empty_message = "Choose an article in the list."
        self._lines: list[Strip] = []
        self._layout_key: tuple | None = None
        self._spans: list[tuple[int, int, str]] = []  # (start, end, component class) in file offsets
        self._match_lines: list[int] = []
        self._match_index = -1
        self._terms: list[str] = []
        self._raw_lines: list[str] = []
        self._layout: Iterator[list[Strip]] | None = None
        self._layout_timer = None
        self._estimated_total = 0
        self._pending_scroll: int | None = None
        self._first_layout = True

    # -- what to show -------------------------------------------------------------------------

    def show(self, article: Article | None, *, scroll_y: int = 0) -> None:
        self.article = article
        self._spans = []
        self._terms = []
        self._match_lines = []
        self._match_index = -1
        self._raw_lines = article.text.split("\n") if article is not None else []
        self._invalidate()
        if self._layout_key is None:
            # not sized yet: the first layout, when the pane has its size, scrolls there
            self._pending_scroll = scroll_y
        else:
            self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def highlight_entity(self, entity: Entity | None) -> int:
        """Colour every mention of ``entity``; returns how many there are."""
        self._terms = []
        self._spans = []
        if entity is not None:
            style = f"article-view--entity-{entity.type}"
            self._spans = [(m.start, m.end, style) for m in entity.mentions]
        self._match_index = -1
        self._invalidate()
        return len(self._spans)

    def highlight_terms(self, terms: list[str]) -> int:
        """Highlight words (search matches, find in article); returns how many there are."""
        self._spans = []
        self._terms = [t for t in terms if t.strip()]
        self._match_index = -1
        self._invalidate()
        self._ensure_layout()
        self._complete_layout()
        return len(self._match_lines)

    def clear_highlights(self) -> None:
        self._spans = []
        self._terms = []
        self._match_lines = []
        self._match_index = -1
        self._invalidate()

    @property
    def match_count(self) -> int:
        self._ensure_layout()
        self._complete_layout()
        return len(self._match_lines)

    @property
    def match_index(self) -> int:
        return self._match_index

    def next_match(self, step: int = 1) -> int | None:
        """Scroll to the next (step 1) or previous (-1) highlighted mention; its number, or None."""
        self._ensure_layout()
        self._complete_layout()
        if not self._match_lines:
            return None
        self._match_index = (self._match_index + step) % len(self._match_lines)
        line = self._match_lines[self._match_index]
        view = self.scrollable_content_region.height
        self.scroll_to(y=max(0, line - view // 3), animate=False, immediate=True)
        self._layout_key = None  # redraw the current match
        self.refresh()
        return self._match_index

    def watch_raw(self) -> None:
        self._invalidate()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _invalidate(self) -> None:
        self._layout_key = None
        self.refresh()
        if self.size.width:
            self._ensure_layout()
        # else: the pane has no size yet; it is laid out once, when it has (on_resize)

    # -- layout -------------------------------------------------------------------------------

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width or 80
        return max(20, min(self.measure, width - 4))

    def _ensure_layout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        key = (id(self.article), width, self.raw, self.app.theme if self.is_attached else None,
               len(self._spans), tuple(self._terms), self._match_index)
        if key == self._layout_key:
            return
        self._layout_key = key
        if self._layout_timer is not None:
            self._layout_timer.stop()
            self._layout_timer = None
        if self.raw and self.article is not None:
            self._lines = []
            self._match_lines = []
            self._layout = None
            # as wide as the longest line: long lines scroll sideways (left, right) rather
            # than being cut off
            longest = max(map(len, self._raw_lines), default=0)
            set_virtual_size(self, Size(max(width, longest + 4), len(self._raw_lines)))
        else:
            self._lines = []
            self._match_lines = []
            measure = self._text_width()
            self._layout = self._lay_out(measure)
            self._estimated_total = self._estimate_lines(measure)
            # An ordinary article is laid out at once (one layout pass for the screen); of a very
            # long one, what the screen shows now, and the rest follows in small steps.
            # The app's first frame waits only for the lines on screen.
            top = self._pending_scroll if self._pending_scroll is not None else int(self.scroll_y)
            if self._first_layout:
                self._extend(until_line=top + self.size.height)
            elif self._estimated_total < 2_000:
                self._extend()
            else:
                self._extend(until_line=top + max(self.size.height, 50) * 2)
            self._first_layout = False
            if self._layout is not None:
                self._layout_timer = self.set_interval(0.02, self._extend_in_background)
            self._update_virtual_size()
        if self._pending_scroll is not None:
            y, self._pending_scroll = self._pending_scroll, None
            # Textual settles the pane's size after on_resize and may pull the scroll back:
            # go there again once that is done
            self.scroll_to(y=y, animate=False, immediate=True)
            self.call_after_refresh(self.scroll_to, y=y, animate=False, immediate=True)
        self.refresh()

    def _estimate_lines(self, measure: int) -> int:
        if self.article is None:
            return 2
        chars = sum(len(b.text) for b in self.article.blocks) + sum(len(c.text) for c in self.article.captions)
        return int(chars / max(10, measure - 8)) + 2 * len(self.article.blocks) + 10

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        height = len(self._lines) if self._layout is None else max(len(self._lines), self._estimated_total)
        set_virtual_size(self, Size(width, height))

    def _extend(self, *, until_line: int | None = None, budget: float | None = None) -> None:
        """Lay out more of the article: up to a line, for a time budget, or to the end."""
        if self._layout is None:
            return
        deadline = time.perf_counter() + budget if budget is not None else None
        for strips in self._layout:
            self._lines.extend(strips)
            if until_line is not None and len(self._lines) > until_line:
                return
            if deadline is not None and time.perf_counter() > deadline:
                return
        self._layout = None
        if self._layout_timer is not None:
            self._layout_timer.stop()
            self._layout_timer = None

    def _extend_in_background(self) -> None:
        self._extend(budget=0.008)
        self._update_virtual_size()
        self.refresh()

    def _complete_layout(self) -> None:
        if self._layout is not None:
            self._extend()
            self._update_virtual_size()

    def _pieces(self, article: Article) -> list[_Piece]:
        pieces = [
            _Piece(article.title or "(untitled)", "article-view--title", article.title_start),
        ]
        if shows_derived_note(article):
            pieces.append(_Piece("title derived from the first sentence", "article-view--derived"))
        meta = meta_line(article)
        if meta:
            pieces.append(_Piece(meta, "article-view--meta", gap_before=0))
        if article.url:
            pieces.append(_Piece(article.url, "article-view--meta"))
        for problem in article.problems:
            pieces.append(_Piece(problem, "article-view--notice"))
        for caption in article.captions:
            pieces.append(_Piece(caption.text, "article-view--caption", caption.start,
                                 prefix="▌ ", prefix_style="article-view--caption-bar", gap_before=1))
            if caption.credit:
                pieces.append(_Piece(caption.credit, "article-view--credit", caption.credit_start,
                                     prefix="▌ ", prefix_style="article-view--caption-bar"))
        budget = MAX_LAID_OUT
        for block_no, block in enumerate(article.blocks):
            budget -= len(block.text)
            if budget < 0:
                rest = sum(len(b.text) for b in article.blocks[block_no:])
                pieces.append(_Piece(
                    f"This article goes on for another {rest / 1_000_000:.1f} million characters, more than "
                    "the article view sets at once. Press r to read it all in the raw view.",
                    "article-view--notice", gap_before=1))
                break
            if block.kind == "heading":
                pieces.append(_Piece(block.text, "article-view--heading", block.start, gap_before=1))
            elif block.kind == "quote":
                pieces.append(_Piece(block.text, "article-view--quote", block.start, prefix="│ ",
                                     prefix_style="article-view--quote", gap_before=1))
            elif block.kind == "list_item":
                # a list stands apart from the paragraph before it; its items sit together
                first_item = block_no == 0 or article.blocks[block_no - 1].kind != "list_item"
                pieces.append(_Piece(block.text, "article-view--list", block.start, prefix="• ",
                                     prefix_style="article-view--list", gap_before=1 if first_item else 0))
            elif block.kind == "related":
                pieces.append(_Piece(block.text, "article-view--related", block.start,
                                     prefix="→ " + related_label(block.text), prefix_style="article-view--related",
                                     gap_before=1))
            else:
                pieces.append(_Piece(block.text, "article-view--paragraph", block.start, gap_before=1))
        if article.credits:
            first = True
            for credit in article.credits:
                pieces.append(_Piece(credit, "article-view--credit", gap_before=1 if first else 0))
                first = False
        if not article.blocks:
            pieces.append(_Piece("This article has no body text. Press r to see the file as it is.",
                                 "article-view--notice", gap_before=1))
        return pieces

    def _lay_out(self, measure: int) -> Iterator[list[Strip]]:
        """Yield the article's lines a piece at a time; match lines are noted as they come."""
        article = self.article
        full_width = self.scrollable_content_region.width or self.size.width or 80
        base = base_style(self)
        if article is None:
            text = Text(self.empty_message, style=self.get_component_rich_style("article-view--meta", partial=True))
            yield [Strip.blank(full_width, base), self._strip(text, 2, full_width, base)]
            return
        margin = max(1, (full_width - measure) // 2)
        console = self.app.console
        lines = self._lines
        match_lines = self._match_lines
        yield [Strip.blank(full_width, base)]
        match_style = self.get_component_rich_style("article-view--match", partial=True)
        current_style = self.get_component_rich_style("article-view--current", partial=True)
        match_no = 0
        for index, piece in enumerate(self._pieces(article)):
            if piece.gap_before:
                yield [Strip.blank(full_width, base)] * piece.gap_before
            style = self.get_component_rich_style(piece.style, partial=True)
            for chunk_start in range(0, max(1, len(piece.text)), MAX_WRAP):
                chunk = piece.text[chunk_start : chunk_start + MAX_WRAP]
                text = Text(chunk, style=style, end="")
                # highlights: entity mentions (file offsets) and words
                spans: list[tuple[int, int, Style, bool]] = []
                if piece.start is not None and self._spans:
                    lo = piece.start + chunk_start
                    hi = lo + len(chunk)
                    for start, end, cls in self._spans:
                        if start < hi and end > lo:
                            spans.append((max(start, lo) - lo, min(end, hi) - lo,
                                          self.get_component_rich_style(cls, partial=True), True))
                if self._terms and piece.style not in ("article-view--meta", "article-view--derived",
                                                       "article-view--notice"):
                    for start, end in word_spans(chunk, self._terms):
                        spans.append((start, end, match_style, True))
                spans.sort(key=lambda s: s[0])
                prefix_width = len(piece.prefix)
                wrapped = text.wrap(console, max(10, measure - prefix_width), no_wrap=False)
                line_starts = []
                offset = 0
                for line in wrapped:
                    line_starts.append(offset)
                    offset += len(line.plain)
                    # rich drops the space at a break: count it back
                    if offset < len(chunk) and chunk[offset : offset + 1].isspace():
                        offset += 1
                first_line = len(lines)  # the lines laid out so far: this chunk starts here
                for start, end, span_style, is_match in spans:
                    line_no = first_line + _line_of(line_starts, start)
                    if is_match:
                        chosen = match_no == self._match_index
                        match_lines.append(line_no)
                        match_no += 1
                        if chosen:
                            span_style = span_style + current_style
                    # stylize the wrapped lines the span covers
                    for i, line_start in enumerate(line_starts):
                        line = wrapped[i]
                        line_end = line_start + len(line.plain)
                        if start < line_end and end > line_start:
                            line.stylize(span_style, max(start, line_start) - line_start,
                                         min(end, line_end) - line_start)
                prefix_style = (self.get_component_rich_style(piece.prefix_style, partial=True)
                                if piece.prefix_style else style)
                strips = []
                for i, line in enumerate(wrapped):
                    prefix = Text(piece.prefix if i == 0 or piece.prefix in ("▌ ", "│ ") else " " * prefix_width,
                                  style=prefix_style, end="")
                    strips.append(self._strip(prefix + line, margin, full_width, base))
                yield strips
        yield [Strip.blank(full_width, base)]

    def _strip(self, text: Text, margin: int, width: int, base: Style) -> Strip:
        segments = [Segment(" " * margin, base)]
        for seg in text.render(self.app.console):
            if seg.text == "\n":
                continue
            segments.append(Segment(seg.text, base + seg.style if seg.style else base))
        return Strip(segments).adjust_cell_length(width, base)

    # -- drawing ------------------------------------------------------------------------------

    def begin_pass(self) -> None:
        self._ensure_layout()

    def render_line(self, y: int) -> Strip:
        if self._pass is None:
            self._ensure_layout()
        width, base = self.line_width_and_style
        line_no = y + int(self.scroll_y)
        if self.raw and self.article is not None:
            if line_no >= len(self._raw_lines):
                return Strip.blank(width, base)
            left = int(self.scroll_x)
            piece = self._raw_lines[line_no][left : left + width].expandtabs(4)
            text = Text(piece, style=self.get_component_rich_style("article-view--raw", partial=True),
                        no_wrap=True, overflow="crop", end="")
            text.truncate(max(0, width - 2))
            return self._strip(text, 1, width, base)
        if line_no >= len(self._lines) and self._layout is not None:
            self._extend(until_line=line_no + self.size.height)
            self.call_after_refresh(self._update_virtual_size)
        if line_no >= len(self._lines):
            return Strip.blank(width, base)
        return self._lines[line_no].crop(int(self.scroll_x), int(self.scroll_x) + width)

    def on_resize(self) -> None:
        # a new width lays the article out again (the layout key holds the width); a new
        # height only needs more of a long article, which render_line asks for
        self._ensure_layout()

    # -- scrolling (never animated: STYLE.md) -------------------------------------------------

    def action_scroll_line(self, step: int) -> None:
        self.scroll_to(y=self.scroll_y + step, animate=False, immediate=True)

    def action_scroll_page(self, step: int) -> None:
        page = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + step * page, animate=False, immediate=True)

    def action_scroll_column(self, step: int) -> None:
        """Sideways, in the raw view's long lines (eight cells a press)."""
        self.scroll_to(x=max(0, self.scroll_x + 8 * step), animate=False, immediate=True)

    def action_scroll_home_now(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end_now(self) -> None:
        if self._layout is not None:
            self._extend(budget=0.25)
            self._update_virtual_size()
            if self._layout is not None:
                self.notify("Still setting this long article; press G again in a moment for the very end.",
                            markup=False, timeout=3)
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.post_message(self.Scrolled(int(new), new >= self.max_scroll_y))


def _line_of(line_starts: list[int], offset: int) -> int:
    """Index of the wrapped line that holds ``offset``."""
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
