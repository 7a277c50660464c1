"""Check a build against kg's SHACL shapes (``ontology/shapes.ttl``) with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.query.run import shorten
from kg.query.store import ONTOLOGY_FILE, RDF_FORMATS, SHAPES_FILE, graph_file, ontology_dir

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node, the property and what is wrong."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


def violations(source: Path) -> list[Violation]:
    """Every violation of the shapes by the union of the build's graphs, sorted. The build's
    own ontology (or kg's) is added, so kg:Meeting counts as a schema:Event."""
    import pyoxigraph as ox
    import pyshacl
    import rdflib

    path = graph_file(Path(source))
    triples = {quad.triple for quad in ox.parse(path=path, format=RDF_FORMATS[path.suffix.lower()])}
    data = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    ontology = path.parent / ONTOLOGY_FILE
    if not ontology.is_file():
        ontology = ontology_dir() / "kg.ttl"
    shapes = rdflib.Graph().parse(ontology_dir() / SHAPES_FILE, format="turtle")
    terms = rdflib.Graph().parse(ontology.resolve(), format="turtle")  # a build's files may be links
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=terms, inference="none")
    found = []
    for result in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):
        focus, where, message = (report.value(result, rdflib.URIRef(SH + name))
                                 for name in ("focusNode", "resultPath", "resultMessage"))
        found.append(Violation(_text(focus), _text(where), str(message or "violates a shape")))
    return sorted(found)


def _text(term) -> str:
    import rdflib

    return shorten(str(term)) if isinstance(term, rdflib.URIRef) else str(term or "")
