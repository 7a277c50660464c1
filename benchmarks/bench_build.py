"""Build throughput: ``kg build`` over realistic pages, whole process, all exports.

The pages are kg's held-out articles and the bundled examples (eleven registers), copied N
times with every sentence made distinct (its copy number after each 。), so per-sentence caches
do not flatter the figure. With ``--baseline DIR`` (another checkout of kg, e.g. a
``git worktree`` of an older commit) both are run in the same session, alternating, and the
ratio of their medians is printed.

Usage: python benchmarks/bench_build.py [--copies N] [--runs R] [--baseline DIR]
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


def write_pages(folder: Path, copies: int) -> int:
    chars = 0
    for i in range(copies):
        for page in SOURCES:
            text = page.read_text(encoding="utf-8").replace("。", f"。{i}")
            (folder / f"{i:04d}_{page.stem}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def timed_build(checkout: Path, pages: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one ``kg build`` run from ``checkout``."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "kg", "build", str(pages), "-o", str(out), "-q"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another kg checkout to time in the same session")
    args = parser.parse_args()
    checkouts = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        chars = write_pages(pages, args.copies)
        times: dict[str, list[float]] = {name: [] for name in checkouts}
        peaks: dict[str, int] = {name: 0 for name in checkouts}
        for _ in range(args.runs):
            for name, checkout in checkouts.items():
                seconds, peak = timed_build(checkout, pages, Path(tmp) / f"out-{name}")
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
    print(f"{len(SOURCES) * args.copies} pages, {chars:,} characters, median of {args.runs} runs")
    for name in checkouts:
        median = statistics.median(times[name])
        print(f"{name:>9}: {median:6.1f} s  {chars / median:8,.0f} chars/s  peak RSS {peaks[name] / 1024:,.0f} MB")
    if args.baseline:
        ratio = statistics.median(times["baseline"]) / statistics.median(times["this"])
        print(f"throughput this / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
