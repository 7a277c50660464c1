"""CLUENER2020 as a mention benchmark: reading, the seeded held-out split, scoring.

A CLUENER file has one JSON object per line: ``{"text": …, "label": {type: {surface:
[[start, end_inclusive], …]}}}``. Its types map onto kg's kinds through ``KIND_OF_TYPE``;
book, game and movie have no kg kind and are dropped. The data is read from the path the
user passes and is never copied into kg.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.errors import UserError
from kg.model import Kind, Mention

KIND_OF_TYPE: dict[str, Kind] = {
    "name": Kind.PERSON,
    "position": Kind.TITLE,
    "organization": Kind.ORGANIZATION,
    "company": Kind.ORGANIZATION,
    "government": Kind.ORGANIZATION,
    "address": Kind.PLACE,
    "scene": Kind.PLACE,
}
KINDS: tuple[Kind, ...] = (Kind.PERSON, Kind.TITLE, Kind.ORGANIZATION, Kind.PLACE)

# The held-out split: line indices shuffled by random.Random(SPLIT_SEED); the first
# HELDOUT_FRACTION of the shuffled order is held out, the rest is for training.
SPLIT_SEED = 20201
HELDOUT_FRACTION = 0.1

Span = tuple[int, int, Kind]  # start, end (exclusive), kind
EVALUATION_BATCH = 100  # lines the shipped tagger reads at once


@dataclass(frozen=True, slots=True)
class Example:
    """One CLUENER line: its text and gold spans in kg kinds, ``end`` exclusive, sorted."""

    text: str
    spans: tuple[Span, ...]


class Tagger(Protocol):
    def tag(self, text: str) -> list[Mention]: ...


def read(path: Path) -> list[Example]:
    """Every line of a CLUENER file as an :class:`Example`, in file order."""
    if not path.is_file():
        raise UserError(f"no CLUENER file at {path}")
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                examples.append(_example(record["text"], record.get("label") or {}))
            except (ValueError, KeyError, TypeError) as exc:
                raise UserError(f"{path}:{number}: not a CLUENER line ({exc})") from exc
    return examples


def _example(text: str, label: dict[str, dict[str, list[list[int]]]]) -> Example:
    spans = {
        (start, end + 1, KIND_OF_TYPE[cluener_type])
        for cluener_type, surfaces in label.items()
        if cluener_type in KIND_OF_TYPE
        for positions in surfaces.values()
        for start, end in positions
    }
    return Example(text, tuple(sorted(spans)))


def split(path: Path, *, seed: int = SPLIT_SEED) -> tuple[list[Example], list[Example]]:
    """(train, held-out) examples: the seeded 90/10 split of a CLUENER file, in file order."""
    examples = read(path)
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    cut = round(len(examples) * HELDOUT_FRACTION)
    heldout, train = sorted(order[:cut]), sorted(order[cut:])
    return [examples[i] for i in train], [examples[i] for i in heldout]


def score(
    gold: Iterable[Iterable[Span]], predicted: Iterable[Iterable[Span]], kinds: Iterable[Kind] = KINDS
) -> dict[str, dict]:
    """Exact-span mention scores per kind and micro "overall", from parallel span lists.
    Only ``kinds`` are scored (for a corpus that annotates some kinds only): spans of other
    kinds, gold or predicted, are left out."""
    kinds = tuple(kind for kind in KINDS if kind in set(kinds))
    counts = {key: {"tp": 0, "pred": 0, "gold": 0} for key in (*kinds, "overall")}
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_set = {span for span in gold_spans if span[2] in kinds}
        predicted_set = {span for span in predicted_spans if span[2] in kinds}
        for spans, field in ((gold_set, "gold"), (predicted_set, "pred"), (gold_set & predicted_set, "tp")):
            for span in spans:
                counts[span[2]][field] += 1
                counts["overall"][field] += 1
    return {str(key): _ratios(**count) for key, count in counts.items()}


def _ratios(tp: int, pred: int, gold: int) -> dict:
    precision = tp / pred if pred else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1, "pred": pred, "gold": gold}


def evaluate(
    path: Path, *, tagger: Tagger | None = None, heldout_only: bool = True, seed: int = SPLIT_SEED
) -> dict[str, dict]:
    """Score ``tagger`` (default: the shipped mention tagger, each line tagged as one
    sentence, a hundred lines a batch) on the held-out split, or on every line."""
    examples = split(path, seed=seed)[1] if heldout_only else read(path)
    if tagger is None:
        from kg.extract.tagger import default_tagger

        shipped = default_tagger()
        predicted: list[list[Span]] = []
        for begin in range(0, len(examples), EVALUATION_BATCH):
            texts = [example.text for example in examples[begin : begin + EVALUATION_BATCH]]
            predicted.extend([(s.start, s.end, s.kind) for s in spans] for spans in shipped.tag(texts))
    else:
        predicted = [
            [(m.start, m.end, m.kind) for m in tagger.tag(example.text) if m.kind in KINDS]
            for example in examples
        ]
    return score((example.spans for example in examples), predicted)


def format_table(result: dict[str, dict]) -> str:
    """The scores as a fixed-width text table, one row per kind and one for overall."""
    rows = [f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}"]
    for key, r in result.items():
        rows.append(f"{key:<14}{r['P']:>7.3f}{r['R']:>7.3f}{r['F1']:>7.3f}{r['pred']:>7}{r['gold']:>7}")
    return "\n".join(rows)
