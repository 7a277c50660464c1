"""The ``kg`` command line: one module per command, registered here."""

from __future__ import annotations

import importlib
import logging
import os
import sys

import typer

from kg import __version__
from kg.errors import UserError

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs from Chinese news pages, and query them.",
    no_args_is_help=True,
    add_completion=True,  # kg --install-completion / --show-completion [bash|zsh|fish|powershell]
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


COMMANDS = ("build", "query", "serve", "show", "eval", "extract", "train", "viz", "validate", "push")

for _name in COMMANDS:
    try:
        importlib.import_module(f"kg.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command not written yet
        if exc.name != f"kg.cli.{_name}":
            raise


def main() -> None:
    """Run the CLI: every problem is one line on stderr (``kg: …``) and a non-zero exit status;
    ``KG_DEBUG=1`` shows the traceback of an unexpected error instead."""
    logging.basicConfig(level=logging.WARNING, format="kg: %(message)s")
    try:
        status = app(prog_name="kg", standalone_mode=False)
    except UserError as exc:
        _fail(str(exc), 1)
    except typer.exceptions.TyperException as exc:  # a usage error, already shown when it is empty
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        command = exc.ctx.command_path if getattr(exc, "ctx", None) else "kg"
        if message:
            _fail(f"{message} (see `{command} --help`)", getattr(exc, "exit_code", 2))
        sys.exit(getattr(exc, "exit_code", 2))
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted", 130)
    except BrokenPipeError:  # the reader of stdout went away (| head): nothing more to say
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("KG_DEBUG"):
            raise
        _fail(f"unexpected error: {type(exc).__name__}: {exc} (KG_DEBUG=1 shows where)", 2)
    sys.exit(status if isinstance(status, int) else 0)


def _fail(message: str, status: int) -> None:
    print("kg: " + " ".join(message.split()), file=sys.stderr, flush=True)
    sys.exit(status)
