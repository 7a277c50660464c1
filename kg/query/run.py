"""Run SPARQL over a loaded build, or read a shipped query's saved answer, and print the results
as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from kg.errors import UserError
from kg.export.outputs import STORE
from kg.query.answers import saved_answer
from kg.query.formats import OutputFormat
from kg.query.store import ID, NOT_KEYWORDS, QUERY_PREFIXES, Build, ontology_dir

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.table import Table

XSD = QUERY_PREFIXES["xsd"]
INTEGER_TYPES = {f"{XSD}{name}" for name in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
DECIMAL_TYPES = {f"{XSD}{name}" for name in ("decimal", "double", "float")}
TURTLE_PREFIXES = {name: iri for name, iri in QUERY_PREFIXES.items() if iri != ID}
"""Turtle output names kg's nodes by kind (``person:张良``), not ``id:person\\/张良``."""

QUERY_NAME = re.compile(r"[a-z][a-z0-9-]*")
_PROLOGUE = r"(?:\s|PREFIX\s+[\w.-]*:|BASE\b)*"
UPDATE_START = re.compile(
    _PROLOGUE + r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
"""An update's first word, after the prologue (whose IRIs ``NOT_KEYWORDS`` has blanked)."""
SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None


@dataclass(frozen=True)
class Solutions:
    """A SELECT result: column names and rows of terms (``None`` where unbound)."""

    columns: list[str]
    rows: list[list[Term]]


Result = Solutions | bool | list[ox.Triple]
DELIMITERS = {OutputFormat.CSV: ",", OutputFormat.TSV: "\t"}


@dataclass(frozen=True)
class ShippedQuery:
    """A query kept in ``ontology/queries/NAME.rq``; its first comment line describes it."""

    name: str
    description: str
    text: str


def shipped_queries() -> dict[str, ShippedQuery]:
    """The shipped queries by name, sorted by name."""
    queries = {}
    for path in sorted((ontology_dir() / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        queries[path.stem] = ShippedQuery(path.stem, _first_comment(text), text)
    return queries


def _first_comment(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


def query_text(query: str | None, query_file: Path | None) -> str:
    """The SPARQL to run: from ``query_file``, or ``query`` itself, or the shipped query so named."""
    if query_file is not None:
        if query is not None:
            raise UserError("give either a query or --file, not both")
        try:
            return query_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot read {query_file}: {exc.strerror}") from None
    if query is None:
        raise UserError("no query: give SPARQL text, a shipped query name (see --list) or --file")
    if QUERY_NAME.fullmatch(query):
        shipped = shipped_queries()
        if query not in shipped:
            raise UserError(f"no shipped query named {query!r}: `kg query --list` shows them")
        return shipped[query].text
    return query


def execute(build: Build, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Start ``sparql`` over ``build``, with kg's prefixes predeclared, or read the answer the
    build saved for it; refuse updates and ``SERVICE`` (which would make kg fetch any URL)."""
    check_read_only(sparql)
    saved = saved_answer(build.store_folder, sparql)
    if saved is not None:
        return saved.solutions()
    try:
        return build.store_for(sparql).query(sparql, prefixes=QUERY_PREFIXES)
    except SyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None


def check_read_only(sparql: str) -> None:
    """Raise :class:`UserError` for an update or a query that calls ``SERVICE``."""
    words = NOT_KEYWORDS.sub(" ", sparql)
    first = UPDATE_START.match(words)
    if first:
        raise UserError(f"{first.group(1).upper()} is an update: kg only answers queries (a build is read-only)")
    if SERVICE.search(words):
        raise UserError("SERVICE is not allowed: kg answers from the build alone and fetches no URL")


def run(build: Build, sparql: str) -> Result:
    """Run ``sparql`` to completion: rows for SELECT, a bool for ASK, triples for CONSTRUCT/DESCRIBE."""
    return complete(execute(build, sparql))


def complete(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """A started query's whole answer."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        try:
            return unique_triples(result)
        except (OSError, RuntimeError) as exc:
            raise UserError(f"query failed: {exc}") from None
    return Solutions(column_names(result), [list(solution) for solution in each_solution(result)])


def column_names(result: ox.QuerySolutions) -> list[str]:
    return [variable.value for variable in result.variables]


def each_solution(result: ox.QuerySolutions) -> Iterator[ox.QuerySolution]:
    """``result``'s solutions as they come; a failure on the way is a :class:`UserError`."""
    try:
        yield from result
    except (OSError, RuntimeError) as exc:
        raise UserError(f"query failed: {exc}") from None


def print_answer(source: Path, sparql: str, output_format: OutputFormat, limit: int | None = None) -> None:
    """Print the answer to ``sparql`` over the build ``source`` on stdout: SELECT rows as they
    come, at most ``limit``; a table that leaves rows out ends saying how many. An answer the
    build saved is read without opening its store, and its CSV copied as it is."""
    saved = saved_answer(source / STORE, sparql)
    if saved is not None and output_format is OutputFormat.CSV and limit is None:
        sys.stdout.flush()
        with saved.csv.open("rb") as answer:
            shutil.copyfileobj(answer, sys.stdout.buffer)
        return
    result = execute(Build(source), sparql) if saved is None else saved.solutions()
    if not isinstance(result, ox.QuerySolutions):
        print_formatted(format_result(complete(result), output_format))
        return
    rows = each_solution(result)
    if output_format in DELIMITERS:
        write_rows(column_names(result), islice(rows, limit), sys.stdout, DELIMITERS[output_format])
        return
    shown = Solutions(column_names(result), [list(solution) for solution in islice(rows, limit)])
    if output_format is OutputFormat.JSON:
        print_formatted(format_result(shown, output_format))
        return
    more = saved.count() - len(shown.rows) if saved is not None else sum(1 for _ in rows)
    print_formatted(solutions_table(shown, more))


def print_formatted(formatted: str | Table | Group) -> None:
    """Print what :func:`format_result` gives."""
    if isinstance(formatted, str):
        sys.stdout.write(formatted)
    else:
        output_console().print(formatted)


def unique_triples(triples: ox.QueryTriples) -> list[ox.Triple]:
    """Each triple once, sorted: CONSTRUCT templates can produce a triple many times."""
    return sorted(set(triples), key=str)


_NAME_START = (
    "A-Za-z_0-9:\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
LOCAL_NAME = re.compile(f"[{_NAME_START}](?:[{_NAME_START}.\\-\u00b7\u0300-\u036f\u203f-\u2040]*"
                        f"[{_NAME_START}\\-\u00b7\u0300-\u036f\u203f-\u2040])?")
"""SPARQL 1.1 / Turtle ``PN_LOCAL`` without backslash escapes, which some engines (rdflib)
do not undo: the local part of a prefixed name any tool reads back."""


def shorten(iri: str) -> str:
    """``iri`` as SPARQL and Turtle read it back: ``prefix:local`` with the longest predeclared
    prefix that leaves a plain local name (``person:张良``), else ``<iri>`` (an article's)."""
    namespaces = sorted((ns for ns in QUERY_PREFIXES.values() if iri.startswith(ns) and iri != ns), key=len)
    for namespace in reversed(namespaces):
        if LOCAL_NAME.fullmatch(iri[len(namespace):]):
            prefix = next(name for name, ns in QUERY_PREFIXES.items() if ns == namespace)
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """The IRI a prefixed name with a predeclared prefix stands for (``person:张良``,
    ``article:000_1\\/2``), else None."""
    prefix, colon, local = name.partition(":")
    if not colon or prefix not in QUERY_PREFIXES:
        return None
    return QUERY_PREFIXES[prefix] + re.sub(r"\\(.)", r"\1", local)


def term_text(term: Term, short: bool = True) -> str:
    """A term as people read it: a literal's bare value, an IRI (shortened when ``short``)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value) if short else term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def term_json(term: Term) -> str | int | float | bool | None:
    """A term as a JSON value: numbers and booleans as such, everything else as text, full IRIs."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGER_TYPES:
                return int(term.value)
            if datatype in DECIMAL_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")
    return None if term is None else term_text(term, short=False)


def format_result(result: Result, output_format: OutputFormat) -> str | Table:
    """``result`` ready to print: a rich table for SELECT as a table, text otherwise.

    ASK gives ``true``/``false``; CONSTRUCT and DESCRIBE give Turtle (table), JSON-LD (json)
    or subject/predicate/object rows (csv).
    """
    if isinstance(result, bool):
        return "true\n" if result else "false\n"
    if isinstance(result, list):
        if output_format is OutputFormat.TABLE:
            return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES).decode()
        if output_format is OutputFormat.JSON:
            return ox.serialize(result, format=ox.RdfFormat.JSON_LD).decode() + "\n"
        result = Solutions(
            ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result]
        )
    if output_format is OutputFormat.TABLE:
        return solutions_table(result)
    if output_format is OutputFormat.JSON:
        objects = [dict(zip(result.columns, map(term_json, row), strict=True)) for row in result.rows]
        return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    write_rows(result.columns, result.rows, buffer, DELIMITERS[output_format])
    return buffer.getvalue()


def write_rows(names: list[str], rows: Iterable[Iterable[Term]], out: TextIO, delimiter: str) -> None:
    """SELECT rows as CSV or TSV (``delimiter``): the column names, then each term's text, IRIs in full."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([term_text(term, short=False) for term in row] for row in rows)


def solutions_table(solutions: Solutions, more: int = 0) -> Table | Group:
    """SELECT rows as a rich table captioned with their count, or followed by how many ``more``
    rows it leaves out; rich aligns by display width, so CJK columns line up."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    count = len(solutions.rows)
    table = Table(box=box.SIMPLE_HEAD, caption=None if more else f"{count} row{'' if count == 1 else 's'}",
                  caption_justify="left")
    for column in solutions.columns:
        table.add_column(column, overflow="fold")
    for row in solutions.rows:
        table.add_row(*(Text(term_text(term)) for term in row))
    if not more:
        return table
    return Group(table, Text(f"… and {more} more row{'' if more == 1 else 's'} (use --all or --format csv)"))


def output_console() -> Console:
    """A console for stdout; when piped, wide enough that rows and sentences stay on one line."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=10_000)
