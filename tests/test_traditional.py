"""Traditional Chinese pages: read in Simplified characters, facts told in the text as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PREFIXES

from kg import api
from kg.model import Page
from kg.query.card import Match, find_entities
from kg.query.store import Build
from kg.read import traditional
from kg.read.sources import page_text, read_pages

TRADITIONAL = """市總工會召開職工技能提升專題會議

本報訊(記者 林曉) 5月8日,北京市總工會黨組書記張良在北京市工會幹部學院主持召開職工技能提升專題會議。\
北京市總工會副主席王敬東出席會議並講話。北京城建集團有限責任公司工會主席劉建華、北京理工大學工會常務副主席\
陳思遠參加會議。
"""
SIMPLIFIED = """首都劳动奖章表彰大会召开

本报讯(记者 周岚) 4月28日,北京市总工会在北京展览馆召开首都劳动奖章表彰大会。北京市总工会党组书记张良出席大会\
并讲话。海淀区总工会主席孟小琳主持大会。
"""
# Simplified, quoting a Taipei union by its name as written there
MIXED = """两岸职工书画交流展在京开幕

本报讯(记者 马骁) 5月10日,两岸职工书画交流展在北京市劳动人民文化宫开幕,展出两岸职工创作的书法、绘画作品200余件。\
北京市总工会副主席王敬东出席开幕式并致辞。来自台北市产业总工会（臺北市產業總工會）的职工代表参观了展览,并与北京职工\
进行了交流。
"""
LEAD = "本報訊(記者 林曉) 5月8日,北京市總工會黨組書記張良在北京市工會幹部學院主持召開職工技能提升專題會議。"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for name, text in (("traditional", TRADITIONAL), ("simplified", SIMPLIFIED), ("mixed", MIXED)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(pages):
    return api.build(pages)


@pytest.fixture(scope="module")
def store(built):
    return built.rdf("oxigraph")


def rows(store, query: str) -> set[tuple]:
    return {tuple(None if v is None else v.value for v in row) for row in store.query(PREFIXES + query)}


def posts(store, person: str) -> set[tuple]:
    return rows(store, f"""
        SELECT ?title ?org ?sentence WHERE {{
          ?p schema:name "{person}"@zh . ?m org:member ?p ; org:role/skos:prefLabel ?title ;
             org:organization/schema:name ?org ; kg:evidence/kg:sentence ?sentence }}""")


def read(pages: Path, name: str) -> Page:
    return next(read_pages([pages / f"{name}.txt"], []))


def test_a_traditional_page_is_read_in_simplified_characters_offset_for_offset(pages):
    page = read(pages, "traditional")
    assert page.original == page_text(pages / "traditional.txt", TRADITIONAL)[0]
    assert len(page.text) == len(page.original)
    at = page.original.index("北京市總工會黨組書記張良")
    assert page.text[at : at + 12] == "北京市总工会党组书记张良"


def test_posts_on_a_traditional_page_with_the_sentence_as_written(store, pages):
    assert ("党组书记", "北京市总工会", LEAD) in posts(store, "张良")
    assert ("副主席", "北京市总工会", "北京市總工會副主席王敬東出席會議並講話。") in posts(store, "王敬东")
    assert {(title, org) for title, org, _ in posts(store, "刘建华")} == {("工会主席", "北京城建集团有限责任公司")}
    assert {(title, org) for title, org, _ in posts(store, "陈思远")} == {("常务副主席", "北京理工大学工会")}
    (start, end), = rows(store, f'SELECT ?s ?e {{ ?x kg:sentence "{LEAD}"@zh ; kg:startOffset ?s ; kg:endOffset ?e }}')
    assert TRADITIONAL[int(start) : int(end)] == LEAD


def test_an_event_on_a_traditional_page(store):
    assert rows(store, """
        SELECT ?name ?date ?chair ?sentence WHERE {
          ?e a schema:Event ; schema:name ?name ; schema:alternateName "職工技能提升專題會議"@zh ;
             schema:startDate ?date ; kg:chair/schema:name ?chair . ?s kg:sentence ?sentence ;
             prov:wasDerivedFrom ?a . ?a schema:headline "市總工會召開職工技能提升專題會議"@zh }""") \
        >= {("职工技能提升专题会议", "--05-08", "张良", LEAD)}


def test_names_as_written_are_aliases(store, built, tmp_path):
    assert ("張良",) in rows(store, 'SELECT ?alias { ?p schema:name "张良"@zh ; schema:alternateName ?alias }')
    assert ("黨組書記",) in rows(store, 'SELECT ?alias { ?t skos:prefLabel "党组书记"@zh ; skos:altLabel ?alias }')
    built.save(tmp_path, ["trig"])
    for written, iri in (("張良", "person/张良"), ("北京市總工會", "org/北京市总工会")):
        found, match = find_entities(Build(tmp_path), written)
        assert ([c.iri.rsplit("/id/", 1)[1] for c in found], match) == ([iri], Match.ALIAS)


def test_one_person_on_traditional_and_simplified_pages(built):
    articles = {a for a, _ in built.graph.in_edges("person/张良") if a.startswith("article/")}
    assert articles == {"article/traditional/01", "article/simplified/01"}


@pytest.mark.parametrize("name", ["simplified", "mixed"])
def test_a_simplified_page_is_read_as_it_is(pages, name):
    text = (pages / f"{name}.txt").read_text(encoding="utf-8")
    assert read(pages, name) == Page(name, str(pages / f"{name}.txt"), *page_text(pages / f"{name}.txt", text))


def test_a_simplified_page_keeps_its_sentences(store):
    assert ("党组书记", "北京市总工会", "北京市总工会党组书记张良出席大会并讲话。") in posts(store, "张良")
    assert ("副主席", "北京市总工会", "北京市总工会副主席王敬东出席开幕式并致辞。") in posts(store, "王敬东")


class _Converter:
    """t2s with one phrase that changes length, as a dictionary might hold."""

    CHARS = str.maketrans("計車會記", "计车会记")

    def convert(self, text: str) -> str:
        return text.replace("計程車", "出租汽車").translate(self.CHARS)


def test_a_phrase_that_changes_length_falls_back_to_characters(monkeypatch):
    monkeypatch.setattr(traditional, "_t2s", _Converter)
    assert traditional.simplified("計程車司機協會\n會記") == "计程车司機協会\n会记"


def test_kg_extract_tags_a_traditional_text_and_cuts_it_as_written():
    from kg.cli.extract import _mentions
    from kg.extract.tagger import default_tagger

    (found,) = _mentions(default_tagger(), ["北京市總工會黨組書記張良主持會議。"])
    assert {"start": 10, "end": 12, "type": "Person", "text": "張良"} in found
