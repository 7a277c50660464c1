"""Tables and summaries of the graph: the CSV files, stats.json, graph.graphml and graph.gexf.

The CSV files are for spreadsheets and pandas: UTF-8 with a byte-order mark (Excel then reads
Chinese), names beside keys, one row per fact with the sentence, headline and page it was read
from. A cell a spreadsheet would run as a formula (beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return, OWASP's list against CSV injection) gets a leading single quote.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import IO

import networkx as nx

from kg.export.outputs import FORMATS
from kg.schema import AT, AWARD, HELD_AT, HOLDS, MENTIONS, ORGANIZER, PARTICIPANT_ROLES, ROLE

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FILES = FORMATS["csv"]


def safe_cell(value: object) -> str:
    """``value`` as a cell no spreadsheet runs as a formula: ``'=1+1`` for ``=1+1``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out: IO[str], header: list[str], rows: Iterable[list]) -> None:
    """A CSV file: byte-order mark, header, then the rows with their cells made safe."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell if type(cell) is str and not cell.startswith(FORMULA_STARTS) else safe_cell(cell)
                      for cell in row] for row in rows)


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """A CSV file's text (:func:`write_csv`)."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def write_table(graph: nx.MultiDiGraph, name: str, out: IO[str]) -> None:
    """Write the CSV file ``name`` (one of ``CSV_FILES``) of a build to ``out``."""
    write_csv(out, *TABLES[name](graph))


