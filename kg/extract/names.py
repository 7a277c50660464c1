"""Personal names read right after a title, honor or byline (``主席张良主持`` → 张良)."""

from __future__ import annotations

import re

from kg.extract.lexicon import load

HAN = re.compile(r"[\u4e00-\u9fff]")


def _surname_length(text: str) -> int:
    surnames = load().surnames
    if text[:2] in surnames:
        return 2
    return 1 if text[:1] in surnames else 0


def _ends_name(text: str, end: int) -> bool:
    """Can a name end at ``end``: text ends, or non-Han follows, or a follower word does."""
    if end >= len(text):
        return True
    if not HAN.match(text[end]):
        return True
    return text.startswith(load().name_followers, end)


def read_name(text: str, start: int = 0) -> int | None:
    """End of the personal name that starts at ``start``, or None.

    A name is a known surname and one or two given-name characters; the longer reading
    wins when a name may end after it, unless its last character opens a follower word.
    """
    rest = text[start:]
    surname = _surname_length(rest)
    if not surname:
        return None
    followers = load().name_followers
    for given in (2, 1):
        end = surname + given
        if end > len(rest) or not all(HAN.match(ch) for ch in rest[:end]):
            continue
        if given == 2 and rest.startswith(followers, surname + 1):
            continue
        if _ends_name(rest, end):
            return start + end
    return None


def is_name(text: str) -> bool:
    """Is ``text`` as a whole shaped like a personal name: a known surname and one or two
    given-name characters?"""
    surname = _surname_length(text)
    return bool(surname) and 1 <= len(text) - surname <= 2 and all(HAN.match(ch) for ch in text)
