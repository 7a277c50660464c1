"""Neural mention tagger: a character BiLSTM-CRF, trained with torch, run with numpy.

Each character is read as the concatenation of its embedding, the embeddings of the
character bigrams ending and starting at it, an embedding of its place in its jieba word
joined to that word's part of speech, embeddings of the longest jieba dictionary words
starting and ending at it, and its lexicon marks: the discrete features of
:mod:`kg.extract.crf`. A one-layer bidirectional LSTM reads the sentence, a linear layer
scores each character's BIOES labels, and Viterbi decoding over learned label transitions
(impossible BIOES transitions forbidden) picks the labels. Before decoding, the shipped
CRF's per-character label marginals are added to the scores (``CRF_WEIGHT`` times their
logarithm): the two taggers' errors differ, and the sum beats either alone. Torch is
needed only by :func:`train`; tagging is numpy over the weights in one ``.npz`` file
(float16 matrices) and python-crfsuite.
"""

from __future__ import annotations

import hashlib
import io
import random
import time
import zipfile
from collections import Counter
from functools import cache
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
    "hidden": 200,
    "dropout": 0.5,
    "lr": 2e-3,
    "lr_decay": 0.9,
    "epochs": 12,
    "batch": 32,
    "min_count": 2,
}
# Weight of the CRF's log marginals in the label scores, picked on the last 5% of the
# training part (models trained on the rest) from {0, 0.25, 0.5, 0.75, 1, 1.5}.
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
    }


def _indices(values: list[str], vocabulary: dict[str, int]) -> np.ndarray:
    return np.array([vocabulary.get(value, _UNKNOWN) for value in values], dtype=np.int64)


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


