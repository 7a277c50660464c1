"""The shipped queries' answers, saved with the query store when a build writes it.

On a large build a shipped query takes seconds: each sorts tens of thousands of rows, every term
read back from the store. A build is read-only, so the store's writer runs each shipped query
once and saves its answer in the store's folder (``answers/``, beside RocksDB's files): its
terms as SPARQL TSV results, and the CSV ``kg query --format csv`` prints. An answer is found by
a hash of the query's text and of the predeclared prefixes, so a query that is not the one
answered at build time (edited, or from another version of kg) is evaluated instead.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.query.store import QUERY_PREFIXES

ANSWERS = "answers"
"""The folder of saved answers, inside the query store's folder."""


@dataclass(frozen=True)
class SavedAnswer:
    """A saved answer: its terms (SPARQL TSV results) and its CSV."""

    terms: Path
    csv: Path

    def solutions(self) -> ox.QuerySolutions:
        return ox.parse_query_results(path=self.terms, format=ox.QueryResultsFormat.TSV)

    def count(self) -> int:
        """How many rows: TSV results escape line breaks, so each row is one line after the header."""
        return self.terms.read_bytes().count(b"\n") - 1


def answer_key(sparql: str) -> str:
    """The name a query's saved answer goes by: a hash of its text and of the predeclared prefixes."""
    prefixes = json.dumps(QUERY_PREFIXES, sort_keys=True)
    return hashlib.sha256(f"{prefixes}\n{sparql}".encode()).hexdigest()[:32]


def saved_answer(store_folder: Path | None, sparql: str) -> SavedAnswer | None:
    """The answer to ``sparql`` saved in the query store at ``store_folder``, if there is one."""
    if store_folder is None:
        return None
    stem = store_folder / ANSWERS / answer_key(sparql)
    answer = SavedAnswer(stem.with_suffix(".tsv"), stem.with_suffix(".csv"))
    try:
        return answer if answer.terms.is_file() and answer.csv.is_file() else None
    except OSError:  # a name too long for a path: no build there
        return None


def write_answers(store: ox.Store, store_folder: Path) -> None:
    """Save the answer of each shipped SELECT query over ``store``, the query store just written
    in ``store_folder``, two queries at a time (Oxigraph evaluates without holding Python's
    lock: about 1.6 times as fast on two cores). The CSV is made from the saved terms, as
    ``kg query`` would print them."""
    from kg.query.run import shipped_queries

    folder = store_folder / ANSWERS
    folder.mkdir()
    texts = [query.text for query in shipped_queries().values()]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda sparql: _save_answer(store, folder, sparql), texts))  # raises what a query raised


def _save_answer(store: ox.Store, folder: Path, sparql: str) -> None:
    from kg.query.run import column_names, write_rows

    result = store.query(sparql, prefixes=QUERY_PREFIXES)
    if not isinstance(result, ox.QuerySolutions):
        return
    stem = folder / answer_key(sparql)
    answer = SavedAnswer(stem.with_suffix(".tsv"), stem.with_suffix(".csv"))
    result.serialize(answer.terms, format=ox.QueryResultsFormat.TSV)
    solutions = answer.solutions()
    with answer.csv.open("w", encoding="utf-8", newline="") as out:
        write_rows(column_names(solutions), solutions, out, delimiter=",")
