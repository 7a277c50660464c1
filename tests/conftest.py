"""Shared fixtures: builds of the bundled examples and of the real dev pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX kg: <https://kg.example/ontology#>
"""


def run_kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed:\n{result.stderr}")
    return result


class Store:
    """An export loaded into pyoxigraph, an engine independent of the rdflib that wrote it."""

    def __init__(self, path: Path, fmt: ox.RdfFormat) -> None:
        self.store = ox.Store()
        self.store.bulk_load(path=str(path), format=fmt)
        self.store.bulk_load(path=str(ROOT / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE)

    def rows(self, query: str) -> list[tuple]:
        return [tuple(None if v is None else v.value for v in solution)
                for solution in self.store.query(PREFIXES + query, use_default_graph_as_union=True)]

    def ask(self, query: str) -> bool:
        return bool(self.store.query(PREFIXES + query, use_default_graph_as_union=True))


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    out = tmp_path_factory.mktemp("corpus-build")
    run_kg("build", str(CORPUS), "-o", str(out), "-q")
    return out


@pytest.fixture(scope="session")
def corpus_store(corpus_build) -> Store:
    return Store(corpus_build / "graph.trig", ox.RdfFormat.TRIG)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example-build")
    run_kg("build", str(ROOT / "examples"), "-o", str(out), "-q")
    return out


@pytest.fixture(scope="session")
def build():
    """The hand-made query fixture (tests/fixtures/query/graph.trig), loaded for querying."""
    from kg.query.store import Build

    return Build(ROOT / "tests" / "fixtures" / "query")
