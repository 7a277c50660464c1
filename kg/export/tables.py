"""Tables and summaries of the graph: entities.csv, relations.csv, stats.json, graph.graphml."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import networkx as nx

from kg.schema import MENTIONS


def entities_csv(graph: nx.MultiDiGraph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "type", "name", "aliases", "kind", "date"])
    for key, attrs in sorted(graph.nodes(data=True)):
        writer.writerow([key, attrs["type"], attrs["name"], "|".join(attrs.get("aliases", [])),
                         attrs.get("kind") or "", attrs.get("date") or ""])
    return out.getvalue()


def relations_csv(graph: nx.MultiDiGraph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "relation", "target", "article", "sentence", "start", "end"])
    rows = []
    for source, target, attrs in graph.edges(data=True):
        evidence = attrs.get("evidence") or {}
        rows.append([source, attrs["rel"], target, attrs.get("article", ""), evidence.get("sentence", ""),
                     evidence.get("start", ""), evidence.get("end", "")])
    writer.writerows(sorted(rows, key=lambda r: [str(x) for x in r]))
    return out.getvalue()


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


def graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML with list and dict attributes flattened to strings (GraphML has no lists)."""
    flat = nx.MultiDiGraph()
    for key, attrs in sorted(graph.nodes(data=True)):
        flat.add_node(key, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for source, target, key, attrs in edges:
        flat.add_edge(source, target, key=key, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    return "\n".join(nx.generate_graphml(flat)) + "\n"


def _flat(value: object) -> object:
    if isinstance(value, list):
        return "|".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
