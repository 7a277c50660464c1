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
import io
import itertools
import re
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import quote

import networkx as nx
import numpy as np
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
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


def iri(key: str, id_namespace: str = ID) -> ox.NamedNode:
    """The IRI of a graph node key: non-ASCII text kept (IRIs, not URIs), every character an
    IRI may not hold percent-encoded."""
    return ox.NamedNode(id_namespace + _NOT_IRI_PATH.sub(_percent_encoded, key))


def _percent_encoded(match: re.Match) -> str:
    return quote(match.group().encode("utf-8", "surrogatepass"), safe="")


TYPE, NAME, ALTERNATE_NAME = RDF.type, SCHEMA.name, SCHEMA.alternateName
PREF_LABEL, ALT_LABEL, DERIVED_FROM = SKOS.prefLabel, SKOS.altLabel, PROV.wasDerivedFrom
HEADLINE, POSITION, START_DATE, KIND = SCHEMA.headline, SCHEMA.position, SCHEMA.startDate, KG.kind
EVIDENCE, EVIDENCE_CLASS, SENTENCE = KG.evidence, KG.Evidence, KG.sentence
START_OFFSET, END_OFFSET = KG.startOffset, KG.endOffset
XSD_INTEGER = ox.NamedNode(XSD.integer)


class Statements:
    """The statements of a build, by graph: under the text of each graph's name (``""`` for the
    default graph) its triples as the ids of their terms, three to a triple, in the order they
    were stated (repeats kept); ``texts`` and ``terms``: the N-Triples text and the pyoxigraph
    term of each id. Ids in arrays, not terms nor their texts in sets: some 13 bytes a statement
    rather than 300, and :class:`_Order` sorts them as the files are written. An rdflib Dataset
    is made only when asked for (``dataset``)."""

    def __init__(self) -> None:
        self.graphs: dict[str, array] = {}
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []
        self.terms: list[ox.Term] = []

    def id(self, term: ox.Term) -> int:
        """The term's id, the term kept to be written."""
        text = str(term)
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = len(self.texts)
            self.texts.append(text)
            self.terms.append(term)
        return found

    def dataset(self, id_namespace: str = ID) -> Dataset:
        """The statements as an rdflib Dataset (one named graph per article)."""
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        dataset.bind("id", id_namespace)
        graphs: dict = {ox.DefaultGraph(): dataset.default_graph}
        for s, p, o, name in _Order(self).quads():
            if name not in graphs:
                graphs[name] = dataset.graph(_rdflib(name))
            graphs[name].add((_rdflib(s), _rdflib(p), _rdflib(o)))
        return dataset


class _Graph:
    """One graph of a :class:`Statements`: ``add`` writes a triple (the ids of its terms) into
    it, and beside a kg: property the standard properties it specializes (``kg:chair`` → also
    ``schema:attendee``), so queries in standard terms need no reasoner."""

    __slots__ = ("triples", "supers")

    def __init__(self, statements: Statements, name: str, supers: dict[int, tuple[int, ...]]) -> None:
        self.triples = statements.graphs.setdefault(name, array("I"))
        self.supers = supers

    def add(self, s: int, p: int, o: int) -> None:
        self.triples.extend((s, p, o))
        if p in self.supers:
            for top in self.supers[p]:
                self.triples.extend((s, top, o))


