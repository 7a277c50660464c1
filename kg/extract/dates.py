"""Dates in news prose: ``4月29日上午`` → ``--04-29``; ``2023年8月19日`` → ``2023-08-19``;
``今天`` and ``昨天`` count from the dateline's date (``新华社北京5月20日电``)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_DATE = re.compile(r"(?:(?P<year>(?:19|20)\d{2})年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])[日号]")
_RELATIVE = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天)")
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


def find_dates(text: str, today: str | None = None) -> list[DateMention]:
    """Calendar dates in ``text``; with ``today`` (a date value), also 今天/昨天 …"""
    found = []
    for match in _DATE.finditer(text):
        year = int(match["year"]) if match["year"] else None
        value = _value(year, int(match["month"]), int(match["day"]))
        if value:
            found.append(DateMention(match.start(), match.end(), value))
    if today:
        for match in _RELATIVE.finditer(text):
            found.append(DateMention(match.start(), match.end(), _days_before(today, _DAYS_BEFORE[match["word"]])))
    return sorted(found, key=lambda d: d.start)


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline (``新华社北京5月20日电`` → ``--05-20``), or None."""
    match = _DATELINE.match(paragraph)
    return _value(None, int(match["month"]), int(match["day"])) if match else None


def _days_before(value: str, days: int) -> str:
    if value.startswith("--"):
        day = datetime.date(_LEAP, int(value[2:4]), int(value[5:7])) - datetime.timedelta(days=days)
        return f"--{day.month:02d}-{day.day:02d}"
    return (datetime.date.fromisoformat(value) - datetime.timedelta(days=days)).isoformat()