def csv_tables(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Every CSV file of a build, by file name."""
    return {name: csv_text(*TABLES[name](graph)) for name in CSV_FILES}


Table = tuple[list[str], Iterable[list]]
"""A CSV table: its header and its rows."""


def _entities(graph: nx.MultiDiGraph) -> Table:
    rows = ([key, attrs["type"], attrs["name"], "|".join(attrs.get("aliases", [])), attrs.get("kind") or "",
             attrs.get("date") or ""] for key, attrs in sorted(graph.nodes(data=True)))
    return ["key", "type", "name", "aliases", "kind", "date"], rows


def _relations(graph: nx.MultiDiGraph) -> Table:
    """Every edge, the names of both ends beside their keys, and where it was read. Rows sorted
    (every cell a string, as the spreadsheet reads them) one source at a time: its first cell."""
    names = _names(graph)

    def rows() -> Iterator[list[str]]:
        for source in sorted(graph):
            edges = []
            for _, target, attrs in graph.out_edges(source, data=True):
                evidence = attrs.get("evidence") or {}
                article = attrs.get("article", "")
                edges.append([source, names[source], attrs["rel"], target, names[target], article, names[article],
                              evidence.get("sentence", ""), str(evidence.get("start", "")),
                              str(evidence.get("end", ""))])
            yield from sorted(edges)

    header = ["source", "source_name", "relation", "target", "target_name", "article", "headline", "sentence",
              "start", "end"]
    return header, rows()


def _positions(graph: nx.MultiDiGraph) -> Table:
    """Who holds which title at which organization, one row per sentence saying so."""
    rows = []
    for person, position, attrs in _edges(graph, HOLDS.name):
        parts = {data["rel"]: target for _, target, data in graph.out_edges(position, data=True)}
        organization = parts.get(AT.name, "")
        rows.append([_name(graph, person), _name(graph, parts.get(ROLE.name, "")), _name(graph, organization),
                     *_source(graph, attrs), person, organization])
    header = ["person", "title", "organization", "sentence", "headline", "page", "person_key", "organization_key"]
    return header, sorted(rows)


def _events(graph: nx.MultiDiGraph) -> Table:
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
    return header, rows


def _honors(graph: nx.MultiDiGraph) -> Table:
    """Who (a person or an organization) holds which honor, one row per sentence saying so."""
    rows = [[_name(graph, holder), graph.nodes[holder]["type"], _name(graph, honor), *_source(graph, attrs), holder]
            for holder, honor, attrs in _edges(graph, AWARD.name)]
    return ["holder", "holder_type", "honor", "sentence", "headline", "page", "holder_key"], sorted(rows)


TABLES: dict[str, Callable[[nx.MultiDiGraph], Table]] = {
    "entities.csv": _entities, "relations.csv": _relations, "positions.csv": _positions, "events.csv": _events,
    "honors.csv": _honors}
"""How each CSV file's table is made, in ``CSV_FILES`` order."""


def _edges(graph: nx.MultiDiGraph, rel: str) -> Iterable[tuple[str, str, dict]]:
    return ((s, t, attrs) for s, t, attrs in graph.edges(data=True) if attrs["rel"] == rel)


def _name(graph: nx.MultiDiGraph, key: str) -> str:
    return graph.nodes[key]["name"] if key else ""


def _names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each node's name by key, and ``""`` by ``""`` (an edge read from no article)."""
    return {key: name for key, name in graph.nodes(data="name")} | {"": ""}


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
    """The text :func:`write_graphml` writes."""
    out = io.StringIO()
    write_graphml(graph, out, mentions)
    return out.getvalue()


def write_graphml(graph: nx.MultiDiGraph, out: IO[str], mentions: bool = True) -> None:
    """GraphML for Gephi, yEd and Cytoscape: each node's name as its ``label``, lists and dicts
    flattened to strings (GraphML has no lists); ``mentions=False`` leaves out the
    article → entity mention edges.

    The bytes networkx's GraphML writer gives the flat graph (keys numbered in order of first
    use and listed last first, non-ASCII written as character references), written here
    line by line rather than through an XML tree: many times faster on a big build, and never
    whole in memory (the keys are counted in a first pass)."""
    keys: dict[tuple[str, str, str], str] = {}  # (name, type, scope) → id
    node_types, edge_types = _distinct_types(graph, mentions)
    for scope, types_met in (("node", node_types), ("edge", [types for types, _ in edge_types])):
        for types in types_met:
            for name, kind in types.items():
                keys.setdefault((name, kind, scope), f"d{len(keys)}")
    text, attribute = _Escaped(_in_ascii(_text)), _Escaped(_in_ascii(_attribute))

    def element(start: str, end: str, scope: str, attrs: dict) -> str:
        data = []
        for name, value in attrs.items():
            key = keys[name, _XML_TYPES[type(value)], scope]
            escaped = text[str(value)]
            data.append(f'      <data key="{key}">{escaped}</data>' if escaped else f'      <data key="{key}" />')
        return "\n".join((start + ">", *data, end)) if data else start + " />"

    def lines() -> Iterator[str]:
        """The file's lines, each element's together."""
        yield _GRAPHML_ROOT
        for (name, kind, scope), key in reversed(keys.items()):
            yield f'  <key id="{key}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}" />'
        if not graph:
            yield '  <graph edgedefault="directed" />'
        else:
            yield '  <graph edgedefault="directed">'
            nodes, edges = _flat_items(graph, mentions)
            for key, attrs in nodes:
                yield element(f'    <node id="{attribute[key]}"', "    </node>", "node", attrs)
            for source, target, key, attrs in edges:
                yield element(f'    <edge source="{attribute[source]}" target="{attribute[target]}" '
                              f'id="{attribute[str(key)]}"', "    </edge>", "edge", attrs)
            yield "  </graph>"
        yield "</graphml>"

    for batch in _batches(lines(), 1024):
        # ASCII with character references (most made once, with the escaped strings), and the line
        # breaks of text re-cut, as networkx writes it
        text_of_batch = ("\n".join(batch) + "\n").encode("ascii", "xmlcharrefreplace").decode("ascii")
        out.write("\n".join(text_of_batch.splitlines()) + "\n")


def gexf(graph: nx.MultiDiGraph, mentions: bool = True) -> str:
    """The text :func:`write_gexf` writes."""
    out = io.StringIO()
    write_gexf(graph, out, mentions)
    return out.getvalue()


def write_gexf(graph: nx.MultiDiGraph, out: IO[str], mentions: bool = True) -> None:
    """GEXF for Gephi: as :func:`write_graphml`, with each node coloured by type (the HTML page's
    colours) and sized by its number of facts; the bytes networkx's GEXF 1.2 writer gives,
    without its date of writing (the same input must give the same bytes), written line by
    line (the attributes declared first are counted in a first pass)."""
    from kg.export.html import OTHER_STYLE, TYPE_STYLE

    ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}  # class → title → (id, type)

    def declare(scope: str, types: dict[str, str]) -> None:
        for name, kind in types.items():
            name = "networkx_key" if name == "key" else name
            if name != "label" and name not in ids[scope]:
                ids[scope][name] = (str(len(ids["node"]) + len(ids["edge"])), kind)

    node_types, edge_types = _distinct_types(graph, mentions)
    for types in node_types:
        declare("node", types)
    for types, key_type in edge_types:
        declare("edge", types | {"key": _XML_TYPES[key_type]})
    facts: Counter[str] = Counter()
    for source, target, rel in graph.edges(data="rel"):
        if rel != MENTIONS.name:
            facts[source] += 1
            facts[target] += 1
    attribute = _Escaped(_attribute)

    def attvalues(scope: str, attrs: dict) -> list[str]:
        values = []
        for name, value in attrs.items():
            found = ids[scope]["networkx_key" if name == "key" else name]
            value = attribute[value if type(value) is str else _gexf_value(value)]
            values.append(f'          <attvalue for="{found[0]}" value="{value}" />')
        return ["        <attvalues>", *values, "        </attvalues>"] if values else []

    def lines() -> Iterator[str]:
        """The file's lines, each element's together."""
        yield '<?xml version="1.0" encoding="utf-8"?>'
        yield _GEXF_ROOT.replace("<gexf ", f'<gexf xmlns:viz="{_GEXF_VIZ}" ' if graph else "<gexf ")
        yield from ("  <meta>", "    <creator>kg</creator>", "  </meta>")
        yield '  <graph defaultedgetype="directed" mode="static" name="">'
        for scope in ("edge", "node"):  # each class's list is put first when its first attribute is met
            if ids[scope]:
                yield f'    <attributes mode="static" class="{scope}">'
                for title, (found, kind) in ids[scope].items():
                    yield f'      <attribute id="{found}" title="{_attribute(title)}" type="{kind}" />'
                yield "    </attributes>"
        nodes, edges = _flat_items(graph, mentions)
        yield "    <nodes>" if graph else "    <nodes />"
        for key, attrs in nodes:
            attrs = dict(attrs)
            label = attrs.pop("label")
            _, colour, _, size, _ = TYPE_STYLE.get(attrs["type"], OTHER_STYLE)
            red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            yield "\n".join((f'      <node id="{attribute[key]}" label="{attribute[str(label)]}">',
                             f'        <viz:color r="{red}" g="{green}" b="{blue}" a="1.0" />',
                             f'        <viz:size value="{round(size * (1 + math.log1p(facts[key]) / 2), 2)}" />',
                             *attvalues("node", attrs), "      </node>"))
        if graph:
            yield "    </nodes>"
        number = -1
        for number, (source, target, key, attrs) in enumerate(edges):
            if number == 0:
                yield "    <edges>"
            attrs = {**attrs, "key": key}
            label = attrs.pop("label")
            start = f'      <edge source="{attribute[source]}" target="{attribute[target]}" id="{number}" ' \
                    f'label="{attribute[str(label)]}"'
            values = attvalues("edge", attrs)
            yield "\n".join((start + ">", *values, "      </edge>")) if values else start + " />"
        yield "    </edges>" if number >= 0 else "    <edges />"
        yield from ("  </graph>", "</gexf>", "")

    for batch in _batches(lines(), 1024):
        out.write("\n".join(batch) + "\n")


