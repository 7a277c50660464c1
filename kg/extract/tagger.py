"""The statistical mention tagger: a character BiLSTM-CRF, run with numpy.

Each character of a sentence is read as the concatenation of embeddings of the character,
of the two character bigrams around it and of its place in its jieba word joined to the
word's part of speech, with its lexicon and gazetteer marks (:mod:`kg.extract.features`;
the model's ``dictionary`` flag adds embeddings of the longest dictionary words starting and
ending at it). A one-layer bidirectional LSTM reads the sentence, a linear layer scores each
character's BIOES labels over kg's four kinds, and a linear-chain CRF over learned label
transitions decodes them: Viterbi under the BIOES constraints picks the labels, and
forward-backward gives each label's marginal probability; a span's score is the mean
marginal of its labels.

Sentences are tagged in batches: sorted by decreasing length and laid out step-major
(:class:`Packing`): at step ``t`` the ``t``-th characters of every sentence that has one
are one contiguous block of rows, the backward direction reads each sentence reversed the
same way, and the CRF's Viterbi and forward-backward run over the same blocks, all
vectorized over the batch. There is no padding, so a sentence's labels depend on its own
characters only. The same call gives the same output run to run; a sentence tagged in
another batch gets the same spans, its scores equal to float32 rounding (~1e-6), as BLAS
sums in an order that depends on the matrices' shapes.

The weights (``kg/data/models/tagger.npz``) are trained by :mod:`kg.train.tagger` with
torch; tagging needs numpy alone. Matrices are stored as int8 rows with per-row scales.
"""

from __future__ import annotations

import itertools
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from kg.extract.features import (
    LEXICON_BITS,
    SentenceFeatures,
    bigrams,
    dictionary_mark_count,
    sentence_features,
    word_mark_count,
)
from kg.extract.words import Words, segment
from kg.model import Kind

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "tagger.npz"
KINDS: tuple[Kind, ...] = (Kind.PERSON, Kind.TITLE, Kind.ORGANIZATION, Kind.PLACE)
TAGS: tuple[str, ...] = ("O", *(f"{prefix}-{kind}" for kind in KINDS for prefix in "BIES"))
PAD, UNKNOWN = 0, 1  # vocabulary indices; known entries start at 2
FORBIDDEN = -1e4  # the score of a transition BIOES does not allow
# Matrices stored as int8 rows with per-row scales (see kg.train.tagger.quantize).
QUANTIZED = (
    "char_emb",
    "bigram_emb",
    "word_emb",
    "dict_emb",
    "forward_ih",
    "forward_hh",
    "backward_ih",
    "backward_hh",
    "out_weight",
)
CHUNK_CHARS = 20000  # characters run together (a page's sentences usually fit in one chunk)
_DIGITS = str.maketrans("123456789", "000000000")  # every digit reads as 0


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A mention the tagger found: ``start``/``end`` (exclusive) are offsets into its
    sentence; ``score`` is the mean marginal probability of its labels."""

    start: int
    end: int
    kind: Kind
    score: float


def allowed_transitions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """0 where BIOES allows a transition / a first label / a last label, ``FORBIDDEN`` elsewhere."""
    size = len(TAGS)
    transitions = np.zeros((size, size), dtype=np.float32)
    first = np.zeros(size, dtype=np.float32)
    last = np.zeros(size, dtype=np.float32)
    for i, tag in enumerate(TAGS):
        prefix, _, kind = tag.partition("-")
        if prefix in "BI":
            last[i] = FORBIDDEN
        if prefix in "IE":
            first[i] = FORBIDDEN
        for j, following in enumerate(TAGS):
            next_prefix, _, next_kind = following.partition("-")
            inside = prefix in "BI"
            if inside != (next_prefix in "IE") or (inside and next_kind != kind):
                transitions[i, j] = FORBIDDEN
    return transitions, first, last


def labels_of(length: int, spans: Sequence[tuple[int, int, Kind]]) -> list[int]:
    """BIOES label indices (into ``TAGS``) of a sentence with these spans; a span
    overlapping an earlier one is dropped."""
    tags = [0] * length
    for start, end, kind in sorted(spans):
        if start < 0 or end > length or start >= end or any(tags[start:end]):
            continue
        base = 1 + 4 * KINDS.index(kind)
        if end - start == 1:
            tags[start] = base + 3
        else:
            tags[start:end] = [base, *[base + 1] * (end - start - 2), base + 2]
    return tags


def spans_of(labels: Sequence[int]) -> list[tuple[int, int, Kind]]:
    """The ``(start, end, kind)`` spans of a BIOES label index sequence; broken ones are skipped."""
    found = []
    start, kind = -1, -1
    for i, label in enumerate(labels):
        if label == 0:
            start = -1
            continue
        position, current = (label - 1) % 4, (label - 1) // 4
        if position == 3:
            found.append((i, i + 1, KINDS[current]))
            start = -1
        elif position == 0:
            start, kind = i, current
        elif start < 0 or current != kind:
            start = -1
        elif position == 2:
            found.append((start, i + 1, KINDS[current]))
            start = -1
    return found


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` narrowed past spaces, punctuation and brackets that close or open nothing
    in the span at either edge (华菱集团”）→ 华菱集团; 中共中央党校（国家行政学院） stays)."""
    while True:
        before = start, end
        while start < end and _is_edge_noise(text[start]):
            start += 1
        while end > start and _is_edge_noise(text[end - 1]):
            end -= 1
        if start < end and unicodedata.category(text[end - 1]) == "Pe" and \
                not any(unicodedata.category(c) == "Ps" for c in text[start : end - 1]):
            end -= 1
        if start < end and unicodedata.category(text[start]) == "Ps" and \
                not any(unicodedata.category(c) == "Pe" for c in text[start + 1 : end]):
            start += 1
        if (start, end) == before:
            return start, end


