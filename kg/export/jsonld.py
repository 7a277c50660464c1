"""graph.jsonld: JSON-LD whose ``@context`` names each term, so a node reads as plain JSON
(``{"@id": "id:person/张良", "@type": "Person", "name": "张良"}``) and still expands to
exactly the triples of graph.nt.

Each property and class used gets a term: its local name (``name``, ``member``, ``Person``),
or, where two vocabularies share a local name, the first in ``kg.vocab.PREFIXES`` order keeps
it and the other is named by its compact IRI (``org:memberOf`` beside schema's ``memberOf``).
A property whose values are all IRIs is typed ``@id``; one with Chinese names is ``@language``
``zh``; other values are written as value objects. Nodes are named ``id:…`` (the build's
namespace), everything sorted, so the same graph gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import IO

import pyoxigraph as ox

from kg.vocab import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
ZH = "zh"
Value = str | int | dict


def write(out: IO[bytes], triples: Sequence[ox.Triple], id_namespace: str) -> None:
    """Write the JSON-LD of ``triples`` (sorted: each subject's together) to ``out``, node IRIs
    under ``id_namespace`` written ``id:…``; a thousand nodes at a time, the bytes ``json.dumps`` gives
    the whole document with ``indent=1``."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()} | {"id": id_namespace}
    classes, coercions, subjects = _survey(triples)
    terms = _term_names([*coercions, *classes], prefixes)
    writer = _Writer(prefixes, terms, coercions)
    context: dict[str, object] = dict(prefixes)
    for iri, term in sorted(terms.items(), key=lambda item: item[1]):
        context[term] = writer.definition(iri, iri in classes)
    out.write(('{\n "@context": ' + _indented(context, 1) + ',\n "@graph": ').encode("utf-8"))
    nodes = _nodes(triples, subjects, writer)
    opening = "["
    while batch := list(itertools.islice(nodes, 1024)):
        # one list at a time: json.dumps with an indent makes a reference cycle at each call
        text = _indented(batch, 1)  # "[\n  {…},\n  {…}\n ]"
        out.write((opening + text[1:-3]).encode("utf-8"))
        opening = ","
    out.write(b"[]\n}\n" if opening == "[" else b"\n ]\n}\n")


def _survey(triples: Sequence[ox.Triple]) -> tuple[set[str], dict[str, str | None], list[tuple[int, int]]]:
    """The classes used; each property's coercion: ``@id`` when its values are all IRIs, ``zh``
    when some are Chinese names; and where each subject's triples start and end."""
    classes: set[str] = set()
    all_iris: dict[str, bool] = {}
    any_zh: dict[str, bool] = {}
    starts: list[int] = []
    subject = None
    for index, triple in enumerate(triples):
        if triple.subject != subject:
            subject = triple.subject
            starts.append(index)
        predicate, value = triple.predicate.value, triple.object
        if predicate == RDF_TYPE:
            if isinstance(value, ox.NamedNode):
                classes.add(value.value)
            continue
        all_iris[predicate] = all_iris.get(predicate, True) and isinstance(value, ox.NamedNode)
        any_zh[predicate] = any_zh.get(predicate, False) or (isinstance(value, ox.Literal) and value.language == ZH)
    coercions = {predicate: "@id" if all_iris[predicate] else ZH if any_zh[predicate] else None
                 for predicate in all_iris}
    return classes, coercions, list(zip(starts, [*starts[1:], len(triples)], strict=True))


def _nodes(triples: Sequence[ox.Triple], subjects: list[tuple[int, int]], writer: _Writer) -> Iterator[dict]:
    """Each node, in ``@id`` order: its properties in term order, each value or sorted values."""
    groups = sorted((writer.node_id(triples[start].subject), start, end) for start, end in subjects)
    for node_id, same in itertools.groupby(groups, key=lambda group: group[0]):
        properties: dict[str, list[Value]] = defaultdict(list)
        for _, start, end in same:
            for index in range(start, end):
                triple = triples[index]
                predicate = triple.predicate.value
                key = "@type" if predicate == RDF_TYPE else writer.terms[predicate]
                properties[key].append(writer.value(predicate, triple.object))
        yield {"@id": node_id, **{key: _one_or_many(values) for key, values in sorted(properties.items())}}


def _indented(value: dict | list, depth: int) -> str:
    """``value`` as ``json.dumps`` writes it ``depth`` levels down a document indented by 1."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _term_names(iris: list[str], prefixes: dict[str, str]) -> dict[str, str]:
    """Each IRI's term: its local name, unless an earlier vocabulary took it or it is a prefix."""
    order = {namespace: i for i, namespace in enumerate(prefixes.values())}

    def rank(iri: str) -> tuple:
        namespace = _namespace(iri, prefixes)
        return (order.get(namespace, len(order)), iri)

    names: dict[str, str] = {}
    taken = set(prefixes)
    for iri in sorted(set(iris), key=rank):
        local = re.split(r"[#/]", iri)[-1]
        if local and local not in taken and not local.startswith("@"):
            names[iri] = local
            taken.add(local)
        else:
            names[iri] = _compact(iri, prefixes)
    return names


def _namespace(iri: str, prefixes: dict[str, str]) -> str | None:
    return max((ns for ns in prefixes.values() if iri.startswith(ns) and iri != ns), key=len, default=None)


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    namespace = _namespace(iri, prefixes)
    if namespace is None:
        return iri
    prefix = next(name for name, ns in prefixes.items() if ns == namespace)
    return f"{prefix}:{iri[len(namespace):]}"


def _one_or_many(values: list[Value]) -> Value | list[Value]:
    if len(values) == 1:
        return values[0]
    unique = sorted({_json(v): v for v in values}.items())
    return unique[0][1] if len(unique) == 1 else [value for _, value in unique]


def _json(value: Value) -> str:
    """``value`` as JSON (its sort key)."""
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Writer:
    """Writes terms as the context says they read."""

    def __init__(self, prefixes: dict[str, str], terms: dict[str, str], coercions: dict[str, str | None]) -> None:
        self.prefixes = prefixes
        self.terms = terms
        self.coercions = coercions
        self.node_ids: dict[str, str] = {}  # IRI → id:… (each IRI compacted once)

    def definition(self, iri: str, is_class: bool) -> str | dict[str, str]:
        compact = _compact(iri, self.prefixes)
        coercion = None if is_class else self.coercions[iri]
        if coercion == "@id":
            return {"@id": compact, "@type": "@id"}
        if coercion == ZH:
            return {"@id": compact, "@language": ZH}
        return compact

    def node_id(self, term: ox.Term) -> str:
        if not isinstance(term, ox.NamedNode):
            return str(term)
        iri = term.value
        found = self.node_ids.get(iri)
        if found is None:
            found = self.node_ids[iri] = _compact(iri, self.prefixes)
        return found

    def value(self, predicate: str, term: ox.Term) -> Value:
        if predicate == RDF_TYPE:
            return self.terms[term.value]
        coercion = self.coercions[predicate]
        if not isinstance(term, ox.Literal):
            node = self.node_id(term)
            return node if coercion == "@id" else {"@id": node}
        if term.language:
            return term.value if term.language == coercion else {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_INTEGER and re.fullmatch(r"-?[1-9][0-9]*|0", term.value):
            return int(term.value)
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return {"@value": term.value} if coercion else term.value
        return {"@value": term.value, "@type": _compact(datatype, self.prefixes)}
