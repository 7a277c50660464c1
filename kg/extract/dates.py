"""Dates in news prose: ``4月29日上午`` → ``--04-29``; ``2023年8月19日`` → ``2023-08-19``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATE = re.compile(r"(?:(?P<year>(?:19|20)\d{2})年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])[日号]")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # xsd:date ("2023-08-19") or xsd:gMonthDay ("--04-29")


def find_dates(text: str, year: int | None = None) -> list[DateMention]:
    """Calendar dates in ``text``; ``year`` fills in dates written without one."""
    found = []
    for match in _DATE.finditer(text):
        month, day = int(match["month"]), int(match["day"])
        written_year = int(match["year"]) if match["year"] else year
        value = f"{written_year:04d}-{month:02d}-{day:02d}" if written_year else f"--{month:02d}-{day:02d}"
        found.append(DateMention(match.start(), match.end(), value))
    return found
