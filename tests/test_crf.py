"""The CRF mention tagger, its training, the CLUENER scorer and ``kg extract``."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.evaluate.cluener import Example, evaluate, format_table, read, split
from kg.extract import neural
from kg.extract.crf import CrfTagger, labels, spans, train
from kg.extract.neural import CRF_WEIGHT, NeuralTagger
from kg.model import Kind, Mention

REPO = Path(__file__).resolve().parent.parent
CLUENER_TRAIN = REPO.parent / "shared" / "bench" / "cluener" / "train.json"


def _write_cluener(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_bioes_labels_round_trip() -> None:
    example = Example(
        "张良任北京市总工会主席", ((0, 2, Kind.PERSON), (3, 9, Kind.ORGANIZATION), (9, 11, Kind.TITLE))
    )
    tags = labels(example)
    assert tags[:4] == ["B-Person", "E-Person", "O", "B-Organization"]
    assert list(spans(tags)) == list(example.spans)
    assert list(spans(["B-Place", "O", "S-Title", "I-Person", "E-Person"])) == [(2, 3, Kind.TITLE)]


def test_training_is_deterministic(tmp_path: Path) -> None:
    if not CLUENER_TRAIN.is_file():
        pytest.skip(f"{CLUENER_TRAIN} not present")
    small = tmp_path / "small.json"
    with CLUENER_TRAIN.open(encoding="utf-8") as lines:
        small.write_text("".join(next(lines) for _ in range(300)), encoding="utf-8")
    params = {"max_iterations": 30}
    first = train(small, tmp_path / "a.crfsuite", params=params)
    second = train(small, tmp_path / "b.crfsuite", params=params)
    assert (first["train_examples"], first["heldout_examples"]) == (270, 30)
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert first["sha256"] == second["sha256"]
    assert CrfTagger.load(tmp_path / "a.crfsuite").tag("叶老桂认为。") is not None


def test_shipped_model_tags_a_news_sentence() -> None:
    text = "北京市总工会党组书记、副主席张良出席会议并讲话。"
    mentions = CrfTagger.load().tag(text)
    assert all(text[m.start : m.end] == m.text and m.source == "crf" for m in mentions)
    found = {(m.text, m.kind) for m in mentions}
    assert ("张良", Kind.PERSON) in found
    assert ("北京市总工会", Kind.ORGANIZATION) in found
    assert ("副主席", Kind.TITLE) in found


@pytest.mark.parametrize("crf_weight", [CRF_WEIGHT, 0.0])
def test_shipped_neural_tagger_tags_a_news_sentence(crf_weight: float) -> None:
    text = "北京市总工会党组书记、副主席张良出席会议并讲话。"
    mentions = NeuralTagger.load(crf_weight=crf_weight).tag(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    found = {(m.text, m.kind) for m in mentions}
    assert {("张良", Kind.PERSON), ("北京市总工会", Kind.ORGANIZATION), ("副主席", Kind.TITLE)} <= found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("这场比赛中，孙兴慜和金玟哉都有出色发挥。", "金玟哉"),  # a Korean name in a pair
        ("这位名叫阿卜杜拉的青年来自新疆喀什。", "阿卜杜拉"),  # a Uyghur name, no surname
        ("球迷们高喊着C罗的名字。", "C罗"),  # a nickname in mixed script
        ("Faker在赛后采访中表示很满意。", "Faker"),  # Latin script
    ],
)
def test_neural_tagger_reads_hard_personal_names(text: str, name: str) -> None:
    """Names the ensemble missed before it read LAC's tags (sentences written for this test)."""
    found = {(m.text, m.kind) for m in NeuralTagger.load().tag(text)}
    assert (name, Kind.PERSON) in found


def test_shipped_model_offsets_in_long_text() -> None:
    text = "本报讯 (记者 白莹) 4月29日上午,在长辛店二七纪念馆,北京市总工会召开座谈会。\n\n王明出席。"
    mentions = CrfTagger.load().tag(text)
    assert mentions
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert ("王明", Kind.PERSON) in {(m.text, m.kind) for m in mentions}


