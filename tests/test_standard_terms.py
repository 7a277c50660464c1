"""The RDF states standard super-properties beside kg's own: queries in schema.org, ORG and
PROV terms alone, run without the ontology or a reasoner, find every fact."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from conftest import PREFIXES, ROOT
from test_schema import build_graph

from kg import schema
from kg.export.rdf import RdfWriter, standard_super_properties, trig
from kg.vocab import KG, SCHEMA

ONTOLOGY = ROOT / "ontology" / "kg.ttl"


@pytest.fixture(scope="module")
def dataset_text() -> str:
    return trig(RdfWriter(build_graph()).build())


def plain_store(path_or_text, fmt=ox.RdfFormat.TRIG) -> ox.Store:
    """The export alone: no ontology, so no rdfs:subPropertyOf paths to follow."""
    store = ox.Store()
    if isinstance(path_or_text, str):
        store.load(path_or_text.encode("utf-8"), format=fmt)
    else:
        store.bulk_load(path=str(path_or_text), format=fmt)
    return store


def rows(store: ox.Store, query: str) -> set[tuple]:
    return {tuple(v.value for v in solution)
            for solution in store.query(PREFIXES + query, use_default_graph_as_union=True)}


def test_super_properties_come_from_the_ontology():
    supers = standard_super_properties()
    for role in schema.PARTICIPANT_ROLES:
        if role.rdf.property in KG:
            assert supers[role.rdf.property] == (SCHEMA.attendee,), role.name
    assert supers[KG.photographer] == supers[KG.correspondent] == (SCHEMA.contributor,)
    assert all(not str(top).startswith(str(KG)) for tops in supers.values() for top in tops)


def test_every_kg_property_is_stated_with_its_standard_super_properties(dataset_text):
    dataset = rdflib.Dataset()
    dataset.parse(data=dataset_text, format="trig")
    supers = standard_super_properties()
    checked = 0
    for graph in dataset.graphs():
        for s, p, o in graph:
            for top in supers.get(p, ()):
                assert (s, top, o) in graph, (graph.identifier, s, p, o, top)
                checked += 1
    assert checked > 10


def test_standard_queries_find_every_participant_credit_and_membership(dataset_text):
    store = plain_store(dataset_text)
    roles = " ".join(f"<{r.rdf.property}>" for r in schema.PARTICIPANT_ROLES)
    participants = rows(store, f"SELECT DISTINCT ?e ?x WHERE {{ VALUES ?role {{ {roles} }} ?e ?role ?x }}")
    assert participants == rows(store, "SELECT DISTINCT ?e ?x WHERE { ?e schema:attendee ?x }")
    assert len(participants) == 2  # 张良 in every role, the team as awardee
    credits = rows(store, "SELECT ?a ?x WHERE { ?a kg:photographer|kg:correspondent ?x }")
    assert credits == rows(store, "SELECT ?a ?x WHERE { ?a schema:contributor ?x }")
    members = rows(store, "SELECT DISTINCT ?p ?o WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o }")
    assert members == rows(store, "SELECT ?p ?o WHERE { ?p org:memberOf ?o }")
    assert members == rows(store, "SELECT ?p ?o WHERE { ?p schema:memberOf ?o }")
    names = rows(store, "SELECT ?n WHERE { ?p org:memberOf/schema:name ?n }")
    assert names == {("北京市总工会",)}  # 史晓刚's post names no organization
    evidence = rows(store, 'SELECT ?s WHERE { ?m a org:Membership ; prov:wasDerivedFrom/prov:value ?s }')
    assert ("北京市总工会副主席张良主持会议。",) in evidence


def test_a_standard_only_query_finds_what_sub_properties_find_on_a_real_build(example_build):
    reasoned = plain_store(example_build / "graph.trig")
    reasoned.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    via_ontology = rows(reasoned, """SELECT DISTINCT ?e ?x WHERE { ?e ?role ?x .
                                       ?role rdfs:subPropertyOf* schema:attendee }""")
    plain = rows(plain_store(example_build / "graph.trig"), "SELECT DISTINCT ?e ?x WHERE { ?e schema:attendee ?x }")
    assert len(via_ontology) > 5
    assert plain == via_ontology
