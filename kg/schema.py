"""The kinds of node and of fact the graph holds, as plain data.

:data:`NODE_TYPES` lists the node types (``type`` of a graph node) with their RDF class;
:data:`RELATIONS` lists the relations (``rel`` of a graph edge), in the order people read
them. For each relation it says which node types it links, how it is written in RDF, whether
its statement carries provenance (``prov:wasDerivedFrom`` the article and ``kg:evidence``
the sentence), and how people read it: Chinese labels for the HTML page, seen from either
end, and section titles for ``kg show``.

The graph builder (``kg.graph.build``), the RDF writer (``kg.export.rdf``), the HTML page
(``kg.export.html``) and the entity card (``kg.query.card``) loop over this registry rather
than naming relations, so a new kind of fact is one :class:`Relation` here (plus the
extraction component that finds it, and the builder's reading of that component's facts);
``tests/test_schema.py`` checks that its RDF terms are declared.

RDF forms
    :class:`Property`   one triple ``source property target`` (the property may depend on the
                        source's type: ``located_in`` is ``schema:containedInPlace`` from a
                        place, ``schema:location`` from an organization)
    :class:`Role`       a :class:`Property` from an event that is ``rdfs:subPropertyOf*``
                        ``schema:attendee``
    :class:`Byline`     a :class:`Property` from an article: ``schema:author``, or a
                        sub-property of ``schema:contributor``
    :class:`Statement`  a reified statement: a node of its own (``kg:AwardStatement``) linking
                        source and target, or the target node itself (a Position is an
                        ``org:Membership``), completed by the :class:`Part` relations leaving it
    :class:`Part`       a property of the statement its source stands for, written with it
    :class:`Described`  written as part of the source node's own description
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import ORG

from kg.vocab import KG, SCHEMA

# ---------------------------------------------------------------------------------------- nodes


@dataclass(frozen=True, slots=True)
class NodeType:
    """A graph node ``type``, its RDF class, and whether ``kg show`` looks it up."""

    name: str
    cls: URIRef
    entity: bool = True


NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("Person", SCHEMA.Person),
    NodeType("Organization", SCHEMA.Organization),
    NodeType("Place", SCHEMA.Place),
    NodeType("Title", ORG.Role),
    NodeType("Honor", KG.Honor),
    NodeType("Event", SCHEMA.Event),
    NodeType("Position", ORG.Membership, entity=False),
    NodeType("Article", SCHEMA.NewsArticle, entity=False),
    NodeType("Page", KG.Page, entity=False),
)
NODE_TYPE = {node.name: node for node in NODE_TYPES}
ENTITY_TYPES = tuple(node.name for node in NODE_TYPES if node.entity)

EVENT_CLASSES: Mapping[str, URIRef] = {
    kind: KG[kind] for kind in ("Meeting", "Ceremony", "Contest", "Visit", "Campaign", "Lecture", "Exhibition")
}
"""An Event node's ``kind`` → its kg class (a sub-class of ``schema:Event``)."""

# ---------------------------------------------------------------------------------------- RDF forms


@dataclass(frozen=True, slots=True)
class Property:
    """``source property target``; ``by_source`` gives another property for some source types."""

    property: URIRef
    by_source: Mapping[str, URIRef] = field(default_factory=dict)

    def property_for(self, source_type: str) -> URIRef:
        return self.by_source.get(source_type, self.property)

    def properties(self) -> tuple[URIRef, ...]:
        return tuple(dict.fromkeys((self.property, *self.by_source.values())))


@dataclass(frozen=True, slots=True)
class Role(Property):
    """An event's participant: the property is ``rdfs:subPropertyOf*`` ``schema:attendee``."""


