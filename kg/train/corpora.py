"""The tagger's training corpora, read from a bench folder into examples in kg's kinds.

A bench folder (``--bench DIR``) holds CLUENER-style JSON-lines files, one folder a corpus
(see its README)::

    cluener/train.json              CLUENER2020 train
    msra/train.json                 MSRA NER train (SIGHAN 2006)
    peoples-daily/example.dev.json  "People's Daily" NER dev (MSRA material)
    resume/train.json, dev.json     Resume NER (Zhang & Yang 2018)

Each corpus declares which of kg's kinds it annotates: outside its gold spans a character
may be O or part of a span of a kind it does not annotate (the partial-label loss of
:mod:`kg.train.tagger`). Type mapping:

- CLUENER: name → Person; organization, company, government → Organization; address,
  scene → Place; position → Title; book, game, movie → O. All four kinds annotated.
- MSRA, People's Daily: PER, ORG, LOC → Person, Organization, Place; Title not annotated.
- Resume: NAME, ORG, TITLE → Person, Organization, Title, except TITLE spans that are party
  membership (中共党员, 中共预备党员, 中国致公党党员, 共青团员, 民主党派 …: O); LOC (native
  place) is not read: Place not annotated; CONT, RACE, EDU, PRO → O.

Held-out splits, fixed: CLUENER's seeded 10% (:func:`kg.evaluate.cluener.split`, seed
20201, as ``kg eval --cluener`` scores it), a seeded 5% of MSRA, Resume dev. Everything else
trains, with People's Daily's sentences that MSRA lacks (sentences equal to an MSRA sentence
are dropped, and so are those inside or around an MSRA held-out sentence).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UserError
from kg.evaluate import cluener
from kg.model import Kind

Span = tuple[int, int, Kind]  # start, end (exclusive), kind
KINDS = cluener.KINDS
ALL_KINDS = frozenset(KINDS)
MSRA_SEED = 20240607
MSRA_HELDOUT_FRACTION = 0.05
CARVE_SEED = 7
CARVE_FRACTION = 0.05

CLUENER_TYPES = cluener.KIND_OF_TYPE
MSRA_TYPES = {"PER": Kind.PERSON, "ORG": Kind.ORGANIZATION, "LOC": Kind.PLACE}
RESUME_TYPES = {"NAME": Kind.PERSON, "ORG": Kind.ORGANIZATION, "TITLE": Kind.TITLE}
# Resume TITLE spans that name a party or league membership, not a post.
PARTY_MEMBERSHIP = re.compile(
    r"(?:中国共产党|中共|中国共产主义青年团|共青团|中国国民党革命委员会|民革|中国民主同盟|民盟|"
    r"中国民主建国会|民建|中国民主促进会|民进|中国农工民主党|农工党|中国致公党|致公党|九三学社|"
    r"台湾民主自治同盟|台盟)?(?:预备)?(?:党员|团员|盟员|社员)|共青团员|民主党派(?:成员|人士)?"
)

CORPORA = ("cluener", "msra", "peoples-daily", "resume")
ANNOTATED = {
    "cluener": ALL_KINDS,
    "msra": frozenset({Kind.PERSON, Kind.ORGANIZATION, Kind.PLACE}),
    "peoples-daily": frozenset({Kind.PERSON, Kind.ORGANIZATION, Kind.PLACE}),
    "resume": frozenset({Kind.PERSON, Kind.ORGANIZATION, Kind.TITLE}),
}


@dataclass(frozen=True, slots=True)
class Example:
    """One sentence: its text, gold spans in kg kinds (sorted, end exclusive), the kinds its
    corpus annotates and the corpus's name."""

    text: str
    spans: tuple[Span, ...]
    annotated: frozenset[Kind] = ALL_KINDS
    corpus: str = ""


@dataclass
class Corpora:
    """Training and held-out examples by corpus."""

    train: dict[str, list[Example]] = field(default_factory=dict)
    heldout: dict[str, list[Example]] = field(default_factory=dict)

    def training_examples(self) -> list[Example]:
        return [example for name in CORPORA for example in self.train.get(name, ())]


