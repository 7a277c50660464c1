"""Peak memory of ``kg build`` against input size, fitted and projected to a whole archive.

The pages are those of ``bench_build.py`` (held-out articles and the bundled examples, copied
with every sentence made distinct), as many copies as make each size (MB of UTF-8 input on
disk). Each size is built by a whole ``kg build --no-cache`` process (all exports) for each
``--workers`` count. Memory is sampled every 50 ms as the summed RSS of the build and its
worker processes (what the machine must hold); the largest single process's peak comes from
the kernel (``ru_maxrss``). The summed peaks are fitted by least squares to ``a + b·MB`` and,
given four sizes or more, to ``a + b·MB^c``; both are projected to ``--project`` MB.

Usage: python benchmarks/bench_memory.py [--sizes 0.25,0.5,1,2] [--workers 1,2] [--project 150]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import ROOT, SOURCES, write_pages  # noqa: E402

MB = 2**20


def tree_rss(root: int) -> int:
    """Summed RSS (bytes) of process ``root`` and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, total, grown = {root}, 0, True
    while grown:  # a child's id may be smaller than its parent's: repeat until nothing is added
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measured_build(pages: Path, out: Path, workers: int) -> tuple[float, int, int]:
    """Seconds, peak summed RSS of the process tree and peak RSS of its largest process (bytes)."""
    command = [sys.executable, "-m", "kg", "build", str(pages), "-o", str(out), "-q",
               "--workers", str(workers), "--no-cache"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"kg build failed: {process.stderr.read().decode()}")
    return time.perf_counter() - start, peak, usage.ru_maxrss * 1024


def power_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """``a, b, c`` of ``a + b·x^c`` by least squares (``c`` searched, ``a, b`` solved)."""
    best = None
    for c in np.arange(0.3, 2.501, 0.01):
        b, a = np.polyfit(x**c, y, 1)
        error = float(np.sum((a + b * x**c - y) ** 2))
        if best is None or error < best[0]:
            best = (error, a, b, c)
    return best[1], best[2], best[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="input sizes, MB of UTF-8 text")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--project", type=float, default=150.0, help="the size (MB) to project to")
    args = parser.parse_args()
    copy_bytes = sum(page.stat().st_size for page in SOURCES)
    points: dict[int, list[tuple[float, int, int]]] = {int(n): [] for n in args.workers.split(",")}
    print(f"{'MB':>6}{'chars':>11}{'articles':>9}{'nodes':>8}{'workers':>8}{'s':>7}"
          f"{'peak RSS, all MB':>18}{'largest MB':>12}")
    for size in map(float, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            pages = Path(tmp) / "pages"
            pages.mkdir()
            chars = write_pages(pages, math.ceil(size * MB / copy_bytes))
            actual = sum(page.stat().st_size for page in pages.iterdir()) / MB
            for workers in points:
                seconds, peak, largest = measured_build(pages, Path(tmp) / "out", workers)
                points[workers].append((actual, peak, largest))
                stats = json.loads((Path(tmp) / "out" / "stats.json").read_text(encoding="utf-8"))
                print(f"{actual:6.2f}{chars:11,}{len(stats['articles']):9,}{stats['nodes']:8,}{workers:8}"
                      f"{seconds:7.0f}{peak / MB:18,.0f}{largest / MB:12,.0f}", flush=True)
    for workers, measured in points.items():
        x = np.array([size for size, _, _ in measured])
        y = np.array([peak / MB for _, peak, _ in measured])
        b, a = np.polyfit(x, y, 1)
        print(f"--workers {workers}: peak RSS ≈ {a:,.0f} + {b:,.1f}·MB MB; at {args.project:g} MB: "
              f"{a + b * args.project:,.0f} MB ({(a + b * args.project) / 1024:.1f} GB)")
        if len(x) >= 4:
            a, b, c = power_fit(x, y)
            print(f"{'':12}or ≈ {a:,.0f} + {b:,.1f}·MB^{c:.2f} MB; at {args.project:g} MB: "
                  f"{a + b * args.project**c:,.0f} MB ({(a + b * args.project**c) / 1024:.1f} GB)")


if __name__ == "__main__":
    main()
