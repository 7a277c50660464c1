"""Speed of the mention tagger on one core, in characters per second: jieba segmentation
(:func:`kg.extract.words.segment`), the features (:mod:`kg.extract.features`), and tagging
(:meth:`kg.extract.tagger.MentionTagger.tag`, features included, words given), each page's
sentences passed at once, as ``kg build`` passes them.

Usage: python benchmarks/bench_tagger.py [CORPUS_DIR] [BENCH_DIR]
(defaults: ../shared/corpus and ../shared/bench from the repo root). Pages are the corpus's
news pages, cut into sentences, and pages of about 3,500 characters made of the held-out
sentences of CLUENER and MSRA (the corpora's own sentences, in file order).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, before numpy loads

import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.extract.features import sentence_features  # noqa: E402
from kg.extract.tagger import default_tagger  # noqa: E402
from kg.extract.words import segment  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PAGE_CHARS = 3500
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]*")


def sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text) if m.group().strip()]


def pages_of(texts: list[str]) -> list[list[str]]:
    """Consecutive sentences grouped into pages of about ``PAGE_CHARS`` characters."""
    pages, page, size = [], [], 0
    for text in texts:
        page.append(text)
        size += len(text)
        if size >= PAGE_CHARS:
            pages.append(page)
            page, size = [], 0
    return pages + ([page] if page else [])


def speed(run: Callable[[list[str], list], object], pages: list[list[str]], words: list[list]) -> float:
    """Characters per second of ``run(page sentences, page words)`` over every page; best of three."""
    chars = sum(len(text) for page in pages for text in page)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for page, page_words in zip(pages, words, strict=True):
            run(page, page_words)
        best = min(best, time.perf_counter() - began)
    return chars / best


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "corpus"
    bench = Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED / "bench"
    sets = {
        "news pages": [sentences(path.read_text(encoding="utf-8")) for path in sorted(corpus.glob("*.txt"))]
    }
    if bench.is_dir():
        from kg.train.corpora import load

        heldout = load(bench).heldout
        for name in ("cluener", "msra"):
            sets[f"{name} held-out"] = pages_of([example.text for example in heldout[name]])
    tagger = default_tagger()
    tagger.tag(["预热：北京市总工会。"])  # jieba, lexicons and the model load outside the timing
    print(
        f"{'':<16}{'pages':>6}{'chars':>9}{'segment':>11}{'features':>11}{'tag':>11}{'segment+tag':>13}  chars/s"
    )
    for name, pages in sets.items():
        words = [[segment(text) for text in page] for page in pages]
        figures = [
            speed(lambda page, _: [segment(text) for text in page], pages, words),
            speed(
                lambda page, page_words: [
                    sentence_features(t, w, with_dictionary=tagger.with_dictionary)
                    for t, w in zip(page, page_words, strict=True)
                ],
                pages,
                words,
            ),
            speed(lambda page, page_words: tagger.tag(page, page_words), pages, words),
            speed(lambda page, _: tagger.tag(page), pages, words),
        ]
        chars = sum(len(text) for page in pages for text in page)
        print(
            f"{name:<16}{len(pages):>6}{chars:>9}"
            + "".join(f"{f:>11,.0f}" for f in figures[:3])
            + f"{figures[3]:>13,.0f}"
        )


if __name__ == "__main__":
    main()
