"""Training the mention tagger (:mod:`kg.extract.tagger`) with torch: a partial-label CRF.

Each corpus annotates some of kg's kinds only (:mod:`kg.train.corpora`). Inside a gold span
the gold BIOES label is the only one allowed; outside gold spans a character may be O or
any label of a kind its corpus does not annotate (MSRA does not teach that titles are O,
Resume does not teach that places are O). Two conventions are read the same way: CLUENER
tags countries as places in about one case in four and leaves the rest untagged, so in
CLUENER a country name (``countries.tsv``) outside gold spans may be O or a Place span; MSRA
tags ``[北京市]LOC政府`` (a place's government as the place, 政府 left O), so there a place
span followed by 政府 or 人民政府 may also be an Organization span over both. The loss of a sentence is
``logZ(all label paths) - logZ(allowed label paths)``: the negative log probability the CRF
gives to the set of paths its annotation allows.

Training is deterministic: one thread, seeded, ``torch.use_deterministic_algorithms``; the
same corpora and parameters give the same model bytes. Torch is imported inside functions:
it is the ``kg[train]`` extra, and tagging never needs it.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import random
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.evaluate.cluener import format_table, score
from kg.extract.features import (
    LEXICON_BITS,
    bigrams,
    dictionary_mark_count,
    fold,
    lexicon_entries,
    sentence_features,
    word_mark_count,
)
from kg.extract.tagger import (
    KINDS,
    PAD,
    QUANTIZED,
    TAGS,
    UNKNOWN,
    MentionTagger,
    allowed_transitions,
    labels_of,
)
from kg.extract.words import segment
from kg.model import Kind
from kg.train.corpora import CORPORA, Corpora, Example

# Sizes and training settings. On the carve-out (kg.train.corpora.carve: 5% of each training
# part, models trained on the other 95%): the dictionary-word inputs gave no gain (15% slower),
# Baidu LAC's reading as an input no gain that pays for LAC's cost (it alone runs at ~50k
# characters a second); the development scores level off after 6-8 epochs. Between hidden 64
# with CLUENER read twice an epoch (+2.5 CLUENER F1 on the carve-out) and hidden 96 with each
# corpus once, the choice was made on what kg is for, the facts of whole pages: the second
# scores higher on the dev pages and on kg's second held-out set (mean F1 over all layers
# .819 / .781 against .804 / .771), level on the first (.781 / .783), and is 25% slower to tag.
TRAINING_PARAMS = {
    "char_dim": 64,
    "bigram_dim": 32,
    "word_dim": 16,
    "dict_dim": 16,
    "dictionary": False,
    "hidden": 96,
    "dropout": 0.3,
    "lr": 2e-3,
    "lr_decay": 0.85,
    "epochs": 8,
    "batch": 32,
    "min_count": 2,
    "repeat": {},  # corpus → times each epoch reads it (default once)
    "seed": 20201,
}
_DIGITS = str.maketrans("123456789", "000000000")
# MSRA (and People's Daily, its material) tags a place's government as the place and
# leaves 政府 untagged: [北京市]LOC政府 668 times, [北京市政府]ORG 9. There, a place span
# followed by one of these words may also be an organization span over both.
GOVERNMENT_UNTAGGED = ("msra", "peoples-daily")
GOVERNMENT_SUFFIXES = ("人民政府", "政府")


@dataclass(slots=True)
class Encoded:
    """One training sentence as arrays: inputs and the allowed labels of each character."""

    chars: np.ndarray  # (n,) int64
    bigrams: np.ndarray  # (n + 1,) int64
    words: np.ndarray  # (n,) int64
    dict_starts: np.ndarray | None
    dict_ends: np.ndarray | None
    lexicon: np.ndarray  # (n,) int64 bit masks
    allowed: np.ndarray  # (n, labels) bool


def allowed_labels(example: Example, length: int | None = None) -> np.ndarray:
    """Which labels each character of ``example`` may take, ``(len(text), len(TAGS))`` bool."""
    length = len(example.text) if length is None else length
    gold = labels_of(length, example.spans)
    allowed = np.zeros((length, len(TAGS)), dtype=bool)
    allowed[np.arange(length), gold] = True
    outside = np.array([label == 0 for label in gold])
    free = [
        1 + 4 * KINDS.index(kind) + k for kind in KINDS if kind not in example.annotated for k in range(4)
    ]
    if free:
        allowed[np.ix_(outside, free)] = True
    if example.corpus == "cluener":
        for start, end in _country_matches(example.text):
            if end - start >= 2 and outside[start:end].all():
                _allow_span(allowed, start, end, Kind.PLACE)
    if example.corpus in GOVERNMENT_UNTAGGED:
        for start, end, kind in example.spans:
            suffix = next((s for s in GOVERNMENT_SUFFIXES if example.text.startswith(s, end)), "")
            if kind is Kind.PLACE and suffix and outside[end : end + len(suffix)].all():
                _allow_span(allowed, start, end + len(suffix), Kind.ORGANIZATION)
    return allowed


def _allow_span(allowed: np.ndarray, start: int, end: int, kind: Kind) -> None:
    """Also allow a span of ``kind`` (two characters or more) over ``start:end``."""
    base = 1 + 4 * KINDS.index(kind)
    allowed[start, base] = True
    allowed[start + 1 : end - 1, base + 1] = True
    allowed[end - 1, base + 2] = True


def _country_matches(text: str) -> list[tuple[int, int]]:
    names = _countries()
    chars = fold(text)
    found = []
    for start in range(len(chars)):
        for end in range(start + 2, min(len(chars), start + _LONGEST_COUNTRY) + 1):
            if chars[start:end] in names:
                found.append((start, end))
    return found


_LONGEST_COUNTRY = 12
_COUNTRIES: set[str] = set()


def _countries() -> set[str]:
    if not _COUNTRIES:
        _COUNTRIES.update(name for name in lexicon_entries()["country"] if len(name) <= _LONGEST_COUNTRY)
    return _COUNTRIES


def _lookup(vocabulary: Sequence[str]) -> dict[str, int]:
    return {entry: i + 2 for i, entry in enumerate(vocabulary)}


def encode(example: Example, lookups: dict[str, dict[str, int]], params: dict) -> Encoded:
    """One example's arrays (features computed here); ``lookups`` map characters and
    bigrams to their vocabulary indices."""
    item = sentence_features(example.text, segment(example.text), with_dictionary=params["dictionary"])
    chars_lookup, bigrams_lookup = lookups["chars"], lookups["bigrams"]
    text = item.chars.translate(_DIGITS)
    return Encoded(
        np.array([chars_lookup.get(char, UNKNOWN) for char in text], dtype=np.int64),
        np.array([bigrams_lookup.get(bigram, UNKNOWN) for bigram in bigrams(text)], dtype=np.int64),
        np.array(item.words, dtype=np.int64),
        np.array(item.dict_starts, dtype=np.int64) if params["dictionary"] else None,
        np.array(item.dict_ends, dtype=np.int64) if params["dictionary"] else None,
        np.array(item.lexicon, dtype=np.int64),
        allowed_labels(example),
    )


def _encode_part(
    examples: Sequence[Example], lookups: dict[str, dict[str, int]], params: dict
) -> list[Encoded]:
    return [encode(example, lookups, params) for example in examples]


def _encode_all(
    examples: Sequence[Example], lookups: dict[str, dict[str, int]], params: dict, jobs: int
) -> list[Encoded]:
    """:func:`encode` of every example, in ``jobs`` processes; in order."""
    if jobs <= 1 or len(examples) < 2 * jobs:
        return _encode_part(examples, lookups, params)
    size = -(-len(examples) // jobs)
    parts = [examples[i : i + size] for i in range(0, len(examples), size)]
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold torch
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        done = pool.map(_encode_part, parts, [lookups] * len(parts), [params] * len(parts))
        return [item for part in done for item in part]


def vocabularies_of(examples: Sequence[Example], min_count: int) -> dict[str, list[str]]:
    """Characters and bigrams seen at least ``min_count`` times in the training examples."""
    chars, pairs = Counter(), Counter()
    for example in examples:
        text = fold(example.text).translate(_DIGITS)
        chars.update(text)
        pairs.update(bigrams(text))
    return {
        "chars": sorted(entry for entry, count in chars.items() if count >= min_count),
        "bigrams": sorted(entry for entry, count in pairs.items() if count >= min_count),
    }


def train(
    corpora: Corpora,
    model_path: Path,
    *,
    params: dict | None = None,
    jobs: int = 1,
    log: Callable[[str], None] | None = None,
    on_epoch: Callable[[int, dict[str, np.ndarray]], None] | None = None,
) -> dict:
    """Train on ``corpora.train``; write the weights to ``model_path``. Returns counts, the
    parameters used, seconds, model size and sha256. ``jobs`` processes compute the
    sentences' features (the model does not depend on it); ``on_epoch(epoch, arrays)`` is
    called with the model's arrays after each epoch (to follow a development score)."""
    import torch  # training only: tagging needs numpy alone

    params = {**TRAINING_PARAMS, **(params or {})}
    log = log or (lambda line: None)
    began = time.perf_counter()
    examples = corpora.training_examples()
    vocabularies = vocabularies_of(examples, params["min_count"])
    lookups = {name: _lookup(entries) for name, entries in vocabularies.items()}
    encoded = _encode_all(examples, lookups, params, jobs)
    featurized = time.perf_counter()
    log(f"featurized {len(encoded)} sentences in {featurized - began:.0f} s")

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(params["seed"])
    network = _network(torch, len(vocabularies["chars"]) + 2, len(vocabularies["bigrams"]) + 2, params)
    constraints = [torch.from_numpy(array) for array in allowed_transitions()]
    optimizer = torch.optim.Adam(network.parameters(), lr=params["lr"])
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, params["lr_decay"])
    # Each epoch reads every sentence once, or ``repeat[corpus]`` times; batches hold
    # sentences of about the same length, their order shuffled each epoch.
    copies = [
        (len(item.chars), copy, i)
        for i, item in enumerate(encoded)
        for copy in range(params["repeat"].get(examples[i].corpus, 1))
    ]
    order = [i for *_, i in sorted(copies)]
    batches = [order[i : i + params["batch"]] for i in range(0, len(order), params["batch"])]
    shuffler = random.Random(params["seed"])
    for epoch in range(params["epochs"]):
        network.train()
        shuffler.shuffle(batches)
        total = 0.0
        epoch_began = time.perf_counter()
        for batch in batches:
            loss = _batch_loss(torch, network, [encoded[i] for i in batch], constraints, params)
            optimizer.zero_grad()
            (loss / len(batch)).backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimizer.step()
            total += float(loss.detach())
        schedule.step()
        log(f"epoch {epoch + 1}: loss {total / len(order):.4f}, {time.perf_counter() - epoch_began:.0f} s")
        if on_epoch is not None:
            on_epoch(epoch + 1, _export(network, constraints, vocabularies, params))
    finished = time.perf_counter()

    arrays = _export(network, constraints, vocabularies, params)
    model_bytes = npz_bytes(arrays)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(model_bytes)
    return {
        "train_sentences": {name: len(corpora.train.get(name, ())) for name in CORPORA},
        "train_chars": sum(len(example.text) for example in examples),
        "params": params,
        "vocabulary": {name: len(entries) for name, entries in vocabularies.items()},
        "weights": sum(
            array.size for name, array in arrays.items() if name in QUANTIZED or name.endswith("_bias")
        ),
        "feature_seconds": round(featurized - began, 1),
        "train_seconds": round(finished - featurized, 1),
        "model_bytes": len(model_bytes),
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
    }


