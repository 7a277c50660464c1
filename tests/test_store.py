"""The query store: ``kg build`` writes the build into Oxigraph on disk (``graph.oxigraph``),
and ``Build`` opens it read-only instead of parsing ``graph.trig``, with the same answers.

The store's files are binary and differ from run to run (RocksDB): the tests that compare
builds byte for byte (``tests/test_build.py``'s ``EXPORTS``) leave it out."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

from kg.export.outputs import STORE
from kg.query.run import run, shipped_queries
from kg.query.server import make_server
from kg.query.store import Build

NAMED_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def answers(build: Build, sparql: str) -> list[list]:
    """The rows of a SELECT, sorted; a GROUP_CONCAT's parts sorted too (SPARQL leaves their order open)."""
    return sorted([sorted(term.value.split("、")) if term is not None else [] for term in row]
                  for row in run(build, sparql).rows)


def test_a_build_writes_its_store_as_one_of_its_outputs(example_build):
    link = example_build / STORE
    assert link.is_symlink() and link.is_dir()
    assert str(link.readlink()).startswith(".kg/current/")


def test_the_store_is_opened_read_only(example_build):
    build = Build(example_build)
    assert build.dataset is build.store
    with pytest.raises(RuntimeError):
        build.store.add(ox.Quad(ox.NamedNode("https://kg.example/x"), ox.NamedNode("https://kg.example/p"),
                                ox.Literal("x")))


def test_the_store_answers_as_the_trig_does(example_build):
    stored, parsed = Build(example_build), Build(example_build / "graph.trig")
    assert stored.store is not parsed.store
    for query in shipped_queries().values():
        assert answers(stored, query.text) == answers(parsed, query.text), query.name
    assert answers(stored, NAMED_GRAPHS) == answers(parsed, NAMED_GRAPHS)
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert answers(stored, union) == answers(parsed, union)  # each triple once, ontology included


def test_without_the_store_the_graph_file_is_parsed(tmp_path):
    run_kg("build", str(ROOT / "examples"), "-o", str(tmp_path), "-q", "--formats", "trig,csv")
    assert not (tmp_path / STORE).exists()
    done = run_kg("query", str(tmp_path), "people", "--format", "csv")
    assert "吴建平" in done.stdout


def test_a_store_that_cannot_be_opened_falls_back_to_the_graph_file(example_build, tmp_path, caplog):
    shutil.copy(example_build / "graph.trig", tmp_path / "graph.trig")
    (tmp_path / STORE).mkdir()
    (tmp_path / STORE / "CURRENT").write_text("garbage\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        build = Build(tmp_path)
    assert "cannot open the query store" in caplog.text
    assert run(build, 'ASK { ?p schema:name "吴建平"@zh }') is True


def test_kg_query_and_show_read_the_store(example_build):
    rows = json.loads(run_kg("query", str(example_build), "positions", "--format", "json").stdout)
    assert {"person": "吴建平", "title": "主席", "organization": "海淀区总工会"} in [
        {key: row[key] for key in ("person", "title", "organization")} for row in rows
    ]
    card = json.loads(run_kg("show", str(example_build), "吴建平", "--format", "json").stdout)
    assert card["name"] == "吴建平"


def test_a_rebuild_replaces_the_store(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    first, second = sorted((ROOT / "examples").iterdir())[:2]
    shutil.copy(first, pages / first.name)
    out = tmp_path / "out"
    run_kg("build", str(pages), "-o", str(out), "-q", "--formats", "trig,store")
    shutil.copy(second, pages / second.name)
    run_kg("build", str(pages), "-o", str(out), "-q", "--formats", "trig,store")
    assert answers(Build(out), NAMED_GRAPHS) == answers(Build(out / "graph.trig"), NAMED_GRAPHS)
    assert len(list((out / ".kg").glob("build-*"))) == 1


def test_the_endpoint_serves_from_the_store(example_build):
    server = make_server(Build(example_build), "127.0.0.1", 0, None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }"
    url = f"{server.url}sparql?{urllib.parse.urlencode({'query': query})}"

    def count(_: int) -> str:
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    try:
        with ThreadPoolExecutor(8) as pool:
            seen = set(pool.map(count, range(40)))
    finally:
        server.shutdown()
        server.server_close()
    expected = answers(Build(example_build / "graph.trig"), query)[0][0][0]
    assert [body.split() for body in seen] == [["n", expected]]
