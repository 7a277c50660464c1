"""``kg train``: train the mention tagger on the bench corpora and score it on their held-out splits."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from kg.cli import app
from kg.errors import UserError


@app.command("train")
def train_command(
    bench: Path = typer.Option(
        ...,
        "--bench",
        metavar="DIR",
        help="The training corpora: a folder with cluener/, msra/, peoples-daily/ and resume/ "
        "(CLUENER-style JSON lines); read, never copied.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False, help="The weights file to write (default: the model kg ships)."
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, help="Processes that compute the training sentences' features."
    ),
) -> None:
    """Train the BiLSTM-CRF mention tagger on every training split; print held-out scores
    per corpus and kind. The same corpora give the same weights file, byte for byte."""
    if importlib.util.find_spec("torch") is None:
        raise UserError("training the tagger needs torch: pip install 'kg[train]'")
    from kg.extract.tagger import DEFAULT_MODEL, MentionTagger
    from kg.train.corpora import load
    from kg.train.tagger import evaluate_all, format_results, train

    output = output or DEFAULT_MODEL
    corpora = load(bench)
    info = train(corpora, output, jobs=jobs, log=typer.echo)
    for key, value in info.items():
        typer.echo(f"{key}: {value}")
    typer.echo(f"model: {output}")
    typer.echo(format_results(evaluate_all(MentionTagger.load(output), corpora.heldout)))