def _network(torch, chars: int, pairs: int, params: dict):
    """The layers and the learned CRF scores."""
    nn = torch.nn
    inputs = params["char_dim"] + 2 * params["bigram_dim"] + params["word_dim"] + LEXICON_BITS
    layers = {
        "chars": nn.Embedding(chars, params["char_dim"], padding_idx=PAD),
        "bigrams": nn.Embedding(pairs, params["bigram_dim"], padding_idx=PAD),
        "words": nn.Embedding(word_mark_count(), params["word_dim"]),
    }
    if params["dictionary"]:
        layers["dicts"] = nn.Embedding(dictionary_mark_count(), params["dict_dim"])
        inputs += 2 * params["dict_dim"]
    layers["dropout"] = nn.Dropout(params["dropout"])
    layers["lstm"] = nn.LSTM(inputs, params["hidden"], bidirectional=True, batch_first=True)
    layers["out"] = nn.Linear(2 * params["hidden"], len(TAGS))
    network = nn.ModuleDict(layers)
    network.register_parameter("transitions", nn.Parameter(torch.zeros(len(TAGS), len(TAGS))))
    network.register_parameter("first", nn.Parameter(torch.zeros(len(TAGS))))
    network.register_parameter("last", nn.Parameter(torch.zeros(len(TAGS))))
    return network


