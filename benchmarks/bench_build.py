"""Build throughput: ``kg build`` over realistic pages, whole process, all exports, beside a
plain ``jieba.lcut`` over the same text.

The pages are kg's held-out articles and the bundled examples (eleven registers), copied N
times with every sentence made distinct (its copy number after each 。), so per-sentence caches
do not flatter the figure. Each configuration (``--workers`` 1 and 2 by default) is a whole
``kg build`` process; ``jieba.lcut`` runs in a process of its own (dictionary loaded before
the clock starts). With ``--baseline DIR`` (another checkout of kg, e.g. a ``git worktree`` of
an older commit, one that has ``--workers`` and ``--no-cache``) that checkout is timed too, with
one worker and no cache, as kg is. Runs alternate; medians and
ratios are printed; kg runs without its extraction cache, except in the last figure: one page
added to a built archive, the others read from the cache (with the first ``--workers`` count).

Usage: python benchmarks/bench_build.py [--copies N | --megabytes 1|10|100] [--runs R] [--workers 1,2]
       [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "benchmarks" / "heldout" / "pages").glob("*.txt")), *sorted((ROOT / "examples").iterdir())]
JIEBA = """
import sys, time, pathlib, jieba
jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).iterdir())]
start = time.perf_counter()
for text in texts:
    jieba.lcut(text)
print(time.perf_counter() - start)
"""


def write_pages(folder: Path, copies: int) -> int:
    chars = 0
    for i in range(copies):
        for page in SOURCES:
            text = page.read_text(encoding="utf-8").replace("。", f"。{i}")
            (folder / f"{i:04d}_{page.stem}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def timed_build(checkout: Path, pages: Path, out: Path, workers: int,
                cache_args: tuple[str, ...] = ("--no-cache",)) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB, the largest process) of one ``kg build`` run (by default
    reading every page: no extraction cache)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "kg", "build", str(pages), "-o", str(out), "-q",
               "--workers", str(workers), *cache_args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1])


def timed_incremental(pages: Path, tmp: Path, workers: int) -> float:
    """Seconds of a build that adds one page to a built archive (the others from the cache)."""
    cache, out = ("--cache", str(tmp / "cache")), tmp / "incremental"
    timed_build(ROOT, pages, out, workers, cache)
    added = pages / "zzzz_added.txt"
    added.write_text(SOURCES[0].read_text(encoding="utf-8").replace("。", "。added"), encoding="utf-8")
    try:
        return timed_build(ROOT, pages, out, workers, cache)[0]
    finally:
        added.unlink()


def timed_jieba(pages: Path) -> float:
    done = subprocess.run([sys.executable, "-c", JIEBA, str(pages)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--megabytes", type=float, help="copies enough for about this much UTF-8 text (1, 10, 100)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to time")
    parser.add_argument("--baseline", type=Path, help="another kg checkout to time in the same session")
    args = parser.parse_args()
    if args.megabytes:
        per_copy = sum(len(page.read_text(encoding="utf-8").encode()) for page in SOURCES)
        args.copies = max(1, round(args.megabytes * 1_000_000 / per_copy))
    counts = [int(n) for n in args.workers.split(",")]
    configs = {f"kg -w {n}": (ROOT, n) for n in counts}
    if args.baseline:
        configs["baseline"] = (args.baseline.resolve(), 1)
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        chars = write_pages(pages, args.copies)
        times: dict[str, list[float]] = {name: [] for name in [*configs, "jieba.lcut"]}
        peaks: dict[str, int] = {name: 0 for name in configs}
        for _ in range(args.runs):
            times["jieba.lcut"].append(timed_jieba(pages))
            for name, (checkout, workers) in configs.items():
                seconds, peak = timed_build(checkout, pages, Path(tmp) / "out", workers)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
        incremental = timed_incremental(pages, Path(tmp), counts[0])
    print(f"{len(SOURCES) * args.copies} pages, {chars:,} characters, median of {args.runs} runs")
    lcut = statistics.median(times["jieba.lcut"])
    print(f"{'jieba.lcut':>11}: {lcut:6.2f} s  {chars / lcut:9,.0f} chars/s")
    for name in configs:
        median = statistics.median(times[name])
        print(f"{name:>11}: {median:6.2f} s  {chars / median:9,.0f} chars/s  {lcut / median:5.3f} × jieba.lcut  "
              f"peak RSS {peaks[name] / 1024:,.0f} MB")
    if args.baseline and "kg -w 1" in times:  # the baseline runs with one worker
        ratio = statistics.median(times["baseline"]) / statistics.median(times["kg -w 1"])
        print(f"throughput kg -w 1 / baseline: {ratio:.2f}")
    print(f"incremental: one page added to the build: {incremental:.2f} s, "
          f"{incremental / statistics.median(times[f'kg -w {counts[0]}']):.0%} of the full build (-w {counts[0]})")


if __name__ == "__main__":
    main()
