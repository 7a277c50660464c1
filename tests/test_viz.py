"""kg viz: a graph page for part of a finished build, saying what was left out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.viz import read_build_graph
from kg.export.tables import graphml
from tests.test_html import HOSTILE, _graph


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """A build folder holding only what kg viz reads: graph.graphml."""
    folder = tmp_path_factory.mktemp("build")
    (folder / "graph.graphml").write_text(graphml(_graph()), encoding="utf-8")
    return folder


def _viz(*args: str) -> tuple[int, str]:
    """Exit status, and what was printed or raised (kg's main prints a UserError)."""
    result = CliRunner().invoke(app, ["viz", *args])
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


def _page(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)[1])


def _names(data: dict) -> set[str]:
    return {n[2] for n in data["nodes"] if n[1] not in ("Article", "Page")}


def test_reads_the_graph_back(build):
    graph = read_build_graph(build)
    original = _graph()
    assert sorted(graph.nodes) == sorted(original.nodes)
    assert graph.nodes["person/张良"]["aliases"] == ["张良同志"]
    assert graph.nodes["title/副主席"]["aliases"] == []
    holds = next(d for _, _, d in graph.out_edges("person/张良", data=True) if d["rel"] == "holds")
    assert holds["evidence"] == {"sentence": "- 北京市总工会副主席张良出席会议并讲话。", "start": 10, "end": 29}


def test_one_persons_world(build, tmp_path):
    out = tmp_path / "zl.html"
    status, said = _viz(str(build), "--focus", "张良", "--hops", "1", "-o", str(out))
    assert status == 0, said
    data = _page(out)
    # the post is part of the step onto it: its organization and title come with it
    assert _names(data) == {"张良", "副主席 @ 北京市总工会", "北京市总工会", "副主席", "表彰大会"}
    assert data["focus"] == "person/张良"
    assert data["note"] == "以「张良」为中心 1 层内的 5 个节点" and data["note"] in said
    assert "article/2023-05-11-01/1" in {n[0] for n in data["nodes"]}  # evidence keeps its headline


def test_says_how_many_nodes_were_cut_and_how(build, tmp_path):
    out = tmp_path / "cut.html"
    status, said = _viz(str(build), "--focus", "张良", "--hops", "3", "--max-nodes", "3", "-o", str(out))
    assert status == 0, said
    data = _page(out)
    assert len(_names(data)) == 3 and "张良" in _names(data)
    assert "超过上限 3：离中心近的优先，同样近的按关系数保留 3 个，略去" in data["note"]


def test_types_and_best_connected(build, tmp_path):
    out = tmp_path / "types.html"
    status, said = _viz(str(build), "--types", "人物,Honor", "--max-nodes", "3", "-o", str(out))
    assert status == 0, said
    data = _page(out)
    assert {n[1] for n in data["nodes"]} <= {"Person", "Honor", "Article"}
    assert "劳动模范" in _names(data) and len(_names(data)) == 3
    assert data["note"].startswith("只含人物、荣誉；超过上限 3：4 个节点按关系数保留 3 个，略去 1 个")


def test_page_escapes_names(build, tmp_path):
    out = tmp_path / "hostile.html"
    status, said = _viz(str(build), "--focus", "劳动模范", "-o", str(out))
    assert status == 0, said
    text = out.read_text(encoding="utf-8")
    assert HOSTILE not in text and "<img" not in text
    assert HOSTILE in _names(_page(out))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "王五"], "nothing is named '王五'"),
        (["--focus", "北京"], "4 nodes match '北京': "),
        (["--types", "Foo"], "no node type 'Foo'"),
    ],
)
def test_user_errors(build, args, message):
    status, said = _viz(str(build), *args)
    assert status != 0 and message in said


def test_needs_a_build(tmp_path):
    status, said = _viz(str(tmp_path))
    assert status != 0 and "run `kg build" in said