def _pad(torch, arrays: list[np.ndarray], width: int, value=0):
    shape = (len(arrays), width, *arrays[0].shape[1:])
    padded = np.full(shape, value, dtype=arrays[0].dtype)
    for i, array in enumerate(arrays):
        padded[i, : len(array)] = array
    return torch.from_numpy(padded)


def _emissions(torch, network, batch: list[Encoded], params: dict):
    """Label scores of a batch, padded: ``(emissions, lengths)``."""
    lengths = torch.tensor([len(item.chars) for item in batch])
    width = int(lengths.max())
    bits = torch.arange(LEXICON_BITS)
    lexicon = _pad(torch, [item.lexicon for item in batch], width)
    pairs = network["bigrams"](_pad(torch, [item.bigrams for item in batch], width + 1))
    parts = [
        network["chars"](_pad(torch, [item.chars for item in batch], width)),
        pairs[:, :-1],
        pairs[:, 1:],
        network["words"](_pad(torch, [item.words for item in batch], width)),
    ]
    if params["dictionary"]:
        parts.append(network["dicts"](_pad(torch, [item.dict_starts for item in batch], width)))
        parts.append(network["dicts"](_pad(torch, [item.dict_ends for item in batch], width)))
    parts.append(((lexicon[:, :, None] >> bits) & 1).float())
    inputs = network["dropout"](torch.cat(parts, dim=-1))
    packed = torch.nn.utils.rnn.pack_padded_sequence(inputs, lengths, batch_first=True, enforce_sorted=False)
    hidden, _ = torch.nn.utils.rnn.pad_packed_sequence(network["lstm"](packed)[0], batch_first=True)
    return network["out"](network["dropout"](hidden)), lengths


