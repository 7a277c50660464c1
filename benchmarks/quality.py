"""Extraction quality: the dev pages and kg's own held-out articles, side by side.

Builds ``../shared/corpus`` (scored against ``../shared/gold``) and each ``benchmarks/heldout*/pages``
(against its ``gold/``) with ``kg build`` and scores each with ``kg eval`` (the same figures as
``../shared/tools/score.py``). Each set's README says how it was made and used.

Usage: python benchmarks/quality.py [--json]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "benchmarks"
SETS = {
    "dev": (ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "gold"),
    "held-out": (HELD_OUT / "heldout" / "pages", HELD_OUT / "heldout" / "gold"),
    **{f"held-out {n}": (HELD_OUT / f"heldout{n}" / "pages", HELD_OUT / f"heldout{n}" / "gold") for n in range(2, 19)},
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
    print(f"{'F1':<20}" + "".join(f"{name:>12}" for name in names))
    for layer in results[names[0]]:
        print(f"{layer:<20}" + "".join(f"{results[n][layer]['F1']:>12.3f}" for n in names))


if __name__ == "__main__":
    main()
