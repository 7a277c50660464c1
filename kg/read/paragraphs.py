"""Rebuild the real paragraphs of a hard-wrapped page.

The pages come wrapped in the middle of words, even across blank lines
(``习\\n\\n\\n\\n近平``, ``工\\n\\n运史``). A line is joined to the next when it cannot end a
paragraph: it stops mid-clause (after ``，、：`` or an opening bracket) or it is body text
(it has clause punctuation inside) that stops without a sentence-final mark. Headings
(``#``), headline lines and bylines never join.
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


def continues(line: str, following: str) -> bool:
    """Does ``line`` run on into ``following`` (a hard wrap, not a paragraph break)?"""
    if line.startswith("#") or following.startswith("#"):
        return False
    if patterns.is_byline_line(line) or patterns.starts_article(following):
        return False
    if patterns.SENTENCE_END.search(line):
        return False
    if patterns.SOFT_END.search(line):
        return True
    return bool(patterns.CLAUSE_PUNCT.search(line))


def rebuild(text: str) -> tuple[str, tuple[int, ...]]:
    """Page text with one paragraph a line, and each character's offset in ``text``."""
    out_chars: list[str] = []
    offsets: list[int] = []
    lines = lines_of(text)
    for i, line in enumerate(lines):
        offsets.extend(range(line.start, line.start + len(line.text)))
        out_chars.append(line.text)
        if i + 1 < len(lines) and not continues(line.text, lines[i + 1].text):
            out_chars.append("\n")
            offsets.append(line.start + len(line.text))
    return "".join(out_chars), tuple(offsets)
