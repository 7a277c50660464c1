"""Posts named with their field, read whole where the tagger cut them (``occupation_fields.txt``).

The tagger often reads the field before a post as an organization or leaves it out: 高二化学|教师,
动车组|司机, 霞凝站车站|值班员, 化学|教师 with 化学 unread. The post opens at the first field word
of the run of them right before it (a school grade before them is no part of it), and an
organization the tagger ran over them keeps what is left only where that ends like an
organization (霞凝站). A team the tagger read right before 长 is its head's post (数学教研组|长 →
数学教研组长, 高三年级组|长).
"""

from __future__ import annotations

from kg.extract.lexicon import ends_with, occupation_fields, org_suffixes
from kg.extract.tagger import TaggedSpan
from kg.model import Kind

_TEAMS = ("组", "班")  # a 组长 or 班长 the tagger read as the team and left 长 out


def with_fields(text: str, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """``spans`` (in order) with each tagger title opening at the fields written before it."""
    read: list[TaggedSpan] = []
    for span in spans:
        if span.kind == Kind.ORGANIZATION and text[span.start : span.end].endswith(_TEAMS) and \
                text[span.end : span.end + 1] == "长" and not _named_after(spans, span.end + 1):
            span = TaggedSpan(span.start, span.end + 1, Kind.TITLE, span.score)
        last = read[-1] if read else None
        if span.kind != Kind.TITLE:
            read.append(span)
            continue
        adjacent_org = last is not None and last.kind == Kind.ORGANIZATION and last.end == span.start
        floor = last.start if adjacent_org else (last.end if last is not None else 0)
        start = _fields_start(text, floor, span.start)
        if start == span.start:
            read.append(span)
            continue
        if adjacent_org:
            read.pop()
            rest = text[last.start : start]  # (a grade before the fields, 高二, ends like no organization)
            if rest and ends_with(rest, org_suffixes()):
                read.append(TaggedSpan(last.start, start, Kind.ORGANIZATION, last.score))
        read.append(TaggedSpan(start, span.end, Kind.TITLE, span.score))
    return read


def _fields_start(text: str, floor: int, end: int) -> int:
    """Where the run of field words ending at ``end`` starts (no earlier than ``floor``)."""
    start = end
    while (field := next((f for f in occupation_fields() if text.endswith(f, floor, start)), None)) is not None:
        start -= len(field)
    return start


def _named_after(spans: list[TaggedSpan], position: int) -> bool:
    """Does a span other than a person start at ``position`` (数学教研组|长沙…: 长 opens a name)?"""
    return any(s.start == position and s.kind != Kind.PERSON for s in spans)