def _is_edge_noise(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "ZC" or (category[0] == "P" and category not in ("Ps", "Pe"))


def dequantize(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    """An array of the model as float32, int8 rows scaled back."""
    array = arrays[name].astype(np.float32)
    if f"{name}_scale" in arrays:
        array *= arrays[f"{name}_scale"][:, None]
    return array


@dataclass(frozen=True, slots=True)
class Packing:
    """Where each character of a chunk of sentences (sorted by decreasing length) sits when
    the chunk is laid out step-major: the characters at position ``t`` of every sentence
    that has one (``active[t]`` of them, the longest sentences first) form one contiguous
    block of rows starting at ``starts[t]``. Each step reads one block, and no row is padding."""

    lengths: np.ndarray  # (sentences,) decreasing
    active: list[int]  # sentences with a character at each position
    starts: np.ndarray  # (steps + 1,) first row of each position's block; starts[-1] = rows
    rows: np.ndarray  # (characters,) row of each character, sentence after sentence
    mirror: np.ndarray  # (rows,) row of the character at the mirrored position of the same sentence
    blocks: list[slice]  # the rows of each step

    @classmethod
    def of(cls, lengths: Sequence[int]) -> Packing:
        lengths = np.asarray(lengths, dtype=np.int64)
        if len(lengths) == 0 or lengths[-1] < 1 or np.any(lengths[1:] > lengths[:-1]):
            raise ValueError("sentences must be non-empty and sorted by decreasing length")
        steps = int(lengths[0])
        active = np.searchsorted(-lengths, -np.arange(steps), side="left")
        starts = np.concatenate([[0], np.cumsum(active)])
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        position = np.arange(len(sentence)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        rows = starts[position] + sentence
        mirror = np.empty_like(rows)
        mirror[rows] = starts[lengths[sentence] - 1 - position] + sentence
        blocks = [slice(start, end) for start, end in itertools.pairwise(starts.tolist())]
        return cls(lengths, active.tolist(), starts, rows, mirror, blocks)

    def block(self, t: int) -> slice:
        return self.blocks[t]

    def last_rows(self) -> np.ndarray:
        """The row of each sentence's last character."""
        return self.starts[self.lengths - 1] + np.arange(len(self.lengths))


def viterbi(
    emissions: np.ndarray, packing: Packing, transitions: np.ndarray, first: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """The best label of each row of step-major ``emissions`` ``(rows, labels)`` under
    ``transitions[i, j]`` (label i then j) and first- and last-label scores.

    Runs label-major (``(labels, sentences)`` at each step), where the max over the
    previous label is an elementwise max of contiguous rows; the best previous labels are
    found again while tracing back, for the chosen label only, instead of being stored."""
    active, blocks = packing.active, packing.blocks
    scores = np.empty((emissions.shape[1], emissions.shape[0]), dtype=emissions.dtype)
    scores[:] = emissions.T
    steps = transitions[:, :, None]  # steps[i, j]: label i, then j
    scores[:, blocks[0]] += first[:, None]
    for t in range(1, len(active)):
        previous = scores[:, blocks[t - 1]][:, None, : active[t]]
        scores[:, blocks[t]] += (previous + steps).max(axis=0)
    choice = (scores[:, packing.last_rows()] + last[:, None]).argmax(axis=0)
    labels = np.empty(len(emissions), dtype=np.intp)
    state = choice.copy()
    for t in range(len(active) - 1, 0, -1):
        b = active[t]
        if t + 1 < len(active) and active[t + 1] < b:  # sentences whose last character is at t
            state[active[t + 1] : b] = choice[active[t + 1] : b]
        labels[blocks[t]] = state[:b]
        state[:b] = (scores[:, blocks[t - 1]][:, :b] + transitions[:, state[:b]]).argmax(axis=0)
    if len(active) > 1 and active[1] < active[0]:
        state[active[1] :] = choice[active[1] :]
    labels[blocks[0]] = state
    return labels


_RESCALE_EVERY = 4  # forward-backward steps between rescalings (float64 has room for many more)


def marginals(
    emissions: np.ndarray, packing: Packing, moves: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Each label's marginal probability at each row of step-major ``emissions``: forward-
    backward in probabilities, rescaled every few steps (each row's scale cancels when its
    marginals are normalized). ``moves``, ``starts`` and ``ends`` are the exponentiated
    transition, first-label and last-label scores."""
    active, blocks = packing.active, packing.blocks
    potentials = np.exp(emissions - emissions.max(axis=1, keepdims=True))
    alpha = np.empty_like(potentials)
    beta = np.empty_like(potentials)
    alpha[blocks[0]] = starts * potentials[blocks[0]]
    for t in range(1, len(active)):
        step = alpha[blocks[t - 1]][: active[t]] @ moves
        step *= potentials[blocks[t]]
        if t % _RESCALE_EVERY == 0:
            step /= step.sum(axis=1, keepdims=True)
        alpha[blocks[t]] = step
    beta[packing.last_rows()] = ends
    for t in range(len(active) - 2, -1, -1):
        following = blocks[t + 1]
        step = (potentials[following] * beta[following]) @ moves.T
        if t % _RESCALE_EVERY == 0:
            step /= step.sum(axis=1, keepdims=True)
        start = int(packing.starts[t])
        beta[start : start + active[t + 1]] = step
    product = alpha * beta
    return product / product.sum(axis=1, keepdims=True)


class MentionTagger:
    """A trained BiLSTM-CRF; load once, then :meth:`tag` many batches of sentences."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.with_dictionary = bool(arrays["dictionary"])
        self._chars = {char: i + 2 for i, char in enumerate(arrays["char_vocabulary"].tolist())}
        self._bigrams = {bigram: i + 2 for i, bigram in enumerate(arrays["bigram_vocabulary"].tolist())}
        w = {name: dequantize(arrays, name) for name in arrays if name in QUANTIZED or name.endswith("_bias")}
        if w["word_emb"].shape[0] != word_mark_count():
            raise ValueError("the model was trained with another jieba part-of-speech table")
        hidden = w["forward_hh"].shape[1]
        self.hidden = hidden
        # Each direction's input and recurrent projections, (2, inputs or hidden, 4 * hidden),
        # gates reordered from torch's (input, forget, cell, output) to (input, forget,
        # output, cell) and the three sigmoid gates' rows negated, so that one exp over the
        # first 3 * hidden columns gives them all: sigmoid(x) = 1 / (1 + exp(-x)).
        order = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        sign = np.ones(4 * hidden, dtype=np.float32)
        sign[: 3 * hidden] = -1.0

        def gates(name: str) -> np.ndarray:
            return w[name][order] * (sign[:, None] if w[name].ndim == 2 else sign)

        # The bias is the last row of the input projection: input rows end with a 1.
        self._w_ih = np.stack(
            [
                np.vstack([gates(f"{direction}_ih").T, gates(f"{direction}_bias")])
                for direction in ("forward", "backward")
            ]
        )
        self._w_hh = np.stack([gates("forward_hh").T, gates("backward_hh").T])
        self._char_emb, self._bigram_emb, self._word_emb = w["char_emb"], w["bigram_emb"], w["word_emb"]
        self._dict_emb = w.get("dict_emb")
        if self.with_dictionary and self._dict_emb.shape[0] != dictionary_mark_count():
            raise ValueError("the model was trained with another jieba dictionary")
        out = w["out_weight"]
        self._out_forward = np.ascontiguousarray(out[:, :hidden].T)
        self._out_backward = np.ascontiguousarray(out[:, hidden:].T)
        self._out_bias = w["out_bias"]
        self._transitions = arrays["transitions"].astype(np.float32)
        self._first = arrays["first"].astype(np.float32)
        self._last = arrays["last"].astype(np.float32)
        self._moves, self._starts, self._ends = (
            np.exp(arrays[name].astype(np.float64)) for name in ("transitions", "first", "last")
        )

    @classmethod
    def load(cls, path: Path | None = None) -> MentionTagger:
        """Open a weights file (default: the model shipped in ``kg/data/models``)."""
        with np.load(path or DEFAULT_MODEL) as weights:
            return cls(dict(weights))

    def tag(self, sentences: Sequence[str], words: Sequence[Words] | None = None) -> list[list[TaggedSpan]]:
        """The Person, Title, Organization and Place spans of each sentence, offsets into
        it, in order. ``words`` are :func:`kg.extract.words.segment` of each sentence
        (segmented here when None)."""
        if words is None:
            words = [segment(text) for text in sentences]
        elif len(words) != len(sentences):
            raise ValueError("give one word list per sentence")
        results: list[list[TaggedSpan]] = [[] for _ in sentences]
        order = sorted((i for i, text in enumerate(sentences) if text), key=lambda i: (-len(sentences[i]), i))
        chunks: list[list[int]] = []
        size = CHUNK_CHARS
        for i in order:
            if size + len(sentences[i]) > CHUNK_CHARS:
                chunks.append([])
                size = 0
            chunks[-1].append(i)
            size += len(sentences[i])
        for chunk in chunks:
            inputs = [
                sentence_features(sentences[i], words[i], with_dictionary=self.with_dictionary) for i in chunk
            ]
            packing = Packing.of([len(item.chars) for item in inputs])
            labels, probabilities = self._decode(inputs, packing)
            labels = labels[packing.rows]  # sentence after sentence
            # running sums of each character's probability of its label, for span means
            sums = np.concatenate([[0.0], np.cumsum(probabilities[packing.rows, labels])]).tolist()
            labels = labels.tolist()
            first = 0
            for i, length in zip(chunk, packing.lengths.tolist(), strict=True):
                text = sentences[i]
                for start, end, kind in spans_of(labels[first : first + length]):
                    score = (sums[first + end] - sums[first + start]) / (end - start)
                    start, end = trim(text, start, end)
                    if start < end:
                        results[i].append(TaggedSpan(start, end, kind, score))
                first += length
        return results

    def _inputs(self, inputs: list[SentenceFeatures], packing: Packing) -> np.ndarray:
        """The LSTM input rows of every character of the chunk, step-major, each ending with a 1."""
        chars, before, after, marks, lexicon, starts, ends = [], [], [], [], [], [], []
        char_id, bigram_id = self._chars.get, self._bigrams.get
        for item in inputs:
            text = item.chars.translate(_DIGITS)
            chars += map(char_id, text, repeat(UNKNOWN))
            ids = list(map(bigram_id, bigrams(text), repeat(UNKNOWN)))
            before += ids[:-1]  # the bigram ending at each character
            after += ids[1:]  # the bigram starting at it
            marks += item.words
            lexicon += item.lexicon
            if self.with_dictionary:
                starts += item.dict_starts
                ends += item.dict_ends
        order = np.empty(len(chars), dtype=np.intp)
        order[packing.rows] = np.arange(len(chars))  # the character at each row

        def rows(values: list) -> np.ndarray:
            return np.array(values, dtype=np.intp)[order]

        masks = rows(lexicon).astype("<u8").view(np.uint8).reshape(len(chars), 8)
        parts = [
            self._char_emb[rows(chars)],
            self._bigram_emb[rows(before)],
            self._bigram_emb[rows(after)],
            self._word_emb[rows(marks)],
        ]
        if self.with_dictionary:
            parts.extend([self._dict_emb[rows(starts)], self._dict_emb[rows(ends)]])
        parts.append(np.unpackbits(masks, axis=1, count=LEXICON_BITS, bitorder="little"))
        parts.append(np.ones((len(chars), 1), dtype=np.float32))  # for the bias
        return np.concatenate(parts, axis=1, dtype=np.float32)

    def _decode(self, inputs: list[SentenceFeatures], packing: Packing) -> tuple[np.ndarray, np.ndarray]:
        """The label of each row of a chunk (step-major) and the marginal probability of each
        label at each row."""
        hidden = self.hidden
        forward_inputs = self._inputs(inputs, packing)
        # Both directions read step-major rows; the backward one reads each sentence reversed.
        projected = np.empty((2, len(forward_inputs), 4 * hidden), dtype=np.float32)
        np.matmul(forward_inputs, self._w_ih[0], out=projected[0])
        np.matmul(forward_inputs[packing.mirror], self._w_ih[1], out=projected[1])
        states = np.empty((2, len(forward_inputs), hidden), dtype=np.float32)
        c = np.zeros((2, len(packing.lengths), hidden), dtype=np.float32)
        blocks = packing.blocks
        sigmoid, cell = slice(0, 3 * hidden), slice(3 * hidden, 4 * hidden)
        forget, output = slice(hidden, 2 * hidden), slice(2 * hidden, 3 * hidden)
        with np.errstate(over="ignore"):
            for t, b in enumerate(packing.active):
                rows = blocks[t]
                if t:
                    gates = np.matmul(states[:, blocks[t - 1]][:, :b], self._w_hh)
                    gates += projected[:, rows]
                else:
                    gates = projected[:, rows].copy()
                opened = gates[:, :, sigmoid]
                np.exp(opened, out=opened)
                opened += 1.0
                np.reciprocal(opened, out=opened)  # the input, forget and output gates
                candidate = np.tanh(gates[:, :, cell], out=gates[:, :, cell])
                candidate *= gates[:, :, :hidden]
                c_b = c[:, :b]
                c_b *= gates[:, :, forget]
                c_b += candidate
                h = np.tanh(c_b, out=states[:, rows])
                h *= gates[:, :, output]
        emissions = states[0] @ self._out_forward
        emissions += states[1][packing.mirror] @ self._out_backward
        emissions += self._out_bias
        return (
            viterbi(emissions, packing, self._transitions, self._first, self._last),
            marginals(emissions.astype(np.float64), packing, self._moves, self._starts, self._ends),
        )


_default: MentionTagger | None = None
_lock = threading.Lock()


def default_tagger() -> MentionTagger:
    """The shipped model, loaded once."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = MentionTagger.load()
    return _default
