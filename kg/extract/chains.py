"""Appositive chains: the honors and posts written before a person's name.

``北京市劳模、全国五一劳动奖章获得者、北京泉龙防务科技有限公司创始人史晓刚`` gives two
honors and one post; ``朝阳区人大常委会党组副书记、副主任,区总工会主席张克斌`` gives three
posts, the untitled ``副主任`` sharing the organization of the segment before it.

A chain is read leftwards from a name segment by segment (split at ``、`` and ``，``); each
segment is an honor, ``[organization] title``, or ends the chain. A ``，`` continues a chain
only into a segment that names its own organization or an honor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.honors import HonorMatch, match_honor
from kg.extract.lexicon import load
from kg.extract.names import read_name
from kg.extract.orgs import org_at_end
from kg.extract.titles import title_starts, title_suffix
from kg.extract.tokens import word_spans

_SEGMENT = re.compile(r"[^、，,；;：:。！？!?“”\"\s]+")
_LEADING_FILLER = re.compile(r"^(?:近日|日前|昨天|今天|据悉|此外|同时|其中|会上|会议上|现场|期间)")


@dataclass(frozen=True, slots=True)
class ChainPost:
    title: tuple[int, int]
    org: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class ChainHonor:
    honor: HonorMatch
    span: tuple[int, int]


@dataclass(slots=True)
class Chain:
    """What a chain says of the person at ``person`` (offsets in the sentence)."""

    person: tuple[int, int]
    posts: list[ChainPost] = field(default_factory=list)
    honors: list[ChainHonor] = field(default_factory=list)
    start: int = 0


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int
    separator: str  # the mark before the segment ('' at the sentence start)


def _segments_before(text: str, end: int) -> list[_Segment]:
    """Segments of ``text[:end]``, nearest first, each with the mark that precedes it."""
    segments = []
    for match in _SEGMENT.finditer(text, 0, end):
        separator = text[match.start() - 1] if match.start() else ""
        segments.append(_Segment(match.start(), match.end(), separator))
    return segments[::-1]


def _parse_segment(text: str, segment: _Segment) -> tuple[str, object] | None:
    """('honor', ChainHonor) | ('post', (title span, org span | None)) | None."""
    seg = text[segment.start : segment.end]
    filler = _LEADING_FILLER.match(seg)
    offset = segment.start + (filler.end() if filler else 0)
    seg = text[offset : segment.end]
    if not seg:
        return None
    honor = match_honor(seg)
    if honor:
        return "honor", ChainHonor(honor, (offset + honor.start, offset + honor.end))
    starts = title_starts(seg)
    if not starts:
        return None
    for start in starts:  # 北京市总工会|党组书记 rather than 北京市总|工会党组书记
        rest = seg[:start]
        title_span = (offset + start, segment.end)
        if not rest:
            return "post", (title_span, None)
        org_start = org_at_end(rest, word_spans(rest))
        if org_start is not None:
            return "post", (title_span, (offset + org_start, offset + start))
    return "title-only", ((offset + starts[-1], segment.end), None)


def _groups_before(text: str, end: int) -> list[list[_Segment]]:
    """Segments before ``end`` grouped between ``，`` marks, nearest group (and segment) first."""
    groups: list[list[_Segment]] = [[]]
    for segment in _segments_before(text, end):
        groups[-1].append(segment)
        if segment.separator not in "、":
            groups.append([])
    return [g for g in groups if g]


def _read_group(text: str, group: list[_Segment]) -> list[tuple[str, object, int]] | None:
    """Parsed segments of one group, nearest first, as far as they parse (None: none do)."""
    parsed = []
    for segment in group:
        result = _parse_segment(text, segment)
        if result is None:
            break
        parsed.append((*result, segment.start))
        if result[0] == "title-only":
            break  # a title after words that are no organization: nothing further left belongs
    return parsed or None


def read_chain(text: str, name_start: int, name_end: int) -> Chain | None:
    """The chain that ends right before the name at ``text[name_start:name_end]``."""
    groups = _groups_before(text, name_start)
    if not groups or groups[0][0].end != name_start:
        return None
    chain = Chain(person=(name_start, name_end), start=name_start)
    pending: list[tuple[int, int]] = []  # titles waiting for an organization on their left
    for index, group in enumerate(groups):
        parsed = _read_group(text, group)
        if parsed is None:
            break
        names_org = any(kind == "post" and value[1] for kind, value, _ in parsed)
        all_honors = all(kind == "honor" for kind, _, _ in parsed)
        if index > 0 and not (names_org or all_honors):
            break  # after a ，only a group that names its organization (or honors) belongs
        for kind, value, start in parsed:
            if kind == "honor":
                chain.honors.append(value)
            elif value[1] is None:
                pending.append(value[0])
            else:
                chain.posts.extend(ChainPost(title, value[1]) for title in pending)
                pending.clear()
                chain.posts.append(ChainPost(*value))
            chain.start = start
        if len(parsed) < len(group):
            break
    chain.posts.extend(ChainPost(title, None) for title in pending)
    if not chain.posts and not chain.honors:
        return None
    chain.posts.sort(key=lambda post: post.title)
    chain.honors.sort(key=lambda honor: honor.span)
    return chain


def find_chains(text: str) -> list[Chain]:
    """Every chain in a sentence: at each name that follows a title or an honor."""
    lexicon = load()
    chains = []
    position = 0
    while position < len(text):
        if text[position] not in lexicon.surnames and text[position : position + 2] not in lexicon.surnames:
            position += 1
            continue
        name_end = read_name(text, position)
        compound = name_end is not None and text[position : position + 2] in lexicon.surnames
        if compound and title_suffix(text[: position + 1]) is not None:
            name_end = None  # 董事长孙宗安, not 董事|长孙宗安
        if name_end is None:
            position += 1
            continue
        chain = read_chain(text, position, name_end)
        if chain:
            chains.append(chain)
            position = name_end
        else:
            position += 1
    return chains
