"""Places: administrative divisions from the gazetteer, named venues, and places read off
their context (``在长辛店二七纪念馆召开``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import ahocorasick

from kg.extract import gazetteer
from kg.extract.lexicon import data_rows, load
from kg.extract.orgs import find_named
from kg.extract.tokens import Words, is_proper_word, word_spans

_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    start: int
    end: int
    how: str  # division | venue | context | alias


@functools.cache
def _division_matcher() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in gazetteer.load().names():
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


@functools.cache
def place_aliases() -> dict[str, str]:
    """Conventional names (首都) → the place they stand for, ``{home}`` unexpanded."""
    return {word: place for word, place in data_rows("place_aliases.tsv")}


def _acceptable_division(name: str, home: str) -> bool:
    """A full name always is; a short one (门头沟, 深圳) only if it is a province or city, or
    lies in the home city, since many short district names are plain words (和平, 长安)."""
    gaz = gazetteer.load()
    candidates = gaz.lookup(name)
    if any(d.name == name for d in candidates):
        return True
    for division in candidates:
        if division.level in ("province", "city"):
            return True
        if any(parent.name == home for parent in gaz.parents(division)):
            return True
    return False


def find_divisions(text: str, home: str, words: Words | None = None) -> list[PlaceSpan]:
    """Leftmost-longest gazetteer names in ``text``. Given its jieba words, a short name must
    end where a word ends (not 兴安 in 大小|兴安岭)."""
    ends = None if words is None else {end for _, end in words}
    matches = []
    for end, name in _division_matcher().iter(text):
        matches.append((end + 1 - len(name), end + 1))
    matches.sort(key=lambda span: (span[0], -span[1]))
    gaz = gazetteer.load()
    spans, last_end = [], -1
    for start, end in matches:
        if start < last_end:
            continue
        name = text[start:end]
        if ends is not None and end not in ends and not any(d.name == name for d in gaz.lookup(name)):
            continue
        if _acceptable_division(name, home):
            spans.append(PlaceSpan(start, end, "division"))
            last_end = end
    return spans


def find_venues(text: str, words: Words) -> list[PlaceSpan]:
    return [PlaceSpan(s, e, "venue") for s, e in find_named(text, words, load().venue_suffixes)
            if names_one_venue(text[s:e])]


def names_one_venue(name: str) -> bool:
    """Has a venue's name something proper before its suffix (长辛店|二七纪念馆), or is it a
    class of places (职工爱国主义教育|基地)?"""
    inner = [name[s:e] for s, e in word_spans(name)]
    if len(inner) <= 1:
        return True  # jieba knows the whole name as one word
    return any(
        is_proper_word(word) or not _HAN.search(word) or gazetteer.load().lookup(word)
        for word in inner[:-1]
    )


def find_context_places(text: str) -> list[PlaceSpan]:
    """Places named by the grammar around them; kept only when they look like places
    (the caller checks the shape)."""
    spans = []
    for pattern in load().place_context:
        for match in pattern.finditer(text):
            spans.append(PlaceSpan(match.start("place"), match.end("place"), "context"))
    return spans


def find_aliases(text: str) -> list[PlaceSpan]:
    spans = []
    for word in place_aliases():
        for match in re.finditer(re.escape(word), text):
            spans.append(PlaceSpan(match.start(), match.end(), "alias"))
    return spans
