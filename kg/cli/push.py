"""``kg push``: load a build into a triple store over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app


@app.command()
def push(
    source: Annotated[
        Path, typer.Argument(help="A build's output folder, or one RDF file (.trig .nq keep the article graphs).")
    ] = Path("output"),
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="The store's Graph Store Protocol URL: Fuseki http://HOST:3030/DATASET/data, "
                          "Oxigraph http://HOST:7878/store, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service.")
    ] = ...,
    graph: Annotated[
        str | None, typer.Option("--graph", help="Put every triple into this one named graph, not one graph per article.")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary.")] = False,
) -> None:
    """Load a build into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol: its
    default graph and one named graph per article (or all in --graph), each replaced by a PUT."""
    from kg.export.push import push as put_graphs

    sent = []
    count = put_graphs(source, endpoint, graph, report=lambda target, triples: sent.append(triples))
    if not quiet:
        print(f"kg: put {count} graph{'' if count == 1 else 's'} ({sum(sent)} triples) into {endpoint}",
              file=sys.stderr)
