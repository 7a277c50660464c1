"""The files of a build, by format: what ``kg build --formats`` and ``KnowledgeGraph.save`` write."""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import queue
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

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
"""Each format's name (as ``--formats`` takes it) and the files it writes; ``store`` writes a
folder, and bytes that differ from run to run."""


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
    """Outputs given as text, ready to write (a benchmark's made-up build): the text of each file,
    and the N-Quads the query store is loaded from (None when the store is not among them) with,
    when at hand, their triples as N-Triples. ``kg build`` writes with :func:`write`."""

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
    texts: dict[str, str] = {}

    @contextlib.contextmanager
    def in_memory(name: str, binary: bool) -> Iterator[IO]:
        buffer: IO = io.BytesIO() if binary else io.StringIO()
        yield buffer
        texts[name] = buffer.getvalue().decode("utf-8") if binary else buffer.getvalue()

    with paused():
        for _ in _export(graph, file_names(set(formats) - {"store"}), open_file=in_memory,
                         written=lambda name: texts[name].encode("utf-8"), title=title, pages=pages,
                         skipped=skipped, base=base, mentions=mentions):
            pass
    return texts


def write(folder: Path, graph: nx.MultiDiGraph, formats: Iterable[str], *, title: str, pages: int,
          skipped: list[dict], base: str = BASE, mentions: bool = True, processes: int = 1,
          previous: Path | None = None) -> None:
    """Write the outputs of ``formats`` into ``folder``, the files :func:`render` gives, each
    atomically and as it is made, straight to disk: no file is ever whole in memory, and the RDF
    statements are dropped once their files are written. The query store is loaded from graph.nt
    and graph.nq on disk (written for it, and removed after, when not chosen) in a thread, each as
    soon as it is written: Oxigraph loads without holding Python's lock, so its seconds pass while
    the other files are made. With ``processes`` > 1 (and where processes fork) the files of no
    RDF format are written by a forked copy of this process meanwhile (:class:`_Forked`).
    ``previous``: the build this one replaces, whose query store is updated rather than loaded
    again where it can be."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.export.atomic import atomic_open
    from kg.export.rdf import FILES as RDF_FILES

    def on_disk(name: str, binary: bool) -> ContextManager[IO]:
        return atomic_open(folder / name, "wb" if binary else "w")

    chosen = set(formats)
    files = file_names(chosen - {"store"})
    store_only = [name for name in STORE_SOURCES if "store" in chosen and name not in files]
    sources: queue.SimpleQueue[str | None] = queue.SimpleQueue()  # the store's files as they are written
    export = functools.partial(_export, graph, open_file=on_disk, written=lambda name: folder / name, title=title,
                               pages=pages, skipped=skipped, base=base, mentions=mentions)
    forked = _Forked.start(export, [name for name in files if name not in RDF_FILES]) if processes > 1 else None
    if forked is not None:
        files = [name for name in files if name in RDF_FILES]
    with paused(), ThreadPoolExecutor(1) as pool:
        store = pool.submit(_write_store, folder, iter(sources.get, None), previous) if "store" in chosen else None
        try:
            for written in export(files + store_only):
                if written in STORE_SOURCES:
                    sources.put(written)
        finally:
            sources.put(None)
            if forked is not None:
                forked.join()
        if store is not None:
            store.result()
    for name in store_only:
        (folder / name).unlink()


class _Forked:
    """Exports written by a forked copy of this process: it holds the graph as this one does
    (copied page by page only as either touches it), so nothing is pickled, and it runs on
    another core while this process writes the RDF files."""

    def __init__(self, process, reply) -> None:
        self.process, self.reply = process, reply

    @classmethod
    def start(cls, export: Callable[[list[str]], Iterator[str]], files: list[str]) -> _Forked | None:
        """The copy writing ``files`` with ``export``; None where processes cannot fork or there
        is nothing to write."""
        import multiprocessing

        if not files or "fork" not in multiprocessing.get_all_start_methods():
            return None
        fork = multiprocessing.get_context("fork")
        reply, answer = fork.Pipe(duplex=False)
        process = fork.Process(target=_write_forked, args=(export, files, answer), daemon=True)
        process.start()
        answer.close()
        return cls(process, reply)

    def join(self) -> None:
        """Wait for the copy; raise what stopped it."""
        try:
            failure = self.reply.recv()
        except EOFError:
            failure = OSError(f"the process writing the other exports ended with code {self.process.exitcode}")
        self.process.join()
        if failure is not None:
            raise failure


def _write_forked(export: Callable[[list[str]], Iterator[str]], files: list[str], answer) -> None:
    """The forked copy's work: stops after the file it is writing when the build is gone (killed)."""
    import os

    parent = os.getppid()
    try:
        with paused():
            for _ in export(files):
                if os.getppid() != parent:
                    return
    except BaseException as exc:  # handed to the parent, which raises it
        answer.send(exc)
    else:
        answer.send(None)


