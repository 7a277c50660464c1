"""Load a build into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol
(Fuseki, GraphDB, Oxigraph, Virtuoso …): one ``PUT`` per graph, so pushing again replaces."""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UserError
from kg.query.store import RDF_FORMATS, graph_file

N_TRIPLES = "application/n-triples; charset=utf-8"


def push(source: Path, endpoint: str, graph: str | None = None, timeout: float = 120,
         report: Callable[[str, int], None] | None = None, authorization: str | None = None) -> int:
    """Put the build's graphs into the store at ``endpoint``: its default graph (``?default``)
    and one named graph per article (``?graph=<article IRI>``), or with ``graph`` every triple
    into that one graph, each request with the ``Authorization`` header ``authorization`` if
    given. ``report(target, triples)`` after each; the number of graphs put."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise UserError(f"--endpoint {endpoint!r} is not an http(s) URL (e.g. http://localhost:3030/kg/data)")
    if graph is not None:
        _check_iri(graph)
    path = graph_file(Path(source))
    groups: dict[str | None, set[ox.Triple]] = {}
    for quad in ox.parse(path=path, format=RDF_FORMATS[path.suffix.lower()]):
        name = graph if graph is not None else (
            None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value)
        groups.setdefault(name, set()).add(quad.triple)
    for name in sorted(groups, key=lambda g: (g is not None, g or "")):
        triples = sorted(groups[name], key=str)
        _put(_target(endpoint, name), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), timeout, authorization)
        if report is not None:
            report(name or "default graph", len(triples))
    return len(groups)


def _target(endpoint: str, graph: str | None) -> str:
    query = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if "?" in endpoint else "?") + query


def basic_authorization(user: str, password: str) -> str:
    """The ``Authorization`` header of HTTP Basic authentication."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _put(url: str, body: bytes, timeout: float, authorization: str | None) -> None:
    headers = {"Content-Type": N_TRIPLES} | ({"Authorization": authorization} if authorization else {})
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            pass
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            advice = "the credentials were refused" if authorization else "the store wants credentials"
            raise UserError(f"{url} answered {error.code} {error.reason}: {advice} (--user NAME with the password "
                            "in KG_PUSH_PASSWORD, or --token-env VAR)") from None
        answer = " ".join(error.read().decode("utf-8", "replace").split())[:200]
        raise UserError(f"{url} answered {error.code} {error.reason}{': ' + answer if answer else ''}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UserError(f"cannot reach {url}: {reason}") from None


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise UserError(f"--graph {iri!r} is not an absolute IRI") from None