def _lstm(inputs: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """One LSTM direction over ``inputs`` (torch's gate order i, f, g, o)."""
    hidden = w_hh.shape[1]
    gates_in = inputs @ w_ih.T + bias
    h = np.zeros(hidden, dtype=np.float32)
    c = np.zeros(hidden, dtype=np.float32)
    outputs = np.empty((len(inputs), hidden), dtype=np.float32)
    for t in range(len(inputs)):
        i, f, g, o = np.split(gates_in[t] + w_hh @ h, 4)
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        outputs[t] = h
    return outputs


def _viterbi(
    emissions: np.ndarray, transitions: np.ndarray, first: np.ndarray, last: np.ndarray
) -> list[int]:
    """The best-scoring label sequence (label indices) under ``emissions`` and the CRF scores."""
    score = first + emissions[0]
    backpointers = []
    for t in range(1, len(emissions)):
        candidates = score[:, None] + transitions
        backpointers.append(candidates.argmax(0))
        score = candidates.max(0) + emissions[t]
    best = [int((score + last).argmax())]
    for pointers in reversed(backpointers):
        best.append(int(pointers[best[-1]]))
    return best[::-1]


class NeuralTagger:
    """A trained BiLSTM-CRF (with the CRF tagger's marginals); reuse one object for many
    calls to :meth:`tag`."""

    def __init__(
        self, weights: dict[str, np.ndarray], crf_tagger: pycrfsuite.Tagger | None, crf_weight: float
    ) -> None:
        self._vocabularies = {
            name: {entry: i + 2 for i, entry in enumerate(weights[f"{name}_vocabulary"].tolist())}
            for name in ("chars", "bigrams", "words", "dicts")
        }
        self._w = {
            name: array.astype(np.float32)
            for name, array in weights.items()
            if not name.endswith("_vocabulary")
        }
        self._crf = crf_tagger
        self._crf_weight = crf_weight

    @classmethod
    def load(
        cls, path: Path | None = None, *, crf_path: Path | None = None, crf_weight: float = CRF_WEIGHT
    ) -> NeuralTagger:
        """Open a weights file and a CRF model (defaults: the models shipped in
        ``kg/data/models``); ``crf_weight=0`` tags with the neural model alone."""
        with np.load(path or DEFAULT_MODEL) as weights:
            arrays = dict(weights)
        crf_tagger = None
        if crf_weight:
            crf_tagger = pycrfsuite.Tagger()
            crf_tagger.open(str(crf_path or crf.DEFAULT_MODEL))
        _jieba()
        return cls(arrays, crf_tagger, crf_weight)

    def emissions(self, text: str) -> np.ndarray:
        """Label scores of each character of one sentence, shape ``(len(text), len(TAGS))``."""
        w, vocabularies = self._w, self._vocabularies
        marks = _marks(text)
        bigrams = w["bigram_emb"][_indices(marks["bigrams"], vocabularies["bigrams"])]
        inputs = np.concatenate(
            [
                w["char_emb"][_indices(marks["chars"], vocabularies["chars"])],
                bigrams[:-1],
                bigrams[1:],
                w["word_emb"][_indices(marks["words"], vocabularies["words"])],
                w["dict_emb"][_indices(marks["dict_starts"], vocabularies["dicts"])],
                w["dict_emb"][_indices(marks["dict_ends"], vocabularies["dicts"])],
                _lexicon_matrix(marks["lexicon"]),
            ],
            axis=1,
        )
        forward = _lstm(inputs, w["forward_ih"], w["forward_hh"], w["forward_bias"])
        backward = _lstm(inputs[::-1], w["backward_ih"], w["backward_hh"], w["backward_bias"])[::-1]
        return np.concatenate([forward, backward], axis=1) @ w["out_weight"].T + w["out_bias"]

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
        w = self._w
        scores = self.emissions(text)
        if self._crf is not None:
            scores += self._crf_weight * np.log(np.maximum(self._crf_marginals(text), _MIN_MARGINAL))
        best = _viterbi(scores, w["transitions"], w["first"], w["last"])
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


def train(train_path: Path, model_path: Path, *, seed: int = SPLIT_SEED, params: dict | None = None) -> dict:
    """Train on the training part of a CLUENER file's split (``seed`` picks the held-out
    lines and seeds the model); write the weights to ``model_path``. Returns counts, the
    parameters used, seconds, model size and sha256.

    Training is deterministic (one thread, seeded, deterministic torch algorithms): the
    same file and parameters give the same model bytes."""
    import torch  # training only: tagging needs numpy alone

    params = {**TRAINING_PARAMS, **(params or {})}
    began = time.perf_counter()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    train_examples, heldout_examples = split(train_path, seed=seed)
    sentences = [
        (_marks(example.text), [TAGS.index(tag) for tag in labels(example)]) for example in train_examples
    ]
    counts = {name: Counter() for name in ("chars", "bigrams", "words", "dicts")}
    for marks, _ in sentences:
        for name, key in (
            ("chars", "chars"),
            ("bigrams", "bigrams"),
            ("words", "words"),
            ("dicts", "dict_starts"),
            ("dicts", "dict_ends"),
        ):
            counts[name].update(marks[key])
    vocabularies = {name: _vocabulary(counter, params["min_count"]) for name, counter in counts.items()}
    lookup = {
        name: {entry: i + 2 for i, entry in enumerate(entries)} for name, entries in vocabularies.items()
    }
    featurized = time.perf_counter()

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
    finished = time.perf_counter()

    model_bytes = _npz_bytes(_export(network, vocabularies, transitions, first, last))
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(model_bytes)
    return {
        "train_examples": len(train_examples),
        "heldout_examples": len(heldout_examples),
        "seed": seed,
        "params": params,
        "vocabulary": {name: len(entries) for name, entries in vocabularies.items()},
        "weights": sum(p.numel() for p in network.parameters()),
        "feature_seconds": round(featurized - began, 1),
        "train_seconds": round(finished - featurized, 1),
        "model_bytes": len(model_bytes),
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
    }


def _network(torch, sizes: dict[str, int], params: dict):
    """The layers and the learned CRF scores; ``sizes`` are the vocabulary sizes."""
    nn = torch.nn
    inputs = (
        params["char_dim"]
        + 2 * params["bigram_dim"]
        + params["word_dim"]
        + 2 * params["dict_dim"]
        + len(LEXICON_MARKS)
    )
    network = nn.ModuleDict(
        {
            "chars": nn.Embedding(sizes["chars"], params["char_dim"], padding_idx=_PAD),
            "bigrams": nn.Embedding(sizes["bigrams"], params["bigram_dim"], padding_idx=_PAD),
            "words": nn.Embedding(sizes["words"], params["word_dim"], padding_idx=_PAD),
            "dicts": nn.Embedding(sizes["dicts"], params["dict_dim"], padding_idx=_PAD),
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
        "chars": torch.from_numpy(_indices(marks["chars"], lookup["chars"])),
        "bigrams": torch.from_numpy(_indices(marks["bigrams"], lookup["bigrams"])),
        "words": torch.from_numpy(_indices(marks["words"], lookup["words"])),
        "dict_starts": torch.from_numpy(_indices(marks["dict_starts"], lookup["dicts"])),
        "dict_ends": torch.from_numpy(_indices(marks["dict_ends"], lookup["dicts"])),
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


def _export(network, vocabularies: dict[str, list[str]], transitions, first, last) -> dict[str, np.ndarray]:
    """The ``.npz`` arrays: vocabularies, float16 matrices, float32 biases and CRF scores."""
    lstm = network["lstm"]

    def half(tensor) -> np.ndarray:
        return tensor.detach().numpy().astype(np.float16)

    def single(tensor) -> np.ndarray:
        return tensor.detach().numpy().astype(np.float32)

    return {
        **{f"{name}_vocabulary": np.array(entries) for name, entries in vocabularies.items()},
        "char_emb": half(network["chars"].weight),
        "bigram_emb": half(network["bigrams"].weight),
        "word_emb": half(network["words"].weight),
        "dict_emb": half(network["dicts"].weight),
        "forward_ih": half(lstm.weight_ih_l0),
        "forward_hh": half(lstm.weight_hh_l0),
        "forward_bias": single(lstm.bias_ih_l0 + lstm.bias_hh_l0),
        "backward_ih": half(lstm.weight_ih_l0_reverse),
        "backward_hh": half(lstm.weight_hh_l0_reverse),
        "backward_bias": single(lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse),
        "out_weight": half(network["out"].weight),
        "out_bias": single(network["out"].bias),
        "transitions": single(network.transitions + transitions),
        "first": single(network.first + first),
        "last": single(network.last + last),
    }


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
