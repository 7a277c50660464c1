"""Job titles: ``[prefix]* head`` (党组 + 副书记, 常务 + 副主席, 工会 + 主席)."""

from __future__ import annotations

from kg.extract.lexicon import load


def title_starts(segment: str) -> list[int]:
    """Possible starts of a title that ends ``segment``, longest reading first; empty when
    the segment ends in no title head."""
    lexicon = load()
    for size in range(min(lexicon.longest_title_head, len(segment)), 0, -1):
        if segment[-size:] in lexicon.title_heads:
            starts = [len(segment) - size]
            break
    else:
        return []
    extended = True
    while extended:
        extended = False
        for prefix in lexicon.title_prefixes:
            if segment.endswith(prefix, 0, starts[-1]):
                starts.append(starts[-1] - len(prefix))
                extended = True
                break
    return starts[::-1]


def title_suffix(segment: str) -> int | None:
    """Start of the longest title that ends ``segment``, or None when it ends in none."""
    starts = title_starts(segment)
    return starts[0] if starts else None
