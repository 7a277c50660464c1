"""Load a build (an output folder or one RDF file) and kg's ontology into an Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import UserError
from kg.vocab import BASE, PREFIXES

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

ID = f"{BASE}id/"
QUERY_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()} | {"id": ID}
"""Prefixes every query may use without declaring them; also used to shorten IRIs."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_ONTOLOGY_DIRS = (_PACKAGE_DIR.parent / "ontology", _PACKAGE_DIR / "ontology_data")


def ontology_dir() -> Path:
    """The ontology folder: the repository's ``ontology/``, else the packaged ``kg/ontology_data/``."""
    for folder in _ONTOLOGY_DIRS:
        if (folder / "kg.ttl").is_file():
            return folder
    raise UserError("kg's ontology is missing: reinstall kg")


def ontology_files() -> list[Path]:
    """The ontology's Turtle files."""
    return sorted(ontology_dir().glob("*.ttl"))


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


def load_store(source: Path) -> ox.Store:
    """An in-memory store holding the graph at ``source`` and the ontology.

    The ontology is the build's own ``ontology.ttl`` when it has one, else the packaged one,
    so ``rdfs:subPropertyOf*`` paths reach kg's terms.
    """
    data = graph_file(Path(source))
    store = ox.Store()
    _load(store, data)
    build_ontology = data.parent / ONTOLOGY_FILE
    for ontology in [build_ontology] if build_ontology.is_file() else ontology_files():
        if ontology != data:
            _load(store, ontology)
    return store


def _load(store: ox.Store, path: Path) -> None:
    try:
        store.bulk_load(path=path, format=RDF_FORMATS[path.suffix.lower()])
    except SyntaxError as exc:
        raise UserError(f"{path} is not valid RDF: {exc}") from None
