"""Extraction: articles → mentions → facts."""
