"""Every command that reads a build takes its folder first, ``output`` when none is given:
``kg query [DIR] QUERY``, ``kg show [DIR] NAME``, ``kg viz [DIR]``, ``kg validate [DIR]``,
``kg push [DIR]``, ``kg serve [DIR]``, ``kg eval [DIR] --gold …``."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_push import guarded_store

from kg.cli.source import OUTPUT, build_and_argument, is_build

GOLD = {"doc": "2024-05-08_page03.md", "persons": [{"name": "吴建平", "aliases": []}]}


@pytest.fixture
def workdir(tmp_path, example_build) -> Path:
    """A folder whose ``output`` is the examples' build, with a gold file and a query file."""
    (tmp_path / OUTPUT).symlink_to(example_build, target_is_directory=True)
    (tmp_path / "gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "people.rq").write_text("SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n",
                                        encoding="utf-8")
    return tmp_path


def kg(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, stdin=subprocess.DEVNULL)


COMMANDS = {
    "query": ["people", "--format", "csv"],
    "show": ["吴建平", "--format", "json"],
    "viz": ["--focus", "吴建平", "-o", "page.html"],
    "validate": [],
    "eval": ["--gold", "gold.json", "--json"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_the_build_comes_first_and_defaults_to_output(workdir, command):
    default = kg(workdir, command, *COMMANDS[command])
    assert default.returncode == 0, default.stderr
    given = kg(workdir, command, "output", *COMMANDS[command])
    assert (given.returncode, given.stdout, given.stderr) == (0, default.stdout, default.stderr)


def test_push_reads_output_by_default(workdir):
    with guarded_store() as store:
        default = kg(workdir, "push", "--endpoint", store.url)
        given = kg(workdir, "push", "output", "--endpoint", store.url)
    assert default.returncode == given.returncode == 0, default.stderr
    assert default.stderr == given.stderr and "put 5 graphs" in given.stderr
    assert store.graphs[:5] == store.graphs[5:]


def test_serve_reads_output_by_default(workdir):
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0"], cwd=workdir,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
        ask = urllib.parse.urlencode({"query": 'ASK { ?p schema:name "吴建平"@zh }'})
        with urllib.request.urlopen(f"{url}sparql?{ask}", timeout=30) as answer:
            assert json.load(answer)["boolean"] is True
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0
    finally:
        server.kill()
        server.wait()


def test_show_still_takes_the_name_first_with_a_note(workdir):
    old = kg(workdir, "show", "吴建平", "output", "--format", "json")
    assert old.returncode == 0
    assert old.stdout == kg(workdir, "show", "output", "吴建平", "--format", "json").stdout
    assert old.stderr == "kg: reading output as the build; the build comes first: kg show output 吴建平\n"


def test_query_reads_a_file_from_the_build_given_or_output(workdir):
    from_output = kg(workdir, "query", "-f", "people.rq", "--format", "csv")
    assert from_output.returncode == 0 and "吴建平" in from_output.stdout
    assert kg(workdir, "query", "output", "-f", "people.rq", "--format", "csv").stdout == from_output.stdout
    missing = kg(workdir, "query", "output")
    assert missing.returncode == 1 and missing.stderr.startswith("kg: no query")


def test_a_query_too_long_to_be_a_path_is_a_query(workdir):
    long = "SELECT ?n WHERE { ?p schema:name ?n } # " + "x" * 5000
    assert kg(workdir, "query", long, "--format", "csv").returncode == 0
    assert kg(workdir, "query", long, "output", "--format", "csv").returncode == 0


def test_no_build_in_output_is_one_line(tmp_path):
    done = kg(tmp_path, "show", "吴建平")
    assert done.returncode == 1 and done.stderr.startswith("kg: output") and len(done.stderr.splitlines()) == 1


def test_what_counts_as_a_build(workdir, example_build):
    assert is_build(workdir / OUTPUT) and is_build(example_build / "graph.nt")
    assert not is_build(workdir) and not is_build(workdir / "gold.json") and not is_build(workdir / "nothing")
    assert build_and_argument("show", "张良", None) == (OUTPUT, "张良")
    assert build_and_argument("show", str(example_build), None) == (example_build, None)
    assert build_and_argument("show", "a", "b") == (Path("a"), "b")
