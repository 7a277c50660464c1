"""``kg push``: load a build into a triple store over HTTP."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT
from kg.errors import UserError

PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"


@app.command()
def push(
    source: Annotated[Path, typer.Argument(metavar="DIR", help=BUILD_HELP, show_default=False)] = OUTPUT,
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="The store's Graph Store Protocol URL: Fuseki http://HOST:3030/DATASET/data, "
                          "Oxigraph http://HOST:7878/store, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service.")
    ] = ...,
    graph: Annotated[
        str | None, typer.Option("--graph", help="Put every triple into this one named graph, not one graph per article.")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", metavar="NAME", help=f"Log in with HTTP Basic auth as NAME; the password "
                                 f"is read from {PASSWORD_VARIABLE}, else asked for.")
    ] = None,
    token_env: Annotated[
        str | None, typer.Option("--token-env", metavar="VAR", help="Send the bearer token held in the environment "
                                 "variable VAR.")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary.")] = False,
) -> None:
    """Load a build into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol: its
    default graph and one named graph per article (a .trig or .nq build keeps them; or all in
    --graph), each replaced by a PUT."""
    from kg.export.push import push as put_graphs

    sent = []
    count = put_graphs(source, endpoint, graph, report=lambda target, triples: sent.append(triples),
                       authorization=_authorization(user, token_env))
    if not quiet:
        print(f"kg: put {count} graph{'' if count == 1 else 's'} ({sum(sent)} triples) into {endpoint}",
              file=sys.stderr)


def _authorization(user: str | None, token_env: str | None) -> str | None:
    """The ``Authorization`` header that ``--user`` or ``--token-env`` asks for; None for neither."""
    from kg.export.push import basic_authorization

    if user is not None and token_env is not None:
        raise UserError("give --user or --token-env, not both")
    if token_env is not None:
        if not (token := os.environ.get(token_env, "").strip()):
            raise UserError(f"no token in the environment variable {token_env} (--token-env names it)")
        return f"Bearer {token}"
    if user is None:
        return None
    return basic_authorization(user, os.environ.get(PASSWORD_VARIABLE) or _ask_password(user))


def _ask_password(user: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise UserError(f"no password for {user}: set {PASSWORD_VARIABLE} (there is no terminal to ask on)")
    try:
        return getpass.getpass(f"kg: password for {user}: ")
    except EOFError:
        raise UserError(f"no password for {user}") from None
