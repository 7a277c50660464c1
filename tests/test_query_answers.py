"""``kg query`` on a large answer: the shipped queries' answers saved with the query store, and a
table that shows the first rows and says how many it leaves out."""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

from kg.export.outputs import STORE
from kg.query.answers import ANSWERS, answer_key, saved_answer
from kg.query.formats import TABLE_ROWS
from kg.query.run import OutputFormat, Solutions, column_names, format_result, run, shipped_queries
from kg.query.store import QUERY_PREFIXES, Build, write_store

FIXTURE = ROOT / "tests" / "fixtures" / "query"
kg = functools.partial(run_kg, check=False)  # some tests expect a non-zero exit
EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s ?p ?o"  # no blank node: the same each run
MORE = re.compile(r"^… and (\d+) more rows? \(use --all or --format csv\)$", re.MULTILINE)


def write_build(folder: Path) -> Path:
    """The query fixture as a build with a query store, as ``kg build`` writes it."""
    quads = ox.serialize(ox.parse(path=FIXTURE / "graph.trig"), format=ox.RdfFormat.N_QUADS).decode()
    folder.mkdir()
    write_store(folder / STORE, quads)
    return folder


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    return write_build(tmp_path_factory.mktemp("stored") / "build")


def live(build: Build, sparql: str) -> Solutions:
    """The store's own answer, not the saved one."""
    result = build.store.query(sparql, prefixes=QUERY_PREFIXES)
    return Solutions(column_names(result), [list(solution) for solution in result])


def table_rows(output: str) -> list[str]:
    """The rows of a table ``kg query`` printed: the lines between the header's rule and the caption."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("─")) + 1
    return [line for line in lines[start:] if line.strip() and not MORE.match(line)
            and not re.fullmatch(r"\d+ rows?\s*", line)]


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_a_saved_answer_is_the_stores_own(stored, name):
    text = shipped_queries()[name].text
    build = Build(stored)
    saved = saved_answer(build.store_folder, text)
    assert saved is not None
    expected = live(build, text)
    assert run(build, text) == expected
    assert saved.count() == len(expected.rows)
    assert saved.csv.read_text(encoding="utf-8") == format_result(expected, OutputFormat.CSV)


def test_the_cli_prints_a_saved_csv_as_the_store_answers_it(stored):
    text = shipped_queries()["positions"].text
    done = kg("query", str(stored), "positions", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == format_result(live(Build(stored), text), OutputFormat.CSV)
    assert done.stdout == kg("query", str(FIXTURE), "positions", "--format", "csv").stdout  # no store, no saved answer


def test_another_query_is_evaluated(stored):
    build = Build(stored)
    edited = shipped_queries()["people"].text + "\nLIMIT 1"
    assert saved_answer(build.store_folder, edited) is None
    assert len(run(build, edited).rows) == 1


def test_saved_answers_are_the_same_on_every_build(stored, tmp_path):
    again = write_build(tmp_path / "again")
    first, second = (sorted((build / STORE / ANSWERS).iterdir()) for build in (stored, again))
    assert [path.name for path in first] == [path.name for path in second]
    assert {answer_key(query.text) for query in shipped_queries().values()} == {path.stem for path in first}
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


@pytest.mark.parametrize("source", ["stored", "fixture"])
def test_a_table_shows_the_first_rows_and_how_many_more(stored, source):
    folder = str(stored if source == "stored" else FIXTURE)
    done = kg("query", folder, "people", "--limit", "2")
    assert done.returncode == 0, done.stderr
    everything = kg("query", folder, "people", "--all")
    rows = table_rows(everything.stdout)
    assert table_rows(done.stdout) == rows[:2]
    assert MORE.search(done.stdout).group(1) == str(len(rows) - 2)
    assert f"\n{len(rows)} rows" in everything.stdout and not MORE.search(everything.stdout)


def test_a_table_shows_fifty_rows_unless_told():
    total = len(run(Build(FIXTURE), EVERY_TRIPLE).rows)
    assert total > TABLE_ROWS
    done = kg("query", str(FIXTURE), EVERY_TRIPLE)
    assert len(table_rows(done.stdout)) == TABLE_ROWS
    assert MORE.search(done.stdout).group(1) == str(total - TABLE_ROWS)


def test_csv_and_json_give_every_row_unless_limited():
    total = len(run(Build(FIXTURE), EVERY_TRIPLE).rows)
    rows = list(csv.reader(io.StringIO(kg("query", str(FIXTURE), EVERY_TRIPLE, "--format", "csv").stdout)))
    assert len(rows) == total + 1
    limited = kg("query", str(FIXTURE), EVERY_TRIPLE, "--format", "csv", "--limit", "3").stdout
    assert list(csv.reader(io.StringIO(limited))) == rows[:4]
    assert kg("query", str(FIXTURE), EVERY_TRIPLE, "--format", "json", "--limit", "3").stdout.count('"s":') == 3


@pytest.mark.parametrize("options", [("--limit", "2", "--all"), ("--limit", "0"), ("--limit", "many")])
def test_a_bad_limit_is_one_line(options):
    done = kg("query", str(FIXTURE), "people", *options)
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("kg: ")


def test_a_build_saves_the_answers_from_its_size_up(tmp_path, monkeypatch):
    """A small build answers live about as fast as it would save its answers: it saves none."""
    import kg
    from kg.export import outputs

    graph = kg.build(ROOT / "examples").graph
    for name, threshold in (("small", 10**9), ("large", 0)):
        (tmp_path / name).mkdir()
        monkeypatch.setattr(outputs, "SAVED_ANSWERS_FROM", threshold)
        outputs.write(tmp_path / name, graph, ["store"], title="t", pages=1, skipped=[])
    positions = shipped_queries()["positions"].text
    assert not (tmp_path / "small" / STORE / ANSWERS).exists()
    assert saved_answer(tmp_path / "small" / STORE, positions) is None
    assert saved_answer(tmp_path / "large" / STORE, positions) is not None
    assert run(Build(tmp_path / "small"), positions) == run(Build(tmp_path / "large"), positions)
