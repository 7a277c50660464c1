"""The graph as RDF, following ``CONTRACT.md`` (schema.org, W3C ORG, SKOS, PROV-O).

Shape (``id:`` is ``https://kg.example/id/``, ``kg:`` the ontology in ``ontology/kg.ttl``)::

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
    id:person/史晓刚 schema:award id:honor/劳动模范 .
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
in the named graph whose name is the article's IRI; page nodes, gazetteer hierarchy and
name-derived facts sit in the default graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import ORG, PROV, RDF, SKOS, XSD

from kg.graph.build import short_hash
from kg.vocab import BASE, KG, PREFIXES, SCHEMA

ID = BASE + "id/"
EVENT_CLASS = {"Meeting", "Ceremony", "Contest", "Visit", "Campaign", "Lecture", "Exhibition"}
ROLE_PROPERTY = {
    "chair": KG.chair, "speaker": KG.speaker, "attendee": SCHEMA.attendee, "host": KG.host,
    "co-host": KG.coHost, "award": KG.awardee,
}
BYLINE_PROPERTY = {"author": SCHEMA.author, "photographer": KG.photographer, "correspondent": KG.correspondent}
TYPE_CLASS = {"Person": SCHEMA.Person, "Organization": SCHEMA.Organization, "Place": SCHEMA.Place,
              "Honor": KG.Honor, "Event": SCHEMA.Event}


def iri(key: str) -> URIRef:
    """The IRI of a graph node key; keys are IRI-safe already (non-ASCII kept: IRIs, not URIs)."""
    return URIRef(ID + key)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class RdfWriter:
    """Turns the NetworkX graph into an rdflib Dataset: one named graph per article."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        self.dataset.bind("id", ID)
        self.default = self.dataset.default_context
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
        if kind == "Title":
            g.add((node, RDF.type, ORG.Role))
            g.add((node, SKOS.prefLabel, zh(attrs["name"])))
            for alias in attrs.get("aliases", []):
                g.add((node, SKOS.altLabel, zh(alias)))
            return
        if kind == "Position":
            g.add((node, RDF.type, ORG.Membership))
            g.add((node, SKOS.prefLabel, zh(attrs["name"])))
            return
        if kind == "Article":
            g.add((node, RDF.type, SCHEMA.NewsArticle))
            g.add((node, SCHEMA.headline, zh(attrs["name"])))
            g.add((node, SCHEMA.position, Literal(attrs["index"])))
            g.add((node, SCHEMA.isPartOf, iri(attrs["page"])))
            return
        if kind == "Page":
            g.add((node, RDF.type, KG.Page))
            g.add((node, SCHEMA.name, Literal(attrs["name"])))
            return
        g.add((node, RDF.type, TYPE_CLASS[kind]))
        g.add((node, SCHEMA.name, zh(attrs["name"])))
        for alias in attrs.get("aliases", []):
            g.add((node, SCHEMA.alternateName, zh(alias)))
        if kind == "Event":
            if attrs.get("kind") in EVENT_CLASS:
                g.add((node, RDF.type, KG[attrs["kind"]]))
            if attrs.get("date"):
                g.add((node, SCHEMA.startDate, _date(attrs["date"])))
        if kind == "Place" and attrs.get("kind"):
            g.add((node, KG.kind, Literal(attrs["kind"])))

    def _edge(self, source: str, target: str, attrs: dict) -> None:
        rel, article = attrs["rel"], attrs.get("article")
        g = self._context(article)
        s, o = iri(source), iri(target)
        if article is not None:
            for key in (source, target):
                self._describe_brief(g, key)
        if rel == "mentions":
            self._context(source).add((s, SCHEMA.mentions, o))
            return
        evidence = self._evidence(g, article, attrs["evidence"]) if "evidence" in attrs else None
        provenance_of = None
        if rel == "holds":
            g.add((o, ORG.member, s))
            for _, target_key, data in self.graph.out_edges(target, data=True):
                g.add((o, ORG.role if data["rel"] == "role" else ORG.organization, iri(target_key)))
            provenance_of = o
        elif rel == "award":
            g.add((s, SCHEMA.award, o))
            statement = iri(f"award/{short_hash(source, target, article or '')}")
            g.add((statement, RDF.type, KG.AwardStatement))
            g.add((statement, KG.recipient, s))
            g.add((statement, KG.honor, o))
            provenance_of = statement
        elif rel in BYLINE_PROPERTY:
            g.add((s, BYLINE_PROPERTY[rel], o))
        elif rel == "held_at":
            g.add((s, SCHEMA.location, o))
            provenance_of = s
        elif rel == "organizer":
            g.add((s, SCHEMA.organizer, o))
            provenance_of = s
        elif rel in ROLE_PROPERTY:
            g.add((s, ROLE_PROPERTY[rel], o))
            provenance_of = s
        elif rel == "located_in":
            prop = SCHEMA.containedInPlace if self.graph.nodes[source]["type"] == "Place" else SCHEMA.location
            g.add((s, prop, o))
        elif rel == "part_of":
            g.add((s, ORG.subOrganizationOf, o))
        elif rel in ("role", "at", "part_of_page"):
            return  # written with the membership / the article description
        if provenance_of is not None and article is not None:
            g.add((provenance_of, PROV.wasDerivedFrom, iri(article)))
            if evidence is not None:
                g.add((provenance_of, KG.evidence, evidence))

    def _describe_brief(self, g: Graph, key: str) -> None:
        """Type and name of a node inside an article's graph, so each graph reads alone."""
        if g is self.default:
            return
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
    graphs = sorted(dataset.contexts(), key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
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
