"""``kg extract``: mentions of JSONL texts, streamed one line at a time."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import typer

from kg.cli import app
from kg.errors import UserError
from kg.extract.neural import detect_mentions

STDIO = "-"


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
    with open(name, mode, encoding="utf-8", errors="replace", newline="\n") as stream:
        yield stream


def _record(line: str) -> dict:
    """The output object for one input line; raises ``ValueError`` if the line is not
    a JSON object with a string ``text``."""
    item = json.loads(line)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError('expected a JSON object with a string "text"')
    mentions = [
        {"start": m.start, "end": m.end, "type": str(m.kind), "text": m.text}
        for m in detect_mentions(item["text"])
    ]
    return {"id": item.get("id"), "mentions": mentions}


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
    with _open(jsonl, "r") as lines, _open(output, "w") as out:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = _record(line)
            except ValueError as exc:
                print(f"kg: {jsonl}:{number}: skipped: {exc}", file=sys.stderr)
                record = {"id": None, "error": str(exc)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
