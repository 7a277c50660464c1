"""The ``kg`` command line: one module per command, registered here."""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from kg import __version__
from kg.errors import UserError

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs from Chinese news pages, and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _print_version(value: bool) -> None:
    if value:
        print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print kg's version and exit."),
) -> None:
    """Build knowledge graphs from Chinese news pages, and query them."""


COMMANDS = ("build", "query", "serve", "show", "eval", "extract", "train", "viz")

for _name in COMMANDS:
    try:
        importlib.import_module(f"kg.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command not written yet
        if exc.name != f"kg.cli.{_name}":
            raise


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="kg: %(message)s")
    try:
        app()
    except UserError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        sys.exit(130)