def is_party_membership(text: str) -> bool:
    """Is a Resume TITLE span a party membership (中共党员), not a post?"""
    return PARTY_MEMBERSHIP.fullmatch(text) is not None


def _records(path: Path) -> Iterable[tuple[int, dict]]:
    if not path.is_file():
        raise UserError(f"no corpus file at {path}")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except ValueError as exc:
                    raise UserError(f"{path}:{number}: not a JSON line ({exc})") from exc


def read(path: Path, types: dict[str, Kind], corpus: str) -> list[Example]:
    """Every line of a CLUENER-style file as an :class:`Example` of ``corpus``; types not in
    ``types`` are dropped (read as O)."""
    examples = []
    for number, record in _records(path):
        try:
            text, label = record["text"], record.get("label") or {}
            spans = set()
            for name, surfaces in label.items():
                kind = types.get(name)
                if kind is None:
                    continue
                for surface, positions in surfaces.items():
                    if kind is Kind.TITLE and corpus == "resume" and is_party_membership(surface):
                        continue
                    spans.update((start, end + 1, kind) for start, end in positions)
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"{path}:{number}: not a CLUENER-style line ({exc})") from exc
        examples.append(Example(text, tuple(sorted(spans)), ANNOTATED[corpus], corpus))
    return examples


def seeded_split(examples: list[Example], fraction: float, seed: int) -> tuple[list[Example], list[Example]]:
    """(rest, part): a seeded ``fraction`` of ``examples`` set apart, both in input order."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    cut = round(len(examples) * fraction)
    part = set(order[:cut])
    return (
        [example for i, example in enumerate(examples) if i not in part],
        [example for i, example in enumerate(examples) if i in part],
    )


def _overlaps(text: str, others: list[str]) -> bool:
    return any(text in other or other in text for other in others)


def load(bench: Path) -> Corpora:
    """The four corpora under ``bench``, split into training and held-out examples."""
    if not bench.is_dir():
        raise UserError(f"no bench folder at {bench}: pass --bench path/to/bench")
    corpora = Corpora()
    cluener_train, cluener_heldout = cluener.split(bench / "cluener" / "train.json")
    corpora.train["cluener"] = [Example(e.text, e.spans, ALL_KINDS, "cluener") for e in cluener_train]
    corpora.heldout["cluener"] = [Example(e.text, e.spans, ALL_KINDS, "cluener") for e in cluener_heldout]

    msra = read(bench / "msra" / "train.json", MSRA_TYPES, "msra")
    corpora.train["msra"], corpora.heldout["msra"] = seeded_split(msra, MSRA_HELDOUT_FRACTION, MSRA_SEED)
    msra_texts = {example.text for example in msra}
    heldout_texts = [example.text for example in corpora.heldout["msra"]]
    daily = read(bench / "peoples-daily" / "example.dev.json", MSRA_TYPES, "peoples-daily")
    unique, seen = [], set()
    for example in daily:
        if example.text in msra_texts or example.text in seen or _overlaps(example.text, heldout_texts):
            continue
        seen.add(example.text)
        unique.append(example)
    corpora.train["peoples-daily"] = unique

    corpora.train["resume"] = read(bench / "resume" / "train.json", RESUME_TYPES, "resume")
    corpora.heldout["resume"] = read(bench / "resume" / "dev.json", RESUME_TYPES, "resume")
    return corpora


def carve(corpora: Corpora, *, fraction: float = CARVE_FRACTION, seed: int = CARVE_SEED) -> Corpora:
    """A seeded ``fraction`` of each training part set apart as a development set (the
    new ``heldout``), to pick sizes and epochs without looking at the held-out splits."""
    carved = Corpora()
    for name, examples in corpora.train.items():
        carved.train[name], part = seeded_split(examples, fraction, seed)
        if name != "peoples-daily":
            carved.heldout[name] = part
        else:
            carved.train[name] = examples  # too small to score alone; trains in full
    return carved
