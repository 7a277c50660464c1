"""``kg serve``: a read-only SPARQL endpoint and query page over a build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT


@app.command()
def serve(
    source: Annotated[Path, typer.Argument(metavar="DIR", help=BUILD_HELP, show_default=False)] = OUTPUT,
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 7878,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    timeout: Annotated[
        float | None,
        typer.Option(min=0.1, help="Seconds a query may run (default: 30); it is stopped after that."),
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(min=1, help="Rows (or triples) an answer may hold (default: 10000); more are cut, "
                                 "marked X-KG-Truncated."),
    ] = None,
    cors: Annotated[
        bool, typer.Option("--cors", help="Let web pages of any origin query the endpoint (CORS).")
    ] = False,
) -> None:
    """Serve SPARQL over a build at /sparql (GET it without a query: the service description),
    the graphs read-only at /store?default and /store?graph=IRI, a query page at /. The default
    graph is the union of the articles' graphs. Ctrl-C stops."""
    from kg.query.server import make_server
    from kg.query.store import Build
    from kg.query.worker import Limits

    build = Build(source)
    graph_html = source / "graph.html" if source.is_dir() else source.parent / "graph.html"
    given = {"seconds": timeout, "rows": max_rows}
    limits = Limits(**{name: value for name, value in given.items() if value is not None})
    server = make_server(build, host, port, graph_html if graph_html.is_file() else None, limits, cors)
    print(f"kg: query page {server.url}  SPARQL endpoint {server.url}sparql  (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("kg: stopped", flush=True)
    finally:
        server.server_close()
