"""Extraction on a Dask cluster: ``kg build --scheduler dask://HOST:PORT``.

Each page the cache does not hold is sent to a worker, which returns its facts
(:func:`kg.pipeline.extract_page`); the rest of the build runs here. Workers must run the same
kg, checked on connecting: the same version and the same reading version (data, model and
extraction code, :func:`kg.cache.reading_version`).
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import kg
from kg.cache import reading_version
from kg.errors import UserError

SCHEME = "dask://"
TIMEOUT = 5  # seconds to reach the scheduler, and for it to have a worker


def connect(scheduler: str):
    """A ``distributed.Client`` of the scheduler at ``dask://HOST:PORT`` whose workers run this kg."""
    if not re.fullmatch(r"dask://[^/\s]+:\d+", scheduler):
        raise UserError(f"--scheduler {scheduler}: give the Dask scheduler as dask://HOST:PORT")
    try:
        from distributed import Client
    except ImportError:
        raise UserError("--scheduler needs Dask: pip install 'kg[dask]'") from None
    address = "tcp://" + scheduler.removeprefix(SCHEME)
    try:
        _handshake(address)
        client = Client(address, timeout=TIMEOUT, set_as_default=False)
    except OSError:  # refused, unknown host, timed out (distributed retries until TIMEOUT)
        raise UserError(f"no Dask scheduler answers at {scheduler} within {TIMEOUT} s") from None
    except Exception:  # garbage from something else listening there
        raise UserError(f"what answers at {scheduler} is not a Dask scheduler") from None
    try:
        _check_workers(client, scheduler)
    except BaseException:
        client.close()
        raise
    return client


def _handshake(address: str) -> None:
    """Greet the scheduler, within ``TIMEOUT`` (distributed's own greeting waits for ever for an
    answer, from a web server say)."""
    from distributed.comm import connect

    async def greet() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=TIMEOUT), TIMEOUT)
        await comm.close()

    with ThreadPoolExecutor(1) as thread:  # its own event loop, beside any running one (Jupyter)
        thread.submit(asyncio.run, greet()).result()


def _check_workers(client, scheduler: str) -> None:
    """Fail unless the cluster has a worker and each runs this kg."""
    try:
        client.wait_for_workers(1, timeout=TIMEOUT)
    except TimeoutError:
        raise UserError(f"the Dask scheduler at {scheduler} has no worker: "
                        f"start one with `dask worker tcp://{scheduler.removeprefix(SCHEME)}`") from None
    here = _versions()
    try:
        versions = client.run(_versions)
    except Exception as exc:
        raise UserError(f"the Dask workers cannot run kg ({exc}): install kg {kg.__version__} on each") from None
    for worker, there in sorted(versions.items()):
        if tuple(there) != here:
            raise UserError(f"the Dask worker {worker} runs kg {there[0]} (reading version {there[1]}), "
                            f"not kg {here[0]} ({here[1]}): install the same kg on every worker")


def _versions() -> tuple[str, str]:
    """kg's version and reading version (here, and on each worker)."""
    return kg.__version__, reading_version()
