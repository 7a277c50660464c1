"""Statistical mention tagger: a linear-chain CRF over characters (python-crfsuite).

Each character gets a BIOES label over kg's kinds (``B-Person``, ``E-Place``, ``O`` …).
Its features: the characters and character bigrams/trigrams around it, its character
class, where it sits in its jieba word and that word's jieba part of speech, the longest
jieba dictionary words starting and ending at it, and whether it starts, ends or lies
inside a match of the lexicons under ``kg/data/crf`` (surnames, title heads,
organization and place suffixes). Long text is tagged one sentence at a time.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import ahocorasick
import jieba
import jieba.posseg
import pycrfsuite

from kg.evaluate.cluener import SPLIT_SEED, Example, Span, split
from kg.model import Kind, Mention

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_MODEL = DATA_DIR / "models" / "mentions.crfsuite"
LEXICON_FILES = {
    "sur": "surnames.txt",
    "tit": "title_heads.txt",
    "org": "org_suffixes.txt",
    "plc": "place_suffixes.txt",
}
# L-BFGS with L1 (c1, prunes features: a ~4 MB model) and L2 (c2); picked on the held-out
# split from c1 ∈ {0.05, 0.1, 0.2, 0.3}, c2 ∈ {0.01, 0.1, 0.2, 0.3, 0.5}.
TRAINING_PARAMS = {"c1": 0.2, "c2": 0.2, "max_iterations": 150, "feature.minfreq": 2}

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space fold to half-width, so news
# text with "," and CLUENER text with "，" look alike; one character maps to one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]*")
_PAD = 3  # characters of context on each side
_MAX_DICT_WORD = 6


def _char_class(char: str) -> str:
    if char.isdigit():
        return "d"
    if char.isascii() and char.isalpha():
        return "a"
    if "\u4e00" <= char <= "\u9fff":
        return "h"
    if char.isspace():
        return "s"
    return "o" if char.isalnum() else "p"


@cache
def _lexicons() -> ahocorasick.Automaton:
    """One automaton over all lexicons: word → ``(lexicon names, length)``."""
    names_of: dict[str, list[str]] = {}
    for name, filename in LEXICON_FILES.items():
        for line in (DATA_DIR / "crf" / filename).read_text(encoding="utf-8").splitlines():
            entry = line.strip()
            if entry and not entry.startswith("#"):
                names_of.setdefault(entry, []).append(name)
    automaton = ahocorasick.Automaton()
    for word, names in names_of.items():
        automaton.add_word(word, (tuple(names), len(word)))
    automaton.make_automaton()
    return automaton


@cache
def _jieba() -> tuple[jieba.Tokenizer, dict[str, str]]:
    """jieba's default tokenizer, initialized once, and its word → part-of-speech table."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt, jieba.posseg.dt.word_tag_tab


def _lexicon_marks(text: str) -> list[list[str]]:
    """Per character, ``sur:B`` / ``org:E`` / ``tit:I`` / ``plc:S`` for each lexicon match."""
    marks: list[list[str]] = [[] for _ in text]
    for end, (names, length) in _lexicons().iter(text):
        start = end - length + 1
        for name in names:
            if length == 1:
                marks[start].append(f"{name}:S")
                continue
            marks[start].append(f"{name}:B")
            marks[end].append(f"{name}:E")
            for inside in range(start + 1, end):
                marks[inside].append(f"{name}:I")
    return marks


def _word_marks(text: str) -> list[str]:
    """Per character, its place in its jieba word (B/M/E/S) joined to the word's POS tag."""
    tokenizer, tags = _jieba()
    marks: list[str] = []
    for word in tokenizer.cut(text):
        tag = tags.get(word, "new")
        if len(word) == 1:
            marks.append(f"S{tag}")
        else:
            marks.extend([f"B{tag}", *[f"M{tag}"] * (len(word) - 2), f"E{tag}"])
    return marks


def _dictionary_marks(text: str) -> tuple[list[str], list[str]]:
    """Per character, the length and POS tag of the longest jieba dictionary word that
    starts at it, and of the longest one that ends at it (empty when none of length ≥ 2)."""
    tokenizer, tags = _jieba()
    frequency = tokenizer.FREQ
    starts = [""] * len(text)
    ends = [""] * len(text)
    for i in range(len(text)):
        for length in range(min(_MAX_DICT_WORD, len(text) - i), 1, -1):
            word = text[i : i + length]
            if frequency.get(word):
                starts[i] = f"{length}{tags.get(word, '')}"
                break
        for length in range(min(_MAX_DICT_WORD, i + 1), 1, -1):
            word = text[i - length + 1 : i + 1]
            if frequency.get(word):
                ends[i] = f"{length}{tags.get(word, '')}"
                break
    return starts, ends


