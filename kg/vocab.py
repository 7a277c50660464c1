"""RDF vocabulary as module constants, so a misspelt term fails at import.

kg's own terms are checked against ``ontology/kg.ttl`` by the tests.
"""

from rdflib import Namespace
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

SCHEMA = Namespace("https://schema.org/")
KG = Namespace("https://kg.example/ontology#")
BASE = "https://kg.example/"

KG_TERMS = (
    "Honor", "AwardStatement", "Evidence", "Page",
    "Meeting", "Ceremony", "Contest", "Visit", "Campaign", "Lecture", "Exhibition",
    "chair", "speaker", "host", "coHost", "awardee",
    "photographer", "correspondent",
    "evidence", "sentence", "startOffset", "endOffset", "recipient", "honor", "kind",
)

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
