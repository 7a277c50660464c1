"""Load a build (an output folder or one RDF file) and kg's ontology into Oxigraph for querying,
or open the query store a build wrote; write that store."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UserError
from kg.export.outputs import STORE
from kg.iris import BASE, NAMESPACES, NODE_PREFIXES

RDF_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
GRAPH_FILES = tuple(f"graph{suffix}" for suffix in RDF_FORMATS)
"""The files of a build folder, best first: TriG keeps each article's named graph."""

ONTOLOGY_FILE = "ontology.ttl"
"""The ontology a build copies beside its graph; preferred over the packaged one."""
SHAPES_FILE = "shapes.ttl"
"""kg's SHACL shapes, beside the ontology: for ``kg validate``, not loaded for queries."""

ID = f"{BASE}id/"
QUERY_PREFIXES = (
    NAMESPACES
    | {prefix: f"{ID}{path}/" for path, prefix in NODE_PREFIXES.items()}
    | {"id": ID}
)
"""Prefixes every query may use without declaring them (``person:张良``); also used to shorten IRIs."""

GRAPH_KEYWORDS = re.compile(r"\b(GRAPH|FROM)\b", re.IGNORECASE)
"""SPARQL reaches named graphs only through these keywords (a stray match costs time, not answers)."""
NOT_KEYWORDS = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^>\s]*>|#[^\n]*""")
"""Strings, IRIs and comments, where those keywords are just words."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_ONTOLOGY_DIRS = (_PACKAGE_DIR.parent / "ontology", _PACKAGE_DIR / "ontology_data")


def ontology_dir() -> Path:
    """The ontology folder: the repository's ``ontology/``, else the packaged ``kg/ontology_data/``."""
    for folder in _ONTOLOGY_DIRS:
        if (folder / "kg.ttl").is_file():
            return folder
    raise UserError("kg's ontology is missing: reinstall kg")


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (not the shapes)."""
    return sorted(path for path in ontology_dir().glob("*.ttl") if path.name != SHAPES_FILE)


def graph_file(source: Path) -> Path:
    """The RDF file to load for ``source``: the file itself, or a build folder's graph file."""
    if source.is_dir():
        for name in GRAPH_FILES:
            if (source / name).is_file():
                return source / name
        raise UserError(f"no graph file ({', '.join(GRAPH_FILES)}) in {source}: run `kg build` first")
    if not source.is_file():
        raise UserError(f"{source} does not exist")
    if source.suffix.lower() not in RDF_FORMATS:
        raise UserError(f"cannot read {source.name}: expected one of {', '.join(RDF_FORMATS)}")
    return source


class Build:
    """A build loaded for querying: every triple once in the default graph, plus the ontology.

    ``store`` merges the build's default graph and all its article graphs into one default
    graph, each triple once, with the ontology (the build's own ``ontology.ttl`` when it has
    one, else the packaged one, so ``rdfs:subPropertyOf*`` paths reach kg's terms). Oxigraph's
    union of graphs would repeat an entity once per article naming it, and its in-memory store
    looks a subject up across all graphs: at 2,000 articles a join touching a much-mentioned
    entity took minutes instead of a second. Queries that name graphs run on ``dataset``:
    the same default graph plus the article graphs, built on first use.

    A build folder with a query store (``graph.oxigraph``, see :func:`write_store`) is opened
    read-only instead of parsed: it holds that default graph and the article graphs, so it is
    both ``store`` and ``dataset``; ``store_folder`` is then its folder, where the shipped
    queries' answers are saved (:mod:`kg.query.answers`).
    """

    def __init__(self, source: Path):
        source = Path(source)
        self._dataset_lock = threading.Lock()
        self._dataset: ox.Store | None
        self.store_folder: Path | None = None
        if (saved := _open_store(source / STORE)) is not None:
            self.store = self._dataset = saved
            self.store_folder = source / STORE
            return
        self.data = graph_file(source)
        build_ontology = self.data.parent / ONTOLOGY_FILE
        self.ontology = [build_ontology] if build_ontology.is_file() else ontology_files()
        self.store = ox.Store()
        self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in _parse(self.data))
        _load(self.store, self.ontology, but=self.data)
        has_named_graphs = RDF_FORMATS[self.data.suffix.lower()].supports_datasets
        self._dataset = None if has_named_graphs else self.store

    def store_for(self, sparql: str) -> ox.Store:
        """The store to run ``sparql`` on: ``dataset`` if it may name graphs, else ``store``."""
        return self.dataset if GRAPH_KEYWORDS.search(NOT_KEYWORDS.sub(" ", sparql)) else self.store

    @property
    def dataset(self) -> ox.Store:
        """``store``'s default graph plus the build's named graphs (one per article)."""
        with self._dataset_lock:
            if self._dataset is None:
                dataset = ox.Store()
                dataset.bulk_extend(_parse(self.data))
                dataset.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
                _load(dataset, self.ontology, but=self.data)
                self._dataset = dataset
            return self._dataset


def write_store(path: Path, nquads: str, ntriples: str | None = None, *, answers: bool = True) -> None:
    """Write a build's query store, Oxigraph on disk, into the new folder ``path``: the quads
    of ``nquads`` with every triple also in the default graph, and kg's ontology there, as
    :class:`Build` queries them, with the shipped queries' answers unless not ``answers``.
    ``ntriples``: those triples as N-Triples (a build's graph.nt),
    when at hand: then both load as one N-Quads text (an N-Triples line is an N-Quads line of
    the default graph) in one bulk load, about twice as fast (as UTF-8 bytes, which it reads:
    half the memory of the text)."""
    store = ox.Store(str(path))
    if ntriples is None:
        store.bulk_extend(_with_union(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)))
    else:
        store.bulk_load(nquads.encode() + ntriples.encode(), format=ox.RdfFormat.N_QUADS)
    finish_store(store, path, answers=answers)


def finish_store(store: ox.Store, path: Path, *, answers: bool, updated: bool = False) -> None:
    """Complete the query store ``store`` at ``path``, its build's statements loaded: kg's
    ontology, the shipped queries' answers (if ``answers``) and the stamp that lets the next
    build update it (:mod:`kg.query.store_update`). An ``updated`` store has the ontology
    already, and few writes to merge."""
    from kg.query.store_update import write_stamp

    if not updated:
        _load(store, ontology_files())
        store.optimize()
    if answers:
        from kg.query.answers import write_answers

        write_answers(store, path)
    store.flush()
    write_stamp(path)


def _open_store(path: Path) -> ox.Store | None:
    """The query store at ``path`` opened read-only; None when there is none, or it cannot be
    read (then the graph file is parsed instead)."""
    if not path.is_dir():
        return None
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as a RuntimeError
        logging.getLogger(__name__).warning("cannot open the query store %s (%s): reading the graph file", path, exc)
        return None


def _with_union(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def _load(store: ox.Store, files: list[Path], but: Path | None = None) -> None:
    for path in files:
        if path != but:
            store.bulk_extend(_parse(path))


def _parse(path: Path) -> Iterator[ox.Quad]:
    try:
        yield from ox.parse(path=path, format=RDF_FORMATS[path.suffix.lower()])
    except SyntaxError as exc:
        raise UserError(f"{path} is not valid RDF: {exc}") from None