def log_partitions(torch, emissions, lengths, transitions, first, last):
    """log Z of each padded sentence of a batch under a linear-chain CRF."""
    mask = torch.arange(emissions.shape[1])[None, :] < lengths[:, None]
    alpha = first + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        following = torch.logsumexp(alpha.unsqueeze(2) + transitions, dim=1) + emissions[:, t]
        alpha = torch.where(mask[:, t : t + 1], following, alpha)
    return torch.logsumexp(alpha + last, dim=1)


def partial_label_loss(torch, emissions, lengths, allowed, transitions, first, last):
    """Summed ``logZ(all paths) - logZ(allowed paths)`` of a padded batch; ``allowed`` is a
    ``(batch, steps, labels)`` bool tensor (padding rows: anything)."""
    restricted = emissions.masked_fill(~allowed, -1e4)
    both = log_partitions(
        torch, torch.cat([emissions, restricted]), torch.cat([lengths, lengths]), transitions, first, last
    )
    count = emissions.shape[0]
    return (both[:count] - both[count:]).sum()


def _batch_loss(torch, network, batch: list[Encoded], constraints, params: dict):
    emissions, lengths = _emissions(torch, network, batch, params)
    allowed = _pad(torch, [item.allowed for item in batch], emissions.shape[1], value=True)
    transitions, first, last = (
        network.transitions + constraints[0],
        network.first + constraints[1],
        network.last + constraints[2],
    )
    return partial_label_loss(torch, emissions, lengths, allowed, transitions, first, last)


def quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric per-row int8: ``row ≈ int8_row * scale``."""
    scale = np.abs(matrix).max(axis=1) / 127
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def _export(network, constraints, vocabularies: dict[str, list[str]], params: dict) -> dict[str, np.ndarray]:
    """The model's arrays: matrices as int8 rows with scales, biases and CRF scores float32."""
    lstm = network["lstm"]
    tensors = {
        "char_emb": network["chars"].weight,
        "bigram_emb": network["bigrams"].weight,
        "word_emb": network["words"].weight,
        "forward_ih": lstm.weight_ih_l0,
        "forward_hh": lstm.weight_hh_l0,
        "forward_bias": lstm.bias_ih_l0 + lstm.bias_hh_l0,
        "backward_ih": lstm.weight_ih_l0_reverse,
        "backward_hh": lstm.weight_hh_l0_reverse,
        "backward_bias": lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse,
        "out_weight": network["out"].weight,
        "out_bias": network["out"].bias,
        "transitions": network.transitions + constraints[0],
        "first": network.first + constraints[1],
        "last": network.last + constraints[2],
    }
    if params["dictionary"]:
        tensors["dict_emb"] = network["dicts"].weight
    arrays: dict[str, np.ndarray] = {
        "dictionary": np.array(bool(params["dictionary"])),
        "char_vocabulary": np.array(vocabularies["chars"]),
        "bigram_vocabulary": np.array(vocabularies["bigrams"]),
        "params": np.array(json.dumps(params, sort_keys=True)),
    }
    for name, tensor in tensors.items():
        array = tensor.detach().numpy().astype(np.float32)
        if name in QUANTIZED:
            arrays[name], arrays[f"{name}_scale"] = quantize(array)
        else:
            arrays[name] = array
    return arrays


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` as a compressed ``.npz`` with fixed member timestamps (``np.savez`` stamps
    the current time), so equal arrays give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy"), member.getvalue(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def evaluate(tagger: MentionTagger, examples: Sequence[Example], batch: int = 100) -> dict[str, dict]:
    """Exact-span scores of ``tagger`` on ``examples`` (one corpus), over the kinds the
    corpus annotates; sentences are tagged ``batch`` at a time."""
    predicted = []
    for begin in range(0, len(examples), batch):
        texts = [example.text for example in examples[begin : begin + batch]]
        predicted.extend([(s.start, s.end, s.kind) for s in spans] for spans in tagger.tag(texts))
    kinds = examples[0].annotated if examples else KINDS
    return score((example.spans for example in examples), predicted, kinds)


def evaluate_all(tagger: MentionTagger, heldout: dict[str, list[Example]]) -> dict[str, dict[str, dict]]:
    """:func:`evaluate` on each corpus's held-out examples."""
    return {name: evaluate(tagger, examples) for name, examples in heldout.items() if examples}


def format_results(results: dict[str, dict[str, dict]], lines: dict[str, int] | None = None) -> str:
    """One table per corpus, under its name (and how many held-out lines it scored)."""
    def title(name: str) -> str:
        return f"{name}: {lines[name]:,} held-out lines" if lines and name in lines else name

    return "\n\n".join(f"{title(name)}\n{format_table(result)}" for name, result in results.items())
