"""``kg train``: train the CRF mention tagger on CLUENER and score it on the held-out split."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli import app
from kg.errors import UserError
from kg.evaluate.cluener import SPLIT_SEED, evaluate, format_table
from kg.extract.crf import DEFAULT_MODEL, CrfTagger, train


@app.command("train")
def train_command(
    cluener: Path = typer.Option(
        ..., "--cluener", help="CLUENER2020 train.json (one JSON object a line); read, never copied."
    ),
    output: Path = typer.Option(
        DEFAULT_MODEL, "--output", "-o", help="Where to write the model (default: the one kg ships)."
    ),
    seed: int = typer.Option(SPLIT_SEED, "--seed", help="Seed of the 90/10 train/held-out split."),
) -> None:
    """Train the mention tagger on 90% of CLUENER, then print held-out scores per type."""
    if not cluener.is_file():
        raise UserError(f"no CLUENER file at {cluener}: pass --cluener path/to/train.json")
    stats = train(cluener, output, seed=seed)
    for key, value in stats.items():
        typer.echo(f"{key}: {value}")
    typer.echo(f"model: {output}")
    typer.echo(format_table(evaluate(cluener, tagger=CrfTagger.load(output), seed=seed)))
