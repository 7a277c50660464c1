"""``kg query``: run SPARQL over a build."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT, build_and_argument
from kg.query.formats import OutputFormat


@app.command()
def query(
    first: Annotated[str | None, typer.Argument(metavar="DIR", help=BUILD_HELP, show_default=False)] = None,
    second: Annotated[
        str | None,
        typer.Argument(metavar="QUERY", help="SPARQL text, or the name of a shipped query (see --list).",
                       show_default=False),
    ] = None,
    query_file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the SPARQL from this file.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table for people; csv or json for programs.")
    ] = OutputFormat.TABLE,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the shipped queries and what they answer, then exit.")
    ] = False,
) -> None:
    """Run a SPARQL query over a build. Prefixes schema: org: skos: prov: rdf: rdfs: xsd: kg: and one per kind of
    node (person: organization: place: title: honor: event: article: …) are predeclared."""
    if list_queries:
        _print_shipped_queries()
        return
    if query_file is None:
        source, sparql = build_and_argument("query", first, second)
    else:  # the query is in the file: a positional is the build
        source, sparql = Path(first) if first else OUTPUT, second
    from kg.query.run import format_result, output_console, query_text, run
    from kg.query.store import Build

    text = query_text(sparql, query_file)
    result = format_result(run(Build(source), text), output_format)
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        output_console().print(result)


def _print_shipped_queries() -> None:
    from rich.table import Table

    from kg.query.run import output_console, shipped_queries

    table = Table.grid(padding=(0, 2))
    for shipped in shipped_queries().values():
        table.add_row(f"[bold]{shipped.name}[/]", shipped.description)
    output_console().print(table)
