"""``kg build --workers`` and the extraction cache: pages extracted in several processes, or
read from the cache, give the same build as one process reading every page."""

from __future__ import annotations

from pathlib import Path

import kg.pipeline
from kg.cache import ExtractionCache, reading_version
from kg.extract.pipeline import Settings
from kg.read.sources import read_pages

ROOT = Path(__file__).resolve().parent.parent


def _edges(graph) -> list[str]:
    return sorted(repr((u, v, sorted(data.items()))) for u, v, data in graph.edges(data=True))


def test_two_workers_build_what_one_builds(monkeypatch) -> None:
    monkeypatch.setattr(kg.pipeline, "BYTES_PER_WORKER", 1)  # the examples are small: start both
    one = kg.pipeline.build([ROOT / "examples"], Settings(), workers=1)
    two = kg.pipeline.build([ROOT / "examples"], Settings(), workers=2)
    assert one.pages == two.pages >= 2
    assert one.corpus == two.corpus
    assert sorted(one.graph.nodes(data=True)) == sorted(two.graph.nodes(data=True))
    assert _edges(one.graph) == _edges(two.graph)



def test_a_cached_build_reads_only_new_pages(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    sources = sorted((ROOT / "examples").iterdir())
    (pages / sources[0].name).write_text(sources[0].read_text(encoding="utf-8"), encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache", Settings())
    kg.pipeline.build([pages], Settings(), cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)

    (pages / sources[1].name).write_text(sources[1].read_text(encoding="utf-8"), encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache", Settings())
    cached = kg.pipeline.build([pages], Settings(), cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)  # the page added is the only one read
    fresh = kg.pipeline.build([pages], Settings())
    assert cached.corpus == fresh.corpus
    assert _edges(cached.graph) == _edges(fresh.graph)


def test_the_cache_is_per_setting_and_per_reading_version(tmp_path: Path) -> None:
    page = next(iter(read_pages(sorted((ROOT / "examples").iterdir())[:1], [])))
    beijing = ExtractionCache(tmp_path, Settings())
    beijing.put(beijing.key(page), [])
    assert beijing.get(beijing.key(page)) == []
    shanghai = ExtractionCache(tmp_path, Settings(home_city="上海市"))
    assert shanghai.get(shanghai.key(page)) is None
    assert [p.name for p in tmp_path.iterdir()] == [reading_version()]


def test_exports_written_by_two_processes_are_those_one_writes(tmp_path: Path) -> None:
    from kg.export.outputs import FORMATS, STORE, file_names, write

    graph = kg.pipeline.build([ROOT / "examples"], Settings()).graph
    formats = [name for name in FORMATS if name != "store"]
    for processes in (1, 2):
        write(tmp_path / str(processes), graph, formats, title="t", pages=2, skipped=[], processes=processes)
    names = file_names(formats)
    assert STORE not in names and len(names) > 10
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_failure_in_the_forked_writer_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    import errno

    import pytest

    from kg.export import tables
    from kg.export.outputs import write

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tables, "write_graphml", full_disk)  # the fork inherits it
    graph = kg.pipeline.build(sorted((ROOT / "examples").iterdir())[:1], Settings()).graph
    tmp_path.joinpath("out").mkdir()
    with pytest.raises(OSError, match="No space left"):
        write(tmp_path / "out", graph, ["nt", "graphml"], title="t", pages=1, skipped=[], processes=2)
    assert not (tmp_path / "out" / "graph.graphml").exists()