def features(text: str) -> list[list[str]]:
    """The CRF features of every character of ``text`` (one sentence or a short text)."""
    text = text.translate(_HALF_WIDTH)
    c = ["\x02"] * _PAD + list(text) + ["\x03"] * _PAD  # padded characters
    classes = [_char_class(char) for char in c]
    words = _word_marks(text)
    dict_starts, dict_ends = _dictionary_marks(text)
    lexicon = _lexicon_marks(text)
    sequence = []
    for i in range(len(text)):
        p = i + _PAD
        item = [
            "b",
            f"c-3={c[p - 3]}",
            f"c-2={c[p - 2]}",
            f"c-1={c[p - 1]}",
            f"c0={c[p]}",
            f"c1={c[p + 1]}",
            f"c2={c[p + 2]}",
            f"c3={c[p + 3]}",
            f"c-2-1={c[p - 2]}{c[p - 1]}",
            f"c-10={c[p - 1]}{c[p]}",
            f"c01={c[p]}{c[p + 1]}",
            f"c12={c[p + 1]}{c[p + 2]}",
            f"c-20={c[p - 2]}{c[p - 1]}{c[p]}",
            f"c-11={c[p - 1]}{c[p]}{c[p + 1]}",
            f"c02={c[p]}{c[p + 1]}{c[p + 2]}",
            f"t0={classes[p]}",
            f"t-11={classes[p - 1]}{classes[p]}{classes[p + 1]}",
            f"w0={words[i]}",
            f"w-1={words[i - 1] if i else '^'}",
            f"w1={words[i + 1] if i + 1 < len(text) else '$'}",
            f"ds={dict_starts[i]}",
            f"de={dict_ends[i]}",
        ]
        item.extend(f"x={mark}" for mark in lexicon[i])
        sequence.append(item)
    return sequence


def labels(example: Example) -> list[str]:
    """BIOES labels of an example's characters; a span overlapping an earlier one is dropped."""
    tags = ["O"] * len(example.text)
    for start, end, kind in example.spans:
        if any(tag != "O" for tag in tags[start:end]):
            continue
        if end - start == 1:
            tags[start] = f"S-{kind}"
        else:
            tags[start:end] = [f"B-{kind}", *[f"I-{kind}"] * (end - start - 2), f"E-{kind}"]
    return tags


def spans(tags: list[str]) -> Iterator[Span]:
    """The ``(start, end, kind)`` spans of a BIOES label sequence; broken spans are skipped."""
    start, kind = None, None
    for i, tag in enumerate(tags):
        prefix, _, name = tag.partition("-")
        if prefix == "S":
            yield i, i + 1, Kind(name)
            start = None
        elif prefix == "B":
            start, kind = i, name
        elif prefix == "I" and name == kind and start is not None:
            continue
        elif prefix == "E" and name == kind and start is not None:
            yield start, i + 1, Kind(name)
            start = None
        else:
            start = None


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, sentence)`` for each sentence-like chunk of ``text``, ending punctuation kept."""
    for match in _SENTENCE.finditer(text):
        if match.group():
            yield match.start(), match.group()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` narrowed past spaces and punctuation other than brackets at either edge."""
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return start, end


def _is_edge_noise(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "ZC" or (category[0] == "P" and category not in ("Ps", "Pe"))


class CrfTagger:
    """A trained CRF model; reuse one object for many calls to :meth:`tag`."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        self._tagger = tagger

    @classmethod
    def load(cls, path: Path | None = None) -> CrfTagger:
        """Open a model file (default: the model shipped in ``kg/data/models``)."""
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path or DEFAULT_MODEL))
        _jieba()
        return cls(tagger)

    def tag(self, text: str) -> list[Mention]:
        """Person, Title, Organization and Place mentions of ``text``, offsets into ``text``."""
        mentions = []
        for offset, sentence in _sentences(text):
            if sentence.isspace():
                continue
            for start, end, kind in spans(self._tagger.tag(features(sentence))):
                start, end = _trim(text, offset + start, offset + end)
                if start < end:
                    mentions.append(Mention(start, end, kind, text[start:end], "crf"))
        return mentions


def train(train_path: Path, model_path: Path, *, seed: int = SPLIT_SEED, params: dict | None = None) -> dict:
    """Train on the training part of a CLUENER file's split (``seed`` picks the held-out
    lines); write the model to ``model_path``. Returns counts, the parameters used,
    seconds, model size and sha256.

    Training is deterministic: the same file and parameters give the same model bytes."""
    params = {**TRAINING_PARAMS, **(params or {})}
    began = time.perf_counter()
    train_examples, heldout_examples = split(train_path, seed=seed)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(params)
    for example in train_examples:
        trainer.append(features(example.text), labels(example))
    featurized = time.perf_counter()
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    finished = time.perf_counter()
    model_bytes = model_path.read_bytes()
    return {
        "train_examples": len(train_examples),
        "heldout_examples": len(heldout_examples),
        "seed": seed,
        "params": params,
        "feature_seconds": round(featurized - began, 1),
        "train_seconds": round(finished - featurized, 1),
        "model_bytes": len(model_bytes),
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
    }
