"""``kg eval``: scores on a hand-made build, agreement with the reference scorer, CLI errors."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import UserError
from kg.evaluate.gold import EntityIndex, GoldEntity, normalize
from kg.evaluate.score import LAYERS, closest_event, evaluate_build, name_similarity

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "eval"
SHARED = ROOT.parent / "shared"
REFERENCE_SCORER = SHARED / "tools" / "score.py"

# Worked out by hand from tests/fixtures/eval/graph.trig against gold.json:
# layer: (P, R, F1, predicted, gold)
EXPECTED = {
    "persons": (0.75, 0.75, 0.75, 4, 4),  # 贺信 is no person
    "organizations": (0.5, 0.667, 0.571, 4, 3),  # 市总工会 duplicates 北京市总工会; 首钢园运动中心 wrong
    "places": (0.667, 0.667, 0.667, 3, 3),  # 丰台街道 neutral (inside 丰台区丰台街道总工会); 深圳 wrong
    "titles": (0.75, 0.5, 0.6, 4, 4),  # 书记 accepted from the titles list, 经理 not
    "positions": (0.5, 0.25, 0.333, 2, 4),  # 副主席 at the wrong organization
    "affiliations": (1.0, 0.5, 0.667, 1, 2),  # an unknown organization counts as none
    "person_honors": (0.5, 1.0, 0.667, 2, 1),  # 五一劳动奖章 is an alias
    "bylines": (0.5, 1.0, 0.667, 2, 1),  # 贺信 as kg:correspondent
    "located_in": (0.333, 0.333, 0.333, 3, 3),
    "events": (0.5, 1.0, 0.667, 2, 1),  # e1 matched by containment, e2 (a kg:Contest) unmatched
    "event_places": (1.0, 1.0, 1.0, 1, 1),
    "event_dates": (0.5, 1.0, 0.667, 2, 1),
    "event_organizers": (1.0, 1.0, 1.0, 1, 1),  # organizer is the duplicate node 市总工会
    "event_participants": (0.667, 1.0, 0.8, 3, 2),  # kg:chair, kg:host and schema:attendee
}


def figures(scores) -> dict[str, tuple]:
    return {layer: (s["P"], s["R"], s["F1"], s["pred"], s["gold"]) for layer, s in scores.items()}


def reference_scores(outdir: Path, gold_files: list[Path]) -> dict[str, dict]:
    """The reference scorer's figures, run on the same build and gold with kg's ontology."""
    command = [sys.executable, str(REFERENCE_SCORER), str(outdir), *map(str, gold_files)]
    command += ["--ontology", str(ROOT / "ontology"), "--json"]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def assert_agrees(ours: dict[str, dict], reference: dict[str, dict]) -> None:
    assert list(ours) == list(reference)
    for layer in reference:
        for figure in ("P", "R", "F1"):
            assert ours[layer][figure] == pytest.approx(reference[layer][figure], abs=0.01), (layer, figure)


def test_fixture_scores_match_hand_computed_figures():
    scores = evaluate_build(FIXTURE, [FIXTURE / "gold.json"]).scores
    assert list(scores) == list(LAYERS)
    assert figures({layer: s.as_dict() for layer, s in scores.items()}) == EXPECTED
    assert {kind: scores[kind].duplicates for kind in ("persons", "organizations", "places")} == {
        "persons": 0,
        "organizations": 1,
        "places": 0,
    }


def test_n_quads_build_scores_as_trig(tmp_path):
    store = pyoxigraph.Store()
    store.bulk_load(path=FIXTURE / "graph.trig", format=pyoxigraph.RdfFormat.TRIG)
    store.dump(output=tmp_path / "graph.nq", format=pyoxigraph.RdfFormat.N_QUADS)
    scores = evaluate_build(tmp_path, [FIXTURE / "gold.json"]).scores
    assert figures({layer: s.as_dict() for layer, s in scores.items()}) == EXPECTED


@pytest.mark.skipif(not REFERENCE_SCORER.is_file(), reason="no ../shared/tools/score.py")
def test_fixture_scores_agree_with_reference_scorer():
    ours = {layer: s.as_dict() for layer, s in evaluate_build(FIXTURE, [FIXTURE / "gold.json"]).scores.items()}
    assert_agrees(ours, reference_scores(FIXTURE, [FIXTURE / "gold.json"]))


@pytest.mark.skipif(not REFERENCE_SCORER.is_file(), reason="no ../shared/tools/score.py")
@pytest.mark.skipif(importlib.util.find_spec("kg.cli.build") is None, reason="`kg build` not written yet")
def test_dev_corpus_scores_agree_with_reference_scorer(tmp_path):
    outdir = tmp_path / "out"
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    subprocess.run([kg, "build", str(SHARED / "corpus"), "-o", str(outdir)], check=True, capture_output=True)
    gold_files = sorted((SHARED / "gold").glob("*.json"))
    ours = {layer: s.as_dict() for layer, s in evaluate_build(outdir, gold_files).scores.items()}
    assert_agrees(ours, reference_scores(outdir, gold_files))


def test_cli_prints_table_and_json():
    runner = CliRunner()
    table = runner.invoke(app, ["eval", str(FIXTURE), "--gold", str(FIXTURE)])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0] == f"{FIXTURE}: scored 1 built page; left out 0 built pages without gold"
    assert table.output.splitlines()[3].split() == ["organizations", "0.500", "0.667", "0.571", "4", "3", "1"]
    as_json = runner.invoke(app, ["eval", str(FIXTURE), "--gold", str(FIXTURE / "gold.json"), "--json"])
    assert figures(json.loads(as_json.output)["graph"]) == EXPECTED


def test_docs_option_keeps_only_gold_files_of_built_pages(tmp_path):
    other = json.loads((FIXTURE / "gold.json").read_text(encoding="utf-8"))
    other["doc"] = "999_not_built.txt"
    other["persons"].append({"name": "王五", "aliases": []})
    (tmp_path / "other.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    gold = [FIXTURE / "gold.json", tmp_path / "other.json"]
    assert evaluate_build(FIXTURE, gold).scores["persons"].gold == 5
    assert evaluate_build(FIXTURE, gold, built_docs_only=True).scores["persons"].gold == 4


OTHER_PAGE = """
page:999_other a kg:Page ; schema:name "999_other.txt" .
<https://kg.example/id/article/999_other/1> {
    <https://kg.example/id/article/999_other/1> a schema:NewsArticle ;
        schema:isPartOf page:999_other ; schema:author person:王五 .
    person:王五 a schema:Person ; schema:name "王五"@zh .
}
"""


@pytest.fixture
def two_pages(tmp_path) -> Path:
    """The fixture's build and a second page, without gold, that adds a person and a byline."""
    (tmp_path / "graph.trig").write_text(
        (FIXTURE / "graph.trig").read_text(encoding="utf-8") + OTHER_PAGE, encoding="utf-8")
    return tmp_path


