"""Build throughput: the bundled examples copied N times (distinct page names) through the
whole pipeline and every export. Each copy's sentences are made distinct (its number after
every 。) so that per-sentence caches do not flatter the figure.
Usage: python benchmarks/bench_build.py [N]"""

import resource
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        chars = 0
        for i in range(copies):
            for page in sorted(EXAMPLES.iterdir()):
                text = page.read_text(encoding="utf-8").replace("。", f"。{i}")
                (pages / f"{i:05d}_{page.name}").write_text(text, encoding="utf-8")
                chars += len(text)
        start = time.perf_counter()
        result = CliRunner().invoke(app, ["build", str(pages), "-o", str(Path(tmp) / "out"), "-q"])
        seconds = time.perf_counter() - start
        assert result.exit_code == 0, result.output
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{copies * 2} pages, {chars} chars: {seconds:.1f} s, {chars / seconds:,.0f} chars/s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
