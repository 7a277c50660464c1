"""``kg query`` and the shipped queries, on a hand-written build in the shape of kg/export/rdf.py."""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

from kg.errors import UserError
from kg.query.run import OutputFormat, Solutions, format_result, query_text, run, shipped_queries, term_text
from kg.query.store import Build, ontology_files

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "query"
kg = functools.partial(run_kg, check=False)  # some tests expect a non-zero exit




def column(result: Solutions, name: str) -> list[str]:
    index = result.columns.index(name)
    return [term_text(row[index]) for row in result.rows]


def test_at_least_eight_shipped_queries_each_saying_what_it_answers():
    queries = shipped_queries()
    assert len(queries) >= 8
    for query in queries.values():
        assert query.text.startswith("# "), query.name
        assert query.description


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_every_shipped_query_returns_rows_on_the_fixture(build, name):
    result = run(build, shipped_queries()[name].text)
    assert isinstance(result, Solutions)
    assert result.rows, name
    assert run(build, shipped_queries()[name].text) == result  # deterministic order


def test_positions_lists_both_posts_of_zhang_liang(build):
    result = run(build, shipped_queries()["positions"].text)
    posts = {(p, t, o) for p, t, o, _ in ([term_text(x) for x in row] for row in result.rows)}
    assert ("张良", "党组书记", "北京市总工会") in posts
    assert ("张良", "副主席", "北京市总工会") in posts


def test_event_roles_follow_sub_properties_from_the_ontology(build):
    result = run(build, shipped_queries()["event-roles"].text)
    assert {"kg:chair", "kg:speaker", "schema:attendee"} <= set(column(result, "role"))


def test_org_places_climb_the_place_hierarchy(build):
    result = run(build, shipped_queries()["org-places"].text)
    rows = set(zip(column(result, "organization"), column(result, "place"), strict=True))
    assert {("门头沟区总工会", "门头沟区"), ("门头沟区总工会", "北京市")} <= rows


def test_a_unit_is_placed_where_its_parent_is(example_build):
    # 房山区总工会党组 has no place of its own (its parent's is the same): the query climbs to it
    from kg.query.store import Build

    result = run(Build(example_build), shipped_queries()["org-places"].text)
    rows = set(zip(column(result, "organization"), column(result, "place"), strict=True))
    assert {("房山区总工会党组", "房山区"), ("房山区总工会党组", "北京市")} <= rows


def test_met_pairs_people_at_the_same_event(build):
    result = run(build, shipped_queries()["met"].text)
    assert ("张良", "王敬东") in set(zip(column(result, "person"), column(result, "other"), strict=True))


def test_people_counts_articles(build):
    result = run(build, shipped_queries()["people"].text)
    assert dict(zip(column(result, "person"), column(result, "articles"), strict=True))["张良"] == "2"


def test_declared_prefixes_do_not_clash_with_the_predeclared_ones(build):
    sparql = 'PREFIX schema: <https://schema.org/>\nASK { ?p schema:name "张良"@zh }'
    assert run(build, sparql) is True


def test_the_default_graph_holds_each_triple_once(build):
    result = run(build, 'SELECT ?p WHERE { ?p schema:name "张良"@zh }')
    assert len(result.rows) == 1  # though both article graphs state the name


def test_named_graphs_answer_which_article_says_what(build):
    result = run(build, """
        SELECT ?article ?title WHERE {
          GRAPH ?article { ?m org:member id:person\\/张良 ; org:role ?role }
          ?role skos:prefLabel ?title .
        } ORDER BY ?article ?title""")
    assert [[term_text(term) for term in row] for row in result.rows] == [
        ["<https://kg.example/id/article/000_659268f85b625d99/1>", "党组书记"],
        ["<https://kg.example/id/article/002_68cea60221041fa3/1>", "党组书记"],
        ["<https://kg.example/id/article/002_68cea60221041fa3/1>", "副主席"],
    ]


def test_only_queries_naming_graphs_need_the_named_graphs(build):
    assert build.store_for("# read from the article graphs\nSELECT * { ?s ?p 'FROM' }") is build.store
    assert build.store_for("SELECT * { GRAPH ?g { ?s ?p ?o } }") is build.dataset
    for query in shipped_queries().values():
        assert build.store_for(query.text) is build.store, query.name


