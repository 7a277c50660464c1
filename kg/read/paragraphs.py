"""Rebuild the real paragraphs of a hard-wrapped page.

The pages come wrapped in the middle of words, even across blank lines
(``习\\n\\n\\n\\n近平``, ``工\\n\\n运史``). A line is joined to the next when it cannot end a
paragraph: it stops mid-clause (after ``，、：`` or an opening bracket) or it is body text
(it has clause punctuation inside) that stops without a sentence-final mark. Headings
(``#``), headline lines and bylines never join. A section (the lines between headings) none of
whose lines ends with a sentence-final mark is written a sentence a line without one (short
news): its lines join only where they stop mid-clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.read import patterns


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of the file: its text (stripped) and where it starts in the file."""

    text: str
    start: int


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their offsets, leading/trailing spaces (and ``#`` marks) kept."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip(" \t\u3000")
        if stripped:
            lines.append(Line(stripped, match.start() + raw.index(stripped)))
    return lines


def continues(line: str, following: str, punctuated: bool = True) -> bool:
    """Does ``line`` run on into ``following`` (a hard wrap, not a paragraph break)? In a
    section that is not ``punctuated`` (no line ends a sentence) only a line that stops
    mid-clause does."""
    if line.startswith("#") or following.startswith("#"):
        return False
    if patterns.is_byline_line(line) or patterns.starts_article(following):
        return False
    if patterns.SENTENCE_END.search(line) or _NAME_LIST_END.search(line) or _HEADED_NAMES.match(line):
        return False
    if patterns.SOFT_END.search(line):
        return True
    return punctuated and bool(patterns.CLAUSE_PUNCT.search(line))


# a line that ends with names set apart by spaces (获奖选手：林某 黄某 陈某) ends a list, not a wrap
_NAME_LIST_END = re.compile(r"[：:](?:[\u4e00-\u9fff·]{2,6}[ \u3000]+)+[\u4e00-\u9fff·]{2,6}$")
# a line that is a heading and the names it heads, set apart by 、 too (“某市优秀教师”：张某、李某), is
# a line of its own
_HEADED_NAMES = re.compile(r"[^，,。；;：:、]{2,24}[：:](?:[\u4e00-\u9fff·]{2,6}[、 \u3000]+)*[\u4e00-\u9fff·]{2,6}$")


def _punctuated_sections(lines: list[Line]) -> list[bool]:
    """For each line: does a line of its section (between ``#`` headings) end a sentence?"""
    flags = [True] * len(lines)
    start = 0
    for end in [*(i for i, line in enumerate(lines) if line.text.startswith("#")), len(lines)]:
        flags[start:end] = [any(patterns.SENTENCE_END.search(line.text) for line in lines[start:end])] * (end - start)
        start = end + 1
    return flags


def rebuild(text: str) -> tuple[str, tuple[int, ...]]:
    """Page text with one paragraph a line, and each character's offset in ``text``."""
    out_chars: list[str] = []
    offsets: list[int] = []
    lines = lines_of(text)
    punctuated = _punctuated_sections(lines)
    for i, line in enumerate(lines):
        offsets.extend(range(line.start, line.start + len(line.text)))
        out_chars.append(line.text)
        if i + 1 < len(lines) and not continues(line.text, lines[i + 1].text, punctuated[i]):
            out_chars.append("\n")
            offsets.append(line.start + len(line.text))
    return "".join(out_chars), tuple(offsets)


MAX_PARAGRAPH = 2000
"""Longest paragraph kept whole: longer ones are cut, so every later stage works on bounded pieces."""
_PIECE_END = re.compile(rf"[。！？!?；;…][{patterns.CLOSERS}]*")
_CLAUSE_END = re.compile(r"[，,、：:]")


def cut_long_paragraphs(text: str, offsets: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Paragraphs over :data:`MAX_PARAGRAPH` characters cut into pieces of half that to that
    many characters: after a sentence end where the piece has one, else after a clause mark,
    else anywhere. Each cut is a new line, mapped to just after the character before it."""
    cuts = []
    for paragraph in re.finditer(rf"[^\n]{{{MAX_PARAGRAPH + 1},}}", text):
        start, end = paragraph.span()
        while end - start > MAX_PARAGRAPH:
            low, high = start + MAX_PARAGRAPH // 2, min(start + MAX_PARAGRAPH, end - MAX_PARAGRAPH // 2)
            start = _last_end(_PIECE_END, text, low, high) or _last_end(_CLAUSE_END, text, low, high) or high
            cuts.append(start)
    if not cuts:
        return text, offsets
    pieces, mapped, previous = [], [], 0
    for cut in cuts:
        pieces.append(text[previous:cut])
        mapped.extend(offsets[previous:cut])
        mapped.append(offsets[cut - 1] + 1)
        previous = cut
    pieces.append(text[previous:])
    mapped.extend(offsets[previous:])
    return "\n".join(pieces), tuple(mapped)


def _last_end(pattern: re.Pattern, text: str, low: int, high: int) -> int | None:
    """Where the last match of ``pattern`` ending in ``(low, high]`` ends, if any."""
    last = None
    for match in pattern.finditer(text, low, high):
        last = match.end()
    return last
