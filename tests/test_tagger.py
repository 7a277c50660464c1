"""The mention tagger: segmentation, features, the numpy BiLSTM-CRF, its training, the
corpora readers, the CLUENER scorer and ``kg extract``.

The sentences the shipped model is checked on were written for these tests, not taken
from any corpus."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.evaluate.cluener import Example as ClueExample
from kg.evaluate.cluener import evaluate, format_table, read, score, split
from kg.extract import features
from kg.extract.tagger import (
    TAGS,
    MentionTagger,
    Packing,
    TaggedSpan,
    allowed_transitions,
    default_tagger,
    labels_of,
    marginals,
    spans_of,
    viterbi,
)
from kg.extract.words import UNKNOWN_POS, dictionary, segment
from kg.model import Kind, Mention
from kg.train import corpora
from kg.train.corpora import Corpora, Example

REPO = Path(__file__).resolve().parent.parent
PER, TIT, ORG, LOC = Kind.PERSON, Kind.TITLE, Kind.ORGANIZATION, Kind.PLACE


def _found(text: str) -> set[tuple[str, Kind]]:
    spans = default_tagger().tag([text])[0]
    assert all(isinstance(s, TaggedSpan) and 0 < s.score <= 1 for s in spans)
    return {(text[s.start : s.end], s.kind) for s in spans}


# --- segmentation and features -------------------------------------------------------------


def test_segment_covers_the_text_and_folds_full_width() -> None:
    text = "１９９７年，ＡＢＣ公司在北京市成立。 Hello"
    words = segment(text)
    assert words[0][0] == 0 and words[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(words))
    assert segment("1997年，ABC公司在北京市成立。 Hello") == words  # full width cuts as half width
    tags = dict(((text[s:e], pos) for s, e, pos in words))
    assert tags["北京市"] == "ns" and tags["，"] == UNKNOWN_POS
    assert segment("") == ()


def test_segment_ignores_words_added_to_jieba_dt() -> None:
    import jieba

    before = segment("张良辞职了")
    jieba.add_word("良辞职", freq=10**9)
    try:
        assert segment("张良辞职了") == before
    finally:
        jieba.del_word("良辞职")
    assert dictionary() is dictionary()


def test_lexicon_marks_find_countries_divisions_and_suffixes() -> None:
    text = "俄罗斯总理访问门头沟区人民政府"
    marks = features.lexicon_marks(features.fold(text))
    country = features.LEXICONS.index("country")
    division = features.LEXICONS.index("division")
    title = features.LEXICONS.index("title_head")

    def has(i: int, lexicon: int, position: str) -> bool:
        return bool(marks[i] >> (4 * lexicon + "BIES".index(position)) & 1)

    assert has(0, country, "B") and has(1, country, "I") and has(2, country, "E")
    assert has(3, title, "B") and has(4, title, "E")
    start = text.index("门头沟区")
    assert has(start, division, "B") and has(start + 3, division, "E")
    assert not has(5, country, "B")


def test_word_and_dictionary_marks() -> None:
    text = "张良出席会议"
    words = segment(text)
    marks = features.word_marks(words)
    assert len(marks) == len(text) and all(0 <= m < features.word_mark_count() for m in marks)
    tags = features.WORD_POSITIONS
    for start, end, pos in words:
        positions = "S" if end - start == 1 else "B" + "M" * (end - start - 2) + "E"
        assert [tags[m % 4] for m in marks[start:end]] == list(positions)
        assert {m // 4 for m in marks[start:end]} == {features._pos_index()[pos]}
    starts, ends = features.dictionary_marks(text)
    width, tags_of = len(features._pos_index()), dictionary().tags

    def value(word: str) -> int:
        return 1 + (len(word) - 2) * width + features._pos_index()[tags_of[word]]

    assert starts[2] == value("出席会议") and ends[3] == value("出席") and ends[5] == value("出席会议")
    assert starts[5] == 0 and ends[0] == 0
    assert all(0 <= m < features.dictionary_mark_count() for m in starts + ends)


# --- labels, decoding, batching -------------------------------------------------------------


def test_bioes_labels_round_trip() -> None:
    spans = [(0, 2, PER), (3, 9, ORG), (9, 11, TIT), (11, 12, LOC)]
    labels = labels_of(12, spans)
    assert [TAGS[i] for i in labels[:4]] == ["B-Person", "E-Person", "O", "B-Organization"]
    assert TAGS[labels[11]] == "S-Place"
    assert spans_of(labels) == spans
    broken = [TAGS.index(tag) for tag in ("B-Place", "O", "S-Title", "I-Person", "E-Person")]
    assert spans_of(broken) == [(2, 3, TIT)]
    assert labels_of(4, [(0, 3, PER), (2, 4, LOC)]) == labels_of(4, [(0, 3, PER)])  # overlap dropped


def _score(path, emissions, transitions, first, last) -> float:
    total = first[path[0]] + last[path[-1]] + sum(emissions[t, label] for t, label in enumerate(path))
    return total + sum(transitions[a, b] for a, b in itertools.pairwise(path))


def _random_crf(rng, size: int, lengths: list[int]):
    """Random emissions of sentences of these lengths, laid out step-major, and CRF scores."""
    packing = Packing.of(lengths)
    per_sentence = [rng.normal(size=(length, size)) * 3 for length in lengths]
    emissions = np.empty((sum(lengths), size))
    emissions[packing.rows] = np.concatenate(per_sentence)
    transitions = rng.normal(size=(size, size))
    transitions[0, 1] = -1e4  # a forbidden move
    return packing, per_sentence, emissions, transitions, rng.normal(size=size), rng.normal(size=size)


def test_viterbi_and_forward_backward_match_enumeration() -> None:
    rng = np.random.default_rng(0)
    size, lengths = 3, [5, 4, 4, 2, 1]
    packing, per_sentence, emissions, transitions, first, last = _random_crf(rng, size, lengths)
    labels = viterbi(emissions, packing, transitions, first, last)[packing.rows]
    probabilities = marginals(emissions, packing, np.exp(transitions), np.exp(first), np.exp(last))[
        packing.rows
    ]
    begin = 0
    for length, sentence in zip(lengths, per_sentence, strict=True):
        sequences = list(itertools.product(range(size), repeat=length))
        scores = [_score(s, sentence, transitions, first, last) for s in sequences]
        assert labels[begin : begin + length].tolist() == list(sequences[int(np.argmax(scores))])
        expected = np.zeros((length, size))
        weights = np.exp(np.array(scores) - max(scores))
        for sequence, weight in zip(sequences, weights, strict=True):
            expected[range(length), sequence] += weight
        expected /= expected.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(probabilities[begin : begin + length], expected, rtol=1e-6, atol=1e-9)
        begin += length


def _log_space_marginals(emissions, transitions, first, last) -> np.ndarray:
    """Forward-backward in log space, one sentence at a time (a slow reference)."""
    steps = len(emissions)
    alpha, beta = np.zeros_like(emissions), np.zeros_like(emissions)
    alpha[0] = first + emissions[0]
    for t in range(1, steps):
        alpha[t] = np.logaddexp.reduce(alpha[t - 1][:, None] + transitions, axis=0) + emissions[t]
    beta[-1] = last
    for t in range(steps - 2, -1, -1):
        beta[t] = np.logaddexp.reduce(transitions + emissions[t + 1] + beta[t + 1], axis=1)
    joint = alpha + beta
    return np.exp(joint - np.logaddexp.reduce(joint, axis=1, keepdims=True))


def test_forward_backward_on_long_sentences_matches_log_space() -> None:
    rng = np.random.default_rng(3)
    lengths = [300, 120, 120, 7]
    packing, per_sentence, emissions, transitions, first, last = _random_crf(rng, len(TAGS), lengths)
    emissions *= 3  # sharp scores, long sentences: the rescaling must keep the numbers in range
    per_sentence = [sentence * 3 for sentence in per_sentence]
    probabilities = marginals(emissions, packing, np.exp(transitions), np.exp(first), np.exp(last))[packing.rows]
    begin = 0
    for length, sentence in zip(lengths, per_sentence, strict=True):
        expected = _log_space_marginals(sentence, transitions, first, last)
        np.testing.assert_allclose(probabilities[begin : begin + length], expected, atol=1e-9)
        begin += length


def test_packing_lays_out_sentences_step_major() -> None:
    packing = Packing.of([3, 2, 2, 1])
    assert packing.active == [4, 3, 1] and packing.starts.tolist() == [0, 4, 7, 8]
    assert packing.rows.tolist() == [0, 4, 7, 1, 5, 2, 6, 3]
    assert packing.mirror[packing.rows].tolist() == [7, 4, 0, 5, 1, 6, 2, 3]
    assert packing.last_rows().tolist() == [7, 5, 6, 3]
    with pytest.raises(ValueError):
        Packing.of([2, 3])


def _spans(found: list[list[TaggedSpan]]) -> list[list[tuple[int, int, Kind]]]:
    return [[(s.start, s.end, s.kind) for s in spans] for spans in found]


BATCH = [
    "北京市总工会党组书记、副主席张良出席会议并讲话。",
    "李华在上海市浦东新区工作。",
    "他说：",
    "",
    "１９９８年，ＡＢＣ公司总裁王明访问了日本东京。",
    "国务院总理朱镕基今天在中南海紫光阁会见了法国外交部长韦德里纳，双方就中法关系交换了意见。",
    "好",
    "  ",
]


def test_batched_tagging_equals_one_at_a_time_and_is_repeatable() -> None:
    tagger = default_tagger()
    together = tagger.tag(BATCH)
    assert len(together) == len(BATCH) and together[3] == [] and together[-1] == []
    assert together == tagger.tag(BATCH)  # the same call gives the same output, scores included
    assert together == tagger.tag(BATCH, [segment(text) for text in BATCH])
    for other in ([tagger.tag([text])[0] for text in BATCH], tagger.tag(BATCH[::-1])[::-1]):
        # alone or in another batch: the same spans; scores equal but for float32 rounding
        assert _spans(other) == _spans(together)
        for spans, alone in zip(together, other, strict=True):
            assert [s.score for s in spans] == pytest.approx([s.score for s in alone], abs=1e-5)
    for text, spans in zip(BATCH, together, strict=True):
        for span in spans:
            assert text[span.start : span.end].strip() == text[span.start : span.end]
    with pytest.raises(ValueError):
        tagger.tag(BATCH, [segment(BATCH[0])])


def test_scores_are_mean_label_marginals() -> None:
    spans = default_tagger().tag(["宁波富达股份有限公司董事长张良辞职。"])[0]
    assert spans and all(0.5 < s.score <= 1.0 for s in spans)


# --- the shipped model on sentences written for these tests ---------------------------------


def test_company_title_and_name() -> None:
    found = _found("宁波富达股份有限公司董事长张良辞职。")
    assert {("宁波富达股份有限公司", ORG), ("董事长", TIT), ("张良", PER)} <= found


def test_leader_meets_foreign_guest() -> None:
    text = "江泽民今天在人民大会堂会见了俄罗斯总理普里马科夫。"
    found = _found(text)
    assert {("江泽民", PER), ("普里马科夫", PER), ("俄罗斯", LOC)} <= found
    assert ("人民大会堂", LOC) in found or ("人民大会堂", ORG) in found


def test_names_are_not_places() -> None:
    found = _found("周恩来和孙中山都是伟人。")
    assert {("周恩来", PER), ("孙中山", PER)} <= found
    assert not any(kind is LOC for _, kind in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("公司总经理刘建国昨天辞职。", "刘建国"),
        ("省长陈志强会见了来访的代表团。", "陈志强"),
        ("会上，赵丽萍传达了全国两会精神。", "赵丽萍"),
        ("老校长孙德明鼓励同学们勤奋学习。", "孙德明"),
        ("春节前夕，县委书记黄海涛慰问了困难职工。", "黄海涛"),
        ("副市长周立新走访了辖区内的重点企业。", "周立新"),
        ("杨晓峰强调，要把安全生产放在首位。", "杨晓峰"),
    ],
)
def test_names_before_many_verbs(text: str, name: str) -> None:
    found = _found(text)
    assert (name, PER) in found
    assert not any(kind is PER and surface != name and name in surface for surface, kind in found)


@pytest.mark.parametrize(
    ("text", "org", "verb"),
    [
        ("大会审议黄埔军校同学会工作报告，选举产生新一届理事会。", "黄埔军校同学会", "审议"),
        ("代表团视察人民日报社，并与编辑记者座谈。", "人民日报社", "视察"),
        ("今年要推动集团公司转型升级。", None, "推动"),
    ],
)
def test_organizations_are_not_glued_to_a_verb(text: str, org: str | None, verb: str) -> None:
    found = _found(text)
    assert not any(kind is ORG and verb in surface for surface, kind in found)
    if org:
        assert (org, ORG) in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "广东省总工会副主席林晓东到深圳市宝安区调研。",
            [("广东省总工会", ORG), ("林晓东", PER), ("副主席", TIT)],
        ),
        (
            "四川大学华西医院院长李为民介绍了医院的发展情况。",
            [("四川大学华西医院", ORG), ("院长", TIT), ("李为民", PER)],
        ),
        ("云南白药集团股份有限公司董事长王明辉出席签约仪式。", [("云南白药集团股份有限公司", ORG), ("董事长", TIT), ("王明辉", PER)]),
        ("湖南师范大学附属中学校长谢永红出席开学典礼。", [("谢永红", PER), ("校长", TIT)]),
        ("河南省总工会在郑州举行劳模表彰大会。", [("河南省总工会", ORG), ("郑州", LOC)]),
        ("中国石油化工集团有限公司总经理马永生到吉林油田调研。", [("马永生", PER), ("总经理", TIT)]),
    ],
)
def test_unions_companies_schools_hospitals_of_other_provinces(text: str, expected: list) -> None:
    found = _found(text)
    for item in expected:
        assert item in found


@pytest.mark.parametrize(
    ("text", "government"),
    [("昨天，杭州市政府召开常务会议。", "杭州市政府"), ("湖北省人民政府今天印发通知。", "湖北省人民政府")],
)
def test_a_place_government_is_an_organization(text: str, government: str) -> None:
    assert (government, ORG) in _found(text)  # not MSRA's [杭州市]LOC政府


def test_foreign_places_and_names_in_official_news() -> None:
    found = _found("应法国总统希拉克邀请，国家主席抵达巴黎，开始对法国进行国事访问。")
    assert {("法国", LOC), ("巴黎", LOC), ("希拉克", PER)} <= found


def test_party_membership_is_not_a_title() -> None:
    found = _found("王刚，男，1965年出生，中共党员，高级工程师，现任本公司董事。")
    assert ("中共党员", TIT) not in found
    assert ("王刚", PER) in found and ("董事", TIT) in found


# --- training --------------------------------------------------------------------------------


def test_partial_label_loss_matches_enumeration() -> None:
    torch = pytest.importorskip("torch")
    from kg.train.tagger import partial_label_loss

    rng = np.random.default_rng(2)
    size, lengths = 3, [4, 2]
    emissions = torch.tensor(rng.normal(size=(2, 4, size)))
    transitions = torch.tensor(rng.normal(size=(size, size)))
    first, last = torch.tensor(rng.normal(size=size)), torch.tensor(rng.normal(size=size))
    allowed = torch.tensor(rng.random((2, 4, size)) < 0.6)
    allowed[:, :, 0] = True  # label 0 is always allowed, so some path is
    loss = partial_label_loss(torch, emissions, torch.tensor(lengths), allowed, transitions, first, last)
    expected = 0.0
    e, tr, f, la = (x.numpy() for x in (emissions, transitions, first, last))
    for k, length in enumerate(lengths):
        everything, permitted = [], []
        for path in itertools.product(range(size), repeat=length):
            value = _score(path, e[k], tr, f, la)
            everything.append(value)
            if all(allowed[k, t, label] for t, label in enumerate(path)):
                permitted.append(value)
        expected += np.logaddexp.reduce(everything) - np.logaddexp.reduce(permitted)
    assert float(loss) == pytest.approx(expected, rel=1e-9)


def test_allowed_labels_follow_what_a_corpus_annotates() -> None:
    from kg.train.tagger import allowed_labels

    msra = Example("朱镕基总理访问美国", ((0, 3, PER), (7, 9, LOC)), corpora.ANNOTATED["msra"], "msra")
    allowed = allowed_labels(msra)
    assert allowed[0].sum() == 1 and allowed[0, TAGS.index("B-Person")]
    title = [TAGS.index(f"{p}-Title") for p in "BIES"]
    assert allowed[3, title].all() and allowed[3, 0]  # titles are not annotated in MSRA
    assert not allowed[3, TAGS.index("B-Place")]
    government = Example("大连市人民政府举办", ((0, 3, LOC),), corpora.ANNOTATED["msra"], "msra")
    allowed = allowed_labels(government)
    assert allowed[0, TAGS.index("B-Place")] and allowed[0, TAGS.index("B-Organization")]
    assert (
        allowed[6, TAGS.index("E-Organization")]
        and allowed[6, 0]
        and not allowed[7, TAGS.index("E-Organization")]
    )
    cluener = Example("他去美国出差", (), corpora.ALL_KINDS, "cluener")
    allowed = allowed_labels(cluener)
    assert allowed[2, TAGS.index("B-Place")] and allowed[3, TAGS.index("E-Place")] and allowed[2, 0]
    assert not allowed[0, TAGS.index("B-Place")] and not allowed[2, TAGS.index("B-Title")]


def _tiny_corpora() -> Corpora:
    rows = [
        ("北京市总工会党组书记张良出席会议。", ((0, 6, ORG), (6, 10, TIT), (10, 12, PER)), "cluener"),
        ("李华在上海市浦东新区工作。", ((0, 2, PER), (3, 10, LOC)), "cluener"),
        ("国务院总理朱镕基会见美国客人。", ((0, 3, ORG), (5, 8, PER), (10, 12, LOC)), "msra"),
        ("王刚现任本公司董事。", ((0, 2, PER), (4, 7, ORG), (7, 9, TIT)), "resume"),
    ]
    examples = [Example(text, spans, corpora.ANNOTATED[name], name) for text, spans, name in rows]
    return Corpora(train={"cluener": examples[:2] * 3, "msra": examples[2:3] * 3, "resume": examples[3:] * 3})


def test_training_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from kg.train.tagger import train

    params = {
        "epochs": 2,
        "hidden": 8,
        "char_dim": 8,
        "bigram_dim": 4,
        "word_dim": 4,
        "dict_dim": 4,
        "min_count": 1,
    }
    first = train(_tiny_corpora(), tmp_path / "a.npz", params=params)
    second = train(_tiny_corpora(), tmp_path / "b.npz", params=params, jobs=2)
    assert first["sha256"] == second["sha256"]
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    tagger = MentionTagger.load(tmp_path / "a.npz")
    assert len(tagger.tag(["叶老桂认为。", "张良出席会议。"])) == 2
    params["dictionary"] = False
    train(_tiny_corpora(), tmp_path / "c.npz", params=params)
    assert MentionTagger.load(tmp_path / "c.npz").tag(["张良出席会议。"]) is not None


def test_allowed_transitions_are_bioes() -> None:
    transitions, first, last = allowed_transitions()
    b, i, e = (TAGS.index(f"{p}-Person") for p in "BIE")
    assert transitions[b, i] == 0 and transitions[b, e] == 0 and transitions[0, i] < 0
    assert transitions[b, TAGS.index("E-Place")] < 0 and first[i] < 0 and last[b] < 0


# --- corpora -----------------------------------------------------------------------------------


def _write(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _tiny_bench(root: Path) -> Path:
    _write(
        root / "cluener" / "train.json",
        [
            {"text": f"张良{i}在北京", "label": {"name": {"张良": [[0, 1]]}, "book": {"北京": [[4, 5]]}}}
            for i in range(20)
        ],
    )
    msra = [{"text": f"江泽民会见{i}美国客人", "label": {"PER": {"江泽民": [[0, 2]]}}} for i in range(40)]
    _write(root / "msra" / "train.json", msra)
    _write(
        root / "peoples-daily" / "example.dev.json",
        [
            msra[0],
            {"text": "新华社北京电", "label": {"ORG": {"新华社": [[0, 2]]}, "LOC": {"北京": [[3, 4]]}}},
        ],
    )
    resume = {
        "text": "王刚，中共党员，现任董事。",
        "label": {
            "NAME": {"王刚": [[0, 1]]},
            "TITLE": {"中共党员": [[3, 6]], "董事": [[10, 11]]},
            "LOC": {"北京": [[0, 1]]},
        },
    }
    _write(root / "resume" / "train.json", [resume])
    _write(root / "resume" / "dev.json", [resume])
    return root


def test_corpora_map_types_and_split(tmp_path: Path) -> None:
    loaded = corpora.load(_tiny_bench(tmp_path / "bench"))
    assert (len(loaded.train["cluener"]), len(loaded.heldout["cluener"])) == (18, 2)
    assert loaded.train["cluener"][0].spans == ((0, 2, PER),)  # book reads as O
    assert (len(loaded.train["msra"]), len(loaded.heldout["msra"])) == (38, 2)
    assert [e.text for e in loaded.train["peoples-daily"]] == ["新华社北京电"]  # the MSRA duplicate is gone
    resume = loaded.train["resume"][0]
    assert resume.spans == ((0, 2, PER), (10, 12, TIT)) and Kind.PLACE not in resume.annotated
    assert corpora.load(tmp_path / "bench").heldout["msra"] == loaded.heldout["msra"]  # seeded
    carved = corpora.carve(loaded)
    assert len(carved.train["msra"]) + len(carved.heldout["msra"]) == 38
    for text in (
        "中共党员",
        "中国共产党党员",
        "共青团员",
        "民盟盟员",
        "九三学社社员",
        "民主党派",
        "中共预备党员",
    ):
        assert corpora.is_party_membership(text), text
    assert not corpora.is_party_membership("董事") and not corpora.is_party_membership("党委书记")


def test_eval_bench_prints_a_table_per_corpus(tmp_path: Path) -> None:
    result = _kg("eval", "--bench", str(_tiny_bench(tmp_path / "bench")), "--json")
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout)
    bench = scored["bench"]
    assert set(bench) == {"cluener", "msra", "resume"}
    assert set(scored["bench_lines"]) == set(bench) and all(n > 0 for n in scored["bench_lines"].values())
    assert "Title" not in bench["msra"] and "Place" not in bench["resume"]


# --- CLUENER scoring ---------------------------------------------------------------------------


def _write_cluener(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


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
    assert read(path)[0].spans == ((0, 2, PER), (3, 9, ORG), (9, 11, TIT))
    tagger = _FixedTagger(
        [Mention(0, 2, PER, "张良"), Mention(3, 6, ORG, "北京市"), Mention(9, 11, LOC, "主席")]
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
    shipped = evaluate(path, heldout_only=False)
    assert shipped["Person"]["gold"] == 1
    partial = score([((0, 2, PER), (9, 11, TIT))], [((0, 2, PER), (3, 5, LOC))], kinds=(PER, TIT))
    assert set(partial) == {"Person", "Title", "overall"} and partial["overall"]["pred"] == 1


def test_split_is_seeded_and_disjoint(tmp_path: Path) -> None:
    path = _write_cluener(tmp_path / "lines.json", [{"text": f"第{i}行", "label": {}} for i in range(50)])
    train_part, heldout = split(path)
    assert (len(train_part), len(heldout)) == (45, 5)
    assert not {e.text for e in train_part} & {e.text for e in heldout}
    assert split(path) == (train_part, heldout)
    assert split(path, seed=1) != (train_part, heldout)
    assert isinstance(train_part[0], ClueExample)


# --- kg extract --------------------------------------------------------------------------------


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
        '{"id": 7, "text": "李华在上海市浦东新区工作。\\n\\n王明出席。"}\n',
        encoding="utf-8",
    )
    result = _kg("extract", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    assert ":2:" in result.stderr and len(result.stderr.splitlines()) == 1
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", None, 7]
    assert "error" in records[1]
    texts = {0: "北京市总工会党组书记、副主席张良出席会议。", 2: "李华在上海市浦东新区工作。\n\n王明出席。"}
    for index, text in texts.items():
        assert records[index]["mentions"]
        for mention in records[index]["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
            assert mention["type"] in {"Person", "Title", "Organization", "Place"}
    assert {"start": 15, "end": 17, "type": "Person", "text": "王明"} in records[2]["mentions"]


def test_extract_cli_keeps_order_across_chunks(tmp_path: Path) -> None:
    from kg.cli.extract import CHUNK_LINES

    lines = [
        json.dumps({"id": i, "text": f"张良第{i}次出席会议。"}, ensure_ascii=False)
        for i in range(CHUNK_LINES + 5)
    ]
    result = _kg("extract", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == list(range(CHUNK_LINES + 5))


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