def test_construct_gives_each_triple_once(build):
    triples = run(build, 'CONSTRUCT { ?p ?q ?o } WHERE { ?p schema:name "张良"@zh ; ?q ?o '
                         'FILTER(?q IN (rdf:type, schema:name)) }')
    assert len(triples) == 2  # type and name, stated in both article graphs
    turtle = format_result(triples, OutputFormat.TABLE)
    assert "schema:Person" in turtle


def test_unknown_query_name_is_a_user_error():
    with pytest.raises(UserError, match="kg query --list"):
        query_text("nope", None)


def test_ontology_is_found():
    assert [path.name for path in ontology_files()] == ["kg.ttl"]


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".ttl", ".jsonld"])
def test_single_files_load_by_extension(tmp_path, suffix):
    quads = list(ox.parse(path=FIXTURE / "graph.trig"))
    path = tmp_path / f"graph{suffix}"
    rdf_format = ox.RdfFormat.from_extension(suffix[1:])
    if rdf_format.supports_datasets:
        ox.serialize(quads, path, rdf_format)
    else:
        ox.serialize({quad.triple for quad in quads}, path, rdf_format)
    loaded = Build(path)
    assert run(loaded, 'ASK { ?e kg:chair/schema:name "张良"@zh }') is True
    assert run(loaded, "ASK { kg:chair rdfs:subPropertyOf schema:attendee }") is True


def test_a_builds_own_ontology_is_preferred(tmp_path):
    shutil.copy(FIXTURE / "graph.trig", tmp_path / "graph.trig")
    (tmp_path / "ontology.ttl").write_text(
        "<https://kg.example/ontology#chair> <http://www.w3.org/2000/01/rdf-schema#label> \"own\" .\n",
        encoding="utf-8",
    )
    loaded = Build(tmp_path)
    assert run(loaded, 'ASK { kg:chair rdfs:label "own" }') is True
    assert run(loaded, "ASK { kg:chair rdfs:subPropertyOf schema:attendee }") is False


def test_missing_build_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="kg build"):
        Build(tmp_path)


def test_cli_table_shows_plain_values_and_short_iris():
    done = kg("query", str(FIXTURE), "people")
    assert done.returncode == 0, done.stderr
    assert "张良" in done.stdout and "person:张良" in done.stdout
    assert '"张良"@zh' not in done.stdout


def test_cli_tsv_parses():
    done = kg("query", str(FIXTURE), "positions", "--format", "tsv")
    rows = list(csv.DictReader(io.StringIO(done.stdout), delimiter="\t"))
    assert rows and "\t" in done.stdout.splitlines()[0]
    assert rows == list(csv.DictReader(io.StringIO(kg("query", str(FIXTURE), "positions", "--format", "csv").stdout)))


def test_cli_csv_parses():
    done = kg("query", str(FIXTURE), "positions", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {"person", "title", "organization", "headline"} == set(rows[0])
    assert {"张良", "王敬东"} == {row["person"] for row in rows}


def test_cli_json_loads_as_row_objects():
    done = kg("query", str(FIXTURE), "people", "--format", "json")
    rows = json.loads(done.stdout)
    assert {"person": "张良", "articles": 2, "id": "https://kg.example/id/person/张良"} in rows


def test_cli_reads_a_query_file(tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text('ASK { ?p schema:name "王敬东"@zh }', encoding="utf-8")
    done = kg("query", str(FIXTURE), "-f", str(query_file))
    assert done.stdout == "true\n"


def test_cli_syntax_error_is_one_line_without_traceback():
    done = kg("query", str(FIXTURE), "SELECT ?x WHERE { ?x ?y }")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("kg: SPARQL syntax error")


def test_cli_lists_shipped_queries():
    done = kg("query", "--list")
    assert done.returncode == 0
    for name, query in shipped_queries().items():
        assert name in done.stdout
        assert query.description in done.stdout


def test_a_wheel_ships_the_ontology_and_its_queries(tmp_path):
    """A non-editable install has no source tree: the ontology and shipped queries must be
    package data (kg/ontology_data links to ontology/)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    names = zipfile.ZipFile(next(tmp_path.glob("kg-*.whl"))).namelist()
    assert "kg/ontology_data/kg.ttl" in names
    shipped = {Path(name).stem for name in names if name.startswith("kg/ontology_data/queries/")}
    assert shipped == {path.stem for path in (ROOT / "ontology" / "queries").glob("*.rq")}
