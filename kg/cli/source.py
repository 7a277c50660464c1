"""The build a command reads: ``kg COMMAND [DIR] …``, the folder first, ``output`` by default."""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import UserError

OUTPUT = Path("output")
"""The build folder a command reads when given none, as ``kg build -o output`` writes it."""
BUILD_HELP = "The build: a `kg build` output folder (default: output), or one RDF file (.trig .nq .ttl .nt .jsonld)."


def is_build(path: Path) -> bool:
    """Whether ``path`` is a build: a folder ``kg build`` published into (``.kg/current``), one
    holding a graph file or query store, or one RDF file."""
    from kg.export.atomic import CURRENT, STATE
    from kg.export.outputs import STORE
    from kg.query.store import graph_file

    try:
        if (path / STATE / CURRENT).is_symlink() or (path / STORE).is_dir():
            return True
        graph_file(path)
    except (UserError, OSError):  # OSError: too long a name for a path, as SPARQL text may be
        return False
    return True


def build_and_argument(command: str, first: str | None, second: str | None) -> tuple[Path, str | None]:
    """The build and the other argument of ``kg COMMAND [DIR] ARG``. One given is ARG, read
    from ``output``, unless it is a build (then ARG is None). Two in the order ``kg show``
    once took (ARG DIR) are read that way, with a note on stderr."""
    if second is None:
        if first is not None and is_build(Path(first)):
            return Path(first), None
        return OUTPUT, first
    if is_build(Path(second)) and not is_build(Path(first)):
        print(f"kg: reading {second} as the build; the build comes first: kg {command} {second} {first}",
              file=sys.stderr)
        return Path(second), first
    return Path(first), second
