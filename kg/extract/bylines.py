"""Bylines: ``本报讯 (记者 白莹)``, ``(记者余翠平 通讯员马婧萱)``, ``本报记者 孙妍 摄影报道``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.names import read_name
from kg.read.patterns import PHOTO_LINE

ROLE_OF = {"记者": "reporter", "通讯员": "correspondent", "实习生": "correspondent"}
PHOTO_ROLES = ("摄影报道", "摄影", "摄")
_CREDIT = re.compile(r"[(（](?P<body>[^()（）]{2,60})[)）]")
_ROLE_WORD = re.compile(r"(记者|通讯员|实习生)")


@dataclass(frozen=True, slots=True)
class Credit:
    start: int  # offsets in the paragraph
    end: int
    role: str  # reporter | correspondent | photographer
    title: str  # 记者 | 通讯员


def read_credits(paragraph: str) -> list[Credit]:
    """Credits in a dateline (``本报讯(记者 X 通讯员 Y)``) or a photo line (``本报记者 X 摄``)."""
    photo = PHOTO_LINE.match(paragraph)
    if photo:
        return _names(paragraph, photo.start("names"), photo.end("names"), "photographer", "记者")
    dateline = re.match(r"^本报[讯电]\s*", paragraph)
    if not dateline:
        return []
    credit = _CREDIT.match(paragraph, dateline.end())
    if not credit:
        return []
    credits = []
    body_start, body_end = credit.start("body"), credit.end("body")
    pieces = list(_ROLE_WORD.finditer(paragraph, body_start, body_end))
    for i, piece in enumerate(pieces):
        names_end = pieces[i + 1].start() if i + 1 < len(pieces) else body_end
        word = piece.group()
        credits += _names(paragraph, piece.end(), names_end, ROLE_OF[word], word)
    return credits


def _names(text: str, start: int, end: int, role: str, title: str) -> list[Credit]:
    """Names separated by spaces (or run together) between ``start`` and ``end``."""
    credits = []
    for chunk in re.finditer(r"[\u4e00-\u9fff·]+", text[:end]):
        if chunk.end() <= start:
            continue
        position = max(chunk.start(), start)
        while position < chunk.end():
            name_end = read_name(text[: chunk.end()], position) or chunk.end()
            if name_end - position < 2:
                break
            credits.append(Credit(position, name_end, role, title))
            position = name_end
    return credits
