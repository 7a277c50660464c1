"""Scoring kg against gold annotations."""
