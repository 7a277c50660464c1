"""Viterbi decoding of a linear-chain CRF, shared by the neural tagger and the LAC reader."""

from __future__ import annotations

import numpy as np


def best_path(emissions: np.ndarray, transitions: np.ndarray, first: np.ndarray, last: np.ndarray) -> list[int]:
    """The best-scoring label sequence (label indices) under per-step ``emissions``
    ``(steps, labels)``, ``transitions[i, j]`` (label i then j) and first/last-label scores."""
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
