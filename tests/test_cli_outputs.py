"""kg build's choice of outputs (--formats, --base, --no-mention-edges) and kg --version."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from conftest import ROOT, run_kg

import kg
from kg.export.outputs import FORMATS, file_names

EXAMPLES = str(ROOT / "examples")


def exports(folder) -> set[str]:
    return {path.name for path in folder.iterdir() if not path.name.startswith(".")}


def test_shell_completion_script():
    script = run_kg("--show-completion", "bash").stdout
    assert "_KG_COMPLETE" in script and "complete" in script


def test_version():
    assert run_kg("--version").stdout == f"kg {kg.__version__}\n"


def test_a_full_build_writes_every_format(example_build):
    assert exports(example_build) == set(file_names(FORMATS))
    for name in FORMATS["csv"]:
        assert (example_build / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_only_the_formats_asked_for(tmp_path):
    run_kg("build", EXAMPLES, "-o", str(tmp_path), "-q", "--formats", "ttl,html")
    assert exports(tmp_path) == {"graph.ttl", "graph.html"}


def test_fewer_formats_over_a_full_build_leave_no_dangling_file(example_build, tmp_path):
    out = tmp_path / "out"
    run_kg("build", EXAMPLES, "-o", str(out), "-q")
    run_kg("build", EXAMPLES, "-o", str(out), "-q", "--formats", "ttl,trig")
    assert exports(out) == {"graph.ttl", "graph.trig"}
    # written from the statements here, recoded from graph.nt and graph.nq in a full build
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (example_build / name).read_bytes()


def test_an_unknown_format_is_one_line(tmp_path):
    done = run_kg("build", EXAMPLES, "-o", str(tmp_path), "--formats", "ttl,xlsx", check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("kg: unknown format xlsx") and len(done.stderr.splitlines()) == 1


def test_base_names_the_nodes(tmp_path):
    run_kg("build", EXAMPLES, "-o", str(tmp_path), "-q", "--formats", "nt", "--base", "https://news.example.cn/")
    subjects = {t.subject.value for t in ox.parse(path=tmp_path / "graph.nt", format=ox.RdfFormat.N_TRIPLES)}
    assert "https://news.example.cn/id/person/吴建平" in subjects
    done = run_kg("build", EXAMPLES, "-o", str(tmp_path), "--base", "not an iri", check=False)
    assert done.returncode == 1 and done.stderr.startswith("kg: --base") and "Traceback" not in done.stderr


def test_gephi_files_without_mention_edges(example_build, tmp_path):
    run_kg("build", EXAMPLES, "-o", str(tmp_path), "-q", "--formats", "graphml,gexf", "--no-mention-edges")
    full = nx.read_graphml(example_build / "graph.graphml", force_multigraph=True)
    lean = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert 0 < lean.number_of_edges() < full.number_of_edges()
    assert nx.read_gexf(tmp_path / "graph.gexf").number_of_edges() == lean.number_of_edges()


def test_the_files_streamed_to_disk_are_the_texts_rendered(example_build):
    """kg build writes each file to disk as it is made; the library renders them in memory."""
    files = kg.build(EXAMPLES).files()
    assert set(files) == set(file_names(FORMATS)) - {"graph.oxigraph"}
    for name, text in files.items():
        assert (example_build / name).read_bytes() == text.encode("utf-8"), name
