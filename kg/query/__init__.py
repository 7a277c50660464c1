"""SPARQL over kg's exports."""
