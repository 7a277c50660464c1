"""kg push: a build loaded into a real Oxigraph server on 127.0.0.1 through the SPARQL 1.1
Graph Store HTTP Protocol, one named graph per article or all in one."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import run_kg

from kg.query.run import shipped_queries

OXIGRAPH = shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server():
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def select(server: str, sparql: str, union: bool = False) -> list[dict]:
    query = {"query": sparql} | ({"union-default-graph": ""} if union else {})
    request = urllib.request.Request(f"{server}/query?{urllib.parse.urlencode(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["results"]["bindings"]


def count(server: str, pattern: str) -> int:
    return int(select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def test_one_named_graph_per_article(server, example_build):
    run_kg("push", str(example_build), "--endpoint", f"{server}/store", "-q")
    run_kg("push", str(example_build), "--endpoint", f"{server}/store", "-q")  # PUT again: replaced, not doubled
    quads = set(ox.parse(path=example_build / "graph.trig", format=ox.RdfFormat.TRIG))
    articles = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    graphs = {row["g"]["value"] for row in select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == articles
    assert count(server, "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }") == len(quads)
    positions = shipped_queries()["positions"].text
    expected = run_kg("query", str(example_build), "positions", "--format", "json").stdout
    assert len(select(server, positions, union=True)) == len(json.loads(expected)) > 0


def test_all_in_one_graph(server, example_build):
    graph = "https://news.example.cn/graph/examples"
    done = run_kg("push", str(example_build), "--endpoint", f"{server}/store", "--graph", graph)
    assert "put 1 graph" in done.stderr
    triples = set(ox.parse(path=example_build / "graph.nt", format=ox.RdfFormat.N_TRIPLES))
    assert count(server, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == len(triples)


def test_an_unreachable_store_is_one_line(example_build):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run_kg("push", str(example_build), "--endpoint", f"http://127.0.0.1:{port}/store", check=False)
    assert done.returncode == 1 and done.stderr.startswith("kg: cannot reach") and len(done.stderr.splitlines()) == 1