_GRAPHML_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
_GEXF_VIZ = "http://www.gexf.net/1.2draft/viz"
_GEXF_ROOT = ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">')
_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
"""Attribute types by a (flat) value's Python type, as networkx's GraphML and GEXF writers name them."""


def _text(value: str) -> str:
    """Text escaped as ElementTree escapes it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    value = _text(value)
    for char, escaped in _ATTRIBUTE_ESCAPES:
        if char in value:
            value = value.replace(char, escaped)
    return value


_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _in_ascii(escape: Callable[[str], str]) -> Callable[[str], str]:
    """``escape``, then every non-ASCII character as a character reference (``&#24352;``)."""
    return lambda value: escape(value).encode("ascii", "xmlcharrefreplace").decode("ascii")


class _Escaped(dict):
    """Each string escaped by ``escape``, worked out once: keys, names and relations recur."""

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, text: str) -> str:
        escaped = self[text] = self.escape(text)
        return escaped


def _gexf_value(value: object) -> str:
    """A value as networkx's GEXF writer writes it (``true``, ``INF``)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(str(value), str(value))
    return str(value)


def _flat_attrs(label: str, attrs: dict) -> dict:
    """``label``, then each attribute that is not None, lists and dicts flattened to strings."""
    flat = {"label": label}
    for name, value in attrs.items():
        if isinstance(value, list):
            value = "|".join(map(str, value))
        elif isinstance(value, dict):
            value = _json_sorted(value)
        elif value is None:
            continue
        flat[name] = value
    return flat


_json_sorted = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
"""``json.dumps(value, ensure_ascii=False, sort_keys=True)``, without making an encoder each call."""


def _flat_types(label: str, attrs: dict) -> dict[str, str]:
    """The XML type of each value :func:`_flat_attrs` gives, without making the values."""
    types = {"label": _XML_TYPES[type(label)]}
    for name, value in attrs.items():
        if value is not None:
            types[name] = "string" if isinstance(value, (list, dict)) else _XML_TYPES[type(value)]
    return types


def _flat_items(graph: nx.MultiDiGraph, mentions: bool) -> tuple[Iterator, Iterator]:
    """The nodes ``(key, attrs)`` and edges ``(source, target, key, attrs)`` in key order, each
    with a ``label`` (a node's name, an edge's relation) and flat attribute values
    (:func:`_flat_attrs`); each made when read."""
    nodes = ((key, _flat_attrs(graph.nodes[key]["name"], graph.nodes[key])) for key in sorted(graph))
    edges = ((source, target, key, _flat_attrs(attrs["rel"], attrs))
             for source, target, key, attrs in _sorted_edges(graph) if mentions or attrs["rel"] != MENTIONS.name)
    return nodes, edges


def _distinct_types(graph: nx.MultiDiGraph,
                    mentions: bool) -> tuple[list[dict[str, str]], list[tuple[dict[str, str], type]]]:
    """What the attribute declarations need: the distinct :func:`_flat_types` of the nodes, and of
    the edges with their key's type, each in order of first use (in :func:`_flat_items` order).
    Items whose attributes have the same names and value types are typed once."""
    nodes: dict[tuple, dict[str, str]] = {}
    for key in sorted(graph):
        attrs = graph.nodes[key]
        signature = (*attrs, *map(type, attrs.values()))
        if signature not in nodes:
            nodes[signature] = _flat_types(attrs["name"], attrs)
    edges: dict[tuple, tuple[dict[str, str], type]] = {}
    for _, _, key, attrs in _sorted_edges(graph):
        if mentions or attrs["rel"] != MENTIONS.name:
            signature = (type(key), *attrs, *map(type, attrs.values()))
            if signature not in edges:
                edges[signature] = (_flat_types(attrs["rel"], attrs), type(key))
    return list(nodes.values()), list(edges.values())


def _sorted_edges(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, object, dict]]:
    """Every edge ``(source, target, key, attrs)``, by source, target and key as a string."""
    for source in sorted(graph):
        successors = graph.succ[source]
        for target in sorted(successors):
            keyed = successors[target]
            for key in sorted(keyed, key=str) if len(keyed) > 1 else keyed:
                yield source, target, key, keyed[key]


def _batches(lines: Iterable[str], size: int = 4096) -> Iterator[list[str]]:
    lines = iter(lines)
    while batch := list(itertools.islice(lines, size)):
        yield batch
