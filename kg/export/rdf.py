"""The graph as RDF, following ``CONTRACT.md`` (schema.org, W3C ORG, SKOS, PROV-O).

Shape (``id:`` is ``https://kg.example/id/``, ``kg:`` the ontology in ``ontology/kg.ttl``); each
edge is written as its relation's RDF form in ``kg.schema`` says::

    id:person/张良   a schema:Person ; schema:name "张良"@zh ; schema:alternateName "…"@zh .
    id:org/北京市总工会 a schema:Organization ; schema:name "北京市总工会"@zh ;
                     schema:alternateName "市总工会"@zh ;
                     schema:location id:place/北京市 ; org:subOrganizationOf id:org/… .
    id:place/门头沟区 a schema:Place ; schema:name "门头沟区"@zh ; kg:kind "district" ;
                     schema:containedInPlace id:place/北京市 .
    id:title/副主席  a org:Role ; skos:prefLabel "副主席"@zh .
    id:honor/劳动模范 a kg:Honor ; schema:name "劳动模范"@zh ; schema:alternateName "劳模"@zh .

    id:position/<h>  a org:Membership ; org:member id:person/张良 ; org:role id:title/副主席 ;
                     org:organization id:org/北京市总工会 ;
                     prov:wasDerivedFrom id:article/<page>/<n> ; kg:evidence id:evidence/<h> .
    id:person/史晓刚 schema:award id:honor/劳动模范 .          (or an organization: id:org/… schema:award …)
    id:award/<h>     a kg:AwardStatement ; kg:recipient id:person/史晓刚 ; kg:honor id:honor/劳动模范 ;
                     prov:wasDerivedFrom id:article/… ; kg:evidence id:evidence/… .
    id:event/<h>     a schema:Event, kg:Meeting ; schema:name "…"@zh ; schema:alternateName "…"@zh ;
                     schema:startDate "--04-29"^^xsd:gMonthDay ; schema:location id:place/… ;
                     schema:organizer id:org/… ; kg:chair id:person/… ; kg:speaker … ;
                     schema:attendee … ; kg:host … ; kg:coHost … ; kg:awardee … ;
                     prov:wasDerivedFrom id:article/… ; kg:evidence id:evidence/… .
    id:article/<page>/<n> a schema:NewsArticle ; schema:headline "…"@zh ; schema:position n ;
                     schema:isPartOf id:page/<page> ; schema:mentions id:… ;
                     schema:author id:person/白莹 ; kg:photographer … ; kg:correspondent … .
    id:page/<page>   a kg:Page ; schema:name "<file name>" .
    id:evidence/<h>  a kg:Evidence ; kg:sentence "…"@zh ; kg:startOffset 12 ; kg:endOffset 80 ;
                     prov:wasDerivedFrom id:article/… .

In TriG each article's statements (and the type and names of every entity it mentions) sit
in the named graph whose name is the article's IRI; every node's full description, page
nodes, gazetteer hierarchy and name-derived facts sit in the default graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.graph.build import short_hash
from kg.schema import EVENT_CLASSES, NODE_TYPE, PART_OF_PAGE, Described, Part, Property, Statement, relation
from kg.vocab import BASE, KG, PREFIXES, SCHEMA

ID = BASE + "id/"


def iri(key: str) -> URIRef:
    """The IRI of a graph node key; keys are IRI-safe already (non-ASCII kept: IRIs, not URIs)."""
    return URIRef(ID + key)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class RdfWriter:
    """Turns the NetworkX graph into an rdflib Dataset: one named graph per article.

    Each edge is written as its relation's RDF form says (``kg.schema``). An edge read from an
    article (its ``article`` attribute), or leaving an article node, goes into that article's
    named graph, with the type and name of both its ends; the rest go into the default graph.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        self.dataset.bind("id", ID)
        self.default = self.dataset.default_graph
        self._named: dict[str, Graph] = {}

    def _context(self, article: str | None) -> Graph:
        if article is None:
            return self.default
        if article not in self._named:
            self._named[article] = self.dataset.graph(iri(article))
        return self._named[article]

    def build(self) -> Dataset:
        for key, attrs in sorted(self.graph.nodes(data=True)):
            self._describe(self.default, key, attrs)
        for source, target, attrs in sorted(self.graph.edges(data=True), key=_edge_order):
            self._edge(source, target, attrs)
        return self.dataset

    def _describe(self, g: Graph, key: str, attrs: dict) -> None:
        node = iri(key)
        kind = attrs["type"]
        g.add((node, RDF.type, NODE_TYPE[kind].cls))
        if kind == "Title":
            g.add((node, SKOS.prefLabel, zh(attrs["name"])))
            for alias in attrs.get("aliases", []):
                g.add((node, SKOS.altLabel, zh(alias)))
            return
        if kind == "Position":
            g.add((node, SKOS.prefLabel, zh(attrs["name"])))
            return
        if kind == "Article":
            g.add((node, SCHEMA.headline, zh(attrs["name"])))
            g.add((node, SCHEMA.position, Literal(attrs["index"])))
            g.add((node, PART_OF_PAGE.rdf.property, iri(attrs["page"])))
            return
        if kind == "Page":
            g.add((node, SCHEMA.name, Literal(attrs["name"])))
            return
        g.add((node, SCHEMA.name, zh(attrs["name"])))
        for alias in attrs.get("aliases", []):
            g.add((node, SCHEMA.alternateName, zh(alias)))
        if kind == "Event":
            if attrs.get("kind") in EVENT_CLASSES:
                g.add((node, RDF.type, EVENT_CLASSES[attrs["kind"]]))
            if attrs.get("date"):
                g.add((node, SCHEMA.startDate, _date(attrs["date"])))
        if kind == "Place" and attrs.get("kind"):
            g.add((node, KG.kind, Literal(attrs["kind"])))

    def _edge(self, source: str, target: str, attrs: dict) -> None:
        rel = relation(attrs["rel"])
        form = rel.rdf
        if isinstance(form, (Part, Described)):
            return  # written with the statement it completes / with the source's description
        source_type = self.graph.nodes[source]["type"]
        article = attrs.get("article") or (source if source_type == "Article" else None)
        g = self._context(article)
        if article is not None:
            for key in (source, target):
                self._describe_brief(g, key)
        s, o = iri(source), iri(target)
        if isinstance(form, Property):
            g.add((s, form.property_for(source_type), o))
            statement = s
        else:
            statement = self._statement(g, form, source, target, article)
        if rel.provenance and article is not None:
            g.add((statement, PROV.wasDerivedFrom, iri(article)))
            if "evidence" in attrs:
                g.add((statement, KG.evidence, self._evidence(g, article, attrs["evidence"])))

    def _statement(self, g: Graph, form: Statement, source: str, target: str, article: str | None) -> URIRef:
        """Write the reified statement of a ``source → target`` edge into ``g``; its node."""
        s, o = iri(source), iri(target)
        if form.key is None:  # the target is the statement; the Part relations leaving it complete it
            g.add((o, RDF.type, form.cls))
            g.add((o, form.source, s))
            for _, part_target, data in sorted(self.graph.out_edges(target, data=True), key=_edge_order):
                part = relation(data["rel"]).rdf
                if isinstance(part, Part):
                    g.add((o, part.property, iri(part_target)))
            return o
        if form.shortcut is not None:
            g.add((s, form.shortcut, o))
        node = iri(f"{form.key}/{short_hash(source, target, article or '')}")
        g.add((node, RDF.type, form.cls))
        g.add((node, form.source, s))
        if form.target is not None:
            g.add((node, form.target, o))
        return node

    def _describe_brief(self, g: Graph, key: str) -> None:
        """Type and name of an entity inside an article's graph, so each graph reads alone."""
        attrs = self.graph.nodes[key]
        if attrs["type"] in ("Position", "Page"):
            return
        self._describe(g, key, {k: v for k, v in attrs.items() if k != "aliases"})

    def _evidence(self, g: Graph, article: str, evidence: dict) -> URIRef:
        node = iri(f"evidence/{short_hash(article, str(evidence['start']), str(evidence['end']))}")
        g.add((node, RDF.type, KG.Evidence))
        g.add((node, KG.sentence, zh(evidence["sentence"])))
        g.add((node, KG.startOffset, Literal(evidence["start"])))
        g.add((node, KG.endOffset, Literal(evidence["end"])))
        g.add((node, PROV.wasDerivedFrom, iri(article)))
        return node


