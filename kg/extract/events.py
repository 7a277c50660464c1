"""Event names: a noun phrase that ends in an event head (座谈会, 仪式, 竞赛, 活动 …).

The name is read leftwards from the head over whole words and quoted titles
(``“弘扬‘三种精神’ 凝聚奋进力量”劳模先进座谈会``) until a verb, a preposition or
punctuation. A name counts as an event when the sentence reports it happening (a trigger
verb before or after it), when it is quoted, or when it stands in the headline; a bare head
or ``本届大会``/``此次活动`` is a reference to an event already named.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.extract.lexicon import data_lines, load
from kg.extract.tokens import Words

_QUOTED = re.compile(r"[“《「][^“”《》「」]{1,40}[”》」]")
_WORDISH = re.compile(r"[\u4e00-\u9fff0-9A-Za-z·‘’'—\-]")
_REFERENCE = re.compile(r"^(?:本届|本次|此次|这次|该|本场|此|这场|这项|本)")
_ORDINAL_FILLER = re.compile(r"^(?:一系列|系列|了|[\d一二三四五六七八九十百千几多余]+[场次个项期])+")
MAX_EVENT = 80


@dataclass(frozen=True, slots=True)
class EventName:
    start: int
    end: int
    head: str
    kind: str
    reference: bool  # 本届大会, 此次活动, a bare head: points at an event named elsewhere
    quoted: bool


@functools.cache
def _triggers() -> tuple[re.Pattern, re.Pattern]:
    before, after = [], []
    for line in data_lines("event_triggers.txt"):
        side, word = line.split("\t")
        (before if side == "before" else after).append(re.escape(word))
    return (
        # 组织了一场…义诊活动, 举办的…培训: a particle and a count may come between
        re.compile(f"(?:{'|'.join(before)})(?:了|的)?(?:[一两二三四五六七八九十几多\\d]+[场次个项期届])?$"),
        # …开幕式上，: the sentence speaks from inside the event
        re.compile(f"^(?:(?:[^，,。；]{{0,32}}?)(?:{'|'.join(after)})|上[，,])"),
    )


@functools.cache
def event_heads() -> tuple[str, ...]:
    """Event head nouns, longest first."""
    return tuple(sorted(load().event_heads, key=lambda h: (-len(h), h)))


def head_of(text: str) -> str | None:
    """The longest event head ``text`` ends with, or None."""
    return next((head for head in event_heads() if text.endswith(head)), None)


@functools.cache
def _stops() -> frozenset[str]:
    return frozenset(data_lines("event_stopwords.txt"))


def find_event_names(text: str, words: Words) -> list[EventName]:
    """Event-name candidates in one sentence, given its jieba words."""
    names = []
    stops = _stops()
    for index, (start, end) in enumerate(words):
        word = text[start:end]
        head = head_of(word)
        if head is None or word in stops:
            continue
        if index + 1 < len(words) and _continues_name(text, words[index + 1], stops):
            continue  # the name runs on (大会|闭幕式, 活动|启动仪式): wait for its last head
        if word != head and word[: -len(head)].endswith(tuple(stops)):
            left = end - len(head)  # 主持会议, 充分肯定大会: the verb is no part of the name
        else:
            left = _extend_left(text, words, index, stops)
        left = _strip_fillers(text, left, end)
        reference = bool(_REFERENCE.match(text[left:end])) or text[left:end] == head
        if reference and _REFERENCE.match(text[left:end]):
            left += _REFERENCE.match(text[left:end]).end()
        names.append(
            EventName(left, end, head, load().event_heads[head], reference, bool(_QUOTED.search(text[left:end])))
        )
    return [n for n in names if not any(o is not n and o.start <= n.start and n.end <= o.end
                                         and (o.start, o.end) != (n.start, n.end) for o in names)]


def _continues_name(text: str, following: tuple[int, int], stops: frozenset[str]) -> bool:
    word = text[following[0] : following[1]]
    return word not in stops and head_of(word) is not None and _WORDISH.match(word[0]) is not None


def _extend_left(text: str, words: Words, index: int, stops: frozenset[str]) -> int:
    left = words[index][0]
    j = index - 1
    while j >= 0:
        start, end = words[j]
        word = text[start:end]
        if word in "”》」":
            quote = _opening_quote(text, end)
            if quote is None:
                break
            left = quote
            while j >= 0 and words[j][0] > quote:
                j -= 1
            j -= 1 if j >= 0 and words[j][0] == quote else 0
            continue
        joined = j + 1 < index and text[words[j + 1][0] : words[j + 1][1]] == "暨"
        if (_is_stop(word, stops) and not joined) or not _WORDISH.match(word[0]) and word != "暨":
            break  # 启动|暨…仪式 stays one name: a word right before 暨 is never a stop
        if words[index][1] - start > MAX_EVENT:
            break
        left = start
        j -= 1
    return left


def _is_stop(word: str, stops: frozenset[str]) -> bool:
    """A stop word, or a word ending in a two-character one (充分肯定)."""
    return word in stops or any(word.endswith(stop) for stop in stops if len(stop) > 1)


def _opening_quote(text: str, close_end: int) -> int | None:
    """Start of the quoted title that ends at ``close_end`` (nesting ‘’ allowed)."""
    closer = text[close_end - 1]
    opener = {"”": "“", "》": "《", "」": "「"}[closer]
    start = text.rfind(opener, max(0, close_end - 42), close_end - 1)
    return start if start >= 0 else None


def _strip_fillers(text: str, left: int, end: int) -> int:
    filler = _ORDINAL_FILLER.match(text[left:end])
    return left + filler.end() if filler else left


def is_reported(text: str, name: EventName) -> bool:
    """Does the sentence report the event happening (召开…座谈会, 座谈会…举行)?"""
    before, after = _triggers()
    return bool(before.search(text[: name.start].rstrip())) or bool(after.match(text[name.end :]))
