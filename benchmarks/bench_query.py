"""``kg query`` on a large build: each shipped query, cold, in a fresh process.

A 1M-triple build from real text takes hours, so this one is made by replication: the bundled
examples (or ``--pages``) are built once with ``kg build``, and their quads copied N times with
every kg node IRI (``{BASE}id/…``: articles, pages, people, positions, evidence…) and every
name, label and headline suffixed by the copy number (``张良_7``), until the build holds
``--triples`` distinct triples. Entities stay distinct and each copy keeps the shape and degrees
of a real build; ``--shared title,place`` leaves those kinds unsuffixed, so they become hubs
shared by every copy, as 记者 or 北京市 are in a real archive. The copies are written as a
``kg build`` writes a build (``kg.export.outputs.Outputs`` published by ``kg.export.atomic``:
``graph.nq``, ``ontology.ttl`` and the query store ``graph.oxigraph``).

Each shipped query then runs as a whole ``kg query DIR NAME --format F`` process (output piped)
for each of ``--formats``: ``table``, what people see (the first rows), and ``csv``, the whole
answer. Each runs ``--runs`` times cold (the OS page cache dropped first:
``/proc/sys/vm/drop_caches`` when writable, else the store's files evicted with
``posix_fadvise``) and as many times warm (page cache kept). Medians are printed, with the rows,
the store's size on disk (the shipped queries' saved answers included) and what starting
``kg query`` costs (``ASK {}``). ``--live`` passes each query's text with a line added, which no
saved answer matches: the query is evaluated, as any other query is.

Usage: python benchmarks/bench_query.py [--triples 1000000] [--runs 3] [--out DIR] [--reuse]
                                        [--pages DIR…] [--shared KIND,…] [--formats table,csv]
                                        [--queries NAME,…] [--live]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.export.atomic import publish
from kg.export.outputs import STORE, Outputs
from kg.iris import BASE, NAMESPACES
from kg.query.formats import TABLE_ROWS
from kg.query.run import shipped_queries
from kg.query.store import ontology_dir

ROOT = Path(__file__).resolve().parents[1]
ID = f"{BASE}id/"
SCHEMA, SKOS = NAMESPACES["schema"], NAMESPACES["skos"]
NAMES = {f"{SCHEMA}name", f"{SCHEMA}alternateName", f"{SCHEMA}headline", f"{SKOS}prefLabel"}
"""The literals suffixed with their subject: what people are found and sorted by."""
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
STARTUP = "start-up"


def base_quads(pages: list[Path], tmp: Path) -> list[ox.Quad]:
    """The quads of a real ``kg build`` of ``pages``."""
    out = tmp / "base"
    subprocess.run([sys.executable, "-m", "kg", "build", *map(str, pages), "-o", str(out), "-q",
                    "--no-cache", "--formats", "nq"], cwd=ROOT, check=True)
    return list(ox.parse(path=out / "graph.nq", format=ox.RdfFormat.N_QUADS))


def replicate(quads: list[ox.Quad], copies: int, shared: set[str]) -> list[ox.Quad]:
    """``copies`` copies of ``quads``, the kg nodes (except the ``shared`` kinds) and their names
    suffixed by the copy number; copy 0 is the original."""
    def node(term, i):
        if (isinstance(term, ox.NamedNode) and term.value.startswith(ID)
                and term.value[len(ID):].split("/", 1)[0] not in shared):
            return ox.NamedNode(f"{term.value}_{i}"), True
        return term, False

    result = list(quads)
    for i in range(1, copies):
        for quad in quads:
            subject, renamed = node(quad.subject, i)
            value = quad.object
            if renamed and isinstance(value, ox.Literal) and quad.predicate.value in NAMES:
                value = ox.Literal(f"{value.value}_{i}", language=value.language) if value.language \
                    else ox.Literal(f"{value.value}_{i}", datatype=value.datatype)
            else:
                value = node(value, i)[0]
            graph = quad.graph_name if isinstance(quad.graph_name, ox.DefaultGraph) else node(quad.graph_name, i)[0]
            result.append(ox.Quad(subject, quad.predicate, value, graph))
    return result


def triples_of(quads: list[ox.Quad]) -> set[tuple]:
    return {(quad.subject, quad.predicate, quad.object) for quad in quads}


def write_build(out: Path, quads: list[ox.Quad]) -> None:
    """Write ``quads`` as a ``kg build`` writes a build: N-Quads, the ontology and the query store."""
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
    ontology = (ontology_dir() / "kg.ttl").read_text(encoding="utf-8")
    outputs = Outputs({"graph.nq": nquads, "ontology.ttl": ontology}, store_quads=nquads)
    publish(out, outputs.names, outputs.write)


def store_files(out: Path) -> list[Path]:
    return [path for path in (out / STORE).resolve().rglob("*") if path.is_file()]


def drop_cache(out: Path) -> str:
    """Empty the OS page cache (everything when allowed, else the store's files); say how."""
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
        return "all (drop_caches)"
    except OSError:
        for path in store_files(out):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
        return "the store's files (posix_fadvise)"


def timed_query(out: Path, query: str, output_format: str) -> tuple[float, int]:
    """Wall seconds of one whole ``kg query`` process, and the rows of the answer it printed."""
    command = [sys.executable, "-m", "kg", "query", str(out), query, "--format", output_format]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    if done.stdout in ("true\n", "false\n"):
        return seconds, 0
    if output_format == "csv":
        return seconds, sum(1 for _ in csv.reader(io.StringIO(done.stdout))) - 1
    more = re.search(r"^… and (\d+) more rows?", done.stdout, re.MULTILINE)
    if more:
        return seconds, TABLE_ROWS + int(more.group(1))
    return seconds, int(re.search(r"^(\d+) rows?\s*$", done.stdout, re.MULTILINE).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="distinct triples to reach at least")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="build folder to write (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="query the build already in --out")
    parser.add_argument("--pages", type=Path, nargs="+", default=[ROOT / "examples"])
    parser.add_argument("--shared", default="", help="node kinds shared by all copies, e.g. title,place")
    parser.add_argument("--formats", default="table,csv", help="comma-separated: table, csv")
    parser.add_argument("--queries", help="comma-separated shipped queries (default: all)")
    parser.add_argument("--live", action="store_true", help="evaluate the queries, not their saved answers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "build"
        if not args.reuse:
            quads, shared = base_quads(args.pages, Path(tmp)), set(filter(None, args.shared.split(",")))
            distinct = len(triples_of(quads))
            added = len(triples_of(replicate(quads, 2, shared))) - distinct  # by each copy (not the shared)
            copies = 1 + math.ceil((args.triples - distinct) / added)
            start = time.perf_counter()
            quads = replicate(quads, copies, shared)
            write_build(out, quads)
            print(f"{copies} copies of {len(args.pages)} input(s) ({distinct} distinct triples, {added} more a copy), "
                  f"written in {time.perf_counter() - start:.0f} s")
        store = ox.Store.read_only(str(out / STORE))
        triples, articles = (int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}")))[0].value)
                             for pattern in ("?s ?p ?o", f"?a a <{SCHEMA}NewsArticle>"))
        quads = len(store)
        del store
        size = sum(path.stat().st_size for path in store_files(out))
        names = args.queries.split(",") if args.queries else list(shipped_queries())
        queries = {name: shipped_queries()[name].text + "\n" if args.live else name for name in names}
        formats = args.formats.split(",")
        runs = [(STARTUP, "table"), *((name, fmt) for name in names for fmt in formats)]
        queries[STARTUP] = "ASK {}"
        cold: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
        warm: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
        rows: dict[str, int] = {}
        how = ""
        for _ in range(args.runs):
            for name, fmt in runs:
                how = drop_cache(out)
                cold[name, fmt].append(timed_query(out, queries[name], fmt)[0])
                seconds, rows[name] = timed_query(out, queries[name], fmt)
                warm[name, fmt].append(seconds)
    print(f"store: {triples:,} distinct triples (default graph, with the ontology), {quads:,} quads, "
          f"{articles:,} articles, {size / 2**20:,.0f} MiB on disk")
    print(f"kg query DIR {'TEXT' if args.live else 'NAME'} --format F, whole process, seconds, median of "
          f"{args.runs}; cold: page cache dropped ({how}) before each run")
    print(f"start-up (kg query DIR 'ASK {{}}'): {statistics.median(cold[STARTUP, 'table']):.2f} cold, "
          f"{statistics.median(warm[STARTUP, 'table']):.2f} warm")
    print(f"{'query':<14}{'rows':>9}" + "".join(f"{fmt + ' cold':>12}{fmt + ' warm':>12}" for fmt in formats))
    for name in names:
        print(f"{name:<14}{rows[name]:>9,}" + "".join(
            f"{statistics.median(cold[name, fmt]):>12.2f}{statistics.median(warm[name, fmt]):>12.2f}"
            for fmt in formats))

if __name__ == "__main__":
    main()