def test_pages_without_gold_are_left_out(two_pages):
    evaluation = evaluate_build(two_pages, [FIXTURE / "gold.json"])
    assert (evaluation.pages, evaluation.left_out) == (1, 1)
    assert figures({layer: s.as_dict() for layer, s in evaluation.scores.items()}) == EXPECTED
    every_page = evaluate_build(two_pages, [FIXTURE / "gold.json"], all_pages=True)
    assert (every_page.pages, every_page.left_out) == (2, 0)
    assert every_page.scores["persons"].predicted == 5 and every_page.scores["bylines"].predicted == 3
    outcome = CliRunner().invoke(app, ["eval", str(two_pages), "--gold", str(FIXTURE), "--json"])
    assert json.loads(outcome.output)["graph_pages"] == {"scored": 1, "left_out": 1}


def test_facts_of_a_built_page_without_gold_do_not_lower_precision(example_build, tmp_path):
    gold = {"doc": "2024-05-08_page03.md", "persons": [{"name": name, "aliases": []} for name in
                                                       ("林晓", "郑一鸣", "孙立", "吴建平", "赵文博", "陈立华", "刘春梅")]}
    (tmp_path / "page03.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    evaluation = evaluate_build(example_build, [tmp_path / "page03.json"])
    assert (evaluation.pages, evaluation.left_out) == (1, 1)
    assert evaluation.scores["persons"].precision == 1.0
    assert evaluate_build(example_build, [tmp_path / "page03.json"], all_pages=True).scores["persons"].precision < 1


def test_a_build_without_article_graphs_needs_all_pages(two_pages):
    trig = two_pages / "graph.trig"
    triples = {quad.triple for quad in pyoxigraph.parse(path=trig, format=pyoxigraph.RdfFormat.TRIG)}
    (two_pages / "graph.nt").write_bytes(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    trig.unlink()
    with pytest.raises(UserError, match="--all-pages"):
        evaluate_build(two_pages, [FIXTURE / "gold.json"])
    assert evaluate_build(two_pages, [FIXTURE / "gold.json"], all_pages=True).pages == 2


def test_cluener_option_prints_the_mention_table(monkeypatch, tmp_path):
    cluener = pytest.importorskip("kg.evaluate.cluener")
    result = {"overall": {"P": 0.5, "R": 0.25, "F1": 0.333, "pred": 4, "gold": 8}}
    monkeypatch.setattr(cluener, "evaluate", lambda path: result)
    lines = tmp_path / "dev.json"
    lines.write_text("".join(f'{{"text": "第{i}行", "label": {{}}}}\n' for i in range(40)), encoding="utf-8")
    outcome = CliRunner().invoke(app, ["eval", "--cluener", str(lines)])
    assert outcome.exit_code == 0, outcome.output
    heldout = len(cluener.split(lines)[1])
    assert 0 < heldout < 40
    assert outcome.output.strip() == f"{lines}: {heldout:,} held-out lines\n{cluener.format_table(result)}"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "nothing to score"),
        (["{fixture}"], "--gold"),
        (["{empty}/missing", "--gold", "{fixture}"], "no folder"),
        (["{empty}", "--gold", "{fixture}"], "run `kg build"),
        (["{fixture}", "--gold", "{gold}/bad.json"], "not valid JSON"),
        (["{fixture}", "--gold", "{gold}/shapeless.json"], "gold format"),
        (["{fixture}", "--gold", "{gold}/none.json"], "no gold file"),
        (["{fixture}", "--gold", "{empty}"], "no *.json"),
        (["{fixture}", "--gold", "{gold}/other.json", "--docs"], "drop --docs"),
    ],
)
def test_user_errors_are_one_line(tmp_path, arguments, message):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "bad.json").write_text("{", encoding="utf-8")
    (gold_dir / "shapeless.json").write_text(
        '{"doc": "x.txt", "persons": [{"nom": "张良"}]}', encoding="utf-8"
    )
    (gold_dir / "other.json").write_text('{"doc": "999_not_built.txt"}', encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    arguments = [a.format(fixture=FIXTURE, gold=gold_dir, empty=empty) for a in arguments]
    outcome = CliRunner().invoke(app, ["eval", *arguments])
    assert isinstance(outcome.exception, UserError)
    assert message in str(outcome.exception)
    assert "\n" not in str(outcome.exception)


def test_normalize_folds_width_and_drops_spaces_and_punctuation():
    assert normalize("“北京市工会干部学院（草桥校区）”") == "北京市工会干部学院草桥校区"
    assert normalize("《大国 工匠》·论坛\u3000") == "大国工匠论坛"
    assert normalize("ＡＢＣ１２３") == "ABC123"


def test_entity_index_prefers_canonical_names_then_most_shared_forms():
    index = EntityIndex(
        [
            GoldEntity("北京市总工会", ("市总工会", "总工会")),
            GoldEntity("北京市总工会党组", ("市总工会党组", "总工会")),
        ]
    )
    assert index.match({"市总工会党组", "北京市总工会"}) == "北京市总工会"
    assert index.match({"市总工会党组", "总工会"}) == "北京市总工会党组"
    assert index.match({"总工会"}) == "北京市总工会"  # a tie goes to the earlier entity
    assert index.match({"工会"}) is None


def test_events_match_by_containment_or_bigram_overlap():
    assert name_similarity("座谈会", "北京市座谈会") == 1.0
    assert name_similarity("会议", "总结会议") == pytest.approx(2 * 1 / (1 + 3))
    events = EntityIndex(
        [GoldEntity("劳动模范和工会干部代表座谈会", ("座谈会",)), GoldEntity("创新交流大会")]
    )
    assert closest_event(frozenset({"北京市总工会座谈会"}), events) == "劳动模范和工会干部代表座谈会"
    assert closest_event(frozenset({"创新交流会"}), events) == "创新交流大会"  # Dice 2·3/(4+5)
    assert closest_event(frozenset({"交流会"}), events) is None  # Dice 2·1/(2+5)
