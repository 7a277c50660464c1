"""Neural mention tagger: an ensemble of character BiLSTM-CRFs, trained with torch, run
with numpy.

Each character is read as the concatenation of its embedding, the embeddings of the
character bigrams ending and starting at it, an embedding of its place in its jieba word
joined to that word's part of speech, embeddings of the longest jieba dictionary words
starting and ending at it, its lexicon marks (the discrete features of
:mod:`kg.extract.crf`), and an embedding of Baidu LAC's reading of it (:mod:`kg.extract.lac`:
its word's start or inside joined to the word's tag, PER, ORG, LOC, a part of speech…),
which carries what LAC learned of names from a corpus far larger than CLUENER. A one-layer
bidirectional LSTM reads the sentence, a linear layer scores each character's BIOES labels,
and a linear-chain CRF over learned label transitions turns the scores into per-character
label marginals (forward-backward).

The ensemble's members differ only in their random seeds. Their log marginals are
averaged, the shipped CRF's log marginals are added (``CRF_WEIGHT`` times), and Viterbi
decoding under the BIOES constraints picks the labels: the taggers' errors differ, and the
sum beats each alone. Torch is needed only by :func:`train`; tagging is numpy over the
weights in one ``.npz`` file (int8 matrices with per-row scales), python-crfsuite and
onnxruntime (LAC).
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import random
import time
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import cache, partial
from pathlib import Path

import numpy as np
import pycrfsuite

from kg.evaluate.cluener import KINDS, SPLIT_SEED, split
from kg.extract import crf
from kg.extract.crf import (
    _HALF_WIDTH,
    LEXICON_FILES,
    _dictionary_marks,
    _jieba,
    _lexicon_marks,
    _sentences,
    _trim,
    _word_marks,
    features,
    labels,
    spans,
)
from kg.extract.lac import analyzer
from kg.extract.viterbi import best_path
from kg.model import Mention

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "mentions.npz"
TAGS = ("O", *(f"{prefix}-{kind}" for kind in KINDS for prefix in "BIES"))
LEXICON_MARKS = tuple(f"{name}:{prefix}" for name in LEXICON_FILES for prefix in "BIES")
# Sizes and training settings, picked on the last 5% of the training part.
TRAINING_PARAMS = {
    "char_dim": 100,
    "bigram_dim": 50,
    "word_dim": 32,
    "dict_dim": 16,
    "lac_dim": 16,
    "hidden": 200,
    "dropout": 0.5,
    "lr": 2e-3,
    "lr_decay": 0.9,
    "epochs": 12,
    "batch": 32,
    "min_count": 2,
    "members": 2,
}
# The vocabulary each discrete input of :func:`_marks` is looked up in.
_VOCABULARY_OF_MARK = {
    "chars": "chars",
    "bigrams": "bigrams",
    "words": "words",
    "dict_starts": "dicts",
    "dict_ends": "dicts",
    "lac": "lac",
}
VOCABULARIES = tuple(dict.fromkeys(_VOCABULARY_OF_MARK.values()))
# Each member's arrays: its matrices are stored as int8 rows with per-row scales
# (:func:`_quantize`), its biases and CRF scores as float32.
QUANTIZED = (
    "char_emb",
    "bigram_emb",
    "word_emb",
    "dict_emb",
    "lac_emb",
    "forward_ih",
    "forward_hh",
    "backward_ih",
    "backward_hh",
    "out_weight",
)
MEMBER_ARRAYS = (*QUANTIZED, "forward_bias", "backward_bias", "out_bias", "transitions", "first", "last")
# Weight of the CRF's log marginals against the members' mean, picked on the last 5% of the
# training part (models trained on the rest) from {0, 0.5, 1}.
CRF_WEIGHT = 0.5
_MIN_MARGINAL = 1e-6
_PAD, _UNKNOWN = 0, 1  # vocabulary indices; known entries start at 2
_FORBIDDEN = -1e4


def _bigrams(chars: str) -> list[str]:
    """The ``len(chars) + 1`` bigrams of the padded text: bigram ``i`` ends at character ``i``."""
    padded = f"\x02{chars}\x03"
    return [padded[i : i + 2] for i in range(len(chars) + 1)]


def _marks(text: str) -> dict[str, list]:
    """The discrete inputs of one sentence, as strings (lexicon marks as index lists)."""
    chars = text.translate(_HALF_WIDTH)
    dict_starts, dict_ends = _dictionary_marks(chars)
    return {
        "chars": list(chars),
        "bigrams": _bigrams(chars),
        "words": _word_marks(chars),
        "dict_starts": dict_starts,
        "dict_ends": dict_ends,
        "lexicon": [[LEXICON_MARKS.index(mark) for mark in marks] for marks in _lexicon_marks(chars)],
        "lac": analyzer().marks(chars),
    }


def _indices(values: list[str], vocabulary: dict[str, int]) -> np.ndarray:
    return np.array([vocabulary.get(value, _UNKNOWN) for value in values], dtype=np.int64)


def _mark_indices(marks: dict[str, list], lookup: dict[str, dict[str, int]]) -> dict[str, np.ndarray]:
    """The vocabulary indices of a sentence's discrete inputs, by input."""
    return {key: _indices(marks[key], lookup[vocabulary]) for key, vocabulary in _VOCABULARY_OF_MARK.items()}


