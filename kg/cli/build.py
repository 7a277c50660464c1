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
from kg.extract.pipeline import Settings
from kg.query.store import ontology_dir
from kg.read.sources import find_files

OUTPUTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.nq", "graph.jsonld", "graph.graphml", "graph.html",
           "entities.csv", "relations.csv", "stats.json", "ontology.ttl")


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="News pages: .txt/.md files or folders (searched recursively)."),
    out: Path = typer.Option(Path("output"), "-o", "--out", help="Folder to write the exports to."),
    home_city: str = typer.Option("北京市", "--home-city", help="The paper's home city: bare 市总工会 means its union."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar or summary."),
    workers: int = typer.Option(0, "-w", "--workers", min=0,
                                help="Processes that extract pages (0: one per core). The output is the same for any number."),
) -> None:
    """Build the knowledge graph of the pages and write RDF (Turtle, TriG, N-Triples, N-Quads,
    JSON-LD), GraphML, an offline HTML view, CSV tables and stats.json to OUT."""
    from kg.export import rdf, tables
    from kg.export.atomic import write_text
    from kg.export.html import write_html
    from kg.pipeline import build as run_build
    from kg.pipeline import default_workers

    err = Console(stderr=True)
    started = time.perf_counter()
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

    outputs = _render(result, rdf, tables)
    # Write everything into a sibling temp folder, then move files into place one by one
    # (each rename is atomic): a failure leaves the previous build untouched.
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    try:
        for name, text in outputs.items():
            write_text(staging / name, text)
        write_html(result.graph, staging / "graph.html", title="kg · " + ", ".join(p.name for p in inputs))
        for name in OUTPUTS:
            (staging / name).replace(out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        counts = tables.count_types(result.graph)
        summary = ", ".join(f"{n} {t}" for t, n in counts.items())
        err.print(f"kg: {result.pages} pages, {len(result.corpus)} articles → {summary}; "
                  f"wrote {out}/ in {time.perf_counter() - started:.1f} s", markup=False, highlight=False)


def _render(result, rdf, tables) -> dict[str, str]:
    dataset = rdf.RdfWriter(result.graph).build()
    outputs = dict(rdf.serializations(dataset))
    skipped = [{"path": s.path, "reason": s.reason} for s in result.skipped]
    outputs["graph.graphml"] = tables.graphml(result.graph)
    outputs["entities.csv"] = tables.entities_csv(result.graph)
    outputs["relations.csv"] = tables.relations_csv(result.graph)
    outputs["stats.json"] = tables.stats(result.graph, result.pages, skipped)
    outputs["ontology.ttl"] = (ontology_dir() / "kg.ttl").read_text(encoding="utf-8")
    return outputs
