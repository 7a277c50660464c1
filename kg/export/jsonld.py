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

import numpy as np
import pyoxigraph as ox

from kg.vocab import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
ZH = "zh"
Value = str | int | dict


def write(out: IO[bytes], triples: np.ndarray, terms: Sequence[ox.Term], id_namespace: str) -> None:
    """Write the JSON-LD of ``triples`` (rows of indexes into ``terms``, sorted: each subject's
    together) to ``out``, node IRIs under ``id_namespace`` written ``id:…``; the bytes
    ``json.dumps`` gives the whole document with ``indent=1``, a thousand nodes at a time."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()} | {"id": id_namespace}
    classes, coercions = _survey(triples, terms)
    names = _term_names([*coercions, *classes], prefixes)
    writer = _Writer(prefixes, names, coercions, terms)
    context: dict[str, object] = dict(prefixes)
    for iri, term in sorted(names.items(), key=lambda item: item[1]):
        context[term] = writer.definition(iri, iri in classes)
    out.write(('{\n "@context": ' + _dumps(context, 1) + ',\n "@graph": ').encode("utf-8"))
    nodes = _nodes(triples, writer)
    opening = "[\n  "
    while batch := list(itertools.islice(nodes, 1024)):
        out.write((opening + ",\n  ".join(_dumps(node, 2) for node in batch)).encode("utf-8"))
        opening = ",\n  "
    out.write(b"[]\n}\n" if opening == "[\n  " else b"\n ]\n}\n")


def _survey(triples: np.ndarray, terms: Sequence[ox.Term]) -> tuple[set[str], dict[str, str | None]]:
    """The classes used, and each property's coercion: ``@id`` when its values are all IRIs,
    ``zh`` when some are Chinese names."""
    is_iri = np.fromiter((isinstance(term, ox.NamedNode) for term in terms), dtype=bool, count=len(terms))
    is_zh = np.fromiter((isinstance(term, ox.Literal) and term.language == ZH for term in terms), dtype=bool,
                        count=len(terms))
    classes: set[str] = set()
    coercions: dict[str, str | None] = {}
    for predicate in np.unique(triples[:, 1]).tolist():
        values = triples[triples[:, 1] == predicate, 2]
        iri = terms[predicate].value
        if iri == RDF_TYPE:
            classes.update(terms[value].value for value in np.unique(values[is_iri[values]]).tolist())
        else:
            coercions[iri] = "@id" if is_iri[values].all() else ZH if is_zh[values].any() else None
    return classes, coercions


def _nodes(triples: np.ndarray, writer: _Writer) -> Iterator[dict]:
    """Each node, in ``@id`` order: its properties in term order, each value or sorted values."""
    subjects = triples[:, 0]
    starts = [0, *(np.flatnonzero(subjects[1:] != subjects[:-1]) + 1).tolist()] if len(triples) else []
    ends = [*starts[1:], len(triples)]
    groups = sorted((writer.node_id(subject), start, end)
                    for subject, start, end in zip(subjects[starts].tolist(), starts, ends, strict=True))
    for node_id, same in itertools.groupby(groups, key=lambda group: group[0]):
        properties: dict[str, list[Value]] = defaultdict(list)
        for _, start, end in same:
            for _, predicate, value in triples[start:end].tolist():
                key, coercion = writer.property(predicate)
                properties[key].append(writer.value(coercion, value, key == "@type"))
        yield {"@id": node_id, **{key: _one_or_many(values) for key, values in sorted(properties.items())}}


def _dumps(value: Value | list, depth: int) -> str:
    """A node or value as ``json.dumps(value, ensure_ascii=False, indent=1)`` writes it ``depth``
    levels down a document: the same text, without the pure-Python encoder json takes for an indent."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    if not value:
        return "[]" if type(value) is list else "{}"
    inner, outer = "\n" + " " * (depth + 1), "\n" + " " * depth
    if type(value) is list:
        items = [_dumps(item, depth + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + outer + "]"
    members = [encode_basestring(key) + ": " + _dumps(item, depth + 1) for key, item in value.items()]
    return "{" + inner + ("," + inner).join(members) + outer + "}"


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
    """Writes terms, given by their index in ``terms``, as the context says they read."""

    def __init__(self, prefixes: dict[str, str], names: dict[str, str], coercions: dict[str, str | None],
                 terms: Sequence[ox.Term]) -> None:
        self.prefixes = prefixes
        self.names = names
        self.coercions = coercions
        self.terms = terms
        self.node_ids: dict[int, str] = {}  # term → id:… (each IRI compacted once)
        self.properties: dict[int, tuple[str, str | None]] = {}  # predicate → its key in a node, its coercion

    def definition(self, iri: str, is_class: bool) -> str | dict[str, str]:
        compact = _compact(iri, self.prefixes)
        coercion = None if is_class else self.coercions[iri]
        if coercion == "@id":
            return {"@id": compact, "@type": "@id"}
        if coercion == ZH:
            return {"@id": compact, "@language": ZH}
        return compact

    def node_id(self, index: int) -> str:
        found = self.node_ids.get(index)
        if found is None:
            term = self.terms[index]
            found = self.node_ids[index] = (_compact(term.value, self.prefixes) if isinstance(term, ox.NamedNode)
                                            else str(term))
        return found

    def property(self, predicate: int) -> tuple[str, str | None]:
        """The key of a predicate's values in a node (``@type``, or its term), and their coercion."""
        found = self.properties.get(predicate)
        if found is None:
            iri = self.terms[predicate].value
            found = ("@type", None) if iri == RDF_TYPE else (self.names[iri], self.coercions[iri])
            self.properties[predicate] = found
        return found

    def value(self, coercion: str | None, index: int, is_class: bool = False) -> Value:
        term = self.terms[index]
        if is_class:
            return self.names[term.value]
        if not isinstance(term, ox.Literal):
            node = self.node_id(index)
            return node if coercion == "@id" else {"@id": node}
        if term.language:
            return term.value if term.language == coercion else {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_INTEGER and re.fullmatch(r"-?[1-9][0-9]*|0", term.value):
            return int(term.value)
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return {"@value": term.value} if coercion else term.value
        return {"@value": term.value, "@type": _compact(datatype, self.prefixes)}
