"""The command line starts fast: ``import kg.cli`` (all that ``kg --help`` needs) loads none of
the heavy libraries; each command loads what it uses when it runs."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, run_kg

HEAVY = ("rdflib", "pyoxigraph", "numpy", "networkx", "jieba")


def test_the_command_line_loads_no_heavy_library():
    probe = f"import json, sys, kg.cli; print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stdout) == []


def test_help_lists_every_command():
    from kg.cli import COMMANDS

    shown = run_kg("--help").stdout
    for command in COMMANDS:
        assert command in shown, command


def test_serve_shows_the_limits_it_applies():
    """``kg serve``'s options name the defaults of ``Limits``, which they cannot import."""
    import typer

    from kg.cli import app
    from kg.query.worker import Limits

    options = {param.name: param.help for param in typer.main.get_command(app).commands["serve"].params}
    assert f"(default: {Limits.seconds:g})" in options["timeout"]
    assert f"(default: {Limits.rows})" in options["max_rows"]


def test_the_plain_namespaces_are_rdflibs():
    from kg.iris import NAMESPACES
    from kg.vocab import PREFIXES

    assert {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} == NAMESPACES
