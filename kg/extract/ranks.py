"""Places in a contest and the awards that go with them: ``张某获得第一名，李某、王某分获第二、
三名`` ranks three persons; ``获得前三名的选手同时获得“某省技术能手”称号`` (``前三名均被授予…``)
gives the honor to those ranked third or better, and ``第一名选手…`` to the first; ``分获焊工组和装配工组
第一名`` gives each the first place of a group."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.doc import Sent
from kg.model import Mention

_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
_NUMBER = r"[一二三四五六七八九十两\d]"
# 获得第一名, 分别获得各工种第一名, 夺得冠军 (the verb, then a few words, then the place)
_PLACE = re.compile(rf"(?:获得|夺得|摘得|取得|荣获|获)了?[^，,。；;、]{{0,6}}?第({_NUMBER})名")
# 分获第二、三名 / 分别获得第一名、第二名、第三名: the persons before, in order
_PLACES = re.compile(rf"分(?:别)?获(?:得)?(?P<places>第?{_NUMBER}名?(?:[、和及]第?{_NUMBER}名?)+)")
# 分获电焊工组和装配工组第一名, 分获两组第二名: one place each, in as many groups as persons
_PLACE_EACH = re.compile(rf"分(?:别)?获(?:得)?(?P<groups>[^，,。；;、第]{{1,12}}?)第({_NUMBER})名")
_GROUPS = re.compile(r"组|各|两|类|工种|赛道|项目")  # the groups the places are in (电焊工组和装配工组, 两组, 各工种)
# 焊工组第一名为某某: the person after
_NAMED_PLACE = re.compile(rf"第({_NUMBER})名(?:为|是)")
_TOP = re.compile(rf"(?:^|[，,；;])[^，,；;]*?(?:前({_NUMBER})名|第({_NUMBER})名(?:选手|获得者)?)[^，,；;]*$")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _DIGITS[text]


def ranks_in(sent: Sent, subjects: Callable[[int], list[Mention]],
             named_after: Callable[[int], list[Mention]]) -> list[tuple[Mention, int]]:
    """The persons a sentence ranks, each with its place; ``subjects(position)`` gives the
    persons right before a verb at that offset, ``named_after(position)`` the person whose chain
    starts there (第一名为|某车间焊工某某)."""
    found = []
    listed = []  # the spans of lists of places: no single place is read inside one
    for match in _PLACES.finditer(sent.text):
        listed.append(match.span())
        persons = subjects(match.start())
        places = [_number(n) for n in re.findall(_NUMBER, match["places"])]
        if len(persons) == len(places):
            found += list(zip(persons, places, strict=True))
    for match in _PLACE_EACH.finditer(sent.text):
        if not any(start <= match.start() < end for start, end in listed) and _GROUPS.search(match["groups"]):
            listed.append(match.span())
            found += [(person, _number(match[2])) for person in subjects(match.start())]
    for match in _NAMED_PLACE.finditer(sent.text):
        found += [(person, _number(match[1])) for person in named_after(match.end())]
    for match in _PLACE.finditer(sent.text):
        if not any(start <= match.end() - 1 < end for start, end in listed):
            found += [(person, _number(match[1])) for person in subjects(match.start())]
    return found


def ranked_before(text: str, verb_start: int, ranks: list[tuple[Mention, int]]) -> list[Mention]:
    """The persons an award's clause gives it to by their place (获得前三名的选手|同时获得,
    第一名选手|被授予), from ``ranks`` (those the article ranked before)."""
    match = _TOP.search(text[:verb_start])
    if match is None:
        return []
    if match[1]:
        return [person for person, place in ranks if place <= _number(match[1])]
    return [person for person, place in ranks if place == _number(match[2])]
