"""Organization names by their shape: words up to an organization suffix.

A name is read leftwards from a word that ends in a suffix (总工会, 有限公司, 项目部 …)
over whole jieba words until a stop word, punctuation or a length limit; it runs on to
the right over further suffix words (北京市总工会 → 北京市总工会职工服务中心) unless what
follows reads as a title (北京市总工会|党组书记).
"""

from __future__ import annotations

import functools
import re

from kg.extract import gazetteer
from kg.extract.lexicon import load
from kg.extract.titles import title_suffix
from kg.extract.tokens import Words

MAX_ORG = 32
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z·]")
_CLASSIFIERS = "个支家名项场日月年位批所"
_PREPOSITIONS = "向对在由从把被将给让"  # single-character stops that may end a jieba word (职工向)
_WEAK_SUFFIXES = ("中心", "店", "站", "所")
_COORDINATED = re.compile(r"(?<=[市区县省]委)(?=[市区县省]?政府)")
# 党组理论学习中心组: a party body named without the organization it belongs to
OWNERLESS_BODY = re.compile(r"^(?:党组|党委|党总支|党支部)(?=.)")
_INSERT = re.compile(r"[(（][\u4e00-\u9fff]{1,4}[)）]")


def ends_with_suffix(text: str, suffixes: tuple[str, ...]) -> str | None:
    """The longest of ``suffixes`` that ends ``text`` (they come sorted longest first)."""
    for suffix in suffixes:
        if text.endswith(suffix):
            return suffix
    return None


def ends_with_org_suffix(text: str) -> str | None:
    return ends_with_suffix(text, load().org_suffixes)


def starts_with_title(text: str, start: int) -> bool:
    """Does a title (党组书记, 副主席 …) begin at ``start``?"""
    for size in range(2, 9):
        if start + size > len(text):
            break
        if title_suffix(text[start : start + size]) == 0:
            return True
    return False


def _is_stop(word: str) -> bool:
    """A stop word, or a jieba word that ends in one (职工向, 通过参观)."""
    stops = _stopwords()
    return word in stops or any(
        word.endswith(stop) for stop in stops if len(stop) > 1 or stop in _PREPOSITIONS
    )


@functools.cache
def _stopwords() -> frozenset[str]:
    return frozenset(load().org_stopwords)


def _name_word(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    return bool(_NAME_CHAR.match(word[0])) or bool(_INSERT.fullmatch(word))


def _merge_inserts(text: str, words: Words) -> list[tuple[int, int]]:
    """Treat a short bracketed insert (``(集团)``) as one word, so names run across it."""
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        start, end = words[i]
        if text[start] in "(（":
            match = _INSERT.match(text, start)
            if match:
                while i < len(words) and words[i][1] <= match.end():
                    i += 1
                merged.append((start, match.end()))
                continue
        merged.append((start, end))
        i += 1
    return merged


def find_orgs(text: str, words: Words) -> list[tuple[int, int]]:
    """Spans of organization names in ``text`` (one sentence), given its jieba words."""
    lexicon = load()
    spans = (_after_descriptor(text, s, e) for s, e in find_named(text, words, lexicon.org_suffixes))
    return [
        (s, e)
        for s, e in spans
        if not text[s:e].endswith(lexicon.org_false_endings)
        and text[s:e] not in lexicon.org_generic
        and not text[s:e].startswith(lexicon.org_generic_prefixes)
        and not _names_a_place(text[s:e])
    ]


def _after_descriptor(text: str, start: int, end: int) -> tuple[int, int]:
    """The name without a category word in apposition before it, where a place opens the
    rest (老字号企业|北京王致和食品有限公司, but not 中关村企业|信用促进会)."""
    name = text[start:end]
    cut = max((name.rfind(word) + len(word) for word in load().org_descriptors if word in name), default=0)
    places = gazetteer.load()
    if cut and any(places.lookup(name[cut : cut + size]) for size in range(2, 5)):
        return start + cut, end
    return start, end


def _names_a_place(name: str) -> bool:
    """深圳会展中心 and 长辛店 are places: a venue suffix longer than the organization suffix,
    or a division's name."""
    lexicon = load()
    venue = ends_with_suffix(name, lexicon.venue_suffixes) or ""
    org = ends_with_suffix(name, lexicon.org_suffixes) or ""
    return (len(venue) > len(org) and org in _WEAK_SUFFIXES) or bool(gazetteer.load().lookup(name))


def find_named(text: str, words: Words, suffixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of names that end in one of ``suffixes`` (longest first), given jieba words."""
    words = _merge_inserts(text, words)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        start, end = words[i]
        suffix = ends_with_suffix(text[start:end], suffixes)
        if not suffix or not _name_word(text, start, end) or _is_stop(text[start:end]):
            i += 1
            continue
        if starts_with_title(text, end - len(suffix)):
            i += 1
            continue  # 北京市总工会|党组书记: the title reading wins over an org 北京市总工会党组
        left = _extend_left(text, words, i)
        right_index = _extend_right(text, words, i, left, suffixes)
        org_end = words[right_index][1]
        if left > 0 and text[left - 1].isdigit() and text[left] in _CLASSIFIERS:
            left += 1  # 35支代表队, 400家…驿站: the count is no part of the name
        if org_end - left >= 2 and text[left:org_end] not in suffixes:
            spans.extend(_split_coordinated(text, left, org_end))
        i = right_index + 1
    return spans


def _split_coordinated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``市委市政府`` and ``区委区政府`` name two bodies."""
    match = _COORDINATED.search(text, start, end)
    if match is None:
        return [(start, end)]
    return [(start, match.start()), (match.start(), end)]


def _extend_left(text: str, words: Words, i: int) -> int:
    left = words[i][0]
    j = i - 1
    while j >= 0:
        start, end = words[j]
        if not _name_word(text, start, end) or _is_stop(text[start:end]):
            break
        if end - start == 2 and text[start] in _PREPOSITIONS:
            left = start + 1  # 向|市温暖基金会
            break
        if words[i][1] - start > MAX_ORG:
            break
        if j < i - 1 and title_suffix(text[start:left]) == 0 and not ends_with_org_suffix(text[start:end]):
            break  # a title sits between: 主席王某|工会 is two things
        left = start
        j -= 1
    return left


def _extend_right(
    text: str, words: Words, i: int, left: int, suffixes: tuple[str, ...]
) -> int:
    """Index of the last word of the name: run on over words while a longer name ends in a
    suffix and no title begins in between."""
    best = i
    j = i + 1
    while j < len(words):
        start, end = words[j]
        if not _name_word(text, start, end) or _is_stop(text[start:end]) or end - left > MAX_ORG:
            break
        if starts_with_title(text, words[best][1]):
            break
        if ends_with_suffix(text[left:end], suffixes):
            best = j
        j += 1
    return best


def org_at_end(text: str, words: Words) -> int | None:
    """Start of the organization name that ends ``text`` (a chain segment), or None."""
    for start, end in find_orgs(text, words):
        if end == len(text):
            return start
    return None
