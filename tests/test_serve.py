"""``kg serve``: the SPARQL 1.1 Protocol endpoint and the query page."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query.server import make_server
from kg.query.store import Build

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "query"
PEOPLE = 'SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name'
JSON_RESULTS = "application/sparql-results+json"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    graph_html = tmp_path_factory.mktemp("build") / "graph.html"
    graph_html.write_text("<!doctype html><title>graph</title>", encoding="utf-8")
    server = make_server(Build(FIXTURE), "127.0.0.1", 0, graph_html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def names(body: str) -> list[str]:
    return [binding["name"]["value"] for binding in json.loads(body)["results"]["bindings"]]


def test_get_answers_select_with_sparql_json(base_url):
    status, content_type, body = fetch(
        f"{base_url}sparql?{urllib.parse.urlencode({'query': PEOPLE})}", headers={"Accept": JSON_RESULTS}
    )
    assert status == 200
    assert content_type.startswith(JSON_RESULTS)
    assert "张良" in names(body) and "王敬东" in names(body)


def test_post_sparql_query_body(base_url):
    status, _, body = fetch(
        f"{base_url}sparql",
        PEOPLE.encode(),
        {"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
    )
    assert status == 200
    assert "张良" in names(body)


def test_post_form(base_url):
    status, _, body = fetch(
        f"{base_url}sparql",
        urllib.parse.urlencode({"query": PEOPLE}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200
    assert "张良" in names(body)


def test_accept_picks_csv_and_xml(base_url):
    url = f"{base_url}sparql?{urllib.parse.urlencode({'query': PEOPLE})}"
    _, content_type, body = fetch(url, headers={"Accept": "text/csv"})
    assert content_type.startswith("text/csv")
    assert ["张良"] in list(csv.reader(io.StringIO(body)))
    _, content_type, body = fetch(url, headers={"Accept": "application/sparql-results+xml"})
    assert content_type.startswith("application/sparql-results+xml") and "<sparql" in body


def test_construct_answers_turtle(base_url):
    query = 'CONSTRUCT { ?p ?q ?o } WHERE { ?p schema:name "张良"@zh ; ?q ?o }'
    status, content_type, body = fetch(f"{base_url}sparql?{urllib.parse.urlencode({'query': query})}")
    assert status == 200 and content_type.startswith("text/turtle")
    assert body.count('"张良"@zh') == 1


def test_syntax_error_is_a_bad_request(base_url):
    status, _, body = fetch(f"{base_url}sparql?{urllib.parse.urlencode({'query': 'SELEC'})}")
    assert status == 400 and "syntax error" in body


def test_updates_are_refused(base_url):
    data = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    status, _, _ = fetch(f"{base_url}sparql", data, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403


def test_page_is_self_contained(base_url):
    status, content_type, page = fetch(base_url)
    assert status == 200 and content_type.startswith("text/html")
    assert "<textarea" in page
    external = [url for url in re.findall(r"https?://[^\s\"'<>]*", page) if not url.startswith(base_url)]
    assert external == []


def test_page_loads_shipped_queries_and_prefixes(base_url):
    _, _, queries = fetch(f"{base_url}queries.json")
    assert "positions" in {query["name"] for query in json.loads(queries)}
    _, _, prefixes = fetch(f"{base_url}prefixes.json")
    assert json.loads(prefixes)["schema"] == "https://schema.org/"


def test_graph_page_is_served(base_url):
    status, _, body = fetch(f"{base_url}graph.html")
    assert status == 200 and "<title>graph</title>" in body


def test_cli_prints_the_url_and_stops_on_ctrl_c():
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(FIXTURE), "--port", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
        assert fetch(url)[0] == 200
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0
        assert "Traceback" not in server.stderr.read()
    finally:
        server.kill()
        server.wait()


ARTICLE_GRAPH = "https://kg.example/id/article/000_659268f85b625d99/1"


def test_get_without_a_query_describes_the_service(base_url):
    import pyoxigraph as ox

    status, content_type, body = fetch(f"{base_url}sparql")
    assert status == 200 and content_type.startswith("text/turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = [quad.triple for quad in ox.parse(body.encode("utf-8"), format=ox.RdfFormat.TURTLE)]
    endpoint = ox.NamedNode(f"{base_url}sparql")
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples


def test_graph_store_reads_one_article_graph_and_the_default(base_url):
    import pyoxigraph as ox

    def graph(query: str) -> set:
        status, content_type, body = fetch(f"{base_url}store?{query}", headers={"Accept": "application/n-triples"})
        assert status == 200 and content_type.startswith("application/n-triples"), body
        return set(ox.parse(body.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))

    article = graph(urllib.parse.urlencode({"graph": ARTICLE_GRAPH}))
    union = graph("default")
    assert article and article < union
    status, _, _ = fetch(f"{base_url}store?{urllib.parse.urlencode({'graph': 'x> } DROP ALL {'})}")
    assert status == 400
    assert fetch(f"{base_url}store")[0] == 400
    turtle = fetch(f"{base_url}store?default")
    assert turtle[0] == 200 and turtle[1].startswith("text/turtle")


def test_cors_only_when_asked(base_url):
    request = urllib.request.Request(f"{base_url}sparql", method="OPTIONS")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405
    server = make_server(Build(FIXTURE), "127.0.0.1", 0, cors=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(f"{server.url}sparql", method="OPTIONS",
                                         headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "POST"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert "POST" in response.headers["Access-Control-Allow-Methods"]
        request = urllib.request.Request(f"{server.url}sparql?{urllib.parse.urlencode({'query': PEOPLE})}",
                                         headers={"Accept": JSON_RESULTS, "Origin": "https://example.org"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "*"
    finally:
        server.shutdown()
        server.server_close()
