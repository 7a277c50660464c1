"""``kg build``: news pages in, knowledge graph out."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer

from kg.cli import app
from kg.errors import UserError
from kg.export.atomic import check_output_folder
from kg.export.outputs import FORMATS, check_base, file_names, parse_formats, write
from kg.iris import BASE


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
    cache_folder: Path = typer.Option(None, "--cache", show_default=False,
                                      help="Folder of the extraction cache: a page read before is not read again "
                                           "(default: $XDG_CACHE_HOME/kg or ~/.cache/kg)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Read every page again; leave the cache as it is."),
    scheduler: str = typer.Option(None, "--scheduler", show_default=False,
                                  help="dask://HOST:PORT: extract pages on that Dask cluster's workers "
                                       "(needs kg[dask]; the output is the same)."),
) -> None:
    """Build the knowledge graph of the pages and write RDF (Turtle, TriG, N-Triples, N-Quads,
    JSON-LD), GraphML, GEXF, an offline HTML view, CSV tables, stats.json and a query store
    (graph.oxigraph, which kg query, show and serve open) to OUT."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.cache import ExtractionCache
    from kg.cache import default_folder as default_cache_folder
    from kg.export import tables
    from kg.export.atomic import current_build, publish
    from kg.extract.pipeline import Settings
    from kg.pipeline import build as run_build
    from kg.pipeline import default_workers
    from kg.read.sources import Skipped, display_path, find_files

    err = Console(stderr=True)
    started = time.perf_counter()
    if scheduler and workers:
        raise UserError("--workers and --scheduler: choose one (the cluster's workers extract the pages)")
    _check_output_folder(out)
    chosen, base = parse_formats(formats), check_base(base)
    unreadable_folders: list[Skipped] = []
    files = find_files(inputs, unreadable_folders)
    if not files:
        raise UserError(f"no .txt, .md or .html files in {', '.join(map(display_path, inputs))}")
    show_progress = not quiet and len(files) > 1 and sys.stderr.isatty()
    with Progress(TextColumn("[bold]reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=not show_progress) as progress:
        task = progress.add_task("", total=len(files))

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        settings = Settings(home_city=home_city)
        cache = None if no_cache else ExtractionCache(cache_folder or default_cache_folder(), settings)
        result = run_build(files, settings, progress=advance, workers=workers or default_workers(), cache=cache,
                           scheduler=scheduler, keep_corpus=False)
    result.skipped[:0] = unreadable_folders
    for skipped in result.skipped:
        _say(f"skipped {skipped.path}: {skipped.reason}")
    for note in result.notes:
        _say(f"{note.path}: {note.message}")
    if result.pages == 0:
        raise UserError("nothing to build: no readable page with Chinese text")
    if not result.articles:
        raise UserError("nothing to build: no article found in the pages")

    skipped = [{"path": s.path, "reason": s.reason} for s in result.skipped]
    title = "kg · " + ", ".join(display_path(p.name) for p in inputs)

    def write_outputs(folder: Path) -> None:
        write(folder, result.graph, chosen, title=title, pages=result.pages, skipped=skipped, base=base,
              mentions=mention_edges, processes=workers or default_workers(),
              previous=None if no_cache else current_build(out))  # --no-cache: a clean run

    try:
        publish(out, file_names(chosen), write_outputs)
    except OSError as exc:
        raise UserError(f"cannot write the build to {display_path(out)}: {_reason(exc)}") from None
    if not quiet:
        counts = tables.count_types(result.graph)
        summary = ", ".join(f"{n} {t}" for t, n in counts.items())
        reused = f" ({cache.hits} read from the cache)" if cache is not None and cache.hits else ""
        _say(f"{result.pages} pages{reused}, {result.articles} articles → {summary}; "
             f"wrote {display_path(out)}/ in {time.perf_counter() - started:.1f} s")


def _say(message: str) -> None:
    """One line on stderr, never wrapped."""
    print(f"kg: {message}", file=sys.stderr, flush=True)


def _reason(exc: OSError) -> str:
    from kg.read.sources import display_path

    where = f" ({display_path(exc.filename)})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def _check_output_folder(out: Path) -> None:
    """Fail before the slow work when ``-o`` cannot be a build folder."""
    from kg.read.sources import display_path

    try:
        check_output_folder(out)
    except OSError as exc:
        raise UserError(f"-o {display_path(out)} cannot hold a build: {_reason(exc)}") from None