def _edge_order(edge: tuple) -> tuple:
    source, target, attrs = edge
    return (source, target, attrs["rel"], attrs.get("article") or "", json.dumps(attrs.get("evidence"), sort_keys=True))


def _date(value: str) -> Literal:
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


def sorted_lines(text: str) -> str:
    lines = sorted(set(line for line in text.splitlines() if line.strip()))
    return "\n".join(lines) + "\n"


def _bound_graph(dataset: Dataset, identifier: URIRef | None = None) -> Graph:
    graph = Graph(identifier=identifier)
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, replace=True)
    return graph


def trig(dataset: Dataset) -> str:
    """TriG with the default graph first, then the named graphs in IRI order.

    rdflib's own TriG writer orders graphs by hash, so the same data could come out in a
    different order from run to run; each graph's body is rdflib's (sorted) Turtle."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    graphs = sorted(dataset.graphs(), key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
    for context in graphs:
        if len(context) == 0:
            continue
        graph = _bound_graph(dataset)
        for triple in context:
            graph.add(triple)
        lines = graph.serialize(format="turtle").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip()
        if context.identifier == DATASET_DEFAULT_GRAPH_ID:
            blocks.append(body)
        else:
            indented = "\n".join("    " + line if line else line for line in body.splitlines())
            blocks.append(f"<{context.identifier}> {{\n{indented}\n}}")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(blocks) + "\n"


def _sorted_json(value: object) -> object:
    """JSON-LD with every array in a fixed order (arrays of values are unordered sets here)."""
    if isinstance(value, dict):
        return {key: _sorted_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def serializations(dataset: Dataset) -> Iterator[tuple[str, str]]:
    """(file name, text) of every RDF export, each deterministic."""
    union = _bound_graph(dataset)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    yield "graph.ttl", union.serialize(format="turtle")
    yield "graph.trig", trig(dataset)
    yield "graph.nt", sorted_lines(union.serialize(format="nt"))
    yield "graph.nq", sorted_lines(dataset.serialize(format="nquads"))
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | {"id": ID}
    data = _sorted_json(json.loads(union.serialize(format="json-ld", context=context)))
    yield "graph.jsonld", json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
