"""Tables and summaries of the graph: the CSV files, stats.json, graph.graphml and graph.gexf.

The CSV files are for spreadsheets and pandas: UTF-8 with a byte-order mark (Excel then reads
Chinese), names beside keys, one row per fact with the sentence, headline and page it was read
from. A cell a spreadsheet would run as a formula (beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return, OWASP's list against CSV injection) gets a leading single quote.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.export.outputs import FORMATS
from kg.schema import AT, AWARD, HELD_AT, HOLDS, MENTIONS, ORGANIZER, PARTICIPANT_ROLES, ROLE

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FILES = FORMATS["csv"]


def safe_cell(value: object) -> str:
    """``value`` as a cell no spreadsheet runs as a formula: ``'=1+1`` for ``=1+1``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """A CSV file's text: byte-order mark, header, then the rows with their cells made safe."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_tables(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Every CSV file of a build, by file name."""
    return {"entities.csv": entities_csv(graph), "relations.csv": relations_csv(graph),
            "positions.csv": positions_csv(graph), "events.csv": events_csv(graph), "honors.csv": honors_csv(graph)}


def entities_csv(graph: nx.MultiDiGraph) -> str:
    rows = ([key, attrs["type"], attrs["name"], "|".join(attrs.get("aliases", [])), attrs.get("kind") or "",
             attrs.get("date") or ""] for key, attrs in sorted(graph.nodes(data=True)))
    return csv_text(["key", "type", "name", "aliases", "kind", "date"], rows)


def relations_csv(graph: nx.MultiDiGraph) -> str:
    """Every edge, the names of both ends beside their keys, and where it was read."""
    rows = []
    for source, target, attrs in graph.edges(data=True):
        evidence = attrs.get("evidence") or {}
        article = attrs.get("article", "")
        rows.append([source, _name(graph, source), attrs["rel"], target, _name(graph, target), article,
                     _name(graph, article), evidence.get("sentence", ""), evidence.get("start", ""),
                     evidence.get("end", "")])
    rows.sort(key=lambda row: [str(cell) for cell in row])
    header = ["source", "source_name", "relation", "target", "target_name", "article", "headline", "sentence",
              "start", "end"]
    return csv_text(header, rows)


def positions_csv(graph: nx.MultiDiGraph) -> str:
    """Who holds which title at which organization, one row per sentence saying so."""
    rows = []
    for person, position, attrs in _edges(graph, HOLDS.name):
        parts = {data["rel"]: target for _, target, data in graph.out_edges(position, data=True)}
        organization = parts.get(AT.name, "")
        rows.append([_name(graph, person), _name(graph, parts.get(ROLE.name, "")), _name(graph, organization),
                     *_source(graph, attrs), person, organization])
    header = ["person", "title", "organization", "sentence", "headline", "page", "person_key", "organization_key"]
    return csv_text(header, sorted(rows))


def events_csv(graph: nx.MultiDiGraph) -> str:
    """One row per event: kind, date, places, organizers, the people and bodies in each role
    (names joined by 、), and the headlines of the articles that report it."""
    roles = (HELD_AT, ORGANIZER, *PARTICIPANT_ROLES)
    rows = []
    for key, attrs in sorted(graph.nodes(data=True)):
        if attrs["type"] != "Event":
            continue
        linked: dict[str, set[str]] = {}
        for _, target, data in graph.out_edges(key, data=True):
            linked.setdefault(data["rel"], set()).add(_name(graph, target))
        headlines = {_name(graph, article) for article, _, data in graph.in_edges(key, data=True)
                     if data["rel"] == MENTIONS.name}
        rows.append([attrs["name"], attrs.get("kind") or "", attrs.get("date") or "",
                     *("、".join(sorted(linked.get(role.name, ()))) for role in roles),
                     " | ".join(sorted(headlines)), key])
    header = ["event", "kind", "date", "places", "organizers", *(role.name for role in PARTICIPANT_ROLES),
              "headlines", "key"]
    return csv_text(header, rows)


def honors_csv(graph: nx.MultiDiGraph) -> str:
    """Who (a person or an organization) holds which honor, one row per sentence saying so."""
    rows = [[_name(graph, holder), graph.nodes[holder]["type"], _name(graph, honor), *_source(graph, attrs), holder]
            for holder, honor, attrs in _edges(graph, AWARD.name)]
    return csv_text(["holder", "holder_type", "honor", "sentence", "headline", "page", "holder_key"], sorted(rows))


