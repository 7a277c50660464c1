"""The files of a build, by format: what ``kg build --formats`` and ``KnowledgeGraph.save`` write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.collector import paused
from kg.errors import UserError
from kg.iris import BASE

if TYPE_CHECKING:
    import networkx as nx

STORE = "graph.oxigraph"
"""The query store: the build in Oxigraph's on-disk format (a folder), which ``kg query``,
``kg show`` and ``kg serve`` open instead of parsing the graph file."""

FORMATS: dict[str, tuple[str, ...]] = {
    "ttl": ("graph.ttl",),
    "trig": ("graph.trig",),
    "nt": ("graph.nt",),
    "nq": ("graph.nq",),
    "jsonld": ("graph.jsonld",),
    "graphml": ("graph.graphml",),
    "gexf": ("graph.gexf",),
    "html": ("graph.html",),
    "csv": ("entities.csv", "relations.csv", "positions.csv", "events.csv", "honors.csv"),
    "stats": ("stats.json",),
    "ontology": ("ontology.ttl",),
    "store": (STORE,),
}
"""Each format's name (as ``--formats`` takes it) and the files it writes, in writing order;
``store`` writes a folder, and bytes that differ from run to run."""
RDF_FORMATS = ("ttl", "trig", "nt", "nq", "jsonld")


def parse_formats(text: str) -> tuple[str, ...]:
    """``ttl,html`` → the formats named, in ``FORMATS`` order; ``all`` names every one."""
    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    if names == {"all"}:
        return tuple(FORMATS)
    unknown = sorted(names - set(FORMATS))
    if unknown or not names:
        raise UserError(f"unknown format {', '.join(unknown) or repr(text)}: choose from {', '.join(FORMATS)} or all")
    return tuple(name for name in FORMATS if name in names)


def file_names(formats: Iterable[str]) -> list[str]:
    """The files ``formats`` write."""
    chosen = set(formats)
    return [file for name, files in FORMATS.items() if name in chosen for file in files]


@dataclass(frozen=True)
class Outputs:
    """A build's outputs, ready to write: the text of each file, and the N-Quads the query store
    is loaded from (None when the store is not among them) with, when at hand, their triples as
    N-Triples."""

    texts: dict[str, str]
    store_quads: str | None = None
    store_triples: str | None = None

    @property
    def names(self) -> list[str]:
        """Every output's name, the store's folder last."""
        return [*self.texts, *([STORE] if self.store_quads is not None else [])]

    def write(self, folder: Path) -> None:
        """Write every output into ``folder``, each file atomically."""
        from kg.export.atomic import write_text
        from kg.query.store import write_store

        for name, text in self.texts.items():
            write_text(folder / name, text)
        if self.store_quads is not None:
            write_store(folder / STORE, self.store_quads, self.store_triples)


def render(graph: nx.MultiDiGraph, formats: Iterable[str], *, title: str, pages: int, skipped: list[dict],
           base: str = BASE, mentions: bool = True) -> dict[str, str]:
    """The text of each file of ``formats`` (all but the query store, which is no text file).
    ``base``: the IRI under which nodes are named (``{base}id/person/张良``); ``mentions=False``
    leaves the article → entity mention edges out of GraphML and GEXF."""
    chosen = set(formats) - {"store"}
    return prepare(graph, chosen, title=title, pages=pages, skipped=skipped, base=base, mentions=mentions).texts


def prepare(graph: nx.MultiDiGraph, formats: Iterable[str], *, title: str, pages: int, skipped: list[dict],
            base: str = BASE, mentions: bool = True) -> Outputs:
    """The outputs of ``formats``, as :func:`render` describes them, and the query store's quads."""
    chosen = set(formats)
    with paused():
        rdf_texts = dict(_rdf_texts(graph, chosen, base))
        texts = dict(_texts(graph, chosen, rdf_texts, title=title, pages=pages, skipped=skipped, mentions=mentions))
    store = "store" in chosen
    return Outputs(texts, rdf_texts["graph.nq"] if store else None, rdf_texts["graph.nt"] if store else None)


def write(folder: Path, graph: nx.MultiDiGraph, formats: Iterable[str], *, title: str, pages: int,
          skipped: list[dict], base: str = BASE, mentions: bool = True) -> None:
    """Write the outputs of ``formats`` into ``folder``, what ``prepare(…).write(folder)`` writes:
    each file as soon as it is made, and the query store in a thread as soon as its N-Quads and
    N-Triples are (Oxigraph loads it without holding Python's lock, so its seconds pass while
    the other files are made)."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.export.atomic import write_text
    from kg.query.store import write_store

    chosen = set(formats)
    with paused(), ThreadPoolExecutor(1) as pool:
        store = None
        rdf_texts: dict[str, str] = {}
        for name, text in _rdf_texts(graph, chosen, base):
            rdf_texts[name] = text
            if store is None and "store" in chosen and {"graph.nq", "graph.nt"} <= rdf_texts.keys():
                store = pool.submit(write_store, folder / STORE, rdf_texts["graph.nq"], rdf_texts["graph.nt"])
        for name, text in _texts(graph, chosen, rdf_texts, title=title, pages=pages, skipped=skipped,
                                 mentions=mentions):
            write_text(folder / name, text)
        if store is not None:
            store.result()


def _rdf_texts(graph: nx.MultiDiGraph, chosen: set[str], base: str) -> Iterator[tuple[str, str]]:
    """(file name, text) of every RDF file, when ``chosen`` needs one (the store loads from two)."""
    if chosen & {*RDF_FORMATS, "store"}:
        from kg.export import rdf

        yield from rdf.serializations(rdf.RdfWriter(graph, base=base).build(), base=base)


def _texts(graph: nx.MultiDiGraph, chosen: set[str], rdf_texts: dict[str, str], *, title: str, pages: int,
           skipped: list[dict], mentions: bool) -> Iterator[tuple[str, str]]:
    """(file name, text) of each file of the ``chosen`` formats but the store, in ``FORMATS``
    order, each made when it is reached."""
    from kg.export import tables
    from kg.export.html import render_html
    from kg.query.store import ontology_dir

    for name, files in FORMATS.items():
        if name not in chosen or name == "store":
            continue
        if name in RDF_FORMATS:
            yield from ((file, rdf_texts[file]) for file in files)
        elif name == "graphml":
            yield "graph.graphml", tables.graphml(graph, mentions=mentions)
        elif name == "gexf":
            yield "graph.gexf", tables.gexf(graph, mentions=mentions)
        elif name == "html":
            yield "graph.html", render_html(graph, title=title)
        elif name == "csv":
            yield from tables.csv_tables(graph).items()
        elif name == "stats":
            yield "stats.json", tables.stats(graph, pages, skipped)
        elif name == "ontology":
            yield "ontology.ttl", (ontology_dir() / "kg.ttl").read_text(encoding="utf-8")


def check_base(base: str) -> str:
    """``base`` if it can name a build's nodes: an absolute IRI ending in ``/`` or ``#``."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(base)
    except ValueError:
        raise UserError(f"--base {base!r} is not an absolute IRI (like https://example.org/news/)") from None
    if not base.endswith(("/", "#")):
        raise UserError(f"--base {base!r} must end with / or # (node IRIs are {base}id/person/…)")
    return base