def _lexicon_matrix(lexicon: list[list[int]]) -> np.ndarray:
    matrix = np.zeros((len(lexicon), len(LEXICON_MARKS)), dtype=np.float32)
    for i, marks in enumerate(lexicon):
        matrix[i, marks] = 1.0
    return matrix


def _allowed_transitions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """0 where BIOES allows a transition / a first label / a last label, a large negative elsewhere."""
    size = len(TAGS)
    transitions = np.zeros((size, size), dtype=np.float32)
    first = np.zeros(size, dtype=np.float32)
    last = np.zeros(size, dtype=np.float32)
    for i, tag in enumerate(TAGS):
        prefix, _, kind = tag.partition("-")
        if prefix in "BI":
            last[i] = _FORBIDDEN
        if prefix in "IE":
            first[i] = _FORBIDDEN
        for j, following in enumerate(TAGS):
            next_prefix, _, next_kind = following.partition("-")
            inside = prefix in "BI"
            if inside != (next_prefix in "IE") or (inside and next_kind != kind):
                transitions[i, j] = _FORBIDDEN
    return transitions, first, last


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _lstms(gates_in: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
    """Several LSTM directions run in step (torch's gate order i, f, g, o): ``gates_in`` is
    each one's input projection plus bias, ``(n, steps, 4 * hidden)``; ``w_hh`` its recurrent
    weights, ``(n, 4 * hidden, hidden)``. Returns the hidden states, ``(n, steps, hidden)``:
    one Python loop for all directions and members, which is where tagging spends its time."""
    count, steps, _ = gates_in.shape
    hidden = w_hh.shape[2]
    h = np.zeros((count, hidden, 1), dtype=np.float32)
    c = np.zeros((count, hidden), dtype=np.float32)
    outputs = np.empty((count, steps, hidden), dtype=np.float32)
    forget, cell, output = (slice(k * hidden, (k + 1) * hidden) for k in (1, 2, 3))
    for t in range(steps):
        gates = gates_in[:, t] + (w_hh @ h)[:, :, 0]
        opened = _sigmoid(gates)  # the input, forget and output gates' slices are used
        c = opened[:, forget] * c + opened[:, :hidden] * np.tanh(gates[:, cell])
        outputs[:, t] = opened[:, output] * np.tanh(c)
        h = outputs[:, t, :, None]
    return outputs


def _log_marginals(
    emissions: np.ndarray, moves: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Forward-backward for several linear-chain CRFs at once: ``emissions`` is
    ``(members, steps, labels)``; ``moves``, ``starts`` and ``ends`` are the exponentiated
    transition, first-label and last-label scores, with the same leading axis. Returns each
    character's log probability of each label under each member, same shape.

    Works in probabilities rescaled at every step (matrix products instead of log-sum-exp):
    each step's scale cancels when a character's marginals are normalized."""
    steps = emissions.shape[1]
    potentials = np.exp(emissions - emissions.max(axis=2, keepdims=True))
    alpha = np.empty_like(potentials)
    beta = np.empty_like(potentials)
    alpha[:, 0] = starts * potentials[:, 0]
    alpha[:, 0] /= alpha[:, 0].sum(axis=1, keepdims=True)
    for t in range(1, steps):
        step = (alpha[:, t - 1, None, :] @ moves)[:, 0] * potentials[:, t]
        alpha[:, t] = step / step.sum(axis=1, keepdims=True)
    beta[:, -1] = ends
    for t in range(steps - 2, -1, -1):
        step = (moves @ (potentials[:, t + 1] * beta[:, t + 1])[:, :, None])[:, :, 0]
        beta[:, t] = step / step.sum(axis=1, keepdims=True)
    marginals = alpha * beta
    return np.log(np.maximum(marginals / marginals.sum(axis=2, keepdims=True), _MIN_MARGINAL))


class NeuralTagger:
    """A trained ensemble of BiLSTM-CRFs (with the CRF tagger's marginals); reuse one object
    for many calls to :meth:`tag`."""

    def __init__(
        self, weights: dict[str, np.ndarray], crf_tagger: pycrfsuite.Tagger | None, crf_weight: float
    ) -> None:
        self._vocabularies = {
            name: {entry: i + 2 for i, entry in enumerate(weights[f"{name}_vocabulary"].tolist())}
            for name in VOCABULARIES
        }
        self._members = [_member(weights, i) for i in range(int(weights["members"]))]
        self._w_hh = np.stack(
            [member[f"{direction}_hh"] for member in self._members for direction in ("forward", "backward")]
        )
        self._member_crf_factors = [
            np.exp(np.stack([member[name] for member in self._members]).astype(np.float64))
            for name in ("transitions", "first", "last")
        ]
        self._constraints = _allowed_transitions()
        self._crf = crf_tagger
        self._crf_weight = crf_weight

    @classmethod
    def load(
        cls, path: Path | None = None, *, crf_path: Path | None = None, crf_weight: float = CRF_WEIGHT
    ) -> NeuralTagger:
        """Open a weights file and a CRF model (defaults: the models shipped in
        ``kg/data/models``); ``crf_weight=0`` tags with the neural models alone."""
        with np.load(path or DEFAULT_MODEL) as weights:
            arrays = dict(weights)
        crf_tagger = None
        if crf_weight:
            crf_tagger = pycrfsuite.Tagger()
            crf_tagger.open(str(crf_path or crf.DEFAULT_MODEL))
        _jieba()
        analyzer()
        return cls(arrays, crf_tagger, crf_weight)

    def log_marginals(self, text: str) -> np.ndarray:
        """Each character's log probability of each label, shape ``(len(text), len(TAGS))``:
        the mean over the members (each its own BiLSTM-CRF), floored at ``_MIN_MARGINAL``."""
        marks = _marks(text)
        index = _mark_indices(marks, self._vocabularies)
        lexicon = _lexicon_matrix(marks["lexicon"])
        gates = []
        for w in self._members:
            bigrams = w["bigram_emb"][index["bigrams"]]
            inputs = np.concatenate(
                [
                    w["char_emb"][index["chars"]],
                    bigrams[:-1],
                    bigrams[1:],
                    w["word_emb"][index["words"]],
                    w["dict_emb"][index["dict_starts"]],
                    w["dict_emb"][index["dict_ends"]],
                    lexicon,
                    w["lac_emb"][index["lac"]],
                ],
                axis=1,
            )
            gates.append(inputs @ w["forward_ih"].T + w["forward_bias"])
            gates.append(inputs[::-1] @ w["backward_ih"].T + w["backward_bias"])
        hidden = _lstms(np.stack(gates), self._w_hh)
        emissions = np.stack(
            [
                np.concatenate([hidden[2 * k], hidden[2 * k + 1, ::-1]], axis=1) @ w["out_weight"].T
                + w["out_bias"]
                for k, w in enumerate(self._members)
            ]
        ).astype(np.float64)
        return _log_marginals(emissions, *self._member_crf_factors).mean(axis=0)

    def _crf_marginals(self, text: str) -> np.ndarray:
        """The CRF's probability of each label at each character of one sentence."""
        self._crf.set(features(text))
        marginals = np.zeros((len(text), len(TAGS)), dtype=np.float32)
        for label in self._crf.labels():
            column = TAGS.index(label)
            for t in range(len(text)):
                marginals[t, column] = self._crf.marginal(label, t)
        return marginals

    def labels(self, text: str) -> list[str]:
        """The BIOES labels of one sentence."""
        scores = self.log_marginals(text)
        if self._crf is not None:
            scores += self._crf_weight * np.log(np.maximum(self._crf_marginals(text), _MIN_MARGINAL))
        best = best_path(scores, *self._constraints)
        return [TAGS[i] for i in best]

    def tag(self, text: str) -> list[Mention]:
        """Person, Title, Organization and Place mentions of ``text``, offsets into ``text``;
        their source is ``crf``, the statistical tagger's rank in :mod:`kg.extract.mentions`."""
        mentions = []
        for offset, sentence in _sentences(text):
            if sentence.isspace():
                continue
            for start, end, kind in spans(self.labels(sentence)):
                start, end = _trim(text, offset + start, offset + end)
                if start < end:
                    mentions.append(Mention(start, end, kind, text[start:end], "crf"))
        return mentions


@cache
def _default_tagger() -> NeuralTagger:
    return NeuralTagger.load()


def detect_mentions(text: str) -> list[Mention]:
    """The mentions ``kg extract`` reports for ``text``: the shipped models' output."""
    return _default_tagger().tag(text)


def _vocabulary(counts: Counter, min_count: int) -> list[str]:
    """The entries seen at least ``min_count`` times; the rest read as unknown."""
    return sorted(entry for entry, count in counts.items() if count >= min_count)


def train(
    train_path: Path, model_path: Path, *, seed: int = SPLIT_SEED, params: dict | None = None, jobs: int = 1
) -> dict:
    """Train on the training part of a CLUENER file's split (``seed`` picks the held-out
    lines; member ``i`` of the ensemble is seeded ``seed + i``); write the weights to
    ``model_path``. ``jobs`` members train at once, each in its own process. Returns counts,
    the parameters used, seconds, model size and sha256.

    Training is deterministic (one thread per member, seeded, deterministic torch
    algorithms): the same file and parameters give the same model bytes, whatever ``jobs``."""
    params = {**TRAINING_PARAMS, **(params or {})}
    began = time.perf_counter()
    train_examples, heldout_examples = split(train_path, seed=seed)
    sentences = [
        (_marks(example.text), [TAGS.index(tag) for tag in labels(example)]) for example in train_examples
    ]
    counts = {name: Counter() for name in VOCABULARIES}
    for marks, _ in sentences:
        for key, name in _VOCABULARY_OF_MARK.items():
            counts[name].update(marks[key])
    vocabularies = {name: _vocabulary(counter, params["min_count"]) for name, counter in counts.items()}
    featurized = time.perf_counter()

    seeds = [seed + i for i in range(params["members"])]
    train_member = partial(_train_member, sentences, vocabularies, params)
    if jobs > 1 and len(seeds) > 1:
        context = multiprocessing.get_context("spawn")  # torch and fork do not mix
        with ProcessPoolExecutor(min(jobs, len(seeds)), mp_context=context) as pool:
            members = list(pool.map(train_member, seeds))
    else:
        members = [train_member(member_seed) for member_seed in seeds]
    finished = time.perf_counter()

    arrays = {f"{name}_vocabulary": np.array(entries) for name, entries in vocabularies.items()}
    arrays["members"] = np.array(len(members))
    for i, member in enumerate(members):
        arrays.update({f"member{i}_{name}": array for name, array in member.items()})
    model_bytes = _npz_bytes(arrays)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(model_bytes)
    return {
        "train_examples": len(train_examples),
        "heldout_examples": len(heldout_examples),
        "seed": seed,
        "params": params,
        "vocabulary": {name: len(entries) for name, entries in vocabularies.items()},
        "weights": sum(
            array.size
            for name, array in arrays.items()
            if name.startswith("member") and not name.endswith("_scale")
        ),
        "feature_seconds": round(featurized - began, 1),
        "train_seconds": round(finished - featurized, 1),
        "model_bytes": len(model_bytes),
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
    }


def _train_member(
    sentences: list[tuple[dict, list[int]]], vocabularies: dict[str, list[str]], params: dict, seed: int
) -> dict[str, np.ndarray]:
    """Train one member of the ensemble (seeded ``seed``); its exported arrays."""
    import torch  # training only: tagging needs numpy alone

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    lookup = {
        name: {entry: i + 2 for i, entry in enumerate(entries)} for name, entries in vocabularies.items()
    }
    network = _network(torch, {name: len(entries) + 2 for name, entries in vocabularies.items()}, params)
    transitions, first, last = (torch.from_numpy(array) for array in _allowed_transitions())
    optimizer = torch.optim.Adam(network.parameters(), lr=params["lr"])
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, params["lr_decay"])
    encoded = [_encode(torch, marks, tags, lookup) for marks, tags in sentences]
    order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i]["tags"]), i))
    batches = [order[i : i + params["batch"]] for i in range(0, len(order), params["batch"])]
    shuffler = random.Random(seed)
    network.train()
    for _ in range(params["epochs"]):
        shuffler.shuffle(batches)
        for batch in batches:
            loss = _batch_loss(torch, network, [encoded[i] for i in batch], transitions, first, last)
            optimizer.zero_grad()
            (loss / len(batch)).backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimizer.step()
        schedule.step()
    return _export(network, transitions, first, last)


