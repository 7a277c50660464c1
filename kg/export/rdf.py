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


class Statements:
    """The statements of a build: a set of ``(s, p, o, graph)`` in rdflib terms, ``graph`` None
    for the default graph. Plain tuples, not an rdflib Dataset: the exports are written from
    them by pyoxigraph, and a Dataset is made only when asked for (``dataset``)."""

    def __init__(self) -> None:
        self.quads: set[tuple] = set()

    def graph(self, name: URIRef | None) -> _Graph:
        return _Graph(self.quads, name, standard_super_properties())

    def dataset(self, id_namespace: str = ID) -> Dataset:
        """The statements as an rdflib Dataset (one named graph per article)."""
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        dataset.bind("id", id_namespace)
        graphs: dict = {None: dataset.default_graph}
        for s, p, o, name in sorted(self.quads, key=_quad_order):
            if name not in graphs:
                graphs[name] = dataset.graph(name)
            graphs[name].add((s, p, o))
        return dataset


class _Graph:
    """One graph of a :class:`Statements`: ``add`` writes a triple into it, and beside a kg:
    property the standard properties it specializes (``kg:chair`` → also ``schema:attendee``),
    so queries in standard terms need no reasoner."""

    __slots__ = ("quads", "name", "supers")

    def __init__(self, quads: set[tuple], name: URIRef | None, supers: dict) -> None:
        self.quads, self.name, self.supers = quads, name, supers

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.quads.add((s, p, o, self.name))
        for top in self.supers.get(p, ()):
            self.quads.add((s, top, o, self.name))


class RdfWriter:
    """Turns the NetworkX graph into the build's :class:`Statements`: one named graph per article.

    Each edge is written as its relation's RDF form says (``kg.schema``). An edge read from an
    article (its ``article`` attribute), or leaving an article node, goes into that article's
    named graph, with the type and name of both its ends; the rest go into the default graph.
    """

    def __init__(self, graph: nx.MultiDiGraph, base: str = BASE) -> None:
        self.graph = graph
        self.id_namespace = base + "id/"
        self.statements = Statements()
        self.default = self.statements.graph(None)
        self._named: dict[str, _Graph] = {}

    def _context(self, article: str | None) -> _Graph:
        if article is None:
            return self.default
        if article not in self._named:
            self._named[article] = self.statements.graph(iri(article))
        return self._named[article]

    def build(self) -> Statements:
        for key, attrs in sorted(self.graph.nodes(data=True)):
            self._describe(self.default, key, attrs)
        for source, target, attrs in sorted(self.graph.edges(data=True), key=_edge_order):
            self._edge(source, target, attrs)
        return self.statements if self.id_namespace == ID else _rebased(self.statements, self.id_namespace)

    def _describe(self, g: _Graph, key: str, attrs: dict) -> None:
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

    def _statement(self, g: _Graph, form: Statement, source: str, target: str, article: str | None) -> URIRef:
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

    def _describe_brief(self, g: _Graph, key: str) -> None:
        """Type and name of an entity inside an article's graph, so each graph reads alone."""
        attrs = self.graph.nodes[key]
        if attrs["type"] in ("Position", "Page"):
            return
        self._describe(g, key, {k: v for k, v in attrs.items() if k != "aliases"})

    def _evidence(self, g: _Graph, article: str, evidence: dict) -> URIRef:
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


def _rebased(statements: Statements, id_namespace: str) -> Statements:
    """The statements with their node IRIs moved from ``ID`` to ``id_namespace`` (``--base``)."""

    def move(term):
        return URIRef(id_namespace + term[len(ID):]) if isinstance(term, URIRef) and term.startswith(ID) else term

    moved = Statements()
    moved.quads = {(move(s), p, move(o), None if g is None else move(g)) for s, p, o, g in statements.quads}
    return moved


def _ox_term(term, memo: dict):
    """An rdflib term as a pyoxigraph one (each distinct term converted once)."""
    found = memo.get(term)
    if found is None:
        if isinstance(term, URIRef):
            found = ox.NamedNode(str(term))
        elif isinstance(term, Literal):
            if term.language:
                found = ox.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                found = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            else:
                found = ox.Literal(str(term))
        else:
            found = ox.BlankNode(str(term))
        memo[term] = found
    return found


def _quad_order(quad: tuple) -> tuple:
    """rdflib quads in the order of the graph files: the default graph first."""
    s, p, o, g = quad
    return (g is not None, str(g or ""), str(s), str(p), str(o))


def _quads(statements: Statements) -> list[ox.Quad]:
    """Every statement as a pyoxigraph quad, sorted: the default graph first, then the named
    graphs in IRI order, each by subject, predicate and object (as N-Triples writes them)."""
    memo: dict = {}
    default = ox.DefaultGraph()
    quads = {ox.Quad(_ox_term(s, memo), _ox_term(p, memo), _ox_term(o, memo),
                     default if g is None else _ox_term(g, memo)) for s, p, o, g in statements.quads}
    return sorted(quads, key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name),
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


def trig(statements: Statements) -> str:
    """TriG with the default graph first, then the named graphs in IRI order (see ``_quads``)."""
    quads = _quads(statements)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes(quads)).decode("utf-8")


def serializations(statements: Statements, base: str = BASE) -> Iterator[tuple[str, str]]:
    """(file name, text) of every RDF export, each deterministic. Written by pyoxigraph, which
    serializes in input order, from quads sorted once: about a hundred times faster than
    rdflib's serializers on a build of a few hundred thousand triples (STACK.md). ``base``:
    the one the statements' nodes were written under (``RdfWriter``)."""
    id_namespace = base + "id/"
    quads = _quads(statements)
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = _prefixes(quads, id_namespace)

    def text(items, fmt: ox.RdfFormat, **options) -> str:
        return ox.serialize(items, format=fmt, **options).decode("utf-8")

    yield "graph.ttl", text(triples, ox.RdfFormat.TURTLE, prefixes=prefixes)
    yield "graph.trig", text(quads, ox.RdfFormat.TRIG, prefixes=prefixes)
    yield "graph.nt", text(triples, ox.RdfFormat.N_TRIPLES)
    yield "graph.nq", text(quads, ox.RdfFormat.N_QUADS)
    yield "graph.jsonld", jsonld.document(triples, id_namespace)
