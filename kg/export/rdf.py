"""The graph as RDF, following ``CONTRACT.md`` (schema.org, W3C ORG, SKOS, PROV-O).

Shape (``id:`` stands for ``https://kg.example/id/``; the files write one prefix per kind of node, person:,
organization:, place: …; ``kg:`` is the ontology in ``ontology/kg.ttl``); each
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

Beside each kg: property the writer states the standard properties ``ontology/kg.ttl`` makes
it a sub-property of (``kg:chair`` → also ``schema:attendee``, ``kg:photographer`` → also
``schema:contributor``, ``kg:evidence`` → also ``prov:wasDerivedFrom``), and a membership's
member is also ``org:memberOf`` and ``schema:memberOf`` its organization: a query in
schema.org / ORG / PROV terms alone finds every fact, without a reasoner.

In TriG each article's statements (and the type and names of every entity it mentions) sit
in the named graph whose name is the article's IRI; every node's full description, page
nodes, gazetteer hierarchy and name-derived facts sit in the default graph.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.export import jsonld
from kg.graph.build import short_hash
from kg.query.store import ontology_dir
from kg.schema import EVENT_CLASSES, NODE_TYPE, PART_OF_PAGE, Described, Part, Property, Statement, relation
from kg.vocab import BASE, KG, NODE_PREFIXES, PREFIXES, SCHEMA

ID = BASE + "id/"


_NOT_IRI_PATH = re.compile(
    r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/"
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd]"
)
"""What RFC 3987 does not let stand unescaped in an IRI's path: all but ASCII letters, digits and
marks and the ``ucschar`` ranges (so controls, private use, U+FFFD, noncharacters, space, ``%``)."""


def iri(key: str) -> URIRef:
    """The IRI of a graph node key: non-ASCII text kept (IRIs, not URIs), every character an
    IRI may not hold percent-encoded."""
    return URIRef(ID + _NOT_IRI_PATH.sub(_percent_encoded, key))


def _percent_encoded(match: re.Match) -> str:
    return quote(match.group().encode("utf-8", "surrogatepass"), safe="")


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class RdfWriter:
    """Turns the NetworkX graph into an rdflib Dataset: one named graph per article.

    Each edge is written as its relation's RDF form says (``kg.schema``). An edge read from an
    article (its ``article`` attribute), or leaving an article node, goes into that article's
    named graph, with the type and name of both its ends; the rest go into the default graph.
    """

    def __init__(self, graph: nx.MultiDiGraph, base: str = BASE) -> None:
        self.graph = graph
        self.id_namespace = base + "id/"
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
        self._state_super_properties()
        return self.dataset if self.id_namespace == ID else _rebased(self.dataset, self.id_namespace)

    def _state_super_properties(self) -> None:
        """Beside each kg: property, the standard properties it specializes (``kg:chair`` →
        also ``schema:attendee``), in the same graph: queries in standard terms need no reasoner."""
        graphs = {g.identifier: g for g in (self.default, *self._named.values())}
        for prop, tops in standard_super_properties().items():  # one index scan a property
            for s, _, o, context in list(self.dataset.quads((None, prop, None, None))):
                g = graphs[context.identifier if isinstance(context, Graph) else context]
                for top in tops:
                    g.add((s, top, o))

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
                    for shortcut in part.shortcuts:
                        g.add((s, shortcut, iri(part_target)))
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


@functools.cache
def standard_super_properties() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each kg: property → the standard properties ``ontology/kg.ttl`` makes it an
    ``rdfs:subPropertyOf*`` (``kg:evidence`` → ``prov:wasDerivedFrom``)."""
    ontology = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    supers = {}
    for prop in sorted(set(ontology.subjects(RDFS.subPropertyOf, None))):
        tops = sorted(top for top in ontology.transitive_objects(prop, RDFS.subPropertyOf)
                      if top != prop and not str(top).startswith(str(KG)))
        if tops:
            supers[prop] = tuple(tops)
    return supers


def _edge_order(edge: tuple) -> tuple:
    source, target, attrs = edge
    return (source, target, attrs["rel"], attrs.get("article") or "", json.dumps(attrs.get("evidence"), sort_keys=True))


def _date(value: str) -> Literal:
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


def _rebased(dataset: Dataset, id_namespace: str) -> Dataset:
    """``dataset`` with its node IRIs moved from ``ID`` to ``id_namespace`` (``--base``)."""

    def move(term):
        return URIRef(id_namespace + term[len(ID):]) if isinstance(term, URIRef) and term.startswith(ID) else term

    moved = Dataset()
    for prefix, namespace in PREFIXES.items():
        moved.bind(prefix, namespace)
    moved.bind("id", id_namespace)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = moved.default_graph if g is None or g == DATASET_DEFAULT_GRAPH_ID else moved.graph(move(g))
        graph.add((move(s), p, move(o)))
    return moved


def _ox_term(term):
    """An rdflib term as a pyoxigraph one."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def _quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset as pyoxigraph quads, sorted: the default graph first, then the
    named graphs in IRI order, each by subject, predicate and object."""
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else ox.NamedNode(str(g))
        quads.append(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), graph))
    return sorted(set(quads), key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name),
                                              str(q.subject), str(q.predicate), str(q.object)))


def _prefixes(quads: list[ox.Quad], id_namespace: str = ID) -> dict[str, str]:
    r"""The vocabularies' prefixes, and one per kind of node (person:张良, event:3f2a…) read off the
    node IRIs: a single id: prefix would make every local name an escaped path (id:person\/张良).
    Nodes whose keys hold a slash of their own (articles) are written in full; org/ is
    ``organization:``, as ``org:`` is W3C ORG's."""
    paths = set()
    for quad in quads:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(id_namespace):
                path, _, rest = term.value[len(id_namespace) :].partition("/")
                if rest and "/" not in rest:
                    paths.add(path)
    own = {NODE_PREFIXES.get(path, path): f"{id_namespace}{path}/" for path in sorted(paths)}
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | own


def trig(dataset: Dataset) -> str:
    """TriG with the default graph first, then the named graphs in IRI order (see ``_quads``)."""
    quads = _quads(dataset)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes(quads)).decode("utf-8")


def serializations(dataset: Dataset, base: str = BASE) -> Iterator[tuple[str, str]]:
    """(file name, text) of every RDF export, each deterministic. Written by pyoxigraph, which
    serializes in input order, from quads sorted once: about a hundred times faster than
    rdflib's serializers on a build of a few hundred thousand triples (STACK.md). ``base``:
    the one the dataset's nodes were written under (``RdfWriter``)."""
    id_namespace = base + "id/"
    quads = _quads(dataset)
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = _prefixes(quads, id_namespace)

    def text(items, fmt: ox.RdfFormat, **options) -> str:
        return ox.serialize(items, format=fmt, **options).decode("utf-8")

    yield "graph.ttl", text(triples, ox.RdfFormat.TURTLE, prefixes=prefixes)
    yield "graph.trig", text(quads, ox.RdfFormat.TRIG, prefixes=prefixes)
    yield "graph.nt", text(triples, ox.RdfFormat.N_TRIPLES)
    yield "graph.nq", text(quads, ox.RdfFormat.N_QUADS)
    yield "graph.jsonld", jsonld.document(triples, id_namespace)
