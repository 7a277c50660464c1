"""``kg query``: run SPARQL over a build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT, build_and_argument
from kg.errors import UserError
from kg.query.formats import TABLE_ROWS, OutputFormat


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
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, show_default=False,
                     help=f"Print at most this many rows (default: {TABLE_ROWS} in a table, all otherwise)."),
    ] = None,
    all_rows: Annotated[bool, typer.Option("--all", help=f"Print every row (a table shows {TABLE_ROWS} otherwise).")] = False,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the shipped queries and what they answer, then exit.")
    ] = False,
) -> None:
    """Run a SPARQL query over a build. Prefixes schema: org: skos: prov: rdf: rdfs: xsd: kg: and one per kind of
    node (person: organization: place: title: honor: event: article: …) are predeclared. A table shows the first
    rows and says how many more there are; csv, tsv and json give every row."""
    if list_queries:
        _print_shipped_queries()
        return
    if query_file is None:
        source, sparql = build_and_argument("query", first, second)
    else:  # the query is in the file: a positional is the build
        source, sparql = Path(first) if first else OUTPUT, second
    if all_rows and limit is not None:
        raise UserError("give either --limit or --all, not both")
    if limit is None and not all_rows and output_format is OutputFormat.TABLE:
        limit = TABLE_ROWS
    from kg.query.run import print_answer, query_text

    print_answer(source, query_text(sparql, query_file), output_format, limit)


def _print_shipped_queries() -> None:
    from rich.table import Table

    from kg.query.run import output_console, shipped_queries

    table = Table.grid(padding=(0, 2))
    for shipped in shipped_queries().values():
        table.add_row(f"[bold]{shipped.name}[/]", shipped.description)
    output_console().print(table)
