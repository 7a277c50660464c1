"""Markdown and HTML pages → the plain text of a page, with each character's offset in the file.

Markdown: code blocks, images, link targets, rules, HTML comments and tags are not text;
emphasis, list, quote and link markers are dropped and their text kept; a table row reads as
a sentence (cells joined by ``，``, ended by ``。``), so rows are never taken for headlines.
HTML: tags, scripts, styles and the head are not text; block elements end lines, headings
become ``#`` lines and table rows read as in Markdown; entities are decoded.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

Mapped = tuple[str, tuple[int, ...]]
"""Text and, for each of its characters, its offset in the source."""

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+\s*)$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_LINE_MARKERS = re.compile(r"^\s*(?:>\s?)*(?:(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)?")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_INLINE = re.compile(
    r"(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<text>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<comment><!--.*?(?:-->|$))"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^<>\s]*>)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<code>`+)"
    r"|(?P<emphasis>\*{1,3}|_{2,3}|~~)(?=\S)(?P<emphasized>.+?)(?<=\S)(?P=emphasis)"
)


class _Output:
    """Text being written, each character with the source offset it stands for."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, offset: int, step: int = 1) -> None:
        """Append ``text``; its characters stand for ``offset``, ``offset + step`` …"""
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.offsets.append(offset + i * step)

    def ends_with(self, text: str) -> bool:
        return "".join(self.chars[-len(text) :]) == text

    def result(self) -> Mapped:
        return "".join(self.chars), tuple(self.offsets)


def markdown_text(source: str) -> Mapped:
    """The text of a Markdown page."""
    out = _Output()
    fence: str | None = None
    position = 0
    for line in source.split("\n"):
        start, position = position, position + len(line) + 1
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        elif not (_RULE.match(line) or _TABLE_DELIMITER.match(line) and "-" in line
                  or _LINK_DEFINITION.match(line)):
            _markdown_line(line, start, out)
        out.add("\n", start + len(line))
    text, offsets = out.result()
    return text[:-1], offsets[:-1]  # the source has no newline after its last line


def _markdown_line(line: str, start: int, out: _Output) -> None:
    heading = re.match(r"\s*#+\s*", line)
    if heading:
        out.add(heading.group(), start)
        _inline(_CLOSING_HASHES.sub("", line[heading.end() :]), start + heading.end(), out)
        return
    body_start = _LINE_MARKERS.match(line).end()
    body = line[body_start:]
    if body.strip().startswith("|") or body.count("|") >= 2 and body.strip().endswith("|"):
        _table_row(body, start + body_start, out)
    else:
        _inline(body, start + body_start, out)


def _table_row(row: str, start: int, out: _Output) -> None:
    """``| a | b |`` → ``a，b。``: a row is a sentence, not a headline."""
    cells = [(m.start(), m.group()) for m in re.finditer(r"[^|]+", row) if m.group().strip()]
    for i, (offset, cell) in enumerate(cells):
        inner = cell.strip()
        _inline(inner, start + offset + cell.index(inner), out)
        mark = "。" if i == len(cells) - 1 else "，"
        if not re.search(r"[。！？!?；;，,、：:]$", inner):
            out.add(mark, start + offset + len(cell))


def _inline(text: str, start: int, out: _Output) -> None:
    """Inline Markdown: markers and link targets dropped, images and tags removed."""
    position = 0
    for match in _INLINE.finditer(text):
        out.add(text[position : match.start()], start + position)
        position = match.end()
        if match.group("link") is not None:
            _inline(match.group("text"), start + match.start("text"), out)
        elif match.group("escape") is not None:
            out.add(match.group()[1], start + match.start() + 1)
        elif match.group("emphasis") is not None:
            _inline(match.group("emphasized"), start + match.start("emphasized"), out)
        # images, comments, tags, autolinks and code marks are dropped
    out.add(text[position:], start + position)


_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "thead", "tfoot", "ul",
})
_HIDDEN = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "math", "select",
    "textarea",
})
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))


class _HtmlText(HTMLParser):
    """Collects the visible text of an HTML page with source offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out = _Output()
        self.hidden: list[str] = []
        self.cells = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _break(self, text: str = "\n") -> None:
        if self.out.chars and not self.out.ends_with("\n"):
            self.out.add(text, self._offset(), 0)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden.append(tag)
        elif self.hidden:
            return
        elif tag in _HEADINGS:
            self._break()
            self.out.add("# ", self._offset(), 0)
        elif tag in ("td", "th"):
            if self.cells:
                self.out.add("，", self._offset())
            self.cells += 1
        elif tag == "tr":
            self._break()
            self.cells = 0
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.hidden and tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            if tag in self.hidden:
                del self.hidden[self.hidden.index(tag) :]
        elif self.hidden:
            return
        elif tag == "tr":
            if self.cells and not re.search(r"[。！？!?；;]\s*$", "".join(self.out.chars[-4:])):
                self.out.add("。", self._offset())
            self.cells = 0
            self._break()
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.add(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, reference: str) -> None:
        if not self.hidden:
            text = html.unescape(reference).replace("\xa0", " ")
            self.out.add(text, self._offset(), 0)


def html_text(source: str) -> Mapped:
    """The visible text of an HTML page."""
    parser = _HtmlText(source)
    parser.feed(source)
    parser.close()
    return parser.out.result()
