"""``kg serve`` under load and abuse, on 127.0.0.1: the time and row limits hold, SERVICE is
refused, malformed requests get a 4xx, a query whose client leaves is killed, stalled clients
block no one, and 1,000 queries at concurrency 50 all succeed with flat memory."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.query.server import make_server
from kg.query.store import Build
from kg.query.worker import Limits

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "query"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PEOPLE = "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def server():
    server = make_server(Build(FIXTURE), "127.0.0.1", 0, None, Limits(seconds=1, rows=50))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def get(server, query: str, accept: str = "application/sparql-results+json"):
    url = f"{server.url}sparql?{urllib.parse.urlencode({'query': query})}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw(server, request: bytes) -> bytes:
    """Send ``request`` as is; the status line of the answer."""
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(request)
        return connection.makefile("rb").readline()


def query_children(server) -> list[str]:
    """The queries running now: the children of the server's loader process."""
    loader = server.pool._loader
    return Path(f"/proc/{loader}/task/{loader}/children").read_text().split()


def test_time_limit_holds(server):
    started = time.monotonic()
    status, _, body = get(server, CROSS_JOIN)
    assert status == 503 and b"stopped" in body
    assert time.monotonic() - started < 4


def test_row_limit_holds(server):
    status, headers, body = get(server, "SELECT * { ?s ?p ?o . ?a ?b ?c }")
    assert status == 200 and headers["X-KG-Truncated"] == "50"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, headers, body = get(server, "CONSTRUCT { ?s ?p ?c } WHERE { ?s ?p ?o . ?a ?b ?c }", "text/turtle")
    assert status == 200 and headers["X-KG-Truncated"] == "50"
    status, headers, _ = get(server, PEOPLE)
    assert status == 200 and headers["X-KG-Truncated"] is None


def test_service_and_updates_are_refused(server):
    status, _, body = get(server, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE is not allowed" in body
    status, _, body = get(server, "INSERT DATA { <a:b> <a:c> <a:d> }")
    assert status == 400 and b"is an update" in body


@pytest.mark.parametrize("request_bytes, status", [
    (b"POST /sparql HTTP/1.1\r\nContent-Length: abc\r\nContent-Type: application/sparql-query\r\n\r\n", b"400"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: -5\r\n\r\n", b"400"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", b"413"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nabc", b"415"),
    (b"GET /sparql?query= HTTP/1.1\r\n\r\n", b"400"),  # GET /sparql alone is the service description
    (b"GET /sparql?query=SELEC HTTP/1.1\r\n\r\n", b"400"),
    (b"PUT /sparql HTTP/1.1\r\nContent-Length: 0\r\n\r\n", b"405"),
    (b"DELETE / HTTP/1.1\r\n\r\n", b"405"),
    (b"GARBAGE REQUEST LINE\r\n\r\n", b"400"),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", b"414"),
    (b"GET /nowhere HTTP/1.1\r\n\r\n", b"404"),
])
def test_malformed_requests_get_a_4xx(server, request_bytes, status):
    assert raw(server, request_bytes).split()[1] == status


def test_a_query_whose_client_leaves_is_killed(server):
    host, port = server.server_address[:2]
    path = "/sparql?" + urllib.parse.urlencode({"query": CROSS_JOIN})
    with socket.create_connection((host, port)) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(0.3)
        assert query_children(server)
    deadline = time.monotonic() + 0.9  # the server notices within 0.2 s; the time limit is 1 s
    while query_children(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert query_children(server) == []


def test_stalled_clients_block_no_one(server):
    host, port = server.server_address[:2]
    stalled = [socket.create_connection((host, port)) for _ in range(200)]
    try:
        for connection in stalled:
            connection.sendall(b"GET /sparql?query=")  # and never finishes its headers
        started = time.monotonic()
        assert get(server, PEOPLE)[0] == 200
        assert time.monotonic() - started < 2
    finally:
        for connection in stalled:
            connection.close()


def rss(pid: int | str = "self") -> int:
    """Resident memory of a process, in bytes."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def roomy_server():
    """A server with the default limits, as users run it."""
    server = make_server(Build(FIXTURE), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_thousand_queries_at_concurrency_50(roomy_server):
    server = roomy_server
    queries = [PEOPLE, "ASK { ?s a schema:Person }", "SELECT * { ?s ?p ?o } LIMIT 20",
               "CONSTRUCT { ?s ?p ?o } WHERE { ?s a schema:Person ; ?p ?o }"]
    get(server, queries[0])
    before = rss(), rss(server.pool._loader)
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(lambda i: get(server, queries[i % len(queries)])[0], range(1000)))
    assert statuses.count(200) == 1000
    assert rss() - before[0] < 64 << 20
    assert rss(server.pool._loader) - before[1] < 16 << 20
