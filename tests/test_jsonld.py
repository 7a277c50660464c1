"""graph.jsonld names its terms in the @context: nodes read as plain JSON, and both RDF
engines read back exactly the triples of graph.nt."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from test_schema import build_graph

from kg.export.rdf import RdfWriter, serializations


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return dict(serializations(RdfWriter(build_graph()).build()))


@pytest.fixture(scope="module")
def nodes(files) -> dict[str, dict]:
    return {node["@id"]: node for node in json.loads(files["graph.jsonld"])["@graph"]}


def test_nodes_read_as_plain_json(nodes):
    assert nodes["id:person/张良"]["name"] == "张良"
    assert nodes["id:person/张良"]["@type"] == "Person"
    assert nodes["id:person/张良"]["memberOf"] == "id:org/北京市总工会"
    event = next(node for key, node in nodes.items() if key.startswith("id:event/"))
    assert event["chair"] == "id:person/张良" and event["@type"] == ["Ceremony", "Event"]
    assert event["startDate"] == {"@value": "--04-29", "@type": "xsd:gMonthDay"}
    evidence = nodes[event["evidence"][0]]
    assert isinstance(evidence["startOffset"], int) and evidence["sentence"]
    page = next(node for node in nodes.values() if node.get("@type") == "Page")
    assert page["name"] == {"@value": "p1"}  # a file name, not Chinese: no @zh


def test_the_context_defines_terms(files):
    context = json.loads(files["graph.jsonld"])["@context"]
    assert context["name"] == {"@id": "schema:name", "@language": "zh"}
    assert context["member"] == {"@id": "org:member", "@type": "@id"}
    assert context["memberOf"]["@id"] == "schema:memberOf" and context["org:memberOf"]["@id"] == "org:memberOf"
    assert context["Person"] == "schema:Person"


def test_both_engines_read_the_triples_of_n_triples(files):
    expected = set(ox.parse(files["graph.nt"].encode(), format=ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(files["graph.jsonld"].encode(), format=ox.RdfFormat.JSON_LD)) == expected
    reference = rdflib.Graph().parse(data=files["graph.nt"], format="nt")
    assert isomorphic(rdflib.Graph().parse(data=files["graph.jsonld"], format="json-ld"), reference)


def test_same_graph_same_bytes(files):
    assert dict(serializations(RdfWriter(build_graph()).build()))["graph.jsonld"] == files["graph.jsonld"]
