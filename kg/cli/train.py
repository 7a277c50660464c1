"""``kg train``: train the mention taggers on CLUENER and score them on the held-out split."""

from __future__ import annotations

import importlib.util
from functools import partial
from pathlib import Path

import typer

from kg.cli import app
from kg.errors import UserError
from kg.evaluate.cluener import SPLIT_SEED, evaluate, format_table
from kg.extract import crf, neural


@app.command("train")
def train_command(
    cluener: Path = typer.Option(
        ..., "--cluener", help="CLUENER2020 train.json (one JSON object a line); read, never copied."
    ),
    output: Path = typer.Option(
        crf.DEFAULT_MODEL.parent,
        "--output",
        "-o",
        help="Folder for mentions.crfsuite and mentions.npz (default: the models kg ships).",
    ),
    seed: int = typer.Option(SPLIT_SEED, "--seed", help="Seed of the 90/10 train/held-out split."),
    jobs: int = typer.Option(
        2, "--jobs", "-j", min=1, help="Ensemble members trained at once, one process and core each."
    ),
    neural_model: bool = typer.Option(
        True, "--neural/--crf-only", help="Also train the BiLSTM (needs torch: pip install 'kg\\[train]')."
    ),
) -> None:
    """Train the CRF, then the BiLSTM-CRF ensemble that adds its scores to the CRF's, on 90%
    of CLUENER; print held-out scores per type."""
    if not cluener.is_file():
        raise UserError(f"no CLUENER file at {cluener}: pass --cluener path/to/train.json")
    if neural_model and importlib.util.find_spec("torch") is None:
        raise UserError("training the neural tagger needs torch: pip install 'kg[train]', or pass --crf-only")
    crf_path, neural_path = output / crf.DEFAULT_MODEL.name, output / neural.DEFAULT_MODEL.name
    trainers = [("crf", crf.train, crf_path)]
    if neural_model:
        trainers.append(("neural", partial(neural.train, jobs=jobs), neural_path))
    for name, train, path in trainers:
        for key, value in train(cluener, path, seed=seed).items():
            typer.echo(f"{name} {key}: {value}")
        typer.echo(f"{name} model: {path}")
    tagger = (
        neural.NeuralTagger.load(neural_path, crf_path=crf_path)
        if neural_model
        else crf.CrfTagger.load(crf_path)
    )
    typer.echo(format_table(evaluate(cluener, tagger=tagger, seed=seed)))