STORE_SOURCES = ("graph.nt", "graph.nq")
"""The files the query store is loaded from, in the order they are written."""


SAVED_ANSWERS_FROM = 100_000
"""Triples from which a build saves the shipped queries' answers with its store: on a smaller
build each answers live in about a second, sooner than the build would spend saving them all
(about 1.3 s for 75,000 triples, 45 s for a million)."""

STORE_BATCH = 50_000
"""Lines of N-Quads the query store loads at a time: Oxigraph's bulk loader holds all it is
given until it writes it out; 50,000 lines at a time take about 80 MB whatever the size of the
build. Each load costs some 60 ms of writing besides its lines, and the store's optimization
then merges what the loads wrote: 20,000 lines at a time loaded a third slower."""


def _write_store(folder: Path, sources: Iterator[str], previous: Path | None = None) -> None:
    """Write the query store (:func:`kg.query.store.write_store`), the build's quads loaded from
    its N-Triples and N-Quads files (an N-Triples line is an N-Quads line of the default graph),
    each as soon as ``sources`` gives its name, ``STORE_BATCH`` lines at a time rather than from
    their whole text, and leniently: kg wrote them from checked terms, so Oxigraph need not check
    their IRIs and tags again. Those first, then ``write_store``, given no more quads, adds the
    ontology to that store, and the shipped queries' answers from ``SAVED_ANSWERS_FROM`` triples.
    Where the build folder ``previous`` holds a store to reuse, that store is updated instead,
    once both files are written (:mod:`kg.query.store_update`)."""
    import pyoxigraph as ox

    from kg.query.store import finish_store, write_store
    from kg.query.store_update import reusable, updated_store

    if reusable(previous, STORE, STORE_SOURCES):
        names = list(sources)
        if names != list(STORE_SOURCES):
            return  # the build failed before writing them
        updated = updated_store(previous, folder, STORE, STORE_SOURCES)
        if updated is not None:
            store, lines = updated
            finish_store(store, folder / STORE, updated=True, answers=lines["graph.nt"] >= SAVED_ANSWERS_FROM)
            return
        sources = iter(names)
    store = ox.Store(str(folder / STORE))
    triples, loaded = 0, []
    for name in sources:
        with open(folder / name, "rb") as lines:
            while batch := b"".join(itertools.islice(lines, STORE_BATCH)):
                store.bulk_load(batch, format=ox.RdfFormat.N_QUADS, lenient=True)
                triples += batch.count(b"\n") if name == "graph.nt" else 0
        loaded.append(name)
    del store  # closed, for write_store to open
    if loaded != list(STORE_SOURCES):
        return  # the build failed before writing them
    write_store(folder / STORE, "", answers=triples >= SAVED_ANSWERS_FROM)


def _export(graph: nx.MultiDiGraph, files: list[str], *, open_file: Callable[[str, bool], ContextManager[IO]],
            written: Callable[[str], Path | bytes], title: str, pages: int, skipped: list[dict], base: str,
            mentions: bool) -> Iterator[str]:
    """Write each of ``files`` into the file ``open_file(name, binary)`` gives, the RDF files first
    (``rdf.FILES`` order: N-Triples and N-Quads first), then the others in ``FORMATS`` order; the
    name of each once it is written. ``written(name)``: the path or bytes of a file written."""
    from kg.export import rdf

    rdf_files = [name for name in rdf.FILES if name in files]
    if rdf_files:
        writer = rdf.RdfFiles(rdf.RdfWriter(graph, base=base).build(), base=base)
        for name in rdf_files:
            source = rdf.RECODED_FROM.get(name)
            with open_file(name, True) as out:
                writer.write(name, out, written(source) if source in rdf_files else None)
            yield name
        del writer  # the statements: the other files are made from the graph
    for name in files:
        if name not in rdf.FILES:
            with open_file(name, False) as out:
                _write_file(graph, name, out, title=title, pages=pages, skipped=skipped, mentions=mentions)
            yield name


def _write_file(graph: nx.MultiDiGraph, name: str, out: IO[str], *, title: str, pages: int, skipped: list[dict],
                mentions: bool) -> None:
    """Write the file ``name`` (of no RDF format, nor the store) to ``out``."""
    from kg.export import tables
    from kg.export.html import write_page
    from kg.query.store import ontology_dir

    if name == "graph.graphml":
        tables.write_graphml(graph, out, mentions=mentions)
    elif name == "graph.gexf":
        tables.write_gexf(graph, out, mentions=mentions)
    elif name == "graph.html":
        write_page(graph, out, title=title)
    elif name in tables.CSV_FILES:
        tables.write_table(graph, name, out)
    elif name == "stats.json":
        out.write(tables.stats(graph, pages, skipped))
    elif name == "ontology.ttl":
        out.write((ontology_dir() / "kg.ttl").read_text(encoding="utf-8"))
    else:
        raise ValueError(f"no export {name}")


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