class RdfWriter:
    """Turns the NetworkX graph into the build's :class:`Statements`: one named graph per article.

    Each edge is written as its relation's RDF form says (``kg.schema``). An edge read from an
    article (its ``article`` attribute), or leaving an article node, goes into that article's
    named graph, with the type and name of both its ends; the rest go into the default graph.
    Terms are handled by their ids in the statements (:meth:`Statements.id`).
    """

    def __init__(self, graph: nx.MultiDiGraph, base: str = BASE) -> None:
        self.graph = graph
        self.id_namespace = base + "id/"
        self.statements = Statements()
        self.term_id = self.statements.id
        self._vocabulary: dict[URIRef, int] = {}
        self.supers = {self.vocab(prop): tuple(map(self.vocab, tops))
                       for prop, tops in standard_super_properties().items()}
        self.default = self._graph("")
        self._named: dict[str, _Graph] = {}
        self._iris: dict[str, int] = {}
        self._brief: dict[str, list[tuple[int, int]]] = {}  # node key → its type and name
        self._done: set[tuple] = set()  # (article, node key | evidence) already written into its graph

    def _graph(self, name: str) -> _Graph:
        return _Graph(self.statements, name, self.supers)

    def vocab(self, term: URIRef) -> int:
        """A vocabulary term's id (``kg.vocab``, ``kg.schema``: ``SCHEMA.name``)."""
        found = self._vocabulary.get(term)
        if found is None:
            found = self._vocabulary[term] = self.term_id(ox.NamedNode(term))
        return found

    def iri(self, key: str) -> int:
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = self.term_id(iri(key, self.id_namespace))
        return found

    def zh(self, text: str) -> int:
        return self.term_id(ox.Literal(text, language="zh"))

    def integer(self, value: int) -> int:
        return self.term_id(ox.Literal(str(value), datatype=XSD_INTEGER))

    def _context(self, article: str | None) -> _Graph:
        if article is None:
            return self.default
        if article not in self._named:
            self._named[article] = self._graph(self.statements.texts[self.iri(article)])
        return self._named[article]

    def build(self) -> Statements:
        """The statements (sets: nodes and edges are taken in any order)."""
        for key, attrs in self.graph.nodes(data=True):
            node = self.iri(key)
            for p, o in self._description(attrs):
                self.default.add(node, p, o)
        for source, target, attrs in self.graph.edges(data=True):
            self._edge(source, target, attrs)
        return self.statements

    def _description(self, attrs: dict, aliases: bool = True) -> list[tuple[int, int]]:
        """(predicate, object) of each statement describing a node."""
        kind, vocab, zh = attrs["type"], self.vocab, self.zh
        found = [(vocab(TYPE), vocab(NODE_TYPE[kind].cls))]
        if kind == "Title":
            found.append((vocab(PREF_LABEL), zh(attrs["name"])))
            found += [(vocab(ALT_LABEL), zh(alias)) for alias in attrs.get("aliases", []) if aliases]
        elif kind == "Position":
            found.append((vocab(PREF_LABEL), zh(attrs["name"])))
        elif kind == "Article":
            found += [(vocab(HEADLINE), zh(attrs["name"])),
                      (vocab(POSITION), self.integer(attrs["index"])),
                      (vocab(PART_OF_PAGE.rdf.property), self.iri(attrs["page"]))]
        elif kind == "Page":
            found.append((vocab(NAME), self.term_id(ox.Literal(attrs["name"]))))
        else:
            found.append((vocab(NAME), zh(attrs["name"])))
            found += [(vocab(ALTERNATE_NAME), zh(alias)) for alias in attrs.get("aliases", []) if aliases]
            if kind == "Event":
                if attrs.get("kind") in EVENT_CLASSES:
                    found.append((vocab(TYPE), vocab(EVENT_CLASSES[attrs["kind"]])))
                if attrs.get("date"):
                    found.append((vocab(START_DATE), self.term_id(_date(attrs["date"]))))
            if kind == "Place" and attrs.get("kind"):
                found.append((vocab(KIND), self.term_id(ox.Literal(attrs["kind"]))))
        return found

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
                self._describe_brief(g, article, key)
        if isinstance(form, Property):
            statement = self.iri(source)
            g.add(statement, self.vocab(form.property_for(source_type)), self.iri(target))
        else:
            statement = self._statement(g, form, source, target, article)
        if rel.provenance and article is not None:
            g.add(statement, self.vocab(DERIVED_FROM), self.iri(article))
            if "evidence" in attrs:
                g.add(statement, self.vocab(EVIDENCE), self._evidence(g, article, attrs["evidence"]))

    def _statement(self, g: _Graph, form: Statement, source: str, target: str, article: str | None) -> int:
        """Write the reified statement of a ``source → target`` edge into ``g``; its node."""
        s, o, vocab = self.iri(source), self.iri(target), self.vocab
        if form.key is None:  # the target is the statement; the Part relations leaving it complete it
            g.add(o, vocab(TYPE), vocab(form.cls))
            g.add(o, vocab(form.source), s)
            for _, part_target, rel in self.graph.out_edges(target, data="rel"):
                part = relation(rel).rdf
                if isinstance(part, Part):
                    g.add(o, vocab(part.property), self.iri(part_target))
                    for shortcut in part.shortcuts:
                        g.add(s, vocab(shortcut), self.iri(part_target))
            return o
        if form.shortcut is not None:
            g.add(s, vocab(form.shortcut), o)
        node = self.iri(f"{form.key}/{short_hash(source, target, article or '')}")
        g.add(node, vocab(TYPE), vocab(form.cls))
        g.add(node, vocab(form.source), s)
        if form.target is not None:
            g.add(node, vocab(form.target), o)
        return node

    def _describe_brief(self, g: _Graph, article: str, key: str) -> None:
        """Type and name of an entity inside an article's graph, so each graph reads alone."""
        if (article, key) in self._done:
            return
        self._done.add((article, key))
        brief = self._brief.get(key)
        if brief is None:
            attrs = self.graph.nodes[key]
            described = attrs["type"] not in ("Position", "Page")
            brief = self._brief[key] = self._description(attrs, aliases=False) if described else []
        node = self.iri(key)
        for p, o in brief:
            g.add(node, p, o)

    def _evidence(self, g: _Graph, article: str, evidence: dict) -> int:
        start, end = evidence["start"], evidence["end"]
        node = self.iri(f"evidence/{short_hash(article, str(start), str(end))}")
        if (article, node, evidence["sentence"]) not in self._done:
            self._done.add((article, node, evidence["sentence"]))
            vocab = self.vocab
            g.add(node, vocab(TYPE), vocab(EVIDENCE_CLASS))
            g.add(node, vocab(SENTENCE), self.zh(evidence["sentence"]))
            g.add(node, vocab(START_OFFSET), self.integer(start))
            g.add(node, vocab(END_OFFSET), self.integer(end))
            g.add(node, vocab(DERIVED_FROM), self.iri(article))
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


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD.gMonthDay if value.startswith("--") else XSD.date))


