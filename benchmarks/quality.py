"""Extraction quality: the dev pages and kg's own frozen held-out articles, side by side.

Builds ``../shared/corpus`` (scored against ``../shared/gold``), ``benchmarks/heldout/pages`` and
``benchmarks/heldout2/pages`` (against their ``gold/``) with ``kg build`` and scores each with ``kg eval`` (the same
figures as ``../shared/tools/score.py``).

Usage: python benchmarks/quality.py [--json]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "dev": (ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "gold"),
    "held-out": (ROOT / "benchmarks" / "heldout" / "pages", ROOT / "benchmarks" / "heldout" / "gold"),
    "held-out 2": (ROOT / "benchmarks" / "heldout2" / "pages", ROOT / "benchmarks" / "heldout2" / "gold"),
}


def kg(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "kg", *args], check=True, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT).stdout


def scores(pages: Path, gold: Path) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as out:
        kg("build", str(pages), "-o", out, "-q", "--no-cache")
        return json.loads(kg("eval", out, "--gold", str(gold), "--json"))["graph"]


def main() -> None:
    results = {name: scores(pages, gold) for name, (pages, gold) in SETS.items() if pages.is_dir()}
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    names = list(results)
    print(f"{'layer':<20}" + "".join(f"{name:>24}" for name in names))
    print(f"{'':<20}" + "".join(f"{'P':>8}{'R':>8}{'F1':>8}" for _ in names))
    for layer in results[names[0]]:
        row = "".join(f"{results[n][layer]['P']:>8.3f}{results[n][layer]['R']:>8.3f}{results[n][layer]['F1']:>8.3f}"
                      for n in names)
        print(f"{layer:<20}{row}")


if __name__ == "__main__":
    main()
