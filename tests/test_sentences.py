"""Every component on sentences written for its test (tests/sentences/*.jsonl).

A case whose id is listed in ``tests/sentences/known_failures.tsv`` (with the reason) is
expected to fail, strictly: when it starts passing, the test says so and the line goes.
"""

from __future__ import annotations

import pytest
from sentence_cases import FILES, SENTENCES, cases, failures


def _known_failures() -> dict[str, str]:
    path = SENTENCES / "known_failures.tsv"
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return {case_id: reason for case_id, reason in rows}


KNOWN = _known_failures()
PARAMS = [
    pytest.param(name, case, id=case.id,
                 marks=[pytest.mark.xfail(strict=True, reason=KNOWN[case.id])] if case.id in KNOWN else [])
    for name in FILES for case in cases(name)
]


def test_known_failures_name_real_cases():
    ids = {case.id for name in FILES for case in cases(name)}
    assert set(KNOWN) <= ids


@pytest.mark.parametrize(("name", "case"), PARAMS)
def test_sentence(name, case):
    problems = failures(case, resolved=name == "resolution")
    assert not problems, f"{case.text}\n  " + "\n  ".join(problems)