def _rdflib(term: ox.Term):
    """A pyoxigraph term as an rdflib one."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    return BNode(term.value)


class _Order:
    """The terms of a :class:`Statements` in the order of their texts, and its triples as the
    ranks of their terms in that order, sorted, each once: the order of the graph files (N-Triples
    escapes every control character, so ranks sort as the joined texts of the terms would)."""

    def __init__(self, statements: Statements) -> None:
        self.statements = statements
        order = sorted(range(len(statements.texts)), key=statements.texts.__getitem__)
        self.rank = np.empty(len(order), dtype=np.uint32)
        self.rank[order] = np.arange(len(order), dtype=np.uint32)
        self.texts = [statements.texts[term] for term in order]
        self.terms = [statements.terms[term] for term in order]

    def _sorted(self, ids: np.ndarray) -> np.ndarray:
        """Triples of term ids (one a row) as rows of ranks, sorted, each once."""
        ranks = self.rank[ids.reshape(-1, 3)]
        ranks = ranks[np.lexsort((ranks[:, 2], ranks[:, 1], ranks[:, 0]))]
        distinct = np.ones(len(ranks), dtype=bool)
        distinct[1:] = (ranks[1:] != ranks[:-1]).any(axis=1)
        return ranks[distinct]

    def graphs(self) -> Iterator[tuple[str, np.ndarray]]:
        """Each graph's name (``""``: the default graph, first; then the named graphs in IRI
        order) and its sorted triples; one graph at a time."""
        for name in sorted(self.statements.graphs):
            yield name, self._sorted(np.frombuffer(self.statements.graphs[name], dtype=np.uint32))

    @functools.cached_property
    def triples(self) -> np.ndarray:
        """Every distinct triple, sorted."""
        graphs = [np.frombuffer(ids, dtype=np.uint32) for ids in self.statements.graphs.values()]
        return self._sorted(np.concatenate(graphs) if graphs else np.empty(0, dtype=np.uint32))

    def rows(self, triples: np.ndarray) -> Iterator[list[int]]:
        """The triples' ranks as Python ints, a batch at a time."""
        for start in range(0, len(triples), 4096):
            yield from triples[start : start + 4096].tolist()

    def lines(self, triples: np.ndarray, graph: str = "") -> Iterator[str]:
        """The N-Triples lines of ``triples`` (N-Quads lines, given a ``graph`` name)."""
        texts, end = self.texts, f" {graph} .\n" if graph else " .\n"
        for s, p, o in self.rows(triples):
            yield f"{texts[s]} {texts[p]} {texts[o]}{end}"

    def term_triples(self, triples: np.ndarray) -> Iterator[ox.Triple]:
        terms = self.terms
        for s, p, o in self.rows(triples):
            yield ox.Triple(terms[s], terms[p], terms[o])

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, in the order of :meth:`graphs`."""
        terms = self.terms
        for name, triples in self.graphs():
            graph = self.statements.terms[self.statements.ids[name]] if name else ox.DefaultGraph()
            for s, p, o in self.rows(triples):
                yield ox.Quad(terms[s], terms[p], terms[o], graph)


def _prefixes(statements: Statements, id_namespace: str = ID) -> dict[str, str]:
    r"""The vocabularies' prefixes, and one per kind of node (person:张良, event:3f2a…) read off the
    node IRIs: a single id: prefix would make every local name an escaped path (id:person\/张良).
    Nodes whose keys hold a slash of their own (articles) are written in full; org/ is
    ``organization:``, as ``org:`` is W3C ORG's."""
    paths = set()
    for term in statements.terms:
        if isinstance(term, ox.NamedNode) and term.value.startswith(id_namespace):
            path, _, rest = term.value[len(id_namespace) :].partition("/")
            if rest and "/" not in rest:
                paths.add(path)
    own = {NODE_PREFIXES.get(path, path): f"{id_namespace}{path}/" for path in sorted(paths)}
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | own


