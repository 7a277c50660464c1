"""The ``kg`` command line: one module per command, registered here."""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from kg.errors import UserError

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs from Chinese news pages, and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMANDS = ("build", "query", "serve", "show", "eval", "extract", "train")

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
