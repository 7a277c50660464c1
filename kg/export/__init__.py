"""Exports of the graph: RDF, HTML, tables."""
