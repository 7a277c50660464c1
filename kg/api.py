"""kg as a library::

    import kg
    result = kg.build(["pages/"], home_city="北京市")
    result.graph          # the NetworkX MultiDiGraph
    result.rdf()          # an rdflib Dataset, one named graph per article
    result.save("output") # the files kg build writes

In Jupyter the result shows as the interactive graph page, in an iframe.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import UserError
from kg.vocab import BASE


@dataclass
class KnowledgeGraph:
    """A built knowledge graph: ``graph``, and how many pages and articles it was built from.
    ``skipped``: (file, reason) for each file that could not be read."""

    graph: nx.MultiDiGraph
    pages: int
    articles: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    base: str = BASE
    title: str = "kg"

    def rdf(self, engine: str = "rdflib"):
        """The RDF: an ``rdflib.Dataset`` (one named graph per article), or with ``engine=
        "oxigraph"`` a ``pyoxigraph.Store`` ready for SPARQL (its default graph the union)."""
        from kg.export.rdf import RdfWriter, serializations

        statements = RdfWriter(self.graph, base=self.base).build()
        if engine == "rdflib":
            return statements.dataset(self.base + "id/")
        if engine != "oxigraph":
            raise ValueError(f"engine is rdflib or oxigraph, not {engine!r}")
        import pyoxigraph as ox

        store = ox.Store()
        trig = dict(serializations(statements, base=self.base))["graph.trig"]
        store.load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store

    def files(self, formats: Iterable[str] | None = None, mentions: bool = True) -> dict[str, str]:
        """The text of each file ``save`` writes, by name."""
        from kg.export.outputs import FORMATS, render

        skipped = [{"path": path, "reason": reason} for path, reason in self.skipped]
        return render(self.graph, FORMATS if formats is None else formats, title=self.title, pages=self.pages,
                      skipped=skipped, base=self.base, mentions=mentions)

    def save(self, folder: str | Path, formats: Iterable[str] | None = None, mentions: bool = True) -> list[Path]:
        """Write the build's files (all, or those of ``formats``: ``["ttl", "csv"]``) into
        ``folder``, each atomically; the paths written."""
        from kg.export.atomic import write_text

        folder = Path(folder)
        written = []
        for name, text in self.files(formats, mentions).items():
            write_text(folder / name, text)
            written.append(folder / name)
        return written

    def html(self) -> str:
        """The interactive graph page, self-contained (no network needed)."""
        from kg.export.html import render_html

        return render_html(self.graph, title=self.title)

    def _repr_html_(self) -> str:
        """Jupyter's view: the page in an iframe, so its styles and script stay its own."""
        page = html.escape(self.html(), quote=True)
        return f'<iframe srcdoc="{page}" style="width:100%;height:640px;border:0" sandbox="allow-scripts"></iframe>'

    def __repr__(self) -> str:
        return (f"<KnowledgeGraph: {self.pages} pages, {self.articles} articles, "
                f"{self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>")


def build(paths: str | Path | Iterable[str | Path], home_city: str = "北京市", base: str = BASE,
          workers: int = 1, scheduler: str | None = None) -> KnowledgeGraph:
    """Build the knowledge graph of the news pages under ``paths`` (files or folders of .txt
    and .md). ``home_city``: the paper's city, whose union a bare 市总工会 is; ``base``: the IRI
    the graph's nodes are named under; ``workers``: processes that extract pages; ``scheduler``:
    ``"dask://HOST:PORT"`` to extract them on that Dask cluster's workers instead (needs kg[dask]).
    Raises :class:`kg.errors.UserError` when nothing could be built."""
    from kg.export.outputs import check_base
    from kg.extract.pipeline import Settings
    from kg.pipeline import build as run_build

    base = check_base(base)
    inputs = [paths] if isinstance(paths, str | Path) else list(paths)
    result = run_build(inputs, Settings(home_city=home_city), workers=workers, scheduler=scheduler)
    if not result.corpus:
        raise UserError(f"nothing to build: no article found in {', '.join(map(str, inputs))}")
    skipped = [(str(s.path), s.reason) for s in result.skipped]
    title = "kg · " + ", ".join(Path(p).name for p in inputs)
    return KnowledgeGraph(result.graph, result.pages, len(result.corpus), skipped, base, title)