@dataclass(frozen=True, slots=True)
class Byline(Property):
    """An article's credit: ``schema:author``, or ``rdfs:subPropertyOf*`` ``schema:contributor``."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A reified statement: a node of class ``cls`` with ``source`` pointing at the edge's source.

    With ``key`` the statement is a node of its own, ``id:<key>/<hash>``, whose ``target``
    property points at the edge's target, and ``shortcut`` is also stated from source to
    target (``person schema:award honor``). Without, the edge's target node *is* the statement
    (a Position, an ``org:Membership``) and the :class:`Part` relations leaving it complete it.
    """

    cls: URIRef
    source: URIRef
    target: URIRef | None = None
    shortcut: URIRef | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """``source property target`` where the source is a :class:`Statement` node: written in
    the graph of each article stating it. ``joiner`` goes before the target's name when
    ``kg show`` writes the statement out (``副主席 @ 北京市总工会``). ``shortcuts`` are also
    stated from the statement's own source to the target (``person org:memberOf org``), so
    plain schema.org and ORG queries reach it without the statement node."""

    property: URIRef
    joiner: str = " "
    shortcuts: tuple[URIRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Described:
    """Written with the source node's own description (an article's ``schema:isPartOf``)."""

    property: URIRef


RdfForm = Property | Statement | Part | Described

# ---------------------------------------------------------------------------------------- relations

Titles = str | Mapping[str, str] | None
"""A card section title, or one per source node type, or none (not shown)."""


@dataclass(frozen=True, slots=True)
class Relation:
    """One kind of graph edge.

    ``labels`` are Chinese, as the fact reads from the source and from the target (任职 /
    任职者). ``card`` gives the ``kg show`` section a fact appears in on the source's card and
    on the target's card, each a title or a mapping from the *source's* node type to a title;
    facts of several relations with one title on one card share that section. ``reads`` is
    the extraction's word for the relation where it is not ``name`` (a byline's ``reporter``,
    a participant's ``award``). ``fact`` is False for links that index the text rather than
    state something read from it (``mentions``): the HTML page draws them dashed and hides them
    unless asked. ``layout``: whether the HTML page's layout follows the edge.

    With ``provenance``, a :class:`Statement`'s node, or a :class:`Property`'s source node
    (an event: the sentences it was read from), gets ``prov:wasDerivedFrom`` the article and
    ``kg:evidence`` the sentence; a fact about a person or an organization that must carry its
    own provenance is a :class:`Statement`.
    """

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    rdf: RdfForm
    labels: tuple[str, str]
    provenance: bool = False
    card: tuple[Titles, Titles] = (None, None)
    reads: str | None = None
    fact: bool = True
    layout: bool = True

    def card_title(self, end: int, source_type: str) -> str | None:
        """The section title on the card of the relation's ``end`` (0: source, 1: target)."""
        title = self.card[end]
        return title.get(source_type) if isinstance(title, Mapping) else title


PEOPLE_AND_ORGANIZATIONS = ("Person", "Organization")

HOLDS = Relation(
    "holds", ("Person",), ("Position",),
    Statement(ORG.Membership, source=ORG.member),
    ("任职", "任职者"), provenance=True, card=("Positions", None),
)
ROLE = Relation(
    "role", ("Position",), ("Title",), Part(ORG.role, joiner=" — "),
    ("职务", "职位"), card=(None, "Holders"), layout=False,
)
AT = Relation(
    "at", ("Position",), ("Organization",),
    Part(ORG.organization, joiner=" @ ", shortcuts=(ORG.memberOf, SCHEMA.memberOf)),
    ("任职于", "设有职位"), card=(None, "Members"),
)
AWARD = Relation(
    "award", PEOPLE_AND_ORGANIZATIONS, ("Honor",),
    Statement(KG.AwardStatement, source=KG.recipient, target=KG.honor, shortcut=SCHEMA.award, key="award"),
    ("荣誉", "获得者"), provenance=True, card=("Honors", "Holders"),
)
PART_OF = Relation(
    "part_of", ("Organization",), ("Organization",), Property(ORG.subOrganizationOf),
    ("隶属", "下属"), card=("Part of", "Sub-organizations"),
)
LOCATED_IN = Relation(
    "located_in", ("Place", "Organization"), ("Place",),
    Property(SCHEMA.location, by_source={"Place": SCHEMA.containedInPlace}),
    ("位于", "包含"),
    card=({"Organization": "Places", "Place": "Within"}, {"Place": "Contains", "Organization": "Organizations"}),
)
ORGANIZER = Relation(
    "organizer", ("Event",), ("Organization",), Property(SCHEMA.organizer),
    ("主办", "主办活动"), provenance=True, card=("Organizers", "Events"),
)
HOST = Relation(
    "host", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(KG.host),
    ("承办", "承办活动"), provenance=True, card=("Participants", "Events"),
)
CO_HOST = Relation(
    "co-host", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(KG.coHost),
    ("协办", "协办活动"), provenance=True, card=("Participants", "Events"),
)
CHAIR = Relation(
    "chair", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(KG.chair),
    ("主持", "主持活动"), provenance=True, card=("Participants", "Events"),
)
SPEAKER = Relation(
    "speaker", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(KG.speaker),
    ("讲话", "讲话活动"), provenance=True, card=("Participants", "Events"),
)
ATTENDEE = Relation(
    "attendee", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(SCHEMA.attendee),
    ("出席", "出席活动"), provenance=True, card=("Participants", "Events"),
)
AWARDEE = Relation(
    "awardee", ("Event",), PEOPLE_AND_ORGANIZATIONS, Role(KG.awardee),
    ("获奖", "获奖活动"), provenance=True, card=("Participants", "Events"), reads="award",
)
HELD_AT = Relation(
    "held_at", ("Event",), ("Place",), Property(SCHEMA.location),
    ("举办地", "举办活动"), provenance=True, card=("Places", "Events"),
)
AUTHOR = Relation(
    "author", ("Article",), ("Person",), Byline(SCHEMA.author),
    ("记者", "撰写文章"), card=(None, "Bylines"), reads="reporter",
)
PHOTOGRAPHER = Relation(
    "photographer", ("Article",), ("Person",), Byline(KG.photographer),
    ("摄影", "摄影文章"), card=(None, "Bylines"),
)
CORRESPONDENT = Relation(
    "correspondent", ("Article",), ("Person",), Byline(KG.correspondent),
    ("通讯员", "通讯文章"), card=(None, "Bylines"),
)
PART_OF_PAGE = Relation(
    "part_of_page", ("Article",), ("Page",), Described(SCHEMA.isPartOf),
    ("所属版面", "收录文章"), layout=False,
)
MENTIONS = Relation(
    "mentions", ("Article",), ENTITY_TYPES, Property(SCHEMA.mentions),
    ("提及", "被提及于"), card=(None, "Mentioned in"), fact=False, layout=False,
)

RELATIONS: tuple[Relation, ...] = (
    HOLDS, ROLE, AT, AWARD, PART_OF, LOCATED_IN, ORGANIZER, HOST, CO_HOST, CHAIR, SPEAKER, ATTENDEE,
    AWARDEE, HELD_AT, AUTHOR, PHOTOGRAPHER, CORRESPONDENT, PART_OF_PAGE, MENTIONS,
)
"""Every relation, in the order the HTML page and ``kg show`` list them."""

RELATION = {relation.name: relation for relation in RELATIONS}

PARTICIPANT_ROLES = tuple(r for r in RELATIONS if isinstance(r.rdf, Role))
BYLINE_ROLES = tuple(r for r in RELATIONS if isinstance(r.rdf, Byline))


def relation(name: str) -> Relation:
    """The relation called ``name``; a ``KeyError`` naming it when there is none."""
    try:
        return RELATION[name]
    except KeyError:
        raise KeyError(f"no relation {name!r} in kg.schema.RELATIONS") from None


def _by_word(relations: tuple[Relation, ...]) -> dict[str, Relation]:
    return {r.reads or r.name: r for r in relations}


_PARTICIPANT_WORDS = _by_word(PARTICIPANT_ROLES)
_BYLINE_WORDS = _by_word(BYLINE_ROLES)


def participant_relation(role: str) -> Relation:
    """The relation for an event participant's ``role`` as the extraction writes it (``award``)."""
    try:
        return _PARTICIPANT_WORDS[role]
    except KeyError:
        raise KeyError(f"no event role {role!r} in kg.schema.RELATIONS") from None


def byline_relation(role: str) -> Relation:
    """The relation for a byline's ``role`` as the extraction writes it (``reporter``)."""
    try:
        return _BYLINE_WORDS[role]
    except KeyError:
        raise KeyError(f"no byline role {role!r} in kg.schema.RELATIONS") from None
