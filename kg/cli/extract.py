"""``kg extract``: mentions of JSONL texts, streamed in fixed-size chunks of lines.

The lines of a chunk are split into sentences and tagged in one batch (the tagger is faster
on many sentences at once); output lines keep the input's order."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from kg.cli import app
from kg.errors import UserError

if TYPE_CHECKING:
    from kg.extract.tagger import MentionTagger

STDIO = "-"
CHUNK_LINES = 64  # input lines tagged together
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Lone surrogates (``"\\udc00"`` in JSON) are no text: each is read as U+FFFD, offsets unchanged."""


@contextmanager
def _open(name: str, mode: str) -> Iterator[IO[str]]:
    """A UTF-8 text stream for a path, or for stdin/stdout when ``name`` is ``-``."""
    if name == STDIO:
        binary = sys.stdin.buffer if mode == "r" else sys.stdout.buffer
        stream = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="\n")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    if mode == "r" and not Path(name).is_file():
        raise UserError(f"no input file at {name}: pass --jsonl FILE, or - for stdin")
    try:
        stream = open(name, mode, encoding="utf-8", errors="replace", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"cannot {'read' if mode == 'r' else 'write'} {name}: {exc.strerror}") from None
    with stream:
        yield stream


def _text(line: str) -> tuple[object, str]:
    """The ``(id, text)`` of one input line; raises ``ValueError`` if the line is not a
    JSON object with a string ``text``. A lone surrogate in the text is read as U+FFFD."""
    try:
        item = json.loads(line)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError('expected a JSON object with a string "text"')
    return item.get("id"), _SURROGATE.sub("\ufffd", item["text"])


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, sentence)`` of each sentence-like chunk of ``text``, ending punctuation kept."""
    for match in _SENTENCE.finditer(text):
        if match.group() and not match.group().isspace():
            yield match.start(), match.group()


def _mentions(tagger: MentionTagger, texts: list[str]) -> list[list[dict]]:
    """The mentions of each text, offsets into it: every sentence of ``texts`` in one batch, a
    Traditional text tagged in Simplified characters (its mentions as written)."""
    from kg.read.traditional import simplified

    read = [simplified(text) or text for text in texts]
    pieces = [(i, offset, sentence) for i, text in enumerate(read) for offset, sentence in _sentences(text)]
    found: list[list[dict]] = [[] for _ in texts]
    for (i, offset, _), spans in zip(pieces, tagger.tag([sentence for *_, sentence in pieces]), strict=True):
        for span in spans:
            start, end = offset + span.start, offset + span.end
            found[i].append({"start": start, "end": end, "type": str(span.kind), "text": texts[i][start:end]})
    return found


def _records(tagger: MentionTagger, lines: list[tuple[int, str]], source: str) -> Iterator[dict]:
    """The output objects of a chunk of numbered non-blank lines, in order."""
    parsed: list[tuple[object, str] | str] = []
    for number, line in lines:
        try:
            parsed.append(_text(line))
        except ValueError as exc:
            print(f"kg: {source}:{number}: skipped: {exc}", file=sys.stderr)
            parsed.append(str(exc))
    good = [item for item in parsed if isinstance(item, tuple)]
    mentions = iter(_mentions(tagger, [text for _, text in good]))
    for item in parsed:
        if isinstance(item, tuple):
            yield {"id": item[0], "mentions": next(mentions)}
        else:
            yield {"id": None, "error": item}


@app.command("extract")
def extract_command(
    jsonl: str = typer.Option(
        ..., "--jsonl", help='Input JSONL, a {"id": …, "text": …} object a line; - for stdin.'
    ),
    output: str = typer.Option(STDIO, "--output", "-o", help="Output JSONL; - (the default) for stdout."),
) -> None:
    """Write the mentions of each JSONL text, one output line per non-blank input line.

    Each output line: {"id", "mentions": [{"start", "end", "type", "text"}]}, end exclusive.

    A malformed line is reported on stderr with its number and written as {"id": null, "error": "…"}.
    """
    from kg.extract.tagger import default_tagger

    with _open(jsonl, "r") as lines, _open(output, "w") as out:
        tagger = default_tagger()
        chunk: list[tuple[int, str]] = []
        for number, line in enumerate(lines, 1):
            if line.strip():
                chunk.append((number, line))
            if len(chunk) == CHUNK_LINES:
                _write(out, _records(tagger, chunk, jsonl))
                chunk = []
        _write(out, _records(tagger, chunk, jsonl))


def _write(out: IO[str], records: Iterator[dict]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
