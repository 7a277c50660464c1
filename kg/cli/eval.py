"""``kg eval``: score a build against gold annotations, or mention detection on CLUENER."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.source import OUTPUT
from kg.errors import UserError


@app.command("eval")
def eval_command(
    outdir: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="Output folder of `kg build` (graph.trig, else graph.nq, graph.ttl or graph.nt); "
            "default with --gold: output.",
            show_default=False,
        ),
    ] = None,
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            metavar="DIR|FILE",
            help="Gold annotations: a folder (every *.json in it) or a file; repeatable.",
        ),
    ] = None,
    docs: Annotated[
        bool,
        typer.Option("--docs", help="Score only the gold files whose doc is a page of the build."),
    ] = False,
    all_pages: Annotated[
        bool,
        typer.Option("--all-pages", help="Score the facts of every built page, not only of the pages with gold."),
    ] = False,
    ontology: Annotated[
        Path | None,
        typer.Option(
            help="Folder of ontology *.ttl files to load with the graph (default: the project's ontology/)."
        ),
    ] = None,
    cluener: Annotated[
        Path | None,
        typer.Option(
            "--cluener", metavar="FILE", help="A CLUENER2020 JSON-lines file: score mention detection on it."
        ),
    ] = None,
    bench: Annotated[
        Path | None,
        typer.Option(
            "--bench",
            metavar="DIR",
            help="The training corpora folder (cluener/, msra/, peoples-daily/, resume/): score the "
            "shipped tagger on each corpus's held-out split.",
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print JSON ({"graph": {layer: figures}, "graph_pages": {"scored": n, "left_out": n}, '
            '"cluener": …, "bench": {corpus: …}}) instead of tables.',
        ),
    ] = False,
) -> None:
    """Print precision, recall and F1 per layer of a build against gold files (the facts of the
    pages the gold covers), and/or of the tagger's mentions on CLUENER's or every bench corpus's
    held-out split."""
    if outdir is None and gold:
        outdir = OUTPUT
    if outdir is None and cluener is None and bench is None:
        raise UserError("nothing to score: give --gold DIR (for the build in output, or DIR first), "
                        "--cluener FILE or --bench DIR")
    if outdir is not None and not gold:
        raise UserError("give the gold annotations to score against with --gold DIR")
    results: dict[str, object] = {}
    tables: list[str] = []
    if outdir is not None:
        from kg.evaluate.score import evaluate_build, format_table

        evaluation = evaluate_build(outdir, gold, ontology_dir=ontology, built_docs_only=docs, all_pages=all_pages)
        results["graph"] = {layer: figures.as_dict() for layer, figures in evaluation.scores.items()}
        results["graph_pages"] = {"scored": evaluation.pages, "left_out": evaluation.left_out}
        tables.append(f"{outdir}: {evaluation.summary()}\n{format_table(evaluation.scores)}")
    if cluener is not None:
        from kg.evaluate import cluener as mentions

        result = mentions.evaluate(cluener)
        lines = len(mentions.split(cluener)[1])
        results["cluener"] = result
        results["cluener_lines"] = lines
        tables.append(f"{cluener}: {lines:,} held-out lines\n{mentions.format_table(result)}")
    if bench is not None:
        from kg.extract.tagger import default_tagger
        from kg.train.corpora import load
        from kg.train.tagger import evaluate_all, format_results

        heldout = load(bench).heldout
        per_corpus = evaluate_all(default_tagger(), heldout)
        results["bench"] = per_corpus
        results["bench_lines"] = {name: len(heldout[name]) for name in per_corpus}
        tables.append(format_results(per_corpus, results["bench_lines"]))
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo("\n\n".join(tables))
