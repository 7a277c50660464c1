"""kg validate: builds conform to ontology/shapes.ttl; each broken promise is one line."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import run_kg

ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


def test_the_examples_conform(example_build):
    done = run_kg("validate", str(example_build))
    assert done.stdout == "" and "conforms" in done.stderr


def test_the_dev_pages_conform(corpus_build):
    assert run_kg("validate", str(corpus_build)).stdout == ""


def test_each_violation_is_one_line(example_build, tmp_path):
    triples = list(ox.parse(path=example_build / "graph.nt", format=ox.RdfFormat.N_TRIPLES))
    membership = next(t.subject for t in triples if t.predicate.value == ORG + "role")
    person = next(t.object for t in triples if t.predicate.value == ORG + "member" and t.subject != membership)
    event = next(t.subject for t in triples if t.predicate.value == SCHEMA + "startDate")
    broken = [t for t in triples
              if not (t.subject == membership and t.predicate.value in (ORG + "role", PROV_DERIVED.value))
              and t.predicate.value != SCHEMA + "startDate"]
    broken += [ox.Triple(membership, ox.NamedNode(ORG + "member"), person),
               ox.Triple(event, ox.NamedNode(SCHEMA + "startDate"), ox.Literal("五月七日"))]
    ox.serialize(broken, tmp_path / "graph.nt", ox.RdfFormat.N_TRIPLES)
    done = run_kg("validate", str(tmp_path), check=False)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4, lines  # no role, two members, no article, a date that is not one
    assert sum("org:role" in line for line in lines) == 1
    assert sum("schema:startDate" in line for line in lines) == 1
    assert done.stderr.strip() == f"kg: 4 violations of kg's shapes in {tmp_path}"