def _network(torch, sizes: dict[str, int], params: dict):
    """The layers and the learned CRF scores; ``sizes`` are the vocabulary sizes."""
    nn = torch.nn
    inputs = (
        params["char_dim"]
        + 2 * params["bigram_dim"]
        + params["word_dim"]
        + 2 * params["dict_dim"]
        + len(LEXICON_MARKS)
        + params["lac_dim"]
    )
    network = nn.ModuleDict(
        {
            "chars": nn.Embedding(sizes["chars"], params["char_dim"], padding_idx=_PAD),
            "bigrams": nn.Embedding(sizes["bigrams"], params["bigram_dim"], padding_idx=_PAD),
            "words": nn.Embedding(sizes["words"], params["word_dim"], padding_idx=_PAD),
            "dicts": nn.Embedding(sizes["dicts"], params["dict_dim"], padding_idx=_PAD),
            "lac": nn.Embedding(sizes["lac"], params["lac_dim"], padding_idx=_PAD),
            "dropout": nn.Dropout(params["dropout"]),
            "lstm": nn.LSTM(inputs, params["hidden"], bidirectional=True, batch_first=True),
            "out": nn.Linear(2 * params["hidden"], len(TAGS)),
        }
    )
    network.register_parameter("transitions", nn.Parameter(torch.zeros(len(TAGS), len(TAGS))))
    network.register_parameter("first", nn.Parameter(torch.zeros(len(TAGS))))
    network.register_parameter("last", nn.Parameter(torch.zeros(len(TAGS))))
    return network


