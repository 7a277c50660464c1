"""Dates in news prose: ``4月29日上午`` → ``--04-29``; ``2023年8月19日`` → ``2023-08-19``;
``今天`` and ``昨天`` count from the article's date; a bare day (``27日在日内瓦举行``) from the
date its dateline filed it (``新华社日内瓦5月28日电``): wire copy reports days up to that one."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_DATE = re.compile(r"(?:(?P<year>(?:19|20)\d{2})年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])[日号]")
_RELATIVE = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天)")
_BARE_DAY = re.compile(r"(?<![\d月至到第个—~-])(?P<day>3[01]|[12]\d|[1-9])日(?![电前后])")
_DAYS_BEFORE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_DATELINE = re.compile(r"^[^（(，,。]{0,20}?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日电")
_LEAP = 2000  # month-day arithmetic without a year: a leap year, so 2月29日 exists


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # xsd:date ("2023-08-19") or xsd:gMonthDay ("--04-29")


def _value(year: int | None, month: int, day: int) -> str | None:
    try:
        datetime.date(year or _LEAP, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(text: str, today: str | None = None, filed: str | None = None) -> list[DateMention]:
    """Calendar dates in ``text``; with ``today`` (a date value), also 今天/昨天 …; with
    ``filed`` (a dateline's date), also bare days (27日), on or before it."""
    found = []
    for match in _DATE.finditer(text):
        year = int(match["year"]) if match["year"] else None
        value = _value(year, int(match["month"]), int(match["day"]))
        if value:
            found.append(DateMention(match.start(), match.end(), value))
    if today:
        for match in _RELATIVE.finditer(text):
            found.append(DateMention(match.start(), match.end(), _days_before(today, _DAYS_BEFORE[match["word"]])))
    if filed:
        for match in _BARE_DAY.finditer(text):
            value = _on_or_before(filed, int(match["day"]))
            if value:
                found.append(DateMention(match.start(), match.end(), value))
    return sorted(found, key=lambda d: d.start)


def dateline(paragraph: str) -> DateMention | None:
    """The date of a dateline (``新华社北京5月20日电`` → ``--05-20``), or None."""
    match = _DATELINE.match(paragraph)
    value = _value(None, int(match["month"]), int(match["day"])) if match else None
    return DateMention(match.start("month"), match.end(), value) if value else None


def _on_or_before(filed: str, day: int) -> str | None:
    """The date of ``day`` in the month of ``filed``, or in the month before when that day is
    later than ``filed``'s (filed 6月2日, 30日 → 5月30日)."""
    year = int(filed[:4]) if not filed.startswith("--") else None
    month, filed_day = int(filed[-5:-3]), int(filed[-2:])
    if day > filed_day:
        month -= 1
        if month == 0:
            month, year = 12, (year - 1 if year else None)
    return _value(year, month, day)


def _days_before(value: str, days: int) -> str:
    if value.startswith("--"):
        day = datetime.date(_LEAP, int(value[2:4]), int(value[5:7])) - datetime.timedelta(days=days)
        return f"--{day.month:02d}-{day.day:02d}"
    return (datetime.date.fromisoformat(value) - datetime.timedelta(days=days)).isoformat()
