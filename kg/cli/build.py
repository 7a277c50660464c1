"""``kg build``: news pages in, knowledge graph out."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli import app
from kg.errors import UserError
from kg.export.outputs import FORMATS, check_base, parse_formats, render
from kg.extract.pipeline import Settings
from kg.read.sources import find_files
from kg.vocab import BASE


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="News pages: .txt/.md files or folders (searched recursively)."),
    out: Path = typer.Option(Path("output"), "-o", "--out", help="Folder to write the exports to."),
    home_city: str = typer.Option("北京市", "--home-city", help="The paper's home city: bare 市总工会 means its union."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar or summary."),
    workers: int = typer.Option(0, "-w", "--workers", min=0,
                                help="Processes that extract pages (0: one per core). The output is the same for any number."),
    formats: str = typer.Option("all", "--formats", help=f"What to write, comma-separated: {', '.join(FORMATS)}, or all."),
    base: str = typer.Option(BASE, "--base", help="The IRI the graph's nodes are named under: BASE/id/person/张良."),
    mention_edges: bool = typer.Option(True, "--mention-edges/--no-mention-edges",
                                       help="Keep the article → entity mention edges in GraphML and GEXF."),
) -> None:
    """Build the knowledge graph of the pages and write RDF (Turtle, TriG, N-Triples, N-Quads,
    JSON-LD), GraphML, GEXF, an offline HTML view, CSV tables and stats.json to OUT."""
    from kg.export import tables
    from kg.export.atomic import write_text
    from kg.pipeline import build as run_build
    from kg.pipeline import default_workers

    err = Console(stderr=True)
    started = time.perf_counter()
    chosen, base = parse_formats(formats), check_base(base)
    files = find_files(inputs)
    if not files:
        raise UserError(f"no .txt or .md files in {', '.join(map(str, inputs))}")
    show_progress = not quiet and len(files) > 1 and sys.stderr.isatty()
    with Progress(TextColumn("[bold]reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=not show_progress) as progress:
        task = progress.add_task("", total=len(files))

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        result = run_build(files, Settings(home_city=home_city), progress=advance, workers=workers or default_workers())
    for skipped in result.skipped:
        err.print(f"kg: skipped {skipped.path}: {skipped.reason}", markup=False, highlight=False)
    if result.pages == 0:
        raise UserError("nothing to build: no readable page with Chinese text")
    if not result.corpus:
        raise UserError("nothing to build: no article found in the pages")

    skipped = [{"path": s.path, "reason": s.reason} for s in result.skipped]
    outputs = render(result.graph, chosen, title="kg · " + ", ".join(p.name for p in inputs), pages=result.pages,
                     skipped=skipped, base=base, mentions=mention_edges)
    # Write everything into a sibling temp folder, then move files into place one by one
    # (each rename is atomic): a failure leaves the previous build untouched.
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    try:
        for name, text in outputs.items():
            write_text(staging / name, text)
        for name in outputs:
            (staging / name).replace(out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        counts = tables.count_types(result.graph)
        summary = ", ".join(f"{n} {t}" for t, n in counts.items())
        err.print(f"kg: {result.pages} pages, {len(result.corpus)} articles → {summary}; "
                  f"wrote {out}/ in {time.perf_counter() - started:.1f} s", markup=False, highlight=False)
