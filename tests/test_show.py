"""``kg show``: the entity card, on a hand-written build in the shape of kg/export/rdf.py."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from conftest import run_kg

from kg.errors import UserError
from kg.query.card import Match, entity_card, find_entities
from kg.query.store import Build

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "query"
kg = functools.partial(run_kg, check=False)  # some tests expect a non-zero exit
ZHANG_LIANG = "https://kg.example/id/person/张良"




def section(card, title: str) -> dict[str, list[str]]:
    """A section's facts, each with its evidence sentences."""
    found = next(s for s in card.sections if s.title == title)
    return {fact.text: [e.sentence for e in fact.evidence] for fact in found.facts}


def test_show_prints_both_posts_with_their_sentences():
    done = kg("show", str(FIXTURE), "张良")
    assert done.returncode == 0, done.stderr
    for text in (
        "党组书记 @ 北京市总工会",
        "副主席 @ 北京市总工会",
        "北京市总工会党组书记张良主持会议并讲话。",
        "北京市总工会党组书记、副主席张良出席会议并讲话。",
        "000_659268f85b625d99.txt",
        "市总工会召开劳动模范和工会干部代表座谈会",
    ):
        assert text in done.stdout


def test_person_card(build):
    card = entity_card(build, ZHANG_LIANG)
    assert card.types == ["schema:Person"]
    positions = section(card, "Positions")
    assert positions["副主席 @ 北京市总工会"] == ["北京市总工会党组书记、副主席张良出席会议并讲话。"]
    assert len(positions["党组书记 @ 北京市总工会"]) == 2
    events = section(card, "Events")
    chaired = next(text for text in events if text.startswith("劳动模范和工会干部代表座谈会"))
    assert chaired.endswith("chair, speaker")
    assert events[chaired] == ["北京市总工会党组书记张良主持会议并讲话。"]  # only sentences naming him


def test_organization_card(build):
    card = entity_card(build, "https://kg.example/id/org/北京市总工会")
    assert card.aliases == ["市总工会"]
    assert "王敬东 — 副主席" in section(card, "Members")
    assert list(section(card, "Sub-organizations")) == ["丰台区总工会", "门头沟区总工会"]
    assert list(section(card, "Places")) == ["北京市 (city)"]


def test_place_card(build):
    card = entity_card(build, "https://kg.example/id/place/门头沟区")
    assert list(section(card, "Within")) == ["北京市 (city)"]
    assert list(section(card, "Organizations")) == ["门头沟区总工会"]


def test_honor_card(build):
    (candidate,), match = find_entities(build, "劳模")
    assert match is Match.ALIAS
    holders = section(entity_card(build, candidate.iri), "Holders")
    assert holders["史晓刚"][0].endswith("史晓刚发言。")


def test_an_alias_finds_the_organization(build):
    (candidate,), match = find_entities(build, "市总工会")
    assert match is Match.ALIAS and candidate.name == "北京市总工会"


def test_a_canonical_name_beats_another_entitys_alias(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        """@prefix schema: <https://schema.org/> .
        <https://kg.example/id/org/总工会> a schema:Organization ; schema:name "总工会"@zh .
        <https://kg.example/id/org/北京市总工会> a schema:Organization ; schema:name "北京市总工会"@zh ;
            schema:alternateName "总工会"@zh .
        """,
        encoding="utf-8",
    )
    (candidate,), match = find_entities(Build(graph), "总工会")
    assert match is Match.NAME and candidate.iri == "https://kg.example/id/org/总工会"


def test_substring_when_no_exact_name(build):
    candidates, match = find_entities(build, "座谈")
    assert match is Match.SUBSTRING
    assert [c.name for c in candidates] == ["劳动模范和工会干部代表座谈会"]


def test_an_iri_finds_the_entity(build):
    (candidate,), _ = find_entities(build, "id:person/张良")
    assert candidate.iri == ZHANG_LIANG
    with pytest.raises(UserError):
        find_entities(build, "id:person/nobody")


def test_ambiguous_name_lists_candidates():
    done = kg("show", str(FIXTURE), "区总工会")
    assert done.returncode == 0
    assert "organization:丰台区总工会" in done.stdout and "organization:门头沟区总工会" in done.stdout
    assert f"kg show {FIXTURE} organization:" in done.stdout


def test_json_card():
    done = kg("show", str(FIXTURE), "id:person/张良", "--format", "json")
    card = json.loads(done.stdout)
    assert card["name"] == "张良"
    positions = next(s for s in card["sections"] if s["title"] == "Positions")
    assert positions["facts"][0]["evidence"][0]["page"] == "000_659268f85b625d99.txt"


def test_unknown_name_is_one_line_and_exit_1():
    done = kg("show", str(FIXTURE), "不存在的人")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
