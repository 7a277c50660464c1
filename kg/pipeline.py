"""The whole pipeline: files → pages → articles → facts → entities → graph → exports."""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import networkx as nx

from kg.cache import ExtractionCache
from kg.collector import paused
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
    """A build: its graph, the facts it was made from (``corpus``, empty when not kept) and how
    many articles they were."""

    graph: nx.MultiDiGraph
    corpus: list[ArticleFacts]
    files: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    pages: int = 0
    notes: list[Note] = field(default_factory=list)
    articles: int = 0


def build(inputs: Iterable[str | Path], settings: Settings | None = None,
          progress: Callable[[Path], None] | None = None, workers: int = 1,
          cache: ExtractionCache | None = None, scheduler: str | None = None,
          keep_corpus: bool = True) -> BuildResult:
    """Read every page under ``inputs`` and build the graph. With ``workers`` > 1 pages are
    extracted in that many processes; with a ``scheduler`` (``dask://HOST:PORT``) on the workers
    of that Dask cluster instead; with a ``cache``, only pages it does not hold are. The result is
    the same every way. With ``keep_corpus=False`` each article's facts are dropped as soon as
    the graph holds them (the result's ``corpus`` is empty): the build never holds all the facts
    and the whole graph at once."""
    skipped: list[Skipped] = []
    notes: list[Note] = []
    files = find_files(inputs, skipped)
    corpus: list[ArticleFacts] = []
    pages = 0
    workers = min(workers, len(files), 1 + _size(files) // BYTES_PER_WORKER)
    for facts in _extracted(read_pages(files, skipped, on_file=progress, notes=notes), settings, workers, cache,
                             scheduler):
        pages += 1
        corpus.extend(facts)
    articles = len(corpus)
    with paused():
        resolution = Resolver(home_city=(settings or Settings()).home_city).resolve(corpus)
        graph = GraphBuilder(resolution).build(corpus if keep_corpus else _drained(corpus))
    return BuildResult(graph, corpus, files, skipped, pages, notes, articles)


def _drained(items: list) -> Iterator:
    """Each of ``items`` in order, taken out of the list as it is handed out (the list ends empty)."""
    items.reverse()
    while items:
        yield items.pop()


def _size(files: list[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when the page is read
            total += path.stat().st_size
    return total


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _extracted(pages: Iterable[Page], settings: Settings | None, workers: int, cache: ExtractionCache | None,
               scheduler: str | None) -> Iterator[list[ArticleFacts]]:
    """The facts of each page, in page order: from the cache, else extracted (and cached)."""
    with _PageExtractor(settings, workers, scheduler) as extractor:
        # (a page's facts to come, the cache key to store them under); at most 2 pages a slot wait
        waiting: deque[tuple[Future, str | None]] = deque()
        for page in pages:
            key = hit = None
            if cache is not None:
                key = cache.key(page)
                hit = cache.get(key)
            if hit is not None:
                waiting.append((_done(hit), None))
            else:
                waiting.append((extractor.submit(page), key))
            while len(waiting) > 2 * extractor.slots or (waiting and waiting[0][0].done()):
                yield _finish(*waiting.popleft(), cache)
        while waiting:
            yield _finish(*waiting.popleft(), cache)


def _done(facts: list[ArticleFacts]) -> Future:
    future: Future = Future()
    future.set_result(facts)
    return future


def _finish(future: Future, key: str | None, cache: ExtractionCache | None) -> list[ArticleFacts]:
    facts = future.result()
    if key is not None and cache is not None:
        cache.put(key, facts)
    return facts


class _PageExtractor:
    """Extracts pages here, in a pool of ``workers`` processes, or on the workers of a Dask
    ``scheduler`` (connected to at once); here or the pool start on the first page the cache
    does not hold (a fully cached build loads no tagger). ``slots``: pages extracted at a time."""

    def __init__(self, settings: Settings | None, workers: int, scheduler: str | None) -> None:
        self.settings, self.workers = settings, workers
        self.local: Extractor | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.client = None
        if scheduler is not None:
            from kg.cluster import connect

            self.client = connect(scheduler)
        self.slots = workers if self.client is None else sum(self.client.nthreads().values())

    def submit(self, page: Page) -> Future:
        if self.client is not None:
            return self.client.submit(extract_page, page, self.settings)
        if self.workers <= 1:
            self.local = self.local or Extractor(self.settings)
            return _done(self.local(split_articles(page)))
        # spawn, not fork: the parent may hold BLAS and jieba threads; each worker loads the tagger once
        self.pool = self.pool or ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                                     initializer=_extractor, initargs=(self.settings,))
        return self.pool.submit(extract_page, page, self.settings)

    def __enter__(self) -> _PageExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.client is not None:
            self.client.close()  # the scheduler drops the pages still to do


_extractors = threading.local()  # each thread's extractors, by settings


def extract_page(page: Page, settings: Settings | None) -> list[ArticleFacts]:
    """The facts of one page: the job of a pool process or a Dask worker. Pure (the same page and
    settings give the same facts wherever they run), so pages extracted apart merge by union."""
    return _extractor(settings)(split_articles(page))


def _extractor(settings: Settings | None) -> Extractor:
    """This thread's extractor for ``settings``, loaded on first use."""
    loaded = _extractors.__dict__.setdefault("by_settings", {})
    if settings not in loaded:
        loaded[settings] = Extractor(settings)
    return loaded[settings]
