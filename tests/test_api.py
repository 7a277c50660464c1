"""kg as a library: kg.build(paths) → graph, rdf(), save(); import kg stays light."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pyoxigraph as ox
import pytest
import rdflib
from conftest import ROOT

import kg
from kg.errors import UserError
from kg.export.outputs import FORMATS

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def result():
    return kg.build(EXAMPLES, home_city="北京市")


def test_import_kg_loads_no_heavy_module():
    code = ("import sys, kg; heavy = {'networkx', 'rdflib', 'pyoxigraph', 'numpy', 'jieba', 'typer'};"
            "print(sorted(heavy & {name.split('.')[0] for name in sys.modules}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_version_is_the_packages():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert kg.__version__ == pyproject["project"]["version"]


def test_graph_is_networkx(result):
    people = {attrs["name"] for _, attrs in result.graph.nodes(data=True) if attrs["type"] == "Person"}
    assert "吴建平" in people
    assert result.pages == 2 and result.articles == 4
    assert "4 articles" in repr(result)


def test_rdf_in_rdflib_and_oxigraph(result):
    dataset = result.rdf()
    assert isinstance(dataset, rdflib.Dataset)
    articles = {str(a) for a in dataset.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/NewsArticle"))}
    assert articles <= {str(g.identifier) for g in dataset.graphs()}
    store = result.rdf("oxigraph")
    rows = list(store.query('SELECT ?p WHERE { ?p <https://schema.org/name> "吴建平"@zh }'))
    assert len(rows) == 1


def test_save_writes_what_kg_build_writes(result, example_build, tmp_path):
    written = result.save(tmp_path, formats=["ttl", "jsonld", "gexf", "csv"])
    assert [p.name for p in written] == ["graph.ttl", "graph.jsonld", "graph.gexf", *FORMATS["csv"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert path.read_bytes() == (example_build / path.name).read_bytes(), path.name


def test_jupyter_shows_the_page_in_an_iframe(result):
    view = result._repr_html_()
    assert view.startswith("<iframe srcdoc=") and "吴建平" in view
    assert "<script" not in view  # the page is escaped into the attribute


def test_a_base_names_the_nodes(tmp_path):
    built = kg.build(EXAMPLES, base="https://news.example.cn/kg/")
    (path,) = built.save(tmp_path, formats=["nt"])
    iris = {t.subject.value for t in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)}
    assert "https://news.example.cn/kg/id/person/吴建平" in iris
    assert not any(iri.startswith("https://kg.example/id/") for iri in iris)
    with pytest.raises(UserError, match="must end with"):
        kg.build(EXAMPLES, base="https://news.example.cn/kg")
