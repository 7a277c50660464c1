"""A read-only SPARQL endpoint over one build, with a small query page.

``/sparql`` speaks the SPARQL 1.1 Protocol (GET ``?query=``, POST form or
``application/sparql-query``) and answers in the format the ``Accept`` header asks for;
``/`` is a self-contained page (no external URLs) that runs queries against it;
``/graph.html`` is the build's own graph page, when it has one.
"""

from __future__ import annotations

import html
import json
import select
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import UserError
from kg.query.run import shipped_queries
from kg.query.store import QUERY_PREFIXES, Build
from kg.query.worker import Limits, QueryPool

DEFAULT_QUERY = """# What the build holds: each type and how many things have it.
SELECT ?type (COUNT(DISTINCT ?thing) AS ?things) WHERE {
  ?thing a ?type .
}
GROUP BY ?type
ORDER BY DESC(?things) ?type
"""

MAX_QUERY_BYTES = 1_000_000
MAX_CONNECTIONS = 256
"""Connections served at once; more are closed at once (each holds a thread)."""
SOCKET_TIMEOUT = 20
"""Seconds a client may take to send its request, or to take a piece of the answer."""


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL over ``build``; each request runs in its own thread, each
    query in its own process (:class:`QueryPool`)."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], build: Build, graph_html: Path | None = None,
                 limits: Limits | None = None, cors: bool = False):
        super().__init__(address, SparqlHandler)
        self.graph_html = graph_html
        self.cors = cors
        self.connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.pool = QueryPool(build, limits or Limits())

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def process_request(self, request, client_address) -> None:
        if not self.connections.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    def handle_error(self, request, client_address) -> None:
        """One line for a request that failed; nothing for a client that went away."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(f"kg: request from {client_address[0]} failed: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(build: Build, host: str, port: int, graph_html: Path | None = None,
                limits: Limits | None = None, cors: bool = False) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: any free port); call ``serve_forever`` to run it.
    With ``cors``, pages of any origin may query it from a browser."""
    if not 0 <= port <= 65535:
        raise UserError(f"no port {port}: pick a --port from 0 to 65535")
    try:
        return SparqlServer((host, port), build, graph_html, limits, cors)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}; pick another --port") from None


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes ``/``, ``/sparql``, ``/queries.json``, ``/prefixes.json`` and ``/graph.html``."""

    server: SparqlServer
    timeout = SOCKET_TIMEOUT
    default_request_version = "HTTP/1.0"  # a garbled request line gets a status line too, not HTTP/0.9

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page(self.server.graph_html is not None))
        elif url.path == "/sparql" and not url.query:
            self._send(HTTPStatus.OK, "text/turtle; charset=utf-8", _service_description(self._base_url()))
        elif url.path == "/sparql":
            self._answer(parse_qs(url.query).get("query", [None])[0])
        elif url.path == "/store":
            self._graph_store(parse_qs(url.query, keep_blank_values=True))
        elif url.path == "/queries.json":
            self._send_json([vars(query) for query in shipped_queries().values()])
        elif url.path == "/prefixes.json":
            self._send_json(QUERY_PREFIXES)
        elif url.path == "/graph.html" and self.server.graph_html is not None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.graph_html.read_bytes())
        else:
            self._send_text(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/sparql":
            self._send_text(HTTPStatus.NOT_FOUND, "POST queries to /sparql")
            return
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            self._send_text(HTTPStatus.BAD_REQUEST, f"Content-Length is no length: {length[:40]!r}")
            return
        if int(length) > MAX_QUERY_BYTES:
            self._send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too long")
            return
        body = self.rfile.read(int(length)).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            self._answer(body)
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            else:
                self._answer(form.get("query", [None])[0])
        else:
            self._send_text(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or application/x-www-form-urlencoded",
            )

    def do_OPTIONS(self) -> None:
        """A browser's CORS preflight: allowed when the server was started with ``--cors``."""
        if not self.server.cors:
            self._refuse_method()
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _cors_headers(self) -> None:
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "X-KG-Truncated")

    def _graph_store(self, params: dict[str, list[str]]) -> None:
        """The SPARQL 1.1 Graph Store Protocol, read-only: ``?default`` is the default graph (the
        union of the articles' graphs), ``?graph=IRI`` one article's graph; Turtle unless the
        ``Accept`` header asks for another RDF format."""
        if "graph" in params and params["graph"][0]:
            graph = params["graph"][0]
            if any(c in graph for c in '<>"{}|\\^` ') or not graph.startswith(("http://", "https://")):
                self._send_text(HTTPStatus.BAD_REQUEST, "graph= takes an http(s) IRI")
                return
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        elif "default" in params:
            query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        else:
            self._send_text(HTTPStatus.BAD_REQUEST, "ask for /store?default or /store?graph=IRI")
            return
        self._answer(query, self.headers.get("Accept") or "text/turtle")

    def _base_url(self) -> str:
        host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        return f"http://{host}/"

    def _refuse_method(self) -> None:
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, "GET or POST only: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _answer(self, sparql: str | None, accept: str | None = None) -> None:
        """Run ``sparql`` and send its result in the best format the client accepts."""
        if not sparql:
            self._send_text(HTTPStatus.BAD_REQUEST, "missing the query parameter")
            return
        accepted = _accepted_media_types(accept or self.headers.get("Accept"))
        answer = self.server.pool.answer(sparql, accepted, self._client_gone)
        if answer is None:
            self.close_connection = True
            return
        extra = {"X-KG-Truncated": str(self.server.pool.limits.rows)} if answer.truncated else {}
        self._send(HTTPStatus(answer.status), f"{answer.media_type}; charset=utf-8", answer.body, extra)

    def _client_gone(self) -> bool:
        """Has the client closed its connection (a closed socket reads as end of data)?"""
        try:
            if not select.select([self.connection], [], [], 0)[0]:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _send(self, status: HTTPStatus, content_type: str, body: bytes | str,
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self._cors_headers()
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", message + "\n")

    def _send_json(self, value: object) -> None:
        self._send(HTTPStatus.OK, "application/json", json.dumps(value, ensure_ascii=False))


def _service_description(base: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint at ``base``sparql, in Turtle."""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

<{base}sparql> a sd:Service ;
    sd:endpoint <{base}sparql> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML , formats:SPARQL_Results_CSV ,
        formats:SPARQL_Results_TSV , formats:Turtle , formats:N-Triples , formats:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ] ] .
"""


def _accepted_media_types(accept: str | None) -> list[str]:
    """The media types of an ``Accept`` header, most wanted first (``q`` weights, stable)."""
    weighted = []
    for position, item in enumerate((accept or "").split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            weighted.append((-quality, position, media_type.lower()))
    return [media_type for *_, media_type in sorted(weighted)]


def _page(has_graph_html: bool) -> str:
    graph_link = '<a href="graph.html">graph</a>' if has_graph_html else ""
    return PAGE.replace("{{GRAPH_LINK}}", graph_link).replace("{{DEFAULT_QUERY}}", html.escape(DEFAULT_QUERY))


PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>kg SPARQL</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
         margin: 1.5em; color: #222; }
  header { display: flex; gap: 1em; align-items: baseline; }
  h1 { font-size: 1.3em; margin: 0 0 .5em; }
  textarea { width: 100%; height: 14em; font: 14px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  #queries button { margin: 0 .3em .3em 0; }
  #run { font-weight: bold; }
  #status { color: #666; margin-left: 1em; }
  .error { color: #b00; white-space: pre-wrap; }
  table { border-collapse: collapse; margin-top: 1em; }
  th, td { border-bottom: 1px solid #ddd; padding: .25em .8em .25em 0; text-align: left; vertical-align: top; }
  th { border-bottom: 2px solid #888; }
  pre { background: #f6f6f6; padding: .8em; overflow: auto; }
</style>
</head>
<body>
<header><h1>kg SPARQL</h1> {{GRAPH_LINK}}</header>
<div id="queries"></div>
<textarea id="query" spellcheck="false">{{DEFAULT_QUERY}}</textarea>
<p><button id="run">Run</button> (Ctrl+Enter) <span id="status"></span></p>
<div id="results"></div>
<script>
"use strict";
const query = document.getElementById("query");
const results = document.getElementById("results");
const status = document.getElementById("status");
let prefixes = [];

function shorten(iri) {
  for (const [name, ns] of prefixes) {
    if (iri.startsWith(ns) && iri.length > ns.length) return name + ":" + iri.slice(ns.length);
  }
  return iri;
}

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") return shorten(term.value);
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function showTable(data) {
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  for (const binding of data.results.bindings) {
    const row = table.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
  }
  results.replaceChildren(table);
  status.textContent = data.results.bindings.length + " rows";
}

async function runQuery() {
  status.textContent = "running…";
  const started = performance.now();
  const response = await fetch("sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
    body: query.value,
  });
  const text = await response.text();
  const seconds = ((performance.now() - started) / 1000).toFixed(2) + " s";
  if (!response.ok) {
    const error = document.createElement("p");
    error.className = "error";
    error.textContent = text;
    results.replaceChildren(error);
    status.textContent = "error";
    return;
  }
  if ((response.headers.get("Content-Type") || "").startsWith("application/sparql-results+json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) {
      results.replaceChildren(document.createTextNode(String(data.boolean)));
      status.textContent = seconds;
    } else {
      showTable(data);
      status.textContent += ", " + seconds;
    }
  } else {
    const pre = document.createElement("pre");
    pre.textContent = text;
    results.replaceChildren(pre);
    status.textContent = seconds;
  }
}

async function start() {
  const prefixMap = await (await fetch("prefixes.json")).json();
  prefixes = Object.entries(prefixMap).sort((a, b) => b[1].length - a[1].length);
  const box = document.getElementById("queries");
  for (const shipped of await (await fetch("queries.json")).json()) {
    const button = document.createElement("button");
    button.textContent = shipped.name;
    button.title = shipped.description;
    button.onclick = () => { query.value = shipped.text; runQuery(); };
    box.appendChild(button);
  }
}

document.getElementById("run").onclick = runQuery;
query.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQuery();
});
start().then(runQuery);
</script>
</body>
</html>
"""
