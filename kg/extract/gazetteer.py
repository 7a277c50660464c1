"""China's administrative divisions, from ``kg/data/divisions.tsv``: look up, climb, disambiguate.

A name is found by its full form (``门头沟区``) or its short form, the stem left after the
division suffix and any minority names are cut off (``门头沟``, ``延边`` for 延边朝鲜族自治州,
``广西`` for 广西壮族自治区) when at least two characters remain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEVELS = ("province", "city", "district", "town")
# Division suffixes, as a regular expression alternation.
SUFFIXES = "特别行政区|自治区|自治州|自治县|自治旗|新区|林区|特区|地区|街道|苏木|省|市|区|县|盟|旗|镇|乡"
# Levels whose short forms go into names(): a town's stem is too often a plain word (胜利乡, 团结镇).
SHORT_NAME_LEVELS = frozenset(LEVELS[:3])


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division; ``parent_code`` is empty for a province."""

    code: str
    name: str
    level: str
    parent_code: str


def _rows(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


class Gazetteer:
    """Divisions indexed by code and by every full and short name."""

    def __init__(self, divisions: Path, province_short: Path, minorities: Path, city_abbreviations: Path) -> None:
        self._by_code = {row[0]: Division(*row) for row in _rows(divisions)}
        self._abbreviations: dict[str, Division] = {}
        province_shorts: dict[str, str] = {}
        by_name = {d.name: d for d in self._by_code.values() if d.level == "province"}
        for name, short, abbreviation in _rows(province_short):
            province_shorts[name] = short
            self._abbreviations[abbreviation] = by_name[name]
        cities = {d.name: d for d in self._by_code.values() if d.level == "city"}
        for abbreviation, name in _rows(city_abbreviations):
            self._abbreviations.setdefault(abbreviation, cities[name])
        ethnic = "|".join(m for (m,) in _rows(minorities))
        # Shortest stem of two or more characters, then any minorities (回族, 各族, 鄂温克民族),
        # then the suffix.
        minorities_part = f"(?:{ethnic}|各)族|(?:{ethnic})*民族"
        self._short = re.compile(f"(.{{2,}}?)(?:{minorities_part})*({SUFFIXES})")
        self._minority = re.compile(f"(?:{ethnic})族?|民族")
        self._index: dict[str, list[Division]] = defaultdict(list)
        self._safe_names: set[str] = set()
        for division in self._by_code.values():
            self._index[division.name].append(division)
            self._safe_names.add(division.name)
            short = province_shorts.get(division.name) or self.short_name(division.name)
            if short:
                self._index[short].append(division)
                if division.level in SHORT_NAME_LEVELS:
                    self._safe_names.add(short)
        for divisions in self._index.values():
            divisions.sort(key=lambda d: (LEVELS.index(d.level), d.code))

    def is_people(self, name: str) -> bool:
        """Is ``name`` one of China's peoples (哈尼, 哈尼族), no place?"""
        return bool(self._minority.fullmatch(name))

    def short_name(self, name: str) -> str | None:
        """The stem of a full name (``门头沟区`` → ``门头沟``), or None if under two characters."""
        match = self._short.fullmatch(name)
        if match is None:
            return None
        stem, suffix = match.groups()
        if suffix == "旗" and stem[-1] in "左右前后中":
            return None  # 土默特右旗 is shortened 土右旗, not 土默特右
        return None if self._minority.fullmatch(stem) else stem

    def get(self, code: str) -> Division | None:
        """The division with this official code."""
        return self._by_code.get(code)

    def lookup(self, name: str) -> list[Division]:
        """Every division with this full or short name, higher levels first."""
        return list(self._index.get(name.strip(), ()))

    def abbreviation(self, char: str) -> Division | None:
        """The province or city a one-character abbreviation (``京``, ``粤``, ``甬``) stands for."""
        return self._abbreviations.get(char)

    def parent(self, division: Division) -> Division | None:
        """The division directly containing this one; None for a province."""
        return self._by_code.get(division.parent_code)

    def parents(self, division: Division) -> list[Division]:
        """The divisions containing this one, nearest first, up to its province."""
        chain = []
        while (division := self.parent(division)) is not None:
            chain.append(division)
        return chain

    def names(self) -> Iterable[str]:
        """All full names, and short names of provinces, cities and districts (≥ 2 characters)."""
        return iter(self._safe_names)

    def resolve(self, name: str, context: Iterable[str] = (), home: str | None = None) -> Division | None:
        """The one division ``name`` most likely means, or None if it stays ambiguous.

        Candidates are narrowed, in turn, to those that, with their ancestors, are named most in ``context``
        (the other places in the text), to those under ``home`` (e.g. ``北京市``), and to the
        highest level; the first step that leaves exactly one decides. A town named by its short
        name alone is meant only when the context or ``home`` names a division above it.
        """
        candidates = self.lookup(name)
        if len(candidates) > 1:  # a town by its short name only when nothing bigger has it (河北 is no 河北镇)
            candidates = [d for d in candidates if d.level != "town" or d.name == name] or candidates
        if len(candidates) <= 1 and not (candidates and candidates[0].level == "town" and candidates[0].name != name):
            return candidates[0] if candidates else None
        named = {d.code for place in set(context) - {name} for d in self.lookup(place)}
        homes = {d.code for d in self.lookup(home)} if home else set()
        if len(candidates) == 1:  # a town's short name (中建 of 中建苗族彝族乡) only where the text is near it
            return candidates[0] if any(a.code in named | homes for a in self.parents(candidates[0])) else None
        steps = (
            lambda d: sum(a.code in named for a in [d, *self.parents(d)]),
            lambda d: any(a.code in homes for a in self.parents(d)),
            lambda d: -LEVELS.index(d.level),
        )
        for score in steps:
            best = max(map(score, candidates))
            candidates = [d for d in candidates if score(d) == best]
            if len(candidates) == 1:
                return candidates[0]
        return None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer built from kg's data files, loaded once."""
    return Gazetteer(DATA_DIR / "divisions.tsv", DATA_DIR / "province_short.tsv", DATA_DIR / "minorities.txt",
                     DATA_DIR / "city_abbreviations.tsv")
