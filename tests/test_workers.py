"""``kg build --workers``: pages extracted in several processes give the same build as one."""

from __future__ import annotations

from pathlib import Path

import kg.pipeline
from kg.extract.pipeline import Settings

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

