"""Input paths → pages. Problems with single files are collected, not raised."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError
from kg.model import Page
from kg.read.decode import UndecodableError, decode
from kg.read.paragraphs import rebuild

SUFFIXES = (".txt", ".md", ".markdown")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


def find_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named or found (recursively) under the inputs, sorted, without duplicates."""
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise UserError(f"no such file or folder: {item}")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def page_id_for(path: Path, taken: set[str]) -> str:
    """The file stem, made unique within one build."""
    base = re.sub(r"[^\w.-]+", "_", path.stem) or "page"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def read_pages(
    paths: Iterable[Path], skipped: list[Skipped], on_file: Callable[[Path], None] | None = None
) -> Iterator[Page]:
    """Decode and rebuild each file; unreadable ones go to ``skipped`` with a reason."""
    taken: set[str] = set()
    for path in paths:
        if on_file is not None:
            on_file(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            skipped.append(Skipped(str(path), exc.strerror or "cannot read"))
            continue
        try:
            text = decode(data)
        except UndecodableError as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        if not _HAN.search(text):
            skipped.append(Skipped(str(path), "no Chinese text"))
            continue
        rebuilt, offsets = rebuild(text)
        yield Page(page_id=page_id_for(path, taken), path=str(path), text=rebuilt, raw_offsets=offsets)
