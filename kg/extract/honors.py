"""Honor names: the lexicon first, then the honor shapes (``…奖章``, ``…大工匠``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import load

_EDITION = re.compile(r"^(?:\d{4}年(?:度)?|第[一二三四五六七八九十\d]+届)")
_HOLDER = re.compile(r"(?:获得者|获奖者|称号)?(?:代表)?$")


@dataclass(frozen=True, slots=True)
class HonorMatch:
    name: str  # canonical
    broader: str | None
    start: int  # span of the honor's surface form in the segment
    end: int


def match_honor(segment: str) -> HonorMatch | None:
    """The honor a whole chain segment names (``第二届北京大工匠``, ``全国五一劳动奖章获得者``)."""
    lexicon = load()
    edition = _EDITION.match(segment)
    start = edition.end() if edition else 0
    holder = _HOLDER.search(segment, start)
    end = holder.start() if holder else len(segment)
    surface = segment[start:end]
    if surface in lexicon.honors:
        honor = lexicon.honors[surface]
        return HonorMatch(honor.name, honor.broader, start, end)
    for pattern in lexicon.honor_patterns:
        match = pattern.match(segment)
        if match:
            name = match.group("honor")
            honor = lexicon.honors.get(name)
            if honor:
                return HonorMatch(honor.name, honor.broader, match.start("honor"), match.end("honor"))
            return HonorMatch(name, None, match.start("honor"), match.end("honor"))
    return None
