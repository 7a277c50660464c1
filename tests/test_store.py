"""The query store: ``kg build`` writes the build into Oxigraph on disk (``graph.oxigraph``),
and ``Build`` opens it read-only instead of parsing ``graph.trig``, with the same answers.

The store's files are binary and differ from run to run (RocksDB): the tests that compare
builds byte for byte (``tests/test_build.py``'s ``EXPORTS``) leave it out."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

from kg.export.outputs import STORE
from kg.query.run import run, shipped_queries
from kg.query.server import make_server
from kg.query.store import Build

NAMED_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def answers(build: Build, sparql: str) -> list[list]:
    """The rows of a SELECT, sorted; a GROUP_CONCAT's parts sorted too (SPARQL leaves their order open)."""
    return sorted([sorted(term.value.split("、")) if term is not None else [] for term in row]
                  for row in run(build, sparql).rows)


def test_a_build_writes_its_store_as_one_of_its_outputs(example_build):
    link = example_build / STORE
    assert link.is_symlink() and link.is_dir()
    assert str(link.readlink()).startswith(".kg/current/")


def test_the_store_is_opened_read_only(example_build):
    build = Build(example_build)
    assert build.dataset is build.store
    with pytest.raises(RuntimeError):
        build.store.add(ox.Quad(ox.NamedNode("https://kg.example/x"), ox.NamedNode("https://kg.example/p"),
                                ox.Literal("x")))


def test_the_store_answers_as_the_trig_does(example_build):
    stored, parsed = Build(example_build), Build(example_build / "graph.trig")
    assert stored.store is not parsed.store
    for query in shipped_queries().values():
        assert answers(stored, query.text) == answers(parsed, query.text), query.name
    assert answers(stored, NAMED_GRAPHS) == answers(parsed, NAMED_GRAPHS)
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert answers(stored, union) == answers(parsed, union)  # each triple once, ontology included


def test_without_the_store_the_graph_file_is_parsed(tmp_path):
    run_kg("build", str(ROOT / "examples"), "-o", str(tmp_path), "-q", "--formats", "trig,csv")
    assert not (tmp_path / STORE).exists()
    done = run_kg("query", str(tmp_path), "people", "--format", "csv")
    assert "吴建平" in done.stdout


def test_a_store_that_cannot_be_opened_falls_back_to_the_graph_file(example_build, tmp_path, caplog):
    shutil.copy(example_build / "graph.trig", tmp_path / "graph.trig")
    (tmp_path / STORE).mkdir()
    (tmp_path / STORE / "CURRENT").write_text("garbage\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        build = Build(tmp_path)
    assert "cannot open the query store" in caplog.text
    assert run(build, 'ASK { ?p schema:name "吴建平"@zh }') is True


def test_kg_query_and_show_read_the_store(example_build):
    rows = json.loads(run_kg("query", str(example_build), "positions", "--format", "json").stdout)
    assert {"person": "吴建平", "title": "主席", "organization": "海淀区总工会"} in [
        {key: row[key] for key in ("person", "title", "organization")} for row in rows
    ]
    card = json.loads(run_kg("show", str(example_build), "吴建平", "--format", "json").stdout)
    assert card["name"] == "吴建平"


def two_builds(tmp_path, *options: str):
    """The pages folder and the build of its first example page (built with ``options``), the
    second page then added to the folder: what a rebuild into that build reads."""
    pages = tmp_path / "pages"
    pages.mkdir()
    first, second = sorted((ROOT / "examples").iterdir())[:2]
    shutil.copy(first, pages / first.name)
    out = tmp_path / "out"
    run_kg("build", str(pages), "-o", str(out), "-q", *options)
    shutil.copy(second, pages / second.name)
    return pages, out


def test_a_rebuild_replaces_the_store(tmp_path):
    pages, out = two_builds(tmp_path, "--formats", "trig,store")
    run_kg("build", str(pages), "-o", str(out), "-q", "--formats", "trig,store")
    assert answers(Build(out), NAMED_GRAPHS) == answers(Build(out / "graph.trig"), NAMED_GRAPHS)
    assert len(list((out / ".kg").glob("build-*"))) == 1


def test_the_endpoint_serves_from_the_store(example_build):
    server = make_server(Build(example_build), "127.0.0.1", 0, None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }"
    url = f"{server.url}sparql?{urllib.parse.urlencode({'query': query})}"

    def count(_: int) -> str:
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    try:
        with ThreadPoolExecutor(8) as pool:
            seen = set(pool.map(count, range(40)))
    finally:
        server.shutdown()
        server.server_close()
    expected = answers(Build(example_build / "graph.trig"), query)[0][0][0]
    assert [body.split() for body in seen] == [["n", expected]]


def statements(store: ox.Store) -> set[ox.Quad]:
    """A store's statements but the ontology's blank nodes (fresh ones each time it is loaded)."""
    return {q for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def test_a_rebuild_updates_the_store_it_replaces_to_what_a_clean_build_loads(tmp_path):
    pages, out = two_builds(tmp_path)
    run_kg("build", str(pages), "-o", str(out), "-q")
    clean = tmp_path / "clean"
    run_kg("build", str(pages), "-o", str(clean), "-q", "--no-cache")
    updated, loaded = Build(out), Build(clean)
    assert statements(updated.store) == statements(loaded.store)
    assert len(updated.store) == len(loaded.store)
    for query in shipped_queries().values():
        assert answers(updated, query.text) == answers(loaded, query.text), query.name
    (pages / sorted(p.name for p in pages.iterdir())[0]).unlink()  # a page taken out: its statements go
    run_kg("build", str(pages), "-o", str(out), "-q")
    run_kg("build", str(pages), "-o", str(clean), "-q", "--no-cache")
    assert statements(Build(out).store) == statements(Build(clean).store)


def test_the_store_is_updated_from_the_lines_its_graph_files_lost_and_gained(tmp_path):
    from kg.export.atomic import current_build
    from kg.query import store_update

    pages, out = two_builds(tmp_path)
    previous = current_build(out)
    both = tmp_path / "both"
    run_kg("build", str(pages), "-o", str(both), "-q", "--no-cache")
    folder = tmp_path / "new"
    folder.mkdir()
    for name in ("graph.nt", "graph.nq"):
        shutil.copy(both / name, folder / name)
    assert store_update.reusable(previous, STORE, ("graph.nt", "graph.nq"))
    updated = store_update.updated_store(previous, folder, STORE, ("graph.nt", "graph.nq"))
    assert updated is not None
    store, lines = updated
    assert statements(store) == statements(Build(both).store)
    for name in ("graph.nt", "graph.nq"):
        assert lines[name] == (both / name).read_bytes().count(b"\n")
    (previous / STORE / store_update.STAMP).write_text("layout 0\n", encoding="utf-8")  # made otherwise
    assert not store_update.reusable(previous, STORE, ("graph.nt", "graph.nq"))
