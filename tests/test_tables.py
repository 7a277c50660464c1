"""The CSV tables for spreadsheets, GraphML and GEXF for Gephi, from the sample article of
test_schema (one article holding every kind of fact)."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from test_schema import build_graph

from kg.export import tables
from kg.export.html import TYPE_STYLE
from kg.schema import MENTIONS


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph()


def read(text: str) -> list[dict[str, str]]:
    """A CSV file as a spreadsheet or pandas reads it: the byte-order mark marks UTF-8."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_table_starts_with_a_byte_order_mark(graph):
    files = tables.csv_tables(graph)
    assert list(files) == list(tables.CSV_FILES)
    for name, text in files.items():
        assert read(text), name


def test_relations_name_both_ends_beside_their_keys(graph):
    rows = read(tables.csv_tables(graph)["relations.csv"])
    chaired = next(row for row in rows if row["relation"] == "chair")
    assert (chaired["source_name"], chaired["target"], chaired["target_name"]) == ("表彰大会", "person/张良", "张良")
    assert chaired["headline"] == "表彰大会在京召开" and chaired["sentence"] == "北京市总工会副主席张良主持会议。"


def test_positions_are_flat(graph):
    rows = read(tables.csv_tables(graph)["positions.csv"])
    assert list(rows[0])[:6] == ["person", "title", "organization", "sentence", "headline", "page"]
    assert {(r["person"], r["title"], r["organization"], r["page"]) for r in rows} == {
        ("张良", "副主席", "北京市总工会", "p1"), ("史晓刚", "副主席", "", "p1")}


def test_events_list_each_role(graph):
    (event,) = read(tables.csv_tables(graph)["events.csv"])
    assert event["event"] == "表彰大会" and event["kind"] == "Ceremony"
    assert event["date"] == "'--04-29"  # Excel would compute --04-29 as a formula
    assert event["places"] == "长辛店二七纪念馆" and event["organizers"] == "北京市总工会"
    assert event["chair"] == "张良" and event["awardee"] == "张良、长辛店机务段班组"
    assert event["headlines"] == "表彰大会在京召开"


def test_honors_of_people_and_organizations(graph):
    rows = read(tables.csv_tables(graph)["honors.csv"])
    assert {(r["holder"], r["holder_type"], r["honor"]) for r in rows} == {
        ("史晓刚", "Person", "劳动模范"), ("长辛店机务段班组", "Organization", "全国工人先锋号")}
    assert all(r["sentence"] and r["headline"] for r in rows)


@pytest.mark.parametrize("value,cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("张良", "张良"), ("a=b", "a=b"), (12, "12"), (None, ""),
])
def test_formula_cells_are_quoted(value, cell):
    assert tables.safe_cell(value) == cell


def test_a_name_that_looks_like_a_formula_stays_text(graph):
    hostile = graph.copy()
    hostile.nodes["person/张良"]["name"] = "=cmd|' /C calc'!A0"
    for text in tables.csv_tables(hostile).values():
        for row in csv.reader(io.StringIO(text.removeprefix(tables.BOM))):
            assert not any(cell.startswith(tables.FORMULA_STARTS) for cell in row), row


def test_graphml_labels_nodes_and_can_leave_out_mentions(graph):
    full = nx.read_graphml(io.BytesIO(tables.graphml(graph).encode("utf-8")), force_multigraph=True)
    assert full.nodes["person/张良"]["label"] == "张良"
    lean = nx.read_graphml(io.BytesIO(tables.graphml(graph, mentions=False).encode("utf-8")), force_multigraph=True)
    mentions = sum(1 for *_, rel in graph.edges(data="rel") if rel == MENTIONS.name)
    assert mentions and lean.number_of_edges() == full.number_of_edges() - mentions
    assert all(rel != MENTIONS.name for *_, rel in lean.edges(data="rel"))


def test_gexf_colours_and_sizes_nodes_by_type_and_facts(graph):
    text = tables.gexf(graph)
    assert text == tables.gexf(build_graph())  # no date of writing: the same bytes every day
    read_back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    zhang = read_back.nodes["person/张良"]
    assert zhang["label"] == "张良"
    colour = TYPE_STYLE["Person"][1]
    assert (zhang["viz"]["color"]["r"], zhang["viz"]["color"]["g"]) == (int(colour[1:3], 16), int(colour[3:5], 16))
    assert zhang["viz"]["size"] > read_back.nodes["person/孙妍"]["viz"]["size"]  # many facts, one credit
    lean = nx.read_gexf(io.BytesIO(tables.gexf(graph, mentions=False).encode("utf-8")))
    assert lean.number_of_edges() < read_back.number_of_edges()


def _networkx_writes(graph: nx.MultiDiGraph, mentions: bool) -> tuple[str, str]:
    """GraphML and GEXF as networkx's own writers write the flat graph: what kg writes line by line."""
    import math
    from xml.etree import ElementTree

    from networkx.readwrite.gexf import GEXFWriter

    nodes, edges = tables._flat_items(graph, mentions)
    flat = nx.MultiDiGraph()
    for key, attrs in nodes:
        flat.add_node(key, **attrs)
    for source, target, key, attrs in edges:
        flat.add_edge(source, target, key=key, **attrs)
    graphml = "\n".join(nx.generate_graphml(flat)) + "\n"
    for key, attrs in flat.nodes(data=True):
        _, colour, _, size, _ = TYPE_STYLE[attrs["type"]]
        facts = sum(1 for _, _, rel in (*graph.in_edges(key, data="rel"), *graph.out_edges(key, data="rel"))
                    if rel != MENTIONS.name)
        attrs["viz"] = {"color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16),
                                  "a": 1.0}, "size": round(size * (1 + math.log1p(facts) / 2), 2)}
    writer = GEXFWriter()
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate")
    meta.find("creator").text = "kg"
    writer.add_graph(flat)
    writer.indent(writer.xml)
    gexf = '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(writer.xml, encoding="unicode") + "\n"
    return graphml, gexf


def test_graphml_and_gexf_are_the_bytes_networkx_writes(graph):
    from test_html import _graph

    odd = nx.MultiDiGraph()
    odd.add_node("person/a\r\nb", type="Person", name="x\ty\x0bz\"<&>'", aliases=["a|b"], count=3)
    odd.add_edge("person/a\r\nb", "person/a\r\nb", key="k&", rel="part_of", evidence={"sentence": "s\r"})
    for sample in (graph, _graph(), odd, nx.MultiDiGraph()):
        for mentions in (True, False):
            assert (tables.graphml(sample, mentions), tables.gexf(sample, mentions)) == _networkx_writes(sample, mentions)

