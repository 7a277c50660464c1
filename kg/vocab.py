"""RDF vocabulary as module constants, so a misspelt term fails at import.

``KG`` lists exactly the terms ``ontology/kg.ttl`` declares (``tests/test_schema.py`` checks
both ways), and ``SCHEMA`` only the terms schema.org defines: a term either lacks raises
``AttributeError`` instead of making a new IRI.
"""

from rdflib import URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

BASE = "https://kg.example/"


class SCHEMA(SDO):
    """schema.org (rdflib's ``SDO``), closed: an unknown term is an error, not a warning."""

    _fail = True


class KG(DefinedNamespace):
    """kg's own terms, each declared in ``ontology/kg.ttl``."""

    _NS = Namespace("https://kg.example/ontology#")
    _fail = True

    # classes
    Honor: URIRef
    AwardStatement: URIRef
    Evidence: URIRef
    Page: URIRef
    # event classes (an Event node's ``kind``)
    Meeting: URIRef
    Ceremony: URIRef
    Contest: URIRef
    Visit: URIRef
    Campaign: URIRef
    Lecture: URIRef
    Exhibition: URIRef
    # event roles: sub-properties of schema:attendee
    chair: URIRef
    speaker: URIRef
    host: URIRef
    coHost: URIRef
    awardee: URIRef
    # bylines: sub-properties of schema:contributor
    photographer: URIRef
    correspondent: URIRef
    # provenance and statements
    evidence: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    recipient: URIRef
    honor: URIRef
    kind: URIRef


PREFIXES = {
    "schema": SCHEMA,
    "org": ORG,
    "skos": SKOS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "kg": KG,
}

NODE_PREFIXES = {
    path: ("organization" if path == "org" else path)
    for path in ("article", "award", "event", "evidence", "honor", "org", "page", "person", "place", "position", "title")
}
"""The first segment of a node's key below ``{BASE}id/`` → its prefix (``person:张良``);
``org/`` is ``organization:``, as ``org:`` is W3C ORG's."""

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
