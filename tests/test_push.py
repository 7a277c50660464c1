"""kg push: a build loaded into a real Oxigraph server on 127.0.0.1 through the SPARQL 1.1
Graph Store HTTP Protocol, one named graph per article or all in one; and into a small store
that asks for credentials."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

from kg.query.run import shipped_queries

# the server pip installs beside this Python (a venv not on PATH), else one on PATH
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


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


class _GuardedStore(http.server.BaseHTTPRequestHandler):
    """Takes a PUT only with the server's ``authorization`` header (any, when that is None)."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        wanted = self.server.authorization
        if wanted is not None and self.headers.get("Authorization") != wanted:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        else:
            self.server.graphs.append(urllib.parse.unquote(self.path))
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def guarded_store(authorization: str | None = None) -> Iterator[http.server.HTTPServer]:
    """A Graph Store on 127.0.0.1 that records the graphs put (``.graphs``), at ``.url``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GuardedStore)
    server.authorization, server.graphs = authorization, []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/store"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def push(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """``kg push`` with these environment variables (and no KG_PUSH_PASSWORD but these), no terminal."""
    environment = {name: value for name, value in os.environ.items() if name != "KG_PUSH_PASSWORD"} | env
    return subprocess.run([sys.executable, "-m", "kg", "push", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=environment, stdin=subprocess.DEVNULL)


PASSWORD = "s3cret-pässword"
BASIC = "Basic " + base64.b64encode(f"loader:{PASSWORD}".encode()).decode()


def test_basic_auth_with_the_password_from_the_environment(example_build):
    with guarded_store(BASIC) as store:
        done = push(str(example_build), "--endpoint", store.url, "--user", "loader", KG_PUSH_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "/store?default" in store.graphs and len(store.graphs) == 5
    assert PASSWORD not in done.stdout + done.stderr


@pytest.mark.parametrize(("options", "env", "said"), [
    ([], {}, "the store wants credentials"),
    (["--user", "loader"], {"KG_PUSH_PASSWORD": "wrong-" + PASSWORD}, "the credentials were refused"),
    (["--token-env", "KG_TEST_TOKEN"], {"KG_TEST_TOKEN": PASSWORD}, "the credentials were refused"),
    (["--user", "loader"], {}, "set KG_PUSH_PASSWORD"),
    (["--token-env", "KG_TEST_UNSET"], {}, "no token in the environment variable KG_TEST_UNSET"),
    (["--user", "loader", "--token-env", "KG_TEST_TOKEN"], {"KG_TEST_TOKEN": "t"}, "not both"),
])
def test_missing_or_wrong_credentials_are_one_line(example_build, options, env, said):
    with guarded_store(BASIC) as store:
        done = push(str(example_build), "--endpoint", store.url, *options, **env)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("kg: ") and said in done.stderr and len(done.stderr.splitlines()) == 1
    assert PASSWORD not in done.stderr and not store.graphs


def test_bearer_token_from_the_named_variable(example_build):
    with guarded_store(f"Bearer {PASSWORD}") as store:
        done = push(str(example_build), "--endpoint", store.url, "--token-env", "KG_TEST_TOKEN", "-q",
                    KG_TEST_TOKEN=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert len(store.graphs) == 5 and done.stderr == ""
