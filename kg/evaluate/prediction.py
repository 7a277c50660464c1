"""What a build predicts, read from its RDF export through the contract's standard terms.

The graph is loaded into Oxigraph, cut down to the articles of the pages being scored if
asked, together with the project's ontology (so the ``rdfs:subClassOf*`` /
``rdfs:subPropertyOf*`` paths in the queries see kg's own terms), then the SPARQL queries in
``queries/*.rq`` are run over the union of all graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UserError
from kg.evaluate.gold import EVENT_LINKS, normalize
from kg.query.store import ontology_dir as shipped_ontology_dir

GRAPH_FILES = (
    ("graph.trig", ox.RdfFormat.TRIG),
    ("graph.nq", ox.RdfFormat.N_QUADS),
    ("graph.ttl", ox.RdfFormat.TURTLE),
    ("graph.nt", ox.RdfFormat.N_TRIPLES),
)
ENTITY_KINDS = ("persons", "organizations", "places", "events", "titles")

Row = tuple[str | None, ...]


def graph_file(outdir: Path) -> tuple[Path, ox.RdfFormat]:
    """The graph file a build folder holds, TriG first."""
    if not outdir.is_dir():
        raise UserError(f"no folder {outdir}: give the output folder of `kg build`")
    for name, rdf_format in GRAPH_FILES:
        if (outdir / name).is_file():
            return outdir / name, rdf_format
    names = ", ".join(name for name, _ in GRAPH_FILES)
    raise UserError(f"none of {names} in {outdir}: run `kg build PAGES -o {outdir}` first")


def load_graph(outdir: Path) -> ox.Store:
    """An in-memory store holding the build's graph."""
    path, rdf_format = graph_file(outdir)
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=rdf_format)
    except SyntaxError as exc:
        raise UserError(f"cannot parse {path}: {exc}") from exc
    return store


def add_ontology(store: ox.Store, ontology_dir: Path | None = None) -> None:
    """Load the ontology's ``*.ttl`` files, by default those kg ships (``ontology/``)."""
    ontology_dir = ontology_dir or shipped_ontology_dir()
    if not ontology_dir.is_dir():
        raise UserError(f"no ontology folder {ontology_dir}: give the folder holding kg.ttl")
    for ontology_file in sorted(ontology_dir.glob("*.ttl")):
        store.bulk_load(path=ontology_file, format=ox.RdfFormat.TURTLE)


def page_articles(store: ox.Store) -> dict[str, set[str]]:
    """The IRIs of each page's articles, by the page's file name without its suffix."""
    articles: dict[str, set[str]] = {}
    for name, article in run_query(store, "pages"):
        articles.setdefault(Path(name).stem, set()).add(article)
    return articles


def keep_articles(store: ox.Store, articles: Iterable[str]) -> ox.Store:
    """A store of only these articles' graphs and, from the default graph, what it says about
    the nodes they name and, in turn, about the nodes that names (larger places, parent
    organizations)."""
    kept = ox.Store()
    nodes: set[ox.NamedNode] = set()
    for article in articles:
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(article)))
        kept.bulk_extend(quads)
        nodes.update(term for quad in quads for term in (quad.subject, quad.object) if isinstance(term, ox.NamedNode))
    waiting = list(nodes)
    while waiting:
        quads = list(store.quads_for_pattern(waiting.pop(), None, None, ox.DefaultGraph()))
        kept.bulk_extend(quads)
        for quad in quads:
            if isinstance(quad.object, ox.NamedNode) and quad.object not in nodes:
                nodes.add(quad.object)
                waiting.append(quad.object)
    return kept


def run_query(store: ox.Store, name: str) -> list[Row]:
    """Rows of ``queries/<name>.rq``, each term as its IRI, literal value or blank-node id."""
    text = (files("kg.evaluate") / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    solutions = store.query(text, use_default_graph_as_union=True)
    return [tuple(None if term is None else term.value for term in solution) for solution in solutions]


@dataclass(frozen=True)
class Prediction:
    """A build's predictions, with nodes named by IRI and names normalized.

    ``entities[kind][iri]`` holds every name of a node of that kind (``persons``,
    ``organizations``, ``places``, ``events``, ``titles``); ``event_links[link]`` holds
    (event, value) pairs for ``places``, ``dates``, ``organizers`` and ``participants``.
    """

    entities: dict[str, dict[str, frozenset[str]]]
    memberships: frozenset[tuple[str, str, str | None]]
    awards: frozenset[tuple[str, str]]
    honor_names: dict[str, frozenset[str]]
    event_links: dict[str, frozenset[tuple[str, str]]]
    bylines: frozenset[str]
    located_in: frozenset[tuple[str, str]]

    @classmethod
    def read(cls, store: ox.Store) -> Prediction:
        """Run every query over a loaded store."""
        entities: dict[str, dict[str, set[str]]] = {kind: {} for kind in ENTITY_KINDS}
        for kind, entity, name in run_query(store, "entities"):
            entities[kind].setdefault(entity, set()).add(normalize(name))
        award_rows = run_query(store, "awards")
        honor_names: dict[str, set[str]] = {}
        for _, honor, name in award_rows:
            names = honor_names.setdefault(honor, set())
            if name is not None:
                names.add(normalize(name))
        return cls(
            entities={kind: _frozen(nodes) for kind, nodes in entities.items()},
            memberships=frozenset(run_query(store, "memberships")),
            awards=frozenset((person, honor) for person, honor, _ in award_rows),
            honor_names=_frozen(honor_names),
            event_links={link: frozenset(run_query(store, f"event_{link}")) for link in EVENT_LINKS},
            bylines=frozenset(person for (person,) in run_query(store, "bylines")),
            located_in=frozenset(run_query(store, "located_in")),
        )


def _frozen(names_by_node: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Freeze the name sets, dropping names that normalize to nothing."""
    return {node: frozenset(name for name in names if name) for node, names in names_by_node.items()}
