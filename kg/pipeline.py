"""The whole pipeline: files → pages → articles → facts → entities → graph → exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.extract.pipeline import Extractor, Settings
from kg.graph.build import GraphBuilder
from kg.model import ArticleFacts
from kg.read.articles import split_articles
from kg.read.sources import Skipped, find_files, read_pages
from kg.resolve.entities import Resolver


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    corpus: list[ArticleFacts]
    files: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    pages: int = 0


def build(inputs: Iterable[str | Path], settings: Settings | None = None,
          progress: Callable[[Path], None] | None = None) -> BuildResult:
    """Read every page under ``inputs`` and build the graph."""
    files = find_files(inputs)
    extractor = Extractor(settings)
    skipped: list[Skipped] = []
    corpus: list[ArticleFacts] = []
    pages = 0
    for page in read_pages(files, skipped, on_file=progress):
        pages += 1
        corpus.extend(extractor(split_articles(page)))
    resolution = Resolver(home_city=(settings or Settings()).home_city).resolve(corpus)
    graph = GraphBuilder(resolution).build(corpus)
    return BuildResult(graph, corpus, files, skipped, pages)
