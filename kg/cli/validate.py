"""``kg validate``: check a build against kg's SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import BUILD_HELP, OUTPUT
from kg.errors import UserError


@app.command()
def validate(
    source: Annotated[Path, typer.Argument(metavar="DIR", help=BUILD_HELP, show_default=False)] = OUTPUT,
) -> None:
    """Check a build against kg's SHACL shapes (ontology/shapes.ttl): one line per violation, exit 1 on any."""
    from kg.query.validate import violations

    found = violations(source)
    for violation in found:
        print(violation)
    if found:
        raise UserError(f"{len(found)} violation{'' if len(found) == 1 else 's'} of kg's shapes in {source}")
    print(f"kg: {source} conforms to kg's shapes", file=sys.stderr)