def _edges(graph: nx.MultiDiGraph, rel: str) -> Iterable[tuple[str, str, dict]]:
    return ((s, t, attrs) for s, t, attrs in graph.edges(data=True) if attrs["rel"] == rel)


def _name(graph: nx.MultiDiGraph, key: str) -> str:
    return graph.nodes[key]["name"] if key else ""


def _source(graph: nx.MultiDiGraph, attrs: dict) -> list[str]:
    """The sentence, headline and page an edge was read from."""
    article = attrs.get("article", "")
    page = graph.nodes[article]["page"] if article else ""
    return [(attrs.get("evidence") or {}).get("sentence", ""), _name(graph, article), _name(graph, page)]


def count_types(graph: nx.MultiDiGraph) -> dict[str, int]:
    return dict(Counter(a["type"] for _, a in graph.nodes(data=True)).most_common())


def stats(graph: nx.MultiDiGraph, pages: int, skipped: list[dict]) -> str:
    """Counts per node type, per relation and per article, as JSON."""
    per_article: dict[str, Counter] = {}
    for source, target, attrs in graph.edges(data=True):
        if attrs["rel"] == MENTIONS.name:
            per_article.setdefault(source, Counter())[graph.nodes[target]["type"]] += 1
    articles = {
        key: {"headline": graph.nodes[key]["name"], MENTIONS.name: dict(sorted(per_article.get(key, {}).items()))}
        for key, attrs in graph.nodes(data=True) if attrs["type"] == "Article"
    }
    data = {
        "pages": pages,
        "skipped": skipped,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "types": dict(sorted(Counter(a["type"] for _, a in graph.nodes(data=True)).items())),
        "relations": dict(sorted(Counter(a["rel"] for _, _, a in graph.edges(data=True)).items())),
        "articles": dict(sorted(articles.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def graphml(graph: nx.MultiDiGraph, mentions: bool = True) -> str:
    """GraphML for Gephi, yEd and Cytoscape: each node's name as its ``label``, lists and dicts
    flattened to strings (GraphML has no lists); ``mentions=False`` leaves out the
    article → entity mention edges."""
    return "\n".join(nx.generate_graphml(_flat_graph(graph, mentions))) + "\n"


def gexf(graph: nx.MultiDiGraph, mentions: bool = True) -> str:
    """GEXF for Gephi: as :func:`graphml`, with each node coloured by type (the HTML page's
    colours) and sized by its number of facts."""
    from kg.export.html import OTHER_STYLE, TYPE_STYLE

    flat = _flat_graph(graph, mentions)
    for key, attrs in flat.nodes(data=True):
        _, colour, _, size, _ = TYPE_STYLE.get(attrs["type"], OTHER_STYLE)
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        edges = (*graph.in_edges(key, data="rel"), *graph.out_edges(key, data="rel"))
        facts = sum(1 for _, _, rel in edges if rel != MENTIONS.name)
        attrs["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0},
                        "size": round(size * (1 + math.log1p(facts) / 2), 2)}
    writer = GEXFWriter()
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate")  # today's date: the same input must give the same bytes
    meta.find("creator").text = "kg"
    writer.add_graph(flat)
    writer.indent(writer.xml)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(writer.xml, encoding="unicode") + "\n"


def _flat_graph(graph: nx.MultiDiGraph, mentions: bool) -> nx.MultiDiGraph:
    """A copy with a ``label`` on each node (its name) and edge (its relation), flat attribute
    values, nodes and edges in key order."""
    flat = nx.MultiDiGraph()
    for key, attrs in sorted(graph.nodes(data=True)):
        flat.add_node(key, label=attrs["name"], **{k: _flat(v) for k, v in attrs.items() if v is not None})
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for source, target, key, attrs in edges:
        if mentions or attrs["rel"] != MENTIONS.name:
            flat.add_edge(source, target, key=key, label=attrs["rel"],
                          **{k: _flat(v) for k, v in attrs.items() if v is not None})
    return flat


def _flat(value: object) -> object:
    if isinstance(value, list):
        return "|".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