FILES = ("graph.nt", "graph.nq", "graph.ttl", "graph.trig", "graph.jsonld")
"""The RDF files, in the order :func:`serializations` gives them: the query store loads from the first two."""

RECODED_FROM = {"graph.ttl": "graph.nt", "graph.trig": "graph.nq"}
"""The file written before each of these that holds its statements in the same order."""


class RdfFiles:
    """Writes each RDF file of a build's statements straight to a binary file, deterministic: the
    default graph first, then the named graphs in IRI order, each by subject, predicate and object
    as N-Quads writes them. N-Triples and N-Quads lines are written here, Turtle and TriG by
    pyoxigraph, which serializes in input order, from quads made one at a time: about a hundred
    times faster than rdflib's serializers (STACK.md), and no file is ever whole in memory.
    ``base``: the one the statements' nodes were written under (``RdfWriter``)."""

    def __init__(self, statements: Statements, base: str = BASE) -> None:
        self.order = _Order(statements)
        self.id_namespace = base + "id/"
        self.prefixes = _prefixes(statements, self.id_namespace)

    def write(self, name: str, out: IO[bytes], written: Path | bytes | None = None) -> None:
        """Write the file ``name`` (one of ``FILES``) to ``out``. ``written``: for Turtle and TriG,
        the file of ``RECODED_FROM`` this writer wrote (its path or bytes), when at hand: Oxigraph
        then recodes it, the same bytes in half the time of making each statement in Python."""
        order = self.order
        if name == "graph.nt":
            _write_lines(out, order.lines(order.triples))
        elif name == "graph.nq":
            for graph, triples in order.graphs():
                _write_lines(out, order.lines(triples, graph))
        elif name in RECODED_FROM and written is not None:
            kind = ox.RdfFormat.N_TRIPLES if name == "graph.ttl" else ox.RdfFormat.N_QUADS
            statements = ox.parse(path=written, format=kind, lenient=True) if isinstance(written, Path) \
                else ox.parse(written, format=kind, lenient=True)
            ox.serialize(statements, out, ox.RdfFormat.TURTLE if name == "graph.ttl" else ox.RdfFormat.TRIG,
                         prefixes=self.prefixes)
        elif name == "graph.ttl":
            ox.serialize(order.term_triples(order.triples), out, ox.RdfFormat.TURTLE, prefixes=self.prefixes)
        elif name == "graph.trig":
            ox.serialize(order.quads(), out, ox.RdfFormat.TRIG, prefixes=self.prefixes)
        elif name == "graph.jsonld":
            jsonld.write(out, order.triples, order.terms, self.id_namespace)
        else:
            raise ValueError(f"no RDF file {name}")

    def text(self, name: str) -> str:
        """The file ``name`` as text."""
        buffer = io.BytesIO()
        self.write(name, buffer)
        return buffer.getvalue().decode("utf-8")


def _write_lines(out: IO[bytes], lines: Iterable[str], batch: int = 4096) -> None:
    """Write ``lines`` as UTF-8, a batch at a time."""
    lines = iter(lines)
    while chunk := "".join(itertools.islice(lines, batch)):
        out.write(chunk.encode("utf-8"))


def trig(statements: Statements) -> str:
    """The statements as TriG (see :class:`RdfFiles`)."""
    return RdfFiles(statements).text("graph.trig")


def serializations(statements: Statements, base: str = BASE) -> Iterator[tuple[str, str]]:
    """(file name, text) of every RDF file (``FILES``), as :class:`RdfFiles` writes them."""
    files = RdfFiles(statements, base)
    for name in FILES:
        yield name, files.text(name)