def _encode(torch, marks: dict[str, list], tags: list[int], lookup: dict[str, dict[str, int]]) -> dict:
    """One sentence's inputs and gold labels as torch tensors."""
    return {
        **{key: torch.from_numpy(indices) for key, indices in _mark_indices(marks, lookup).items()},
        "lexicon": torch.from_numpy(_lexicon_matrix(marks["lexicon"])),
        "tags": torch.tensor(tags),
    }


def _emissions(torch, network, batch: list[dict]):
    """Label scores of a batch of encoded sentences, padded: ``(emissions, lengths, tags)``."""
    pad = torch.nn.utils.rnn.pad_sequence
    lengths = torch.tensor([len(sentence["tags"]) for sentence in batch])
    padded = {key: pad([sentence[key] for sentence in batch], batch_first=True) for key in batch[0]}
    bigrams = network["bigrams"](padded["bigrams"])
    inputs = torch.cat(
        [
            network["chars"](padded["chars"]),
            bigrams[:, :-1],
            bigrams[:, 1:],
            network["words"](padded["words"]),
            network["dicts"](padded["dict_starts"]),
            network["dicts"](padded["dict_ends"]),
            padded["lexicon"],
            network["lac"](padded["lac"]),
        ],
        dim=-1,
    )
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        network["dropout"](inputs), lengths, batch_first=True, enforce_sorted=False
    )
    hidden, _ = torch.nn.utils.rnn.pad_packed_sequence(network["lstm"](packed)[0], batch_first=True)
    return network["out"](network["dropout"](hidden)), lengths, padded["tags"]


