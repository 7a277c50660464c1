"""Queries in processes of their own, so that each has a time limit, a row limit and a memory
limit that hold, and can be stopped when its client goes away.

A loader process, forked once when the server starts, holds the build; for each query it
forks a child that shares the build's memory, runs the query, sends the answer and exits.
The child stops itself at the time limit (``SIGALRM``) and cannot grow past the memory limit
(``RLIMIT_AS``); the server kills it sooner when its client disconnects.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import select
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import UserError
from kg.query.run import TURTLE_PREFIXES, execute, unique_triples
from kg.query.store import Build

LOADER_EXIT_SECONDS = 3  # how long close() waits for the loader before killing it
RESULTS_FORMATS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
GRAPH_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.RDF_XML,
)
"""Answers to CONSTRUCT and DESCRIBE: formats for triples (not datasets), Turtle first."""


@dataclass(frozen=True)
class Limits:
    """What one query may use: seconds, rows (or triples) of its answer, bytes of memory beyond
    the build's, and how many queries run at once."""

    seconds: float = 30.0
    rows: int = 10_000
    memory: int = 1 << 30
    parallel: int = max(4, 2 * (os.cpu_count() or 1))


@dataclass(frozen=True)
class Answer:
    """An HTTP status, the body's media type, the body, and whether rows were cut at the limit."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


class QueryPool:
    """Runs each query in a child of a loader process that holds ``build``."""

    def __init__(self, build: Build, limits: Limits) -> None:
        self.limits = limits
        self._folder = tempfile.mkdtemp(prefix="kg-serve-")
        self._address = os.path.join(self._folder, "queries")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self._address)
        listener.listen(128)
        alive_read, self._alive = os.pipe()
        self._slots = threading.BoundedSemaphore(limits.parallel)
        self._loader = os.fork()
        if self._loader == 0:
            os.close(self._alive)
            try:
                _load_and_fork(listener, alive_read, build, limits)
            finally:
                os._exit(0)
        os.close(alive_read)
        listener.close()

    def close(self) -> None:
        """Stop the loader (its running queries stop at their time limit) and remove its socket;
        a loader still busy (loading a large build) after a few seconds is killed."""
        with contextlib.suppress(OSError):
            os.close(self._alive)
        deadline = time.monotonic() + LOADER_EXIT_SECONDS
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(self._loader, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(self._loader, signal.SIGKILL)
                    os.waitpid(self._loader, 0)
                    break
                time.sleep(0.05)
        shutil.rmtree(self._folder, ignore_errors=True)

    def answer(self, sparql: str, accepted: list[str], client_gone: Callable[[], bool]) -> Answer | None:
        """The answer to ``sparql`` in the first accepted format; ``None`` when the client went
        away first (its query is then killed)."""
        deadline = time.monotonic() + self.limits.seconds
        if not self._slots.acquire(timeout=self.limits.seconds):
            return _text(503, f"too many queries at once; none finished within {self.limits.seconds:g} s")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
                channel.connect(self._address)
                channel.sendall(json.dumps({"query": sparql, "accepted": accepted}).encode() + b"\n")
                channel.shutdown(socket.SHUT_WR)
                return self._receive(channel, deadline + 1, client_gone)
        finally:
            self._slots.release()

    def _receive(self, channel: socket.socket, deadline: float, client_gone: Callable[[], bool]) -> Answer | None:
        data = bytearray()
        pid = None
        while True:
            if client_gone() or time.monotonic() > deadline:
                if pid is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                return None if client_gone() else self._stopped()
            if not select.select([channel], [], [], 0.2)[0]:
                continue
            chunk = channel.recv(1 << 20)
            if not chunk:
                break
            data += chunk
            if pid is None and b"\n" in data:
                line, _, rest = bytes(data).partition(b"\n")
                pid, data = int(line), bytearray(rest)
        head, newline, body = bytes(data).partition(b"\n")
        if not newline:
            return self._stopped()
        header = json.loads(head)
        return Answer(header["status"], header["media_type"], body, header["truncated"])

    def _stopped(self) -> Answer:
        return _text(503, f"the query was stopped: it ran past {self.limits.seconds:g} s "
                          f"or {self.limits.memory >> 20} MB")


def _load_and_fork(listener: socket.socket, alive: int, build: Build, limits: Limits) -> None:
    """The loader: fork a child per query until the server closes ``alive``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they exit
    while True:
        ready = select.select([listener, alive], [], [])[0]
        if alive in ready:
            return
        connection, _ = listener.accept()
        with connection, contextlib.suppress(Exception):  # a failed fork: the server sees no answer
            request = json.loads(connection.makefile("rb").readline())
            with contextlib.suppress(UserError):
                build.store_for(request["query"])  # named graphs load here once, not in every child
            if os.fork() == 0:
                listener.close()
                _child(connection, build, request, limits)


