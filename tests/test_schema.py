"""kg.schema, the registry of relations, and kg.vocab.KG, kg's closed namespace: each agrees
with ontology/kg.ttl, and the graph builder, RDF writer, HTML page and entity card follow them."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import PREFIXES, ROOT
from rdflib import namespace
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS

from kg import schema
from kg.export.html import graph_payload
from kg.export.rdf import RdfWriter, trig
from kg.graph.build import GraphBuilder
from kg.model import (
    Article,
    ArticleFacts,
    Award,
    Byline,
    Event,
    Evidence,
    Kind,
    Mention,
    Page,
    Participant,
    Position,
)
from kg.query.card import SECTIONS_BY_TYPE, entity_card
from kg.query.store import Build
from kg.resolve.entities import Entity, Resolution
from kg.schema import RELATION, RELATIONS, Described, Part, Property, Role, Statement
from kg.schema import Byline as BylineForm
from kg.vocab import KG, SCHEMA

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
DATA = ROOT / "kg" / "data"
STANDARD = (namespace.SDO, ORG, PROV, SKOS, RDF, RDFS)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def kg_terms_in(ontology: rdflib.Graph) -> set[str]:
    """Every kg: IRI the ontology file names, anywhere in a triple."""
    return {str(term)[len(str(KG)):] for triple in ontology for term in triple
            if isinstance(term, rdflib.URIRef) and str(term).startswith(str(KG))}


# ---------------------------------------------------------------------------------------- KG namespace


def test_kg_namespace_lists_exactly_the_ontology_terms(ontology):
    declared = {str(s)[len(str(KG)):] for s in ontology.subjects()
                if isinstance(s, rdflib.URIRef) and str(s).startswith(str(KG))}
    listed = set(inspect.get_annotations(KG))
    assert listed == declared, (sorted(listed - declared), sorted(declared - listed))
    assert kg_terms_in(ontology) <= declared  # no kg: term used in the ontology without its declaration


def test_every_ontology_term_is_a_class_or_a_property(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for name in inspect.get_annotations(KG):
        assert set(ontology.objects(KG[name], RDF.type)) & kinds, name


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        KG.chiar  # noqa: B018
    with pytest.raises(AttributeError):
        SCHEMA.locaton  # noqa: B018
    assert str(KG.coHost) == "https://kg.example/ontology#coHost"


# ---------------------------------------------------------------------------------------- the registry


def rdf_terms(relation: schema.Relation) -> list[rdflib.URIRef]:
    form = relation.rdf
    if isinstance(form, Property):
        return list(form.properties())
    if isinstance(form, Statement):
        return [t for t in (form.cls, form.source, form.target, form.shortcut) if t is not None]
    assert isinstance(form, Part | Described), relation.name
    return [form.property]


def declared(term: rdflib.URIRef, ontology: rdflib.Graph) -> bool:
    if term in KG:
        return (term, RDF.type, None) in ontology
    return any(term in namespace for namespace in STANDARD)


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r.name)
def test_every_rdf_term_of_a_relation_is_declared(relation, ontology):
    for term in rdf_terms(relation):
        assert declared(term, ontology), (relation.name, term)


def sub_property_of(ontology: rdflib.Graph, prop: rdflib.URIRef, top: rdflib.URIRef) -> bool:
    return prop == top or top in ontology.transitive_objects(prop, RDFS.subPropertyOf)


def test_event_roles_are_attendees_and_bylines_credits(ontology):
    for relation in RELATIONS:
        if isinstance(relation.rdf, Role):
            assert relation.domain == ("Event",), relation.name
            assert sub_property_of(ontology, relation.rdf.property, SCHEMA.attendee), relation.name
        if isinstance(relation.rdf, BylineForm):
            assert relation.domain == ("Article",), relation.name
            assert relation.rdf.property == SCHEMA.author or sub_property_of(
                ontology, relation.rdf.property, SCHEMA.contributor), relation.name


def test_relations_are_well_formed():
    assert len(RELATION) == len(RELATIONS)
    for relation in RELATIONS:
        assert relation.domain and relation.range, relation.name
        assert set(relation.domain) | set(relation.range) <= set(schema.NODE_TYPE), relation.name
        if isinstance(relation.rdf, Property) and relation.rdf.by_source:
            assert set(relation.rdf.by_source) <= set(relation.domain), relation.name
        if isinstance(relation.rdf, Part):
            assert any(isinstance(r.rdf, Statement) and r.rdf.key is None and set(relation.domain) <= set(r.range)
                       for r in RELATIONS), f"{relation.name}: a part of no statement"
    for node in schema.NODE_TYPES:
        assert any(node.cls in namespace for namespace in (*STANDARD, KG)), node.name
    for cls in schema.EVENT_CLASSES.values():
        assert cls in KG


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r.name)
def test_every_relation_has_chinese_labels(relation):
    assert len(relation.labels) == 2
    for label in relation.labels:
        assert label and re.search(r"[\u4e00-\u9fff]", label), (relation.name, label)


def test_every_relation_is_written_by_one_form():
    for relation in RELATIONS:
        assert isinstance(relation.rdf, Property | Statement | Part | Described), relation.name


def words(path: Path, column: int, split: bool = False) -> set[str]:
    if not path.is_file():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > column and cells[column] not in ("", "-"):
            out.update(cells[column].split(",") if split else [cells[column]])
    return out


def test_every_role_the_extraction_writes_has_a_relation():
    participant = words(DATA / "verbs.tsv", 2)
    byline = words(DATA / "credit_roles.tsv", 1, split=True)
    for word in participant:
        assert isinstance(schema.participant_relation(word).rdf, Role), word
    for word in byline:
        assert isinstance(schema.byline_relation(word).rdf, BylineForm), word
    with pytest.raises(KeyError, match="no event role"):
        schema.participant_relation("judge")


# ---------------------------------------------------------------------------------------- a build from the registry

TEXT = ("表彰大会在京召开\n本报讯(记者 白莹 通讯员 钟尔轩) 4月29日,北京市总工会在长辛店二七纪念馆召开表彰大会。"
        "北京市总工会副主席张良主持会议。长辛店机务段班组荣获全国工人先锋号。史晓刚荣获劳动模范称号。孙妍 摄")
ARTICLE_ID = "p1/1"
ENTITIES = {
    "person/张良": ("张良", Kind.PERSON), "person/史晓刚": ("史晓刚", Kind.PERSON),
    "person/白莹": ("白莹", Kind.PERSON), "person/钟尔轩": ("钟尔轩", Kind.PERSON), "person/孙妍": ("孙妍", Kind.PERSON),
    "org/北京市总工会": ("北京市总工会", Kind.ORGANIZATION), "org/长辛店机务段班组": ("长辛店机务段班组", Kind.ORGANIZATION),
    "place/北京市": ("北京市", Kind.PLACE), "place/丰台区": ("丰台区", Kind.PLACE),
    "place/长辛店二七纪念馆": ("长辛店二七纪念馆", Kind.PLACE),
    "title/副主席": ("副主席", Kind.TITLE),
    "honor/劳动模范": ("劳动模范", Kind.HONOR), "honor/全国工人先锋号": ("全国工人先锋号", Kind.HONOR),
}

UNNAMED = {"place/北京市", "place/丰台区"}  # reached through the place and organization hierarchy only


def build_graph():
    """A graph built by GraphBuilder from one article holding every kind of fact."""
    keys: dict[tuple, str] = {}

    def mention(text: str, kind: Kind, key: str | None = None, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(text, start + 1)
        m = Mention(start=start, end=start + len(text), kind=kind, text=text)
        if key:
            keys[(ARTICLE_ID, m.start, m.end, kind, text)] = key
        return m

    def sentence(text: str) -> Evidence:
        start = TEXT.index(text)
        return Evidence(article_id=ARTICLE_ID, sentence=text, start=start, end=start + len(text))

    m = {key: mention(name, kind, key) for key, (name, kind) in ENTITIES.items() if key not in UNNAMED}
    union2 = mention("北京市总工会", Kind.ORGANIZATION, "org/北京市总工会", nth=1)
    opening = sentence("4月29日,北京市总工会在长辛店二七纪念馆召开表彰大会。")
    chaired = sentence("北京市总工会副主席张良主持会议。")
    byline = sentence("本报讯(记者 白莹 通讯员 钟尔轩)")
    event_roles = sorted({r.reads or r.name for r in schema.PARTICIPANT_ROLES})
    facts = ArticleFacts(
        article=Article(article_id=ARTICLE_ID, page=Page("p1", "p1.txt", TEXT), index=0, headline="表彰大会在京召开",
                        start=0, end=len(TEXT)),
        mentions=list(m.values()),
        positions=[Position(m["person/张良"], m["title/副主席"], union2, chaired),
                   Position(m["person/史晓刚"], m["title/副主席"], None, chaired)],
        awards=[Award(m["person/史晓刚"], m["honor/劳动模范"], sentence("史晓刚荣获劳动模范称号。")),
                Award(m["org/长辛店机务段班组"], m["honor/全国工人先锋号"], sentence("长辛店机务段班组荣获全国工人先锋号。"))],
        bylines=[Byline(m["person/白莹"], "reporter", byline), Byline(m["person/钟尔轩"], "correspondent", byline),
                 Byline(m["person/孙妍"], "photographer", sentence("孙妍 摄"))],
        events=[Event(name=mention("表彰大会", Kind.EVENT, nth=1), kind="Ceremony", date="--04-29",
                      places=[m["place/长辛店二七纪念馆"]], organizers=[m["org/北京市总工会"]],
                      participants=[Participant(m["person/张良"], role, chaired) for role in event_roles]
                      + [Participant(m["org/长辛店机务段班组"], "award")],
                      evidence=opening)],
    )
    entities = {key: Entity(key=key, kind=kind, name=name) for key, (name, kind) in ENTITIES.items()}
    entities["org/北京市总工会"].location = "place/北京市"
    entities["org/长辛店机务段班组"].parent = "org/北京市总工会"
    entities["place/丰台区"].parent = "place/北京市"
    entities["place/长辛店二七纪念馆"].parent = "place/丰台区"
    return GraphBuilder(Resolution(entities, keys)).build([facts])


@pytest.fixture(scope="module")
def graph():
    return build_graph()


@pytest.fixture(scope="module")
def built(graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schema-build")
    (out / "graph.trig").write_text(trig(RdfWriter(graph).build()), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def store(built) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    return store


def ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query, use_default_graph_as_union=True))


def test_every_rel_the_builder_writes_is_registered_with_its_node_types(graph):
    seen = set()
    for source, target, attrs in graph.edges(data=True):
        relation = RELATION[attrs["rel"]]
        assert graph.nodes[source]["type"] in relation.domain, (attrs["rel"], source)
        assert graph.nodes[target]["type"] in relation.range, (attrs["rel"], target)
        seen.add(relation.name)
    assert seen == set(RELATION)  # the sample article holds every kind of fact


MODULES = ("kg/graph/build.py", "kg/export/rdf.py", "kg/export/html.py", "kg/export/tables.py", "kg/query/card.py")


@pytest.mark.parametrize("path", MODULES)
def test_code_names_relations_only_through_the_registry(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    named = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in RELATION}
    assert not named, f"{path} names relations {sorted(named)}: use kg.schema"


def test_the_page_script_names_no_relation():
    script = (ROOT / "kg" / "export" / "templates" / "graph.js").read_text(encoding="utf-8")
    names = {name for name in RELATION if re.search(rf"""["']{re.escape(name)}["']""", script)}
    assert names <= {"role"}  # setAttribute("role", "option"): the ARIA attribute
    assert "Position" in script  # node types are not relations


def test_rdf_answers_the_contract_for_every_relation(store):
    assert ask(store, """ASK { ?m a org:Membership ; org:member ?p ; org:role ?r ; org:organization ?o ;
                                  prov:wasDerivedFrom ?a ; kg:evidence ?ev .
                               ?p schema:name "张良"@zh . ?r skos:prefLabel "副主席"@zh . ?o schema:name "北京市总工会"@zh .
                               ?ev kg:sentence "北京市总工会副主席张良主持会议。"@zh }""")
    assert ask(store, """ASK { ?m org:member ?p ; org:role ?r . ?p schema:name "史晓刚"@zh
                               FILTER NOT EXISTS { ?m org:organization ?o } }""")
    assert ask(store, """ASK { ?p a schema:Person ; schema:name "史晓刚"@zh ; schema:award ?h .
                               ?h a kg:Honor ; schema:name "劳动模范"@zh }""")
    assert ask(store, """ASK { ?e a schema:Event, kg:Ceremony ; schema:startDate "--04-29"^^xsd:gMonthDay ;
                               schema:location ?pl ; schema:organizer ?o ; prov:wasDerivedFrom ?a .
                               ?pl schema:containedInPlace+ ?bj . ?bj schema:name "北京市"@zh .
                               ?o schema:location ?bj . }""")
    roles = {row["role"].value for row in store.query(PREFIXES + """
        SELECT DISTINCT ?role WHERE { ?e a schema:Event ; ?role ?x . ?role rdfs:subPropertyOf* schema:attendee }""",
        use_default_graph_as_union=True)}
    assert roles == {str(r.rdf.property) for r in schema.PARTICIPANT_ROLES}
    assert ask(store, """ASK { ?a a schema:NewsArticle ; schema:author ?r ; kg:photographer ?p ; kg:correspondent ?c ;
                               schema:isPartOf ?page ; schema:mentions ?x }""")
    assert ask(store, """ASK { ?team org:subOrganizationOf ?union . ?union schema:name "北京市总工会"@zh }""")


def test_an_organization_holds_an_honor(store):
    assert ask(store, """ASK { ?o a schema:Organization ; schema:name "长辛店机务段班组"@zh ; schema:award ?h .
                               ?h a kg:Honor ; schema:name "全国工人先锋号"@zh .
                               ?s a kg:AwardStatement ; kg:recipient ?o ; kg:honor ?h ; prov:wasDerivedFrom ?a ;
                                  kg:evidence/kg:sentence "长辛店机务段班组荣获全国工人先锋号。"@zh }""")
    # the team is also an award winner at the ceremony, through kg:awardee ⊑ schema:attendee
    assert ask(store, """ASK { ?e ?role ?o . ?role rdfs:subPropertyOf* schema:attendee .
                               ?o schema:name "长辛店机务段班组"@zh }""")


def test_each_article_graph_reads_alone(built):
    dataset = rdflib.Dataset()
    dataset.parse(built / "graph.trig", format="trig")
    article = rdflib.URIRef("https://kg.example/id/article/p1/1")
    g = dataset.graph(article)
    for subject in set(g.objects(article, SCHEMA.mentions)):
        assert (subject, RDF.type, None) in g, subject
    assert (None, RDF.type, ORG.Membership) in g and (None, RDF.type, KG.AwardStatement) in g


def test_rdf_is_the_same_bytes_every_time(graph):
    assert trig(RdfWriter(graph).build()) == trig(RdfWriter(build_graph()).build())


def test_html_labels_come_from_the_registry(graph):
    data = graph_payload(graph)
    assert data["relOrder"] == [r.name for r in RELATIONS]  # every relation present, in registry order
    assert data["rels"] == {r.name: list(r.labels) for r in RELATIONS}
    assert data["links"] == ["mentions"] and data["parts"] == ["role", "at"]


def test_card_sections_follow_the_registry(built):
    build = Build(built)
    team = entity_card(build, "https://kg.example/id/org/长辛店机务段班组")
    sections = {s.title: s for s in team.sections}
    honors = sections["Honors"].facts
    assert [f.text for f in honors] == ["全国工人先锋号"]
    assert [e.sentence for e in honors[0].evidence] == ["长辛店机务段班组荣获全国工人先锋号。"]
    assert [f.text for f in sections["Part of"].facts] == ["北京市总工会"]
    assert sections["Events"].facts[0].text == "表彰大会 (--04-29, 长辛店二七纪念馆) — awardee"
    holders = {s.title: s for s in entity_card(build, "https://kg.example/id/honor/全国工人先锋号").sections}["Holders"]
    assert [f.text for f in holders.facts] == ["长辛店机务段班组"]
    event = {s.title: [f.text for f in s.facts] for s in entity_card(build, "https://kg.example/id/event/"
                                                                      + _event_key(built)).sections}
    assert event["Event"] == ["date --04-29"]
    assert event["Places"] == ["长辛店二七纪念馆", "丰台区", "北京市"]
    assert event["Organizers"] == ["北京市总工会"]
    assert "awardee: 长辛店机务段班组" in event["Participants"]


def _event_key(built: Path) -> str:
    match = re.search(r"event[:/]([0-9a-f]{12})", (built / "graph.trig").read_text(encoding="utf-8"))
    assert match
    return match.group(1)


def test_every_card_section_has_a_title_and_a_query():
    for sections in SECTIONS_BY_TYPE.values():
        titles = [s.title for s in sections]
        assert len(titles) == len(set(titles))
        assert titles[-1] == "Mentioned in"
        for section in sections:
            assert "$entity" in section.sparql and "?text" in section.sparql, section.title
