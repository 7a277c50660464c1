"""Choosing among overlapping mention proposals: one documented policy.

Components propose typed spans: the appositive grammar and bylines (``grammar``), the
lexicons, gazetteer and name shapes (``lexicon``), and the statistical tagger (``crf``).
Policy ``grammar > lexicon > crf``:

1. Spans of one kind that overlap are settled by source rank, then by length (longest
   wins), then by position.
2. A ``crf`` span is dropped when it overlaps a span of another kind from a better source
   (the grammar knows 北京市总工会|党组书记|张良 better than the tagger).
3. A place may sit inside an organization's name (丰台区 in 丰台区丰台街道总工会) and a venue may
   be both (北京市总工会职工服务中心): places and organizations never knock each other out.
"""

from __future__ import annotations

from kg.model import Kind, Mention

RANK = {"grammar": 0, "lexicon": 1, "crf": 2}
COEXIST = {frozenset({Kind.PLACE, Kind.ORGANIZATION})}


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _key(mention: Mention) -> tuple[int, int, int]:
    return (RANK.get(mention.source, 3), -(mention.end - mention.start), mention.start)


def choose(proposals: list[Mention]) -> list[Mention]:
    """The mentions kept from all proposals, sorted by position."""
    kept: list[Mention] = []
    for mention in sorted(set(proposals), key=_key):
        if any(_conflict(mention, other) for other in kept):
            continue
        kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end, m.kind))


def _conflict(mention: Mention, kept: Mention) -> bool:
    if not _overlaps(mention, kept):
        return False
    if mention.kind == kept.kind:
        return True
    if frozenset({mention.kind, kept.kind}) in COEXIST:
        return False
    return mention.source == "crf" or RANK.get(mention.source, 3) > RANK.get(kept.source, 3)
