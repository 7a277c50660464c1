"""``kg build --scheduler dask://HOST:PORT``: pages extracted on a Dask cluster (a local one,
started here) give the files one process writes, byte for byte; the cache still serves the pages
it holds; a cluster that cannot serve is one line, within seconds."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg

import kg
import kg.cluster
import kg.pipeline
from kg.cache import ExtractionCache
from kg.errors import UserError
from kg.export.outputs import STORE
from kg.extract.pipeline import Settings

COPIES = 3  # of each example, so that two workers finish pages out of order
WITHOUT_DASK = "import sys; sys.modules['distributed'] = None; from kg.cli import main; main()"


@pytest.fixture(scope="module")
def scheduler():
    """The address of a local cluster of two worker processes, as --scheduler takes it."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:  # its web server on a free port
        yield cluster.scheduler_address.replace("tcp://", "dask://")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for copy in range(COPIES):
        for page in sorted((ROOT / "examples").iterdir()):
            shutil.copy(page, folder / f"{copy}-{page.name}")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    """Each file of a build; the query store (a database, whose files differ run to run) as its
    sorted quads, blank nodes (the ontology's lists, named at random on loading) unnamed."""
    files = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    quads = (re.sub(r"_:\w+", "_:", str(quad)) for quad in ox.Store.read_only(str(out / STORE)))
    files[STORE] = "\n".join(sorted(quads)).encode()
    return files


def test_a_dask_build_writes_what_one_process_writes(scheduler: str, pages: Path, tmp_path: Path) -> None:
    run_kg("build", str(pages), "-o", str(tmp_path / "one"), "-q", "--workers", "1", "--no-cache")
    run_kg("build", str(pages), "-o", str(tmp_path / "dask"), "-q", "--scheduler", scheduler,
           "--cache", str(tmp_path / "cache"))
    one, dask = _files(tmp_path / "one"), _files(tmp_path / "dask")
    assert len(one) > 10
    assert one.keys() == dask.keys()
    assert [name for name in one if one[name] != dask[name]] == []

    cache = ExtractionCache(tmp_path / "cache", Settings())  # what the cluster extracted, stored here
    cached = kg.pipeline.build([pages], Settings(), cache=cache, scheduler=scheduler)
    assert (cache.hits, cache.misses) == (2 * COPIES, 0)
    assert cached.pages == 2 * COPIES


def test_workers_running_another_kg_are_refused(scheduler: str, pages: Path, monkeypatch) -> None:
    monkeypatch.setattr(kg, "__version__", "0.0.1")  # here; the workers run the installed kg
    with pytest.raises(UserError, match=r"the Dask worker tcp://\S+ runs kg .+, not kg 0\.0\.1"):
        kg.pipeline.build([pages], Settings(), scheduler=scheduler)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_listening_is_one_line_within_seconds(pages: Path, monkeypatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(kg.cluster, "TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(UserError, match=r"no Dask scheduler answers at dask://127\.0\.0\.1:\d+ within 1 s"):
        kg.pipeline.build([pages], Settings(), scheduler=f"dask://127.0.0.1:{_free_port()}")
    assert time.monotonic() - started < 5


def test_a_scheduler_without_workers_is_one_line(pages: Path, monkeypatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(kg.cluster, "TIMEOUT", 1)
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as empty:
        address = empty.scheduler_address.replace("tcp://", "dask://")
        with pytest.raises(UserError, match=f"the Dask scheduler at {address} has no worker: start one with"):
            kg.pipeline.build([pages], Settings(), scheduler=address)


def test_a_server_that_never_answers_is_one_line_within_seconds(pages: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, says nothing
        address = f"dask://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        result = run_kg("build", str(pages), "-o", str(tmp_path / "out"), "--scheduler", address, check=False)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr == f"kg: no Dask scheduler answers at {address} within {kg.cluster.TIMEOUT} s\n"
    assert elapsed < 3 * kg.cluster.TIMEOUT


def test_without_dask_the_message_says_how_to_install_it(pages: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WITHOUT_DASK, "build", str(pages), "-o", str(tmp_path / "out"),
                             "--scheduler", "dask://127.0.0.1:8786"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == "kg: --scheduler needs Dask: pip install 'kg[dask]'\n"
