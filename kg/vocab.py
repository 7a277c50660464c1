"""RDF vocabulary as module constants, so a misspelt term fails at import.

``KG`` lists exactly the terms ``ontology/kg.ttl`` declares (``tests/test_schema.py`` checks
both ways), and ``SCHEMA`` only the terms schema.org defines: a term either lacks raises
``AttributeError`` instead of making a new IRI.
"""

from rdflib import URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

from kg.iris import BASE, NAMESPACES, NODE_PREFIXES

__all__ = ["BASE", "KG", "NODE_PREFIXES", "PREFIXES", "SCHEMA", "SPARQL_PREFIXES"]


class SCHEMA(SDO):
    """schema.org (rdflib's ``SDO``), closed: an unknown term is an error, not a warning."""

    _fail = True


class KG(DefinedNamespace):
    """kg's own terms, each declared in ``ontology/kg.ttl``."""

    _NS = Namespace(NAMESPACES["kg"])
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

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
