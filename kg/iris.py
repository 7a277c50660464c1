"""The IRIs kg names things under, as plain strings: cheap to import (no rdflib), for the
command line and the query side. ``kg.vocab`` builds its rdflib namespaces on these."""

BASE = "https://kg.example/"

NAMESPACES = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "kg": "https://kg.example/ontology#",
}
"""Each vocabulary's prefix and namespace IRI (``kg.vocab.PREFIXES`` as text)."""

NODE_PREFIXES = {
    path: ("organization" if path == "org" else path)
    for path in ("article", "award", "event", "evidence", "honor", "org", "page", "person", "place", "position", "title")
}
"""The first segment of a node's key below ``{BASE}id/`` → its prefix (``person:张良``);
``org/`` is ``organization:``, as ``org:`` is W3C ORG's."""
