"""Input paths → pages. Problems with single files or folders are collected, not raised."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError
from kg.model import Page
from kg.read.decode import UndecodableError, decode_file
from kg.read.markup import html_text, markdown_text
from kg.read.paragraphs import cut_long_paragraphs, rebuild
from kg.read.traditional import simplified

MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")
SUFFIXES = (".txt", *MARKDOWN, *HTML)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or folder that was not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Note:
    """A file that was read, with something the user should know (bytes replaced, Big5)."""

    path: str
    message: str


def display_path(path: str | Path) -> str:
    """A path as text that can be printed and written: undecodable bytes of its name as U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def find_files(inputs: Iterable[str | Path], skipped: list[Skipped] | None = None) -> list[Path]:
    """Files named or found (recursively) under the inputs, sorted, without duplicates.
    Folders that cannot be listed go to ``skipped``."""
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise UserError(f"no such file or folder: {display_path(item)}")
        if path.is_dir():
            for child in _walk(path, skipped if skipped is not None else []):
                found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def _walk(folder: Path, skipped: list[Skipped]) -> Iterator[Path]:
    """Page files under ``folder`` in sorted order; hidden files and folders left out."""

    def unreadable(error: OSError) -> None:
        skipped.append(Skipped(display_path(error.filename), f"cannot read folder: {error.strerror}"))

    for root, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            child = Path(root, name)
            if name == "graph.html" and Path(root, "graph.ttl").exists():
                continue  # a build's own page, not a news page
            if child.suffix.lower() in SUFFIXES and not name.startswith(".") and child.is_file():
                yield child


def page_id_for(path: Path, taken: set[str]) -> str:
    """The file stem, made unique within one build."""
    base = re.sub(r"[^\w.-]+", "_", path.stem) or "page"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; ``OSError`` for anything else (a FIFO, a device, a folder), without
    blocking on it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with contextlib.closing(os.fdopen(fd, "rb")) as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        return handle.read()


def page_text(path: Path, text: str) -> tuple[str, tuple[int, ...]]:
    """The page's text, one paragraph a line (none longer than the reader's bound), with each
    character's offset in ``text``; Markdown and HTML markup is not text."""
    if path.suffix.lower() in MARKDOWN:
        plain, plain_offsets = markdown_text(text)
    elif path.suffix.lower() in HTML:
        plain, plain_offsets = html_text(text)
    else:
        plain, plain_offsets = text, None
    rebuilt, offsets = cut_long_paragraphs(*rebuild(plain))
    if plain_offsets is not None:
        offsets = tuple(plain_offsets[i] for i in offsets)
    return rebuilt, offsets


def read_pages(
    paths: Iterable[Path], skipped: list[Skipped], on_file: Callable[[Path], None] | None = None,
    notes: list[Note] | None = None,
) -> Iterator[Page]:
    """Decode and rebuild each file, a Traditional one read in Simplified characters; unreadable
    ones go to ``skipped`` with a reason, notes on the files read to ``notes``."""
    notes = notes if notes is not None else []
    taken: set[str] = set()
    for path in paths:
        if on_file is not None:
            on_file(path)
        name = display_path(path)
        try:
            decoded = decode_file(read_bytes(path))
        except OSError as exc:
            skipped.append(Skipped(name, exc.strerror or "cannot read"))
            continue
        except UndecodableError as exc:
            skipped.append(Skipped(name, str(exc)))
            continue
        if not _HAN.search(decoded.text):
            skipped.append(Skipped(name, "no Chinese text"))
            continue
        if decoded.replaced:
            notes.append(Note(name, f"{decoded.replaced} invalid {decoded.encoding} bytes read as U+FFFD"))
        if decoded.encoding == "Big5":
            notes.append(Note(name, "read as Big5 (Traditional Chinese)"))
        text, offsets = page_text(path, decoded.text)
        converted = simplified(text)
        yield Page(page_id=page_id_for(path, taken), path=name, text=converted or text, raw_offsets=offsets,
                   original=text if converted else "")