def _batch_loss(torch, network, batch: list[dict], transitions, first, last):
    """Summed CRF negative log-likelihood of a batch of encoded sentences."""
    emissions, lengths, tags = _emissions(torch, network, batch)
    transitions = network.transitions + transitions
    first, last = network.first + first, network.last + last
    mask = (torch.arange(emissions.shape[1])[None] < lengths[:, None]).float()
    gold = first[tags[:, 0]] + emissions[:, 0].gather(1, tags[:, :1]).squeeze(1)
    alpha = first + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        step = mask[:, t]
        gold = gold + step * (
            transitions[tags[:, t - 1], tags[:, t]] + emissions[:, t].gather(1, tags[:, t : t + 1]).squeeze(1)
        )
        following = torch.logsumexp(alpha.unsqueeze(2) + transitions, dim=1) + emissions[:, t]
        alpha = torch.where(step[:, None] > 0, following, alpha)
    gold = gold + last[tags.gather(1, (lengths - 1)[:, None]).squeeze(1)]
    return (torch.logsumexp(alpha + last, dim=1) - gold).sum()


def _export(network, transitions, first, last) -> dict[str, np.ndarray]:
    """One member's arrays: the matrices of ``QUANTIZED`` as int8 rows with their scales
    (see :func:`_quantize`), the rest (biases, CRF scores) float32."""
    lstm = network["lstm"]
    tensors = {
        "char_emb": network["chars"].weight,
        "bigram_emb": network["bigrams"].weight,
        "word_emb": network["words"].weight,
        "dict_emb": network["dicts"].weight,
        "lac_emb": network["lac"].weight,
        "forward_ih": lstm.weight_ih_l0,
        "forward_hh": lstm.weight_hh_l0,
        "forward_bias": lstm.bias_ih_l0 + lstm.bias_hh_l0,
        "backward_ih": lstm.weight_ih_l0_reverse,
        "backward_hh": lstm.weight_hh_l0_reverse,
        "backward_bias": lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse,
        "out_weight": network["out"].weight,
        "out_bias": network["out"].bias,
        "transitions": network.transitions + transitions,
        "first": network.first + first,
        "last": network.last + last,
    }
    arrays = {}
    for name, tensor in tensors.items():
        array = tensor.detach().numpy().astype(np.float32)
        if name in QUANTIZED:
            arrays[name], arrays[f"{name}_scale"] = _quantize(array)
        else:
            arrays[name] = array
    return arrays


def _quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric per-row int8: ``row ≈ int8_row * scale``. Halves the file against float16;
    on 1,500 CLUENER training sentences one sentence's labels changed."""
    scale = np.abs(matrix).max(axis=1) / 127
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def _member(weights: dict[str, np.ndarray], index: int) -> dict[str, np.ndarray]:
    """Member ``index``'s arrays as float32, int8 matrices scaled back."""
    member = {}
    for name in MEMBER_ARRAYS:
        array = weights[f"member{index}_{name}"].astype(np.float32)
        if name in QUANTIZED:
            array *= weights[f"member{index}_{name}_scale"][:, None]
        member[name] = array
    return member


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` as a compressed ``.npz`` with fixed member timestamps (``np.savez`` stamps
    the current time), so equal arrays give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy"), member.getvalue(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
