"""The whole pipeline: files → pages → articles → facts → entities → graph → exports."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.extract.article import ArticleExtractor, Settings
from kg.extract.crf import DEFAULT_MODEL, CrfTagger
from kg.graph.build import GraphBuilder
from kg.model import ArticleFacts
from kg.read.articles import split_articles
from kg.read.sources import Skipped, find_files, read_pages
from kg.resolve.entities import Resolver

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    corpus: list[ArticleFacts]
    files: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    pages: int = 0


def default_tagger() -> CrfTagger | None:
    """The committed mention model, or None when it is missing (the grammar still runs)."""
    if DEFAULT_MODEL.exists():
        return CrfTagger.load(DEFAULT_MODEL)
    log.warning("no mention model at %s: statistical mentions are off", DEFAULT_MODEL)
    return None


def build(inputs: Iterable[str | Path], settings: Settings | None = None,
          progress: Callable[[Path], None] | None = None) -> BuildResult:
    """Read every page under ``inputs`` and build the graph."""
    files = find_files(inputs)
    extractor = ArticleExtractor(settings, default_tagger())
    skipped: list[Skipped] = []
    corpus: list[ArticleFacts] = []
    pages = 0
    for page in read_pages(files, skipped, on_file=progress):
        pages += 1
        corpus.extend(extractor(article) for article in split_articles(page))
    resolver = Resolver(home_city=(settings or Settings()).home_city)
    resolver.resolve(corpus)
    graph = GraphBuilder(resolver).build(corpus)
    return BuildResult(graph, corpus, files, skipped, pages)