def _child(connection: socket.socket, build: Build, request: dict, limits: Limits) -> None:
    """Run one query within the limits, send ``pid``, then a header line and the body; exit."""
    try:
        signal.alarm(max(1, math.ceil(limits.seconds)))
        _limit_memory(limits.memory)
        connection.sendall(f"{os.getpid()}\n".encode())
        answer = _run(build, request["query"], request["accepted"], limits.rows)
        signal.alarm(0)  # the answer is whole: sending it is not stopped halfway
        header = {"status": answer.status, "media_type": answer.media_type, "truncated": answer.truncated}
        connection.sendall(json.dumps(header).encode() + b"\n" + answer.body)
    except BaseException:  # the server reports a child that sent no answer
        pass
    finally:
        os._exit(0)


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_AS, (in_use + extra, in_use + extra))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no limits here: the time limit still holds


def _run(build: Build, sparql: str, accepted: list[str], max_rows: int) -> Answer:
    try:
        result = execute(build, sparql)
        if isinstance(result, ox.QueryTriples):
            triples, truncated = _first(result, max_rows)
            graph_format = negotiate(accepted, GRAPH_FORMATS)
            body = ox.serialize(unique_triples(iter(triples)), format=graph_format, prefixes=TURTLE_PREFIXES)
            return Answer(200, base_media_type(graph_format), body, truncated)
        results_format = negotiate(accepted, RESULTS_FORMATS)
        if isinstance(result, ox.QuerySolutions):
            result, truncated = _first_solutions(result, max_rows)
        else:
            truncated = False
        return Answer(200, base_media_type(results_format), result.serialize(format=results_format), truncated)
    except UserError as exc:
        return _text(400, str(exc))
    except (OSError, RuntimeError, ValueError) as exc:
        return _text(500, f"query failed: {exc}")


def _first(triples: ox.QueryTriples, limit: int) -> tuple[list[ox.Triple], bool]:
    first = []
    for triple in triples:
        if len(first) == limit:
            return first, True
        first.append(triple)
    return first, False


class _Lines:
    """A sink for TSV that stops the writer once it holds ``limit`` lines past the header."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.lines = 0
        self.full = False

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit + 1:
            self.full = True
            raise OSError("row limit reached")
        return len(chunk)

    def flush(self) -> None:
        pass


def _first_solutions(solutions: ox.QuerySolutions, limit: int) -> tuple[ox.QuerySolutions, bool]:
    """At most ``limit`` solutions, read lazily (a cross join stops at the limit), and whether
    there were more."""
    sink = _Lines(limit)
    try:
        solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except OSError:
        if not sink.full:
            raise
    tsv = bytes(sink.data)
    if sink.full:
        tsv = b"".join(line + b"\n" for line in tsv.split(b"\n")[: limit + 1])
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV), sink.full


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain", (message + "\n").encode())


def negotiate(accepted: list[str], formats: tuple) -> ox.QueryResultsFormat | ox.RdfFormat:
    """The first of ``formats`` the client accepts; the first of all when it names none of them."""
    by_media_type = {base_media_type(fmt): fmt for fmt in formats}
    by_media_type["application/json"] = formats[0]
    for media_type in accepted:
        if media_type in by_media_type:
            return by_media_type[media_type]
    return formats[0]


def base_media_type(fmt: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    """``text/csv`` for ``text/csv; charset=utf-8``."""
    return fmt.media_type.split(";")[0]
