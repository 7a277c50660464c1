"""The whole pipeline: files → pages → articles → facts → entities → graph → exports."""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import networkx as nx

from kg.extract.pipeline import Extractor, Settings
from kg.graph.build import GraphBuilder
from kg.model import ArticleFacts, Page
from kg.read.articles import split_articles
from kg.read.sources import Note, Skipped, find_files, read_pages
from kg.resolve.entities import Resolver

# A worker process starts in about 2 s (imports, jieba's dictionary, the tagger): one more is
# started only for each 512 KB of input (about 15 s of extraction on one core).
BYTES_PER_WORKER = 512 * 1024


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    corpus: list[ArticleFacts]
    files: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    pages: int = 0
    notes: list[Note] = field(default_factory=list)


def build(inputs: Iterable[str | Path], settings: Settings | None = None,
          progress: Callable[[Path], None] | None = None, workers: int = 1) -> BuildResult:
    """Read every page under ``inputs`` and build the graph. With ``workers`` > 1 pages are
    extracted in that many processes; the result is the same as with one."""
    skipped: list[Skipped] = []
    notes: list[Note] = []
    files = find_files(inputs, skipped)
    corpus: list[ArticleFacts] = []
    pages = 0
    workers = min(workers, len(files), 1 + _size(files) // BYTES_PER_WORKER)
    for facts in _extracted(read_pages(files, skipped, on_file=progress, notes=notes), settings, workers):
        pages += 1
        corpus.extend(facts)
    resolution = Resolver(home_city=(settings or Settings()).home_city).resolve(corpus)
    graph = GraphBuilder(resolution).build(corpus)
    return BuildResult(graph, corpus, files, skipped, pages, notes)


def _size(files: list[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when the page is read
            total += path.stat().st_size
    return total


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _extracted(pages: Iterable[Page], settings: Settings | None, workers: int) -> Iterator[list[ArticleFacts]]:
    """The facts of each page, in page order."""
    if workers <= 1:
        extractor = Extractor(settings)
        for page in pages:
            yield extractor(split_articles(page))
        return
    # spawn, not fork: the parent may hold BLAS and jieba threads; each worker loads the
    # tagger once. At most 2 pages per worker wait, so page texts are not all held at once.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(settings,)) as pool:
        waiting: deque[Future] = deque()
        for page in pages:
            waiting.append(pool.submit(_extract_page, page))
            if len(waiting) >= 2 * workers:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


_worker_extractor: Extractor | None = None


def _start_worker(settings: Settings | None) -> None:
    global _worker_extractor
    _worker_extractor = Extractor(settings)


def _extract_page(page: Page) -> list[ArticleFacts]:
    assert _worker_extractor is not None, "worker not started"
    return _worker_extractor(split_articles(page))
