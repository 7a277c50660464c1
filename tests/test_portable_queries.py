"""The shipped queries are self-contained: each declares its prefixes and gives the same answers
in a second SPARQL engine (rdflib's) as in pyoxigraph, on the build's graph.ttl alone."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from conftest import ROOT
from rdflib.plugins.sparql import prepareQuery

from kg.query.card import find_entities
from kg.query.run import expand, shipped_queries, shorten
from kg.query.store import QUERY_PREFIXES

QUERIES = shipped_queries()
NEEDS_NO_ONTOLOGY = ("bylines", "event-roles", "met", "positions", "people", "honors")


def cell(value) -> str | None:
    """A result cell as text; a GROUP_CONCAT list sorted, as engines concatenate in any order."""
    if value is None:
        return None
    return "、".join(sorted(str(value).split("、")))


def oxigraph_rows(text: str, files: list) -> list[tuple]:
    store = ox.Store()
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return sorted((tuple(cell(None if v is None else v.value) for v in row) for row in store.query(text)),
                  key=str)


def rdflib_rows(text: str, files: list) -> list[tuple]:
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return sorted((tuple(cell(v) for v in row) for row in graph.query(text)), key=str)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_shipped_query_declares_its_prefixes(name):
    text = QUERIES[name].text
    ox.Store().query(text)  # no predeclared prefixes: a missing one is a SyntaxError
    prepareQuery(text)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_shipped_query_answers_alike_in_rdflib_and_oxigraph(example_build, name):
    files = [example_build / "graph.ttl", ROOT / "ontology" / "kg.ttl"]
    text = QUERIES[name].text
    rows = oxigraph_rows(text, files)
    assert rows, name
    assert rdflib_rows(text, files) == rows


@pytest.mark.parametrize("name", NEEDS_NO_ONTOLOGY)
def test_queries_over_roles_need_no_ontology(example_build, name):
    text = QUERIES[name].text
    with_ontology = oxigraph_rows(text, [example_build / "graph.ttl", ROOT / "ontology" / "kg.ttl"])
    assert oxigraph_rows(text, [example_build / "graph.ttl"]) == with_ontology


def test_printed_iris_read_back_in_both_engines(example_build):
    iris = sorted({term.value for quad in ox.parse(path=example_build / "graph.nq")
                   for term in (quad.subject, quad.object) if isinstance(term, ox.NamedNode)})
    assert any("/article/" in iri for iri in iris)
    printed = [shorten(iri) for iri in iris]
    values = "SELECT ?x WHERE { VALUES ?x { " + " ".join(printed) + " } }"
    assert [row["x"].value for row in ox.Store().query(values, prefixes=QUERY_PREFIXES)] == iris
    namespaces = {prefix: rdflib.Namespace(namespace) for prefix, namespace in QUERY_PREFIXES.items()}
    assert [str(row.x) for row in rdflib.Graph().query(values, initNs=namespaces)] == iris


@pytest.mark.parametrize("iri,printed", [
    ("https://kg.example/id/person/张良", "person:张良"),
    ("https://kg.example/id/org/北京市总工会", "organization:北京市总工会"),
    ("https://kg.example/id/article/000_659268f85b625d99/1", "<https://kg.example/id/article/000_659268f85b625d99/1>"),
    ("https://kg.example/id/org/-某.", "<https://kg.example/id/org/-某.>"),
    ("https://kg.example/id/org/a.b-c", "organization:a.b-c"),
    ("https://kg.example/id/org/“某”公司", "<https://kg.example/id/org/“某”公司>"),
    ("https://example.org/x", "<https://example.org/x>"),
    ("https://kg.example/ontology#chair", "kg:chair"),
])
def test_iris_print_as_valid_sparql(iri, printed):
    assert shorten(iri) == printed
    if not printed.startswith("<"):
        assert expand(printed) == iri


def test_kg_show_takes_back_what_it_prints(build):
    for name in ("person:张良", "<https://kg.example/id/person/张良>", "id:person/张良"):
        (candidate,), _ = find_entities(build, name)
        assert candidate.iri == "https://kg.example/id/person/张良"
    assert expand("article:000_1\\/2") == "https://kg.example/id/article/000_1/2"
