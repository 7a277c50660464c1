"""Tagging speed of the shipped mention taggers (the CRF; the BiLSTM-CRF ensemble with and
without the CRF's marginals) and of the LAC reading the ensemble takes as input, in
characters per second.

Usage: python benchmarks/bench_tagger.py [CORPUS_DIR] [CLUENER_TRAIN_JSON]
(defaults: ../shared/corpus and ../shared/bench/cluener/train.json from the repo root).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.evaluate.cluener import split
from kg.extract.crf import CrfTagger, _sentences
from kg.extract.lac import analyzer
from kg.extract.neural import NeuralTagger

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


class LacReader:
    """LAC alone, sentence by sentence as the ensemble runs it."""

    def tag(self, text: str) -> None:
        for _, sentence in _sentences(text):
            analyzer().marks(sentence)


def chars_per_second(tagger: CrfTagger | NeuralTagger | LacReader, texts: list[str]) -> tuple[int, float]:
    """Characters tagged and characters per second over ``texts`` (one core, one pass)."""
    began = time.perf_counter()
    for text in texts:
        tagger.tag(text)
    elapsed = time.perf_counter() - began
    chars = sum(map(len, texts))
    return chars, chars / elapsed


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "corpus"
    cluener = Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED / "bench" / "cluener" / "train.json"
    pages = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    heldout = [example.text for example in split(cluener)[1]]
    taggers = {
        "crf": CrfTagger.load(),
        "ensemble+crf": NeuralTagger.load(),
        "ensemble": NeuralTagger.load(crf_weight=0.0),
        "lac": LacReader(),
    }
    for tagger_name, tagger in taggers.items():
        tagger.tag("预热：北京市总工会。")  # jieba and the model load outside the timing
        for name, texts in (("news pages", pages), ("CLUENER held-out", heldout)):
            chars, speed = chars_per_second(tagger, texts)
            print(f"{tagger_name:<14}{name:<18}{len(texts):>6} texts {chars:>8} chars {speed:>10,.0f} chars/s")


if __name__ == "__main__":
    main()