class _FixedTagger:
    """Returns the same mentions for every text (for scoring tests)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions

    def tag(self, text: str) -> list[Mention]:
        return self.mentions


def test_scoring_counts_exact_spans(tmp_path: Path) -> None:
    path = _write_cluener(
        tmp_path / "tiny.json",
        [
            {
                "text": "张良任北京市总工会主席",
                "label": {
                    "name": {"张良": [[0, 1]]},
                    "government": {"北京市总工会": [[3, 8]]},
                    "position": {"主席": [[9, 10]]},
                    "book": {"工会": [[6, 7]]},
                },
            }
        ],
    )
    assert read(path)[0].spans == ((0, 2, Kind.PERSON), (3, 9, Kind.ORGANIZATION), (9, 11, Kind.TITLE))
    tagger = _FixedTagger(
        [
            Mention(0, 2, Kind.PERSON, "张良"),  # right
            Mention(3, 6, Kind.ORGANIZATION, "北京市"),  # wrong span
            Mention(9, 11, Kind.PLACE, "主席"),  # wrong kind
        ]
    )
    result = evaluate(path, tagger=tagger, heldout_only=False)
    assert result["Person"] == {"P": 1.0, "R": 1.0, "F1": 1.0, "pred": 1, "gold": 1}
    assert result["Organization"]["F1"] == 0.0
    assert (result["Place"]["pred"], result["Place"]["gold"]) == (1, 0)
    assert (result["Title"]["pred"], result["Title"]["gold"]) == (0, 1)
    overall = result["overall"]
    assert (overall["pred"], overall["gold"]) == (3, 3)
    assert overall["P"] == pytest.approx(1 / 3) and overall["R"] == pytest.approx(1 / 3)
    assert "overall" in format_table(result)


def test_split_is_seeded_and_disjoint(tmp_path: Path) -> None:
    path = _write_cluener(tmp_path / "lines.json", [{"text": f"第{i}行", "label": {}} for i in range(50)])
    train_part, heldout = split(path)
    assert (len(train_part), len(heldout)) == (45, 5)
    assert not {e.text for e in train_part} & {e.text for e in heldout}
    assert split(path) == (train_part, heldout)
    assert split(path, seed=1) != (train_part, heldout)


def _kg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )


def test_extract_cli_writes_mentions(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "北京市总工会党组书记、副主席张良出席会议。"}\n'
        "not json\n"
        "\n"
        '{"id": 7, "text": "李华在上海市浦东新区工作。"}\n',
        encoding="utf-8",
    )
    result = _kg("extract", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    assert ":2:" in result.stderr and len(result.stderr.splitlines()) == 1
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", None, 7]
    assert "error" in records[1]
    texts = {0: "北京市总工会党组书记、副主席张良出席会议。", 2: "李华在上海市浦东新区工作。"}
    for index, text in texts.items():
        assert records[index]["mentions"]
        for mention in records[index]["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
            assert mention["type"] in {"Person", "Title", "Organization", "Place"}


def test_extract_cli_streams_stdin_to_stdout() -> None:
    result = _kg("extract", "--jsonl", "-", stdin='{"id": 1, "text": "张良出席会议。"}\n')
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (
        record["id"] == 1 and {"start": 0, "end": 2, "type": "Person", "text": "张良"} in record["mentions"]
    )


def test_extract_cli_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = _kg("extract", "--jsonl", str(tmp_path / "absent.jsonl"))
    assert result.returncode == 1
    assert result.stderr.startswith("kg: no input file") and len(result.stderr.splitlines()) == 1


def test_neural_ensemble_averages_its_members() -> None:
    """Two copies of one member tag exactly as that member alone; int8 rows scale back."""
    with np.load(neural.DEFAULT_MODEL) as weights:
        arrays = dict(weights)
    assert int(arrays["members"]) >= 2
    alone = {**arrays, "members": np.array(1)}
    twice = {**alone, "members": np.array(2)}
    twice.update({name.replace("member0_", "member1_"): array for name, array in alone.items()
                  if name.startswith("member0_")})
    text = "北京市总工会党组书记、副主席张良出席会议并讲话。"
    taggers = [NeuralTagger(w, None, 0.0) for w in (alone, twice)]
    np.testing.assert_allclose(taggers[0].log_marginals(text), taggers[1].log_marginals(text), rtol=1e-5, atol=1e-5)
    matrix = np.array([[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]], dtype=np.float32)
    rows, scales = neural._quantize(matrix)
    assert rows.dtype == np.int8 and rows[0, 1] == -127
    np.testing.assert_allclose(rows * scales[:, None], matrix, atol=0.5 / 127)


def test_neural_training_is_deterministic_across_jobs(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    if not CLUENER_TRAIN.is_file():
        pytest.skip(f"{CLUENER_TRAIN} not present")
    small = tmp_path / "small.json"
    with CLUENER_TRAIN.open(encoding="utf-8") as lines:
        small.write_text("".join(next(lines) for _ in range(120)), encoding="utf-8")
    params = {"epochs": 1, "hidden": 8, "char_dim": 8, "bigram_dim": 4, "members": 2}
    serial = neural.train(small, tmp_path / "a.npz", params=params, jobs=1)
    parallel = neural.train(small, tmp_path / "b.npz", params=params, jobs=2)
    assert serial["sha256"] == parallel["sha256"]
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    with np.load(tmp_path / "a.npz") as weights:
        assert int(weights["members"]) == 2
        assert not np.array_equal(weights["member0_forward_hh"], weights["member1_forward_hh"])
    assert NeuralTagger.load(tmp_path / "a.npz", crf_weight=0.0).tag("叶老桂认为。") is not None


def test_forward_backward_matches_enumeration() -> None:
    """Each member's marginals equal the ones summed over every label sequence."""
    rng = np.random.default_rng(0)
    members, steps, size = 2, 5, 4
    emissions = rng.normal(size=(members, steps, size)) * 5
    transitions = rng.normal(size=(members, size, size))
    transitions[:, 0, 1] = -1e4  # a forbidden move
    first, last = rng.normal(size=(members, size)), rng.normal(size=(members, size))
    log_marginals = neural._log_marginals(emissions, np.exp(transitions), np.exp(first), np.exp(last))
    for m in range(members):
        marginals = np.zeros((steps, size))
        for sequence in itertools.product(range(size), repeat=steps):
            score = first[m, sequence[0]] + last[m, sequence[-1]] + emissions[m, 0, sequence[0]]
            for t in range(1, steps):
                score += transitions[m, sequence[t - 1], sequence[t]] + emissions[m, t, sequence[t]]
            marginals[range(steps), sequence] += np.exp(score)
        marginals /= marginals.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(np.exp(log_marginals[m]), np.maximum(marginals, 1e-6), rtol=1e-6)
