"""kg's lexicons and patterns, loaded once from the data files under ``kg/data``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("kg") / "data"))


def data_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file, stripped."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def data_rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


@dataclass(frozen=True)
class Honor:
    name: str
    broader: str | None


@dataclass(frozen=True)
class Lexicon:
    title_heads: frozenset[str]
    title_prefixes: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    org_stopwords: tuple[str, ...]
    org_false_endings: tuple[str, ...]
    org_generic: frozenset[str]
    org_generic_prefixes: tuple[str, ...]
    org_name_words: tuple[str, ...]
    org_descriptors: tuple[str, ...]
    sited_org_suffixes: tuple[str, ...]
    eponym_qualifiers: tuple[str, ...]
    honors: dict[str, Honor]  # every surface form → honor
    honor_patterns: tuple[re.Pattern, ...]
    event_heads: dict[str, str]  # head noun → event class
    event_roles: tuple[tuple[str, re.Pattern], ...]
    venue_suffixes: tuple[str, ...]
    place_context: tuple[re.Pattern, ...]
    surnames: frozenset[str]
    name_followers: tuple[str, ...]

    @functools.cached_property
    def longest_title_head(self) -> int:
        return max(map(len, self.title_heads))


def _by_length(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _honors() -> dict[str, Honor]:
    table: dict[str, Honor] = {}
    for canonical, aliases, broader in data_rows("honors.tsv"):
        honor = Honor(canonical, None if broader == "-" else broader)
        table[canonical] = honor
        for alias in aliases.split(","):
            if alias != "-":
                table[alias] = honor
    return table


@functools.cache
def load() -> Lexicon:
    return Lexicon(
        title_heads=frozenset(data_lines("title_heads.txt")),
        title_prefixes=_by_length(data_lines("title_prefixes.txt")),
        org_suffixes=_by_length(data_lines("org_suffixes.txt")),
        org_stopwords=_by_length(data_lines("org_stopwords.txt")),
        org_false_endings=_by_length(data_lines("org_false_endings.txt")),
        org_generic=frozenset(data_lines("org_generic.txt")),
        org_generic_prefixes=_by_length(data_lines("org_generic_prefixes.txt")),
        org_name_words=_by_length(data_lines("org_name_words.txt")),
        org_descriptors=_by_length(data_lines("org_descriptors.txt")),
        sited_org_suffixes=_by_length(data_lines("sited_org_suffixes.txt")),
        eponym_qualifiers=_by_length(data_lines("eponym_qualifiers.txt")),
        honors=_honors(),
        honor_patterns=tuple(re.compile(p) for p in data_lines("honor_patterns.txt")),
        event_heads={head: cls for head, cls in data_rows("event_heads.tsv")},
        event_roles=tuple((role, re.compile(p)) for role, p in data_rows("event_roles.tsv")),
        venue_suffixes=_by_length(data_lines("venue_suffixes.txt")),
        place_context=tuple(re.compile(p) for p in data_lines("place_context.txt")),
        surnames=frozenset(data_lines("surnames.txt")),
        name_followers=_by_length(data_lines("name_followers.txt")),
    )
